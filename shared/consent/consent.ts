// Consent (opt-in) and engagement for one row: what the opt-in cell says, how old
// the opt-in is, and when the person last opened or clicked.
//
// Rules (repeated for users in docs/syntax-policy.md, section 12):
// - A clear yes (yes, true, 1, x, ✓, subscribed, opted in, granted, confirmed … or a
//   date) is consent. A clear no (no, false, 0, unsubscribed, opted out, revoked,
//   cleaned …) or a blank cell is `no_consent`. Anything else is `consent_unknown`.
// - Mailchimp "pending", Shopify "pending" and Klaviyo-style unconfirmed states are a
//   double opt-in that was never confirmed: `consent_unknown`, not consent.
// - `consent_stale`: the opt-in date (the opt-in date column, else a date in the
//   consent cell) is older than consentMaxAgeDays.
// - `inactive`: the newest last-open/last-click date is older than inactiveAfterDays.
//   A blank activity cell is not inactivity: it is what a new subscriber, or an export
//   without tracking, looks like. An opt-in inside the window counts as engagement.
// - Dates more than a day in the future are ignored (clock or export errors; they
//   prove nothing about consent or activity). Unreadable dates are ignored too.
import { memoize } from './memo';

import type { ColumnSelection } from '../model/check';
import type { ReasonCode } from '../model/reasons';
import { DAY_MS, parseDate, type DateOrder } from './dates';

export { detectDateOrder, parseDate, type DateOrder } from './dates';

export type ConsentValue = 'yes' | 'no' | 'unknown';

/** Words (lower case, spaces/underscores/hyphens folded to one space) that grant consent. */
const YES = new Set([
  'yes', 'y', 'true', '1', 'x', '✓', '✔', '☑', '✅', 'on', 'checked',
  'subscribed', 'subscriber', 'opted in', 'opt in', 'optin', 'granted', 'confirmed', 'given', 'accepted',
  'accepts marketing', 'consented', 'allowed',
  // Shopify marketing_opt_in_level and consent states.
  'single opt in', 'confirmed opt in', 'double opt in',
  // Other languages: German, Dutch, French, Spanish, Italian, Portuguese, Polish, Swedish/Danish/Norwegian.
  'ja', 'oui', 'si', 'sí', 'sì', 'sim', 'tak', 'wahr', 'vrai', 'verdadero', 'vero', 'waar', 'verdadeiro', 'sann', 'sand',
  'abonniert', 'inscrit', 'abonné', 'suscrito', 'iscritto', 'inscrito', 'aangemeld',
]);

/** Words that refuse or withdraw consent, or say the address must not be mailed. */
const NO = new Set([
  'no', 'n', 'false', '0', '✗', '✘', '❌', '☐', 'off', 'unchecked', 'none',
  'unsubscribed', 'not subscribed', 'never subscribed', 'non subscribed', 'nonsubscribed', 'opted out', 'opt out', 'optout',
  'revoked', 'withdrawn', 'denied', 'declined', 'refused', 'rejected', 'not granted', 'no consent',
  // Mailchimp "cleaned" (bounced), Klaviyo "suppressed", "transactional" (no marketing consent).
  'cleaned', 'bounced', 'suppressed', 'spam', 'complained', 'transactional',
  // Shopify email_marketing_consent states besides subscribed/pending.
  'redacted', 'invalid',
  'nein', 'nee', 'non', 'não', 'nao', 'nie', 'nej', 'falsch', 'faux', 'falso', 'onwaar', 'usann', 'falsk',
  'abgemeldet', 'désinscrit', 'desinscrit', 'afgemeld', 'baja',
]);

/** States that say a confirmation is still outstanding (double opt-in not completed). */
const PENDING = new Set(['pending', 'unconfirmed', 'awaiting confirmation', 'not confirmed', 'invited']);

const fold = (cell: string): string =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/[.!]+$/, '');

/** What an opt-in cell says. A date counts as yes (the moment consent was given). */
export function readConsentValue(cell: string, order: DateOrder = 'mdy'): ConsentValue {
  return consentByOrder[order](cell);
}

function readConsentCell(cell: string, order: DateOrder): ConsentValue {
  const word = fold(cell);
  if (word === '' || NO.has(word)) return 'no';
  if (YES.has(word)) return 'yes';
  if (PENDING.has(word)) return 'unknown';
  return parseDate(cell, order) !== null ? 'yes' : 'unknown';
}

const consentByOrder: Record<DateOrder, (cell: string) => ConsentValue> = {
  mdy: memoize((cell) => readConsentCell(cell, 'mdy')),
  dmy: memoize((cell) => readConsentCell(cell, 'dmy')),
};

/** Some consent columns also say how consent was given ("confirmed", "single opt-in"). */
const doubleOptInInConsentCell = memoize((cell: string): boolean | null => {
  const word = fold(cell);
  if (word === 'confirmed' || word === 'confirmed opt in' || word === 'double opt in') return true;
  if (word === 'single opt in') return false;
  return null;
});

/** Whether a value is a consent word readConsentValue understands (used by column detection). */
export function isConsentWord(cell: string): boolean {
  const word = fold(cell);
  return YES.has(word) || NO.has(word) || PENDING.has(word);
}

/** Whether a double-opt-in flag cell says the opt-in was confirmed; null when it cannot tell. Dates are handled by the caller. */
function readDoubleOptInFlag(cell: string): boolean | null {
  const word = fold(cell);
  if (word === '' || word === 'single opt in' || NO.has(word) || PENDING.has(word)) return false;
  if (YES.has(word)) return true;
  return null;
}

export interface ConsentInput {
  /** The opt-in cell; undefined when there is no consent column. */
  consent?: string;
  /** The opt-in date cell; undefined when there is no such column. */
  optInDate?: string;
  /** Last open / last click / last activity cells. */
  lastActivity?: string[];
  /** The double opt-in cell (a flag or a confirmation time). */
  doubleOptIn?: string;
}

export interface ConsentOptions {
  hasConsentColumn: boolean;
  consentMaxAgeDays: number;
  inactiveAfterDays: number;
  /** The moment ages are counted from (epoch ms). */
  now: number;
  /** How ambiguous dates read when no per-column order is known. Default 'mdy'. */
  dateOrder?: DateOrder;
  /** Per-column date orders (detectDateOrder), keyed by column index, with `columns` saying which index is which input. */
  dateOrders?: ReadonlyMap<number, DateOrder>;
  columns?: Pick<ColumnSelection, 'consent' | 'optInDate' | 'lastActivity' | 'doubleOptIn'>;
}

export interface ConsentResult {
  reasons: ReasonCode[];
  /** When consent was given (epoch ms), if a date says so. */
  consentAt: number | null;
  /** The newest last-activity date (epoch ms). */
  lastActivityAt: number | null;
  /** Whether the opt-in was confirmed; null when unknown or there is no such column. */
  doubleOptIn: boolean | null;
}

/** Future dates (beyond a day's slack for time zones) are ignored. */
const FUTURE_SLACK_MS = DAY_MS;

export function evaluateConsent(input: ConsentInput, options: ConsentOptions): ConsentResult {
  // Called once per row of lists of a million rows: no closures or per-call allocations
  // beyond the result; cell readings are memoised (memo.ts).
  const { now, columns } = options;
  const latest = now + FUTURE_SLACK_MS;
  const reasons: ReasonCode[] = [];
  let consent: ConsentValue | null = null;
  if (options.hasConsentColumn) {
    consent = readConsentValue(input.consent ?? '', orderFor(options, columns?.consent));
    if (consent === 'no') reasons.push('no_consent');
    else if (consent === 'unknown') reasons.push('consent_unknown');
  }

  const consentAt =
    dateIn(input.optInDate, orderFor(options, columns?.optInDate), latest) ?? dateIn(input.consent, orderFor(options, columns?.consent), latest);
  // Staleness only matters for a consent that would otherwise stand.
  if (consent !== 'no' && consent !== 'unknown' && consentAt !== null && now - consentAt > options.consentMaxAgeDays * DAY_MS) {
    reasons.push('consent_stale');
  }

  let lastActivityAt: number | null = null;
  const activity = input.lastActivity;
  if (activity) {
    for (let i = 0; i < activity.length; i++) {
      const time = dateIn(activity[i], orderFor(options, columns?.lastActivity[i]), latest);
      if (time !== null && (lastActivityAt === null || time > lastActivityAt)) lastActivityAt = time;
    }
  }
  const limit = options.inactiveAfterDays * DAY_MS;
  if (lastActivityAt !== null && now - lastActivityAt > limit && !(consentAt !== null && now - consentAt <= limit)) {
    reasons.push('inactive');
  }

  let doubleOptIn: boolean | null = null;
  if (input.doubleOptIn !== undefined) {
    // A confirmation time (Mailchimp CONFIRM_TIME) means confirmed, unless it lies in the future.
    const confirmedAt = input.doubleOptIn.trim() === '' ? null : parseDate(input.doubleOptIn, orderFor(options, columns?.doubleOptIn));
    if (confirmedAt !== null) doubleOptIn = confirmedAt <= latest ? true : null;
    else doubleOptIn = readDoubleOptInFlag(input.doubleOptIn);
  } else if (input.consent !== undefined) {
    doubleOptIn = doubleOptInInConsentCell(input.consent);
  }

  return { reasons, consentAt, lastActivityAt, doubleOptIn };
}

function orderFor(options: ConsentOptions, column: number | null | undefined): DateOrder {
  return (column !== null && column !== undefined ? options.dateOrders?.get(column) : undefined) ?? options.dateOrder ?? 'mdy';
}

/** A date in the cell, unless blank or later than `latest` (a future date is a typo, not a consent). */
function dateIn(cell: string | undefined, order: DateOrder, latest: number): number | null {
  if (cell === undefined || cell === '') return null;
  const time = parseDate(cell, order);
  return time !== null && time <= latest ? time : null;
}
