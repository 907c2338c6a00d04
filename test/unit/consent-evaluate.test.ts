import { describe, expect, it } from 'vitest';
import { evaluateConsent, isConsentWord, readConsentValue, type ConsentOptions } from '../../shared/consent/consent';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const options: ConsentOptions = { hasConsentColumn: true, consentMaxAgeDays: 730, inactiveAfterDays: 365, now: NOW };
const iso = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10);

describe('consent values', () => {
  it.each([
    'yes',
    'Yes',
    ' YES ',
    'y',
    'true',
    'TRUE',
    '1',
    'x',
    'X',
    '✓',
    '✔',
    'subscribed',
    'Subscribed',
    'SUBSCRIBED',
    'opted in',
    'Opted In',
    'opt-in',
    'optin',
    'opted_in',
    'granted',
    'confirmed',
    'single_opt_in',
    'confirmed_opt_in',
    'ja',
    'oui',
    'sí',
    'si',
    'sim',
    'tak',
    'WAHR',
    'VRAI',
    'Verdadero',
  ])('yes: %j', (cell) => {
    expect(readConsentValue(cell)).toBe('yes');
    expect(evaluateConsent({ consent: cell }, options).reasons).toEqual([]);
  });

  it.each([
    '',
    '   ',
    'no',
    'No',
    'N',
    'false',
    'FALSE',
    '0',
    'NEVER_SUBSCRIBED',
    'not_subscribed',
    'nein',
    'non',
    'não',
    'nie',
    'nej',
    'FALSCH',
    'redacted',
  ])('no: %j', (cell) => {
    expect(readConsentValue(cell)).toBe('no');
    expect(evaluateConsent({ consent: cell }, options).reasons).toEqual(['no_consent']);
  });

  it.each(['unsubscribed', 'Unsubscribed', 'UNSUBSCRIBED', 'opted out', 'Opted-Out', 'revoked', 'complained', 'spam'])(
    'an opt-out word in the opt-in column is an unsubscribe, not just no consent: %j',
    (cell) => {
      expect(readConsentValue(cell)).toBe('no');
      expect(evaluateConsent({ consent: cell }, options).reasons).toEqual(['unsubscribed']);
    },
  );

  it.each(['cleaned', 'Cleaned', 'bounced', 'hard_bounce'])('a bounce word in the opt-in column is a known bounce: %j', (cell) => {
    expect(readConsentValue(cell)).toBe('no');
    expect(evaluateConsent({ consent: cell }, options).reasons).toEqual(['previously_bounced']);
  });

  it.each(['pending', 'Pending', 'unconfirmed', 'maybe', 'unknown', '2', '-', 'archived', 'VIP', 'see notes'])('unknown: %j', (cell) => {
    expect(readConsentValue(cell)).toBe('unknown');
    expect(evaluateConsent({ consent: cell }, options).reasons).toEqual(['consent_unknown']);
  });

  it('a date in the consent cell is consent, given at that date', () => {
    const result = evaluateConsent({ consent: '2025-01-15' }, options);
    expect(result.reasons).toEqual([]);
    expect(result.consentAt).toBe(Date.parse('2025-01-15T00:00:00Z'));
  });

  it('without a consent column, no consent reason is given', () => {
    expect(evaluateConsent({}, { ...options, hasConsentColumn: false }).reasons).toEqual([]);
  });

  it('isConsentWord knows the words, not arbitrary text or dates', () => {
    expect(isConsentWord('Subscribed')).toBe(true);
    expect(isConsentWord('pending')).toBe(true);
    expect(isConsentWord('2024-01-01')).toBe(false);
    expect(isConsentWord('see notes')).toBe(false);
    // HubSpot's "Marketing contact status" values are states Preflight reads.
    expect(isConsentWord('Non-marketing contact')).toBe(true);
  });
});

describe('exports as they come', () => {
  it('Mailchimp statuses', () => {
    expect(evaluateConsent({ consent: 'subscribed' }, options).reasons).toEqual([]);
    expect(evaluateConsent({ consent: 'unsubscribed' }, options).reasons).toEqual(['unsubscribed']);
    expect(evaluateConsent({ consent: 'cleaned' }, options).reasons).toEqual(['previously_bounced']);
    expect(evaluateConsent({ consent: 'transactional' }, options).reasons).toEqual(['no_consent']);
    expect(evaluateConsent({ consent: 'pending' }, options).reasons).toEqual(['consent_unknown']);
  });

  it('Klaviyo and Shopify consent states', () => {
    expect(evaluateConsent({ consent: 'SUBSCRIBED' }, options).reasons).toEqual([]);
    expect(evaluateConsent({ consent: 'NEVER_SUBSCRIBED' }, options).reasons).toEqual(['no_consent']);
    expect(evaluateConsent({ consent: 'not_subscribed' }, options).reasons).toEqual(['no_consent']);
    expect(evaluateConsent({ consent: 'pending' }, options).reasons).toEqual(['consent_unknown']);
  });
});

describe('consent_stale', () => {
  it('an opt-in date older than the limit', () => {
    expect(evaluateConsent({ consent: 'yes', optInDate: iso(800) }, options).reasons).toEqual(['consent_stale']);
    expect(evaluateConsent({ consent: 'yes', optInDate: iso(700) }, options).reasons).toEqual([]);
  });

  it('a date in the consent cell counts when there is no opt-in date', () => {
    expect(evaluateConsent({ consent: iso(1000) }, options).reasons).toEqual(['consent_stale']);
    expect(evaluateConsent({ consent: iso(1000), optInDate: iso(10) }, options).reasons).toEqual([]);
  });

  it('follows the configured limit', () => {
    expect(evaluateConsent({ consent: 'yes', optInDate: iso(100) }, { ...options, consentMaxAgeDays: 90 }).reasons).toEqual([
      'consent_stale',
    ]);
  });

  it('applies with no consent column, from the opt-in date alone', () => {
    expect(evaluateConsent({ optInDate: iso(900) }, { ...options, hasConsentColumn: false }).reasons).toEqual(['consent_stale']);
  });

  it('does not pile on a no or an unreadable consent', () => {
    expect(evaluateConsent({ consent: 'no', optInDate: iso(900) }, options).reasons).toEqual(['no_consent']);
    expect(evaluateConsent({ consent: 'pending', optInDate: iso(900) }, options).reasons).toEqual(['consent_unknown']);
  });

  it('ignores opt-in dates in the future and unreadable ones', () => {
    const future = evaluateConsent({ consent: 'yes', optInDate: '2031-01-01' }, options);
    expect(future).toMatchObject({ reasons: [], consentAt: null });
    expect(evaluateConsent({ consent: 'yes', optInDate: 'last spring' }, options)).toMatchObject({ reasons: [], consentAt: null });
  });

  it('reads ambiguous dates with the column order the engine detected', () => {
    const columns = { consent: 0, optInDate: 1, lastActivity: [2], doubleOptIn: null };
    // 01/06/2024: 1 June 2024 day-first (2 years ago: stale) or 6 January 2024 month-first.
    const dmy = evaluateConsent(
      { consent: 'yes', optInDate: '01/06/2024' },
      { ...options, consentMaxAgeDays: 720, columns, dateOrders: new Map([[1, 'dmy']]) },
    );
    expect(dmy.consentAt).toBe(Date.parse('2024-06-01T00:00:00Z'));
    const mdy = evaluateConsent(
      { consent: 'yes', optInDate: '01/06/2024' },
      { ...options, consentMaxAgeDays: 720, columns, dateOrders: new Map([[1, 'mdy']]) },
    );
    expect(mdy.consentAt).toBe(Date.parse('2024-01-06T00:00:00Z'));
    expect(mdy.reasons).toEqual(['consent_stale']);
    expect(evaluateConsent({ consent: 'yes', optInDate: '01/06/2024' }, { ...options, dateOrder: 'dmy' }).consentAt).toBe(
      Date.parse('2024-06-01T00:00:00Z'),
    );
  });
});

describe('inactive', () => {
  it('the newest activity date is older than the limit', () => {
    const result = evaluateConsent({ consent: 'yes', lastActivity: [iso(500), iso(400)] }, options);
    expect(result.reasons).toEqual(['inactive']);
    expect(result.lastActivityAt).toBe(Date.parse(`${iso(400)}T00:00:00Z`));
  });

  it('one recent activity is enough', () => {
    expect(evaluateConsent({ consent: 'yes', lastActivity: [iso(500), iso(30)] }, options).reasons).toEqual([]);
  });

  it('a blank activity cell is not inactivity', () => {
    expect(evaluateConsent({ consent: 'yes', lastActivity: ['', ' '] }, options)).toMatchObject({ reasons: [], lastActivityAt: null });
    expect(evaluateConsent({ consent: 'yes', lastActivity: ['', iso(30)] }, options).reasons).toEqual([]);
  });

  it('a recent opt-in counts as engagement', () => {
    expect(evaluateConsent({ consent: 'yes', optInDate: iso(20), lastActivity: [iso(500)] }, options).reasons).toEqual([]);
  });

  it('ignores activity dates in the future', () => {
    const result = evaluateConsent({ consent: 'yes', lastActivity: [iso(500), '2030-01-01'] }, options);
    expect(result).toMatchObject({ reasons: ['inactive'], lastActivityAt: Date.parse(`${iso(500)}T00:00:00Z`) });
  });

  it('allows a day of slack for time zones', () => {
    const tomorrow = new Date(NOW + 12 * 3_600_000).toISOString();
    expect(evaluateConsent({ consent: 'yes', lastActivity: [tomorrow] }, options).lastActivityAt).toBe(Date.parse(tomorrow));
  });

  it('follows the configured limit and combines with other reasons', () => {
    expect(evaluateConsent({ consent: 'yes', lastActivity: [iso(40)] }, { ...options, inactiveAfterDays: 30 }).reasons).toEqual([
      'inactive',
    ]);
    expect(evaluateConsent({ consent: 'yes', optInDate: iso(900), lastActivity: [iso(500)] }, options).reasons).toEqual([
      'consent_stale',
      'inactive',
    ]);
  });
});

describe('double opt-in', () => {
  it('a confirmation time means confirmed; blank means not', () => {
    expect(evaluateConsent({ consent: 'yes', doubleOptIn: '2024-03-05 10:00:00' }, options).doubleOptIn).toBe(true);
    expect(evaluateConsent({ consent: 'yes', doubleOptIn: '' }, options).doubleOptIn).toBe(false);
  });

  it('reads flags, and says null when it cannot tell', () => {
    expect(evaluateConsent({ doubleOptIn: 'yes' }, options).doubleOptIn).toBe(true);
    expect(evaluateConsent({ doubleOptIn: 'no' }, options).doubleOptIn).toBe(false);
    expect(evaluateConsent({ doubleOptIn: 'single_opt_in' }, options).doubleOptIn).toBe(false);
    expect(evaluateConsent({ doubleOptIn: 'perhaps' }, options).doubleOptIn).toBeNull();
    expect(evaluateConsent({ doubleOptIn: '2031-01-01' }, options).doubleOptIn).toBeNull();
  });

  it('without a column, a confirmed consent value says so', () => {
    expect(evaluateConsent({ consent: 'confirmed_opt_in' }, options).doubleOptIn).toBe(true);
    expect(evaluateConsent({ consent: 'single_opt_in' }, options).doubleOptIn).toBe(false);
    expect(evaluateConsent({ consent: 'yes' }, options).doubleOptIn).toBeNull();
  });
});
