// What each consent source in a list says about one person: an opt-in column, an
// opt-out column (CRM flags such as HubSpot "Unsubscribed from all email" or
// Salesforce "Email Opt Out"), an ESP member status, and an earlier verifier's
// result. Each reader turns a cell into a Reading; readingReason turns a reading into
// the reason code the row gets. Any opt-out wins over any opt-in because every
// opt-out reading is a remove reason, and one remove reason removes the row.
// The words and where they come from: words.ts and docs/consent.md.

import type { ConsentRole, OptOutKind, Reading } from '../model/consent';
import type { ReasonCode } from '../model/reasons';
import { parseDate } from './dates';
import { AFFIRMATIVE, BOUNCED, foldWord, NEGATIVE, NOT_SUBSCRIBED, OPTED_OUT, PENDING, SUBSCRIBED } from './words';

export type { ConsentRole, OptOutKind, Reading };

/** Verifier results that say the address will be delivered to. */
const VERIFIED = new Set(['valid', 'deliverable', 'ok', 'safe', 'safe to send', 'good', 'verified', 'accepted email']);
/** Verifier results that say it will bounce, or must not be mailed (traps, complainers, throw-aways). */
const VERIFIER_INVALID = new Set([
  'invalid',
  'undeliverable',
  'spamtrap',
  'spam trap',
  'do not mail',
  'abuse',
  'disposable',
  'bad',
  'rejected',
  'rejected email',
  'bounce',
  'bounced',
  'hard bounce',
  'syntax',
  'syntax error',
  'invalid syntax',
  'mailbox not found',
  'toxic',
]);
/** Verifier results that could not confirm the mailbox. */
const VERIFIER_RISKY = new Set([
  'catch all',
  'catchall',
  'accept all',
  'acceptall',
  'accept all unverifiable',
  'unknown',
  'risky',
  'unverifiable',
  'role',
  'role based',
  'error',
  'timeout',
  'greylisted',
  'inbox full',
  'mailbox full',
  'full',
  'unconfirmed',
]);

const isDate = (cell: string) => parseDate(cell) !== null || parseDate(cell, 'dmy') !== null;

/** An opt-in or ESP status cell. Blank means no consent: nothing says the person agreed. */
export function readOptIn(cell: string): Reading {
  const word = foldWord(cell);
  if (word === '' || NEGATIVE.has(word) || NOT_SUBSCRIBED.has(word)) return 'no_consent';
  if (OPTED_OUT.has(word)) return 'unsubscribed';
  if (BOUNCED.has(word)) return 'bounced';
  if (AFFIRMATIVE.has(word) || SUBSCRIBED.has(word)) return 'consent';
  if (PENDING.has(word)) return 'pending';
  // A date in an opt-in column is the moment consent was given.
  return isDate(cell) ? 'consent' : 'unreadable';
}

/**
 * An opt-out cell. Blank means the person did not opt out (HubSpot and Salesforce leave
 * the flag empty until someone does). A yes, or a date (when they opted out), opts out.
 */
export function readOptOut(cell: string, kind: OptOutKind = 'unsubscribed'): Reading {
  const word = foldWord(cell);
  if (word === '' || NEGATIVE.has(word) || SUBSCRIBED.has(word) || word === 'not opted out' || word === 'not unsubscribed') {
    return 'not_opted_out';
  }
  if (OPTED_OUT.has(word)) return 'unsubscribed';
  if (BOUNCED.has(word)) return 'bounced';
  if (AFFIRMATIVE.has(word) || isDate(cell)) return kind === 'bounced' ? 'bounced' : 'unsubscribed';
  if (NOT_SUBSCRIBED.has(word)) return 'no_consent';
  if (PENDING.has(word)) return 'pending';
  // A bounce column holds the bounce's reason when there was one (HubSpot "Portal Bounce").
  return kind === 'bounced' ? 'bounced' : 'unreadable';
}

/** An earlier verifier's result. Blank: this row was not verified, which is no evidence either way. */
export function readVerifier(cell: string): Reading {
  const word = foldWord(cell);
  if (word === '') return 'not_verified';
  if (VERIFIED.has(word)) return 'verified';
  if (VERIFIER_INVALID.has(word)) return 'bounced';
  if (VERIFIER_RISKY.has(word)) return 'risky';
  return 'unreadable';
}

export function readCell(role: ConsentRole, cell: string, kind: OptOutKind = 'unsubscribed'): Reading {
  switch (role) {
    case 'opt-in':
    case 'status':
      return readOptIn(cell);
    case 'opt-out':
      return readOptOut(cell, kind);
    case 'verifier':
      return readVerifier(cell);
  }
}

/** The reason a reading gives a row, or null when it gives none. */
export function readingReason(role: ConsentRole, reading: Reading): ReasonCode | null {
  switch (reading) {
    case 'consent':
    case 'not_opted_out':
    case 'verified':
    case 'not_verified':
      return null;
    case 'no_consent':
      return 'no_consent';
    case 'unsubscribed':
      return 'unsubscribed';
    case 'bounced':
      return 'previously_bounced';
    case 'pending':
      return 'consent_unknown';
    case 'risky':
      return 'verifier_risky';
    case 'unreadable':
      return role === 'verifier' ? 'verifier_risky' : 'consent_unknown';
  }
}

/** Whether a cell is one the role's reader understands (for column detection). */
export function isReadable(role: ConsentRole, cell: string, kind?: OptOutKind): boolean {
  return readCell(role, cell, kind) !== 'unreadable';
}

const PHRASES: Record<Reading, string> = {
  consent: 'the person agreed',
  not_opted_out: 'the person did not opt out',
  verified: 'the verifier found it deliverable',
  not_verified: 'not verified',
  no_consent: 'no marketing consent (removed)',
  unsubscribed: 'the person opted out (removed)',
  bounced: 'the address bounced or is invalid (removed)',
  pending: 'consent never confirmed (review)',
  risky: 'the verifier could not confirm it (review)',
  unreadable: 'Preflight cannot read it (review)',
};

/** The order readings are explained in: what removes first, then review, then the rest. */
const ORDER: Reading[] = [
  'unsubscribed',
  'bounced',
  'no_consent',
  'pending',
  'risky',
  'unreadable',
  'consent',
  'not_opted_out',
  'verified',
  'not_verified',
];

const SHOWN_SPELLINGS = 3;

function quoteList(spellings: string[]): string {
  const quoted = spellings.map((s) => (s === '' ? 'blank' : `"${s}"`));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * One sentence saying how a column's values are read, from a sample of its cells, for
 * the user to check: e.g. `"true" means the person opted out (removed); "false" or
 * blank means the person did not opt out.`
 */
export function describeColumn(role: ConsentRole, sample: readonly string[], kind: OptOutKind = 'unsubscribed'): string {
  const spellings = new Map<Reading, string[]>();
  const add = (reading: Reading, spelling: string) => {
    const list = spellings.get(reading) ?? [];
    if (!list.includes(spelling) && list.length < SHOWN_SPELLINGS) list.push(spelling);
    spellings.set(reading, list);
  };
  for (const raw of sample) {
    const cell = raw.trim();
    if (cell !== '') add(readCell(role, cell, kind), cell.length > 24 ? `${cell.slice(0, 23)}…` : cell);
  }
  // Blank cells are always explained: they are where a wrong reading would hide.
  add(readCell(role, '', kind), '');
  const phrase = (reading: Reading) => (reading === 'not_opted_out' && kind === 'bounced' ? 'no bounce was recorded' : PHRASES[reading]);
  const parts = ORDER.filter((reading) => spellings.has(reading)).map(
    (reading) => `${quoteList(spellings.get(reading)!)} means ${phrase(reading)}`,
  );
  if (role === 'opt-out' && !spellings.has('unsubscribed') && !spellings.has('bounced')) {
    parts.unshift(`"true", "yes", "1" or a date would mean ${kind === 'bounced' ? PHRASES.bounced : PHRASES.unsubscribed}`);
  }
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** Which verifier wrote a results column, from its header and spellings; null when it cannot tell. */
export function identifyVerifier(header: string, sample: readonly string[]): string | null {
  const name = header.toLowerCase();
  const raw = new Set(sample.map((cell) => cell.trim().toLowerCase()));
  if (/\bzb\b|zerobounce|zero bounce/.test(name) || raw.has('do_not_mail') || raw.has('spamtrap') || raw.has('abuse')) return 'ZeroBounce';
  if (/neverbounce|never bounce/.test(name) || raw.has('catchall')) return 'NeverBounce';
  if (/millionverifier|million verifier/.test(name) || raw.has('ok') || raw.has('catch_all')) return 'MillionVerifier';
  if (raw.has('catch-all') && !raw.has('deliverable')) return 'ZeroBounce';
  if (raw.has('good') || raw.has('bad')) return 'MillionVerifier';
  if (/kickbox/.test(name)) return 'Kickbox';
  if (/emailable/.test(name)) return 'Emailable';
  if (/bouncer/.test(name)) return 'Bouncer';
  if (/debounce/.test(name) || raw.has('safe to send')) return 'DeBounce';
  if (raw.has('deliverable') || raw.has('undeliverable') || raw.has('risky')) {
    return /^state$/.test(name.trim()) ? 'Emailable' : 'Kickbox, Emailable or Bouncer';
  }
  return null;
}
