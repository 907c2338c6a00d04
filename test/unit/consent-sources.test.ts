// The readers of opt-out, status and verifier cells, the sentence that tells the user
// how a column is read, and detection of those columns in the exports people have.
import { describe, expect, it } from 'vitest';
import { detectColumns, looksLikeOptOut } from '../../shared/columns/detect';
import { evaluateConsent, markedReason, FIRST_OPT_OUT_SLOT, OPT_IN_SLOT, VERIFIER_SLOT } from '../../shared/consent/consent';
import { describeColumn, identifyVerifier, readOptIn, readOptOut, readVerifier } from '../../shared/consent/sources';
import { bounceProbability, type RiskEvidence } from '../../shared/risk/model';

const options = { hasConsentColumn: false, consentMaxAgeDays: 730, inactiveAfterDays: 365, now: Date.parse('2026-06-01T00:00:00Z') };

describe('opt-out cells: a yes means never mail', () => {
  it.each(['true', 'TRUE', '1', 'yes', 'Y', 'x', 'Do Not Allow', 'opted out', 'Unsubscribed', '2025-07-01 12:00:00', '1719835200000'])(
    'opted out: %j',
    (cell) => expect(readOptOut(cell)).toBe('unsubscribed'),
  );
  it.each(['', 'false', 'FALSE', '0', 'no', 'Allow', 'subscribed', 'not opted out'])('did not opt out: %j', (cell) => {
    expect(readOptOut(cell)).toBe('not_opted_out');
  });
  it('a bounce column (CLEAN_TIME, IsEmailBounced, "Portal Bounce" with a reason) records bounces', () => {
    expect(readOptOut('true', 'bounced')).toBe('bounced');
    expect(readOptOut('2025-03-03 03:03:03', 'bounced')).toBe('bounced');
    expect(readOptOut('Mailbox does not exist', 'bounced')).toBe('bounced');
    expect(readOptOut('', 'bounced')).toBe('not_opted_out');
  });
  it('a value it cannot read is unreadable (review), never "did not opt out"', () => {
    expect(readOptOut('perhaps')).toBe('unreadable');
    expect(evaluateConsent({ optOut: ['perhaps'] }, options).reasons).toEqual(['consent_unknown']);
  });
});

describe('ESP states', () => {
  it.each([
    ['subscribed', 'consent'],
    ['Active', 'consent'],
    ['Marketing contact', 'consent'],
    ['unsubscribed', 'unsubscribed'],
    ['cleaned', 'bounced'],
    ['Bounced', 'bounced'],
    ['held', 'bounced'],
    ['pending', 'pending'],
    ['Unconfirmed', 'pending'],
    ['Awaiting Confirmation', 'pending'],
    ['transactional', 'no_consent'],
    ['Non-marketing contact', 'no_consent'],
    ['NEVER_SUBSCRIBED', 'no_consent'],
    ['No Permissions Set', 'no_consent'],
    ['cancelled', 'unsubscribed'],
    ['complained', 'unsubscribed'],
    ['archived', 'unreadable'],
  ])('%j reads as %s', (cell, reading) => expect(readOptIn(cell)).toBe(reading));
});

describe('verifier results', () => {
  it.each([
    ['valid', 'verified'],
    ['deliverable', 'verified'],
    ['ok', 'verified'],
    ['Safe to Send', 'verified'],
    ['invalid', 'bounced'],
    ['undeliverable', 'bounced'],
    ['spamtrap', 'bounced'],
    ['do_not_mail', 'bounced'],
    ['abuse', 'bounced'],
    ['disposable', 'bounced'],
    ['catch-all', 'risky'],
    ['catchall', 'risky'],
    ['catch_all', 'risky'],
    ['accept-all', 'risky'],
    ['unknown', 'risky'],
    ['risky', 'risky'],
    ['', 'not_verified'],
    ['???', 'unreadable'],
  ])('%j reads as %s', (cell, reading) => expect(readVerifier(cell)).toBe(reading));

  it('names the verifier from its header or its spellings', () => {
    expect(identifyVerifier('ZB Status', ['valid'])).toBe('ZeroBounce');
    expect(identifyVerifier('result', ['valid', 'catchall'])).toBe('NeverBounce');
    expect(identifyVerifier('result', ['ok', 'catch_all'])).toBe('MillionVerifier');
    expect(identifyVerifier('Result', ['deliverable', 'risky'])).toBe('Kickbox, Emailable or Bouncer');
    expect(identifyVerifier('result', ['valid', 'invalid'])).toBeNull();
  });

  it('a verifier\'s "valid" lowers the bounce risk of a row it would otherwise know little about', () => {
    const evidence: RiskEvidence = {
      reasons: [],
      domainStatus: 'not_checked',
      provider: 'other',
      freeProvider: false,
      consentAgeDays: null,
      lastActivityAgeDays: null,
      doubleOptIn: null,
      hasConsentColumn: true,
    };
    expect(bounceProbability({ ...evidence, verified: true })).toBeLessThan(bounceProbability(evidence));
  });
});

describe('several sources on one row', () => {
  it('any opt-out wins over an opt-in yes, and each reason keeps the column that gave it', () => {
    const result = evaluateConsent(
      { consent: 'yes', optOut: ['false', 'true'], verifier: 'catch-all' },
      { ...options, hasConsentColumn: true },
    );
    expect(result.reasons.sort()).toEqual(['unsubscribed', 'verifier_risky']);
    expect(markedReason(result.sourceMarks, OPT_IN_SLOT)).toBeNull();
    expect(markedReason(result.sourceMarks, FIRST_OPT_OUT_SLOT)).toBeNull();
    expect(markedReason(result.sourceMarks, FIRST_OPT_OUT_SLOT + 1)).toBe('unsubscribed');
    expect(markedReason(result.sourceMarks, VERIFIER_SLOT)).toBe('verifier_risky');
  });
});

describe('the meaning sentence the user checks', () => {
  it('says what true and blank mean for an opt-out column', () => {
    expect(describeColumn('opt-out', ['false', 'true', '', 'false'])).toBe(
      '"true" means the person opted out (removed); "false" or blank means the person did not opt out.',
    );
  });
  it('says what a yes would mean when the sample holds only no', () => {
    expect(describeColumn('opt-out', ['false', 'false'])).toMatch(/^"true", "yes", "1" or a date would mean the person opted out/);
  });
  it('names values it cannot read', () => {
    expect(describeColumn('opt-out', ['maybe'])).toContain('"maybe" means Preflight cannot read it (review)');
  });
});

describe('detection in real exports', () => {
  const detect = (headers: string[], rows: string[][]) => detectColumns(headers, rows);

  it('HubSpot: the unsubscribe flag is an opt-out, never the opt-in', () => {
    const detected = detect(
      ['Email', 'Unsubscribed from all email', 'Marketing contact status'],
      [
        ['a@gmail.com', 'false', 'Marketing contact'],
        ['b@gmail.com', 'true', 'Non-marketing contact'],
        ['c@gmail.com', '', 'Marketing contact'],
      ],
    );
    expect(detected.consent).toBeNull();
    expect(detected.optOut.map((g) => g.name)).toEqual(['Unsubscribed from all email']);
    expect(detected.optOut[0]!.meaning).toContain('"true" means the person opted out');
    expect(detected.status?.name).toBe('Marketing contact status');
  });

  it('Salesforce, Dynamics, Brevo and Mailchimp opt-out headers', () => {
    for (const header of [
      'HasOptedOutOfEmail',
      'Email Opt Out',
      'Do not allow Bulk Emails',
      'donotbulkemail',
      'EMAIL_BLACKLISTED',
      'UNSUB_TIME',
      'Global Unsubscribe',
      'Do Not Email',
    ]) {
      expect(looksLikeOptOut(header), header).toBe(true);
      expect(
        detect(['Email', header], [['a@gmail.com', 'false']]).optOut.map((g) => g.name),
        header,
      ).toEqual([header]);
    }
    for (const header of ['UNSUB_REASON', 'UNSUB_CAMPAIGN_TITLE', 'SMS opt out', 'Unsubscribe link'])
      expect(looksLikeOptOut(header), header).toBe(false);
  });

  it('Dynamics "Bulk Email" with Allow / Do Not Allow is an opt-out by its values', () => {
    const detected = detect(
      ['Email', 'Bulk Email'],
      [
        ['a@gmail.com', 'Allow'],
        ['b@gmail.com', 'Do Not Allow'],
      ],
    );
    expect(detected.optOut.map((g) => g.name)).toEqual(['Bulk Email']);
  });

  it('an opt-out-looking column whose values it cannot read is shown with a warning, not used', () => {
    const detected = detect(
      ['Email', 'Unsubscribed'],
      [
        ['a@gmail.com', 'see CRM'],
        ['b@gmail.com', 'ask Bob'],
      ],
    );
    expect(detected.optOut).toEqual([]);
    expect(detected.unreadable).toHaveLength(1);
    expect(detected.unreadable[0]!.warning).toMatch(
      /^"Unsubscribed" looks like an opt-out column, but Preflight cannot read its values \("see CRM", "ask Bob"\)/,
    );
  });

  it('a US "State" column or an order status is no consent source, and raises no warning', () => {
    const detected = detect(
      ['Email', 'State', 'Order Status'],
      [
        ['a@gmail.com', 'CA', 'shipped'],
        ['b@gmail.com', 'NY', 'paid'],
      ],
    );
    expect(detected.status).toBeNull();
    expect(detected.verifier).toBeNull();
    expect(detected.unreadable).toEqual([]);
  });

  it('ZeroBounce: "ZB Status" is the verifier; "ZB Sub Status" is not', () => {
    const detected = detect(
      ['Email Address', 'ZB Status', 'ZB Sub Status'],
      [
        ['a@gmail.com', 'invalid', 'mailbox_not_found'],
        ['b@gmail.com', 'valid', ''],
      ],
    );
    expect(detected.verifier).toMatchObject({ name: 'ZB Status', verifier: 'ZeroBounce' });
    expect(detected.unreadable).toEqual([]);
  });
});
