// Consent and engagement for one row: what the opt-in, opt-out, status and verifier
// cells say (sources.ts), how old the opt-in is, and when the person last opened or
// clicked.
//
// Rules (repeated for users in docs/syntax-policy.md, section 12):
// - A clear yes (yes, true, 1, x, ✓, subscribed, opted in, granted, confirmed … or a
//   date) is consent. A clear no (no, false, 0, never subscribed …) or a blank cell is
//   `no_consent`; an opt-out word (unsubscribed, opted out, complained …) is
//   `unsubscribed`, a bounce word (cleaned, bounced) `previously_bounced`. Anything
//   else is `consent_unknown`. Every source adds its own reason: any opt-out wins.
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
import { readOptIn, readingReason, readOptOut, readVerifier, type OptOutKind, type Reading } from './sources';
import { AFFIRMATIVE, BOUNCED, foldWord, NEGATIVE, NOT_SUBSCRIBED, OPTED_OUT, PENDING, SUBSCRIBED } from './words';

export { detectDateOrder, parseDate, type DateOrder } from './dates';

export type ConsentValue = 'yes' | 'no' | 'unknown';

/** What an opt-in cell says. A date counts as yes (the moment consent was given). */
export function readConsentValue(cell: string): ConsentValue {
  const reading = readOptInMemo(cell);
  if (reading === 'consent') return 'yes';
  return reading === 'pending' || reading === 'unreadable' ? 'unknown' : 'no';
}

// Cell readings repeat across a million rows: one Map look-up each (memo.ts).
const readOptInMemo = memoize(readOptIn);
const readVerifierMemo = memoize(readVerifier);
const readOptOutMemo: Record<OptOutKind, (cell: string) => Reading> = {
  unsubscribed: memoize((cell) => readOptOut(cell, 'unsubscribed')),
  bounced: memoize((cell) => readOptOut(cell, 'bounced')),
};

/** Some consent columns also say how consent was given ("confirmed", "single opt-in"). */
const doubleOptInInConsentCell = memoize((cell: string): boolean | null => {
  const word = foldWord(cell);
  if (word === 'confirmed' || word === 'confirmed opt in' || word === 'double opt in') return true;
  if (word === 'single opt in') return false;
  return null;
});

/** Whether a value is a consent word the readers understand (used by column detection). */
export function isConsentWord(cell: string): boolean {
  const word = foldWord(cell);
  return (
    AFFIRMATIVE.has(word) ||
    NEGATIVE.has(word) ||
    SUBSCRIBED.has(word) ||
    NOT_SUBSCRIBED.has(word) ||
    OPTED_OUT.has(word) ||
    BOUNCED.has(word) ||
    PENDING.has(word)
  );
}

/** Whether a double-opt-in flag cell says the opt-in was confirmed; null when it cannot tell. Dates are handled by the caller. */
function readDoubleOptInFlag(cell: string): boolean | null {
  const word = foldWord(cell);
  if (word === '' || word === 'single opt in' || PENDING.has(word)) return false;
  const reading = readOptInMemo(cell);
  if (reading === 'consent') return true;
  return reading === 'unreadable' ? null : false;
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
  /** Opt-out cells (CRM unsubscribe flags), in the order of ConsentOptions.optOutKinds. */
  optOut?: string[];
  /** The ESP member-status cell; undefined when there is no status column. */
  status?: string;
  /** An earlier verifier's result cell; undefined when there is no such column. */
  verifier?: string;
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
  /** What each opt-out column records; 'unsubscribed' when not given. */
  optOutKinds?: readonly OptOutKind[];
}

/**
 * Which consent source gave a row which reason: four bits a source holding the reason's
 * place in MARKED_REASONS plus one (0: no reason). Source slots: 0 the opt-in column, 1
 * the status column, 2 the verifier column, 3… the opt-out columns.
 */
export const MARKED_REASONS: readonly ReasonCode[] = [
  'no_consent',
  'unsubscribed',
  'previously_bounced',
  'consent_unknown',
  'verifier_risky',
];
export const OPT_IN_SLOT = 0;
export const STATUS_SLOT = 1;
export const VERIFIER_SLOT = 2;
export const FIRST_OPT_OUT_SLOT = 3;
/** Slots that fit in the 32-bit marks; opt-out columns beyond them still decide, unattributed per row. */
export const MARKED_SLOTS = 8;

/** The reason a source's slot holds in a row's marks, or null. */
export function markedReason(marks: number, slot: number): ReasonCode | null {
  if (slot >= MARKED_SLOTS) return null;
  const place = (marks >>> (slot * 4)) & 15;
  return place === 0 ? null : (MARKED_REASONS[place - 1] ?? null);
}

export interface ConsentResult {
  reasons: ReasonCode[];
  /** When consent was given (epoch ms), if a date says so. */
  consentAt: number | null;
  /** The newest last-activity date (epoch ms). */
  lastActivityAt: number | null;
  /** Whether the opt-in was confirmed; null when unknown or there is no such column. */
  doubleOptIn: boolean | null;
  /** Which source gave which reason (see markedReason). */
  sourceMarks: number;
  /** An earlier verifier found the address deliverable. */
  verified: boolean;
}

/** Future dates (beyond a day's slack for time zones) are ignored. */
const FUTURE_SLACK_MS = DAY_MS;

export function evaluateConsent(input: ConsentInput, options: ConsentOptions): ConsentResult {
  // Called once per row of lists of a million rows: no closures or per-call allocations
  // beyond the result; cell readings are memoised (memo.ts).
  const { now, columns } = options;
  const latest = now + FUTURE_SLACK_MS;
  const reasons: ReasonCode[] = [];
  let sourceMarks = 0;
  let consent: ConsentValue | null = null;
  if (options.hasConsentColumn) {
    const reading = readOptInMemo(input.consent ?? '');
    consent = reading === 'consent' ? 'yes' : reading === 'pending' || reading === 'unreadable' ? 'unknown' : 'no';
    sourceMarks |= addReason(reasons, readingReason('opt-in', reading), OPT_IN_SLOT);
  }
  if (input.status !== undefined) {
    sourceMarks |= addReason(reasons, readingReason('status', readOptInMemo(input.status)), STATUS_SLOT);
  }
  let verified = false;
  if (input.verifier !== undefined) {
    const reading = readVerifierMemo(input.verifier);
    verified = reading === 'verified';
    sourceMarks |= addReason(reasons, readingReason('verifier', reading), VERIFIER_SLOT);
  }
  const optOut = input.optOut;
  if (optOut) {
    for (let i = 0; i < optOut.length; i++) {
      const kind = options.optOutKinds?.[i] ?? 'unsubscribed';
      sourceMarks |= addReason(reasons, readingReason('opt-out', readOptOutMemo[kind](optOut[i]!)), FIRST_OPT_OUT_SLOT + i);
    }
  }

  const consentAt =
    dateIn(input.optInDate, orderFor(options, columns?.optInDate), latest) ??
    dateIn(input.consent, orderFor(options, columns?.consent), latest);
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

  return { reasons, consentAt, lastActivityAt, doubleOptIn, sourceMarks, verified };
}

/** Adds a source's reason once, and returns its marks for the slot. */
function addReason(reasons: ReasonCode[], code: ReasonCode | null, slot: number): number {
  if (code === null) return 0;
  if (!reasons.includes(code)) reasons.push(code);
  if (slot >= MARKED_SLOTS) return 0;
  return (MARKED_REASONS.indexOf(code) + 1) << (slot * 4);
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
