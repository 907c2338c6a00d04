// The vocabulary of consent sources, shared by the readers (shared/consent/sources.ts),
// the report and the Columns screen.

/** The four kinds of consent column. */
export type ConsentRole = 'opt-in' | 'opt-out' | 'status' | 'verifier';

/**
 * What an opt-out column records: an unsubscribe (most CRMs), or a bounce (Mailchimp
 * CLEAN_TIME, "Hard bounced" flags).
 */
export type OptOutKind = 'unsubscribed' | 'bounced';

/** What one consent cell says, before it becomes a reason code. */
export type Reading =
  /** Opt-in or status: the person agreed. */
  | 'consent'
  /** Opt-out: the person did not opt out. */
  | 'not_opted_out'
  /** Verifier: deliverable. */
  | 'verified'
  /** Verifier: blank, this row was not verified. */
  | 'not_verified'
  | 'no_consent'
  | 'unsubscribed'
  | 'bounced'
  | 'pending'
  | 'risky'
  /** A value Preflight does not know: the row goes to review, never to send on its strength. */
  | 'unreadable';

export const READINGS: readonly Reading[] = [
  'consent',
  'not_opted_out',
  'verified',
  'not_verified',
  'no_consent',
  'unsubscribed',
  'bounced',
  'pending',
  'risky',
  'unreadable',
];
