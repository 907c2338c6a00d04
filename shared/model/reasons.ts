// The verdicts and reason codes every row can carry. The codes are part of the
// product's public surface (CSV columns, report.json, the README table): never
// rename one, only add.

export type Verdict = 'send' | 'review' | 'remove';

export const VERDICTS: readonly Verdict[] = ['send', 'review', 'remove'];

export interface ReasonInfo {
  /** The verdict this reason forces on its own. */
  readonly verdict: Exclude<Verdict, 'send'>;
  /** A short label for tables and chips. */
  readonly label: string;
  /** One sentence a marketer understands. */
  readonly description: string;
  /** Which pipeline stage decides it (see docs/architecture.md). */
  readonly stage: 'address' | 'list' | 'consent' | 'suppression' | 'domain' | 'account' | 'mailbox';
}

export const REASONS = {
  no_address: {
    verdict: 'remove',
    label: 'No address',
    description: 'The email cell is empty.',
    stage: 'address',
  },
  syntax_invalid: {
    verdict: 'remove',
    label: 'Invalid address',
    description: 'The address is not one a mail system will deliver to (syntax, length, dots or hostname rules).',
    stage: 'address',
  },
  ses_unsupported: {
    verdict: 'remove',
    label: 'Not sendable by SES',
    description: 'SES cannot send to it: a non-ASCII local part, a quoted local part or an IP-address domain.',
    stage: 'address',
  },
  reserved_domain: {
    verdict: 'remove',
    label: 'Reserved domain',
    description: 'The domain is reserved for documentation or testing (RFC 2606, RFC 6761) and never receives mail.',
    stage: 'address',
  },
  disposable: {
    verdict: 'remove',
    label: 'Disposable',
    description: 'A throw-away mailbox service: the address will not be read and soon bounces.',
    stage: 'address',
  },
  duplicate: {
    verdict: 'remove',
    label: 'Duplicate',
    description: 'The same address (ignoring case) appears on an earlier row, which is kept.',
    stage: 'list',
  },
  no_consent: {
    verdict: 'remove',
    label: 'No consent',
    description: 'The opt-in or status column says no, or is blank: nothing shows the person agreed.',
    stage: 'consent',
  },
  suppressed_bounce: {
    verdict: 'remove',
    label: 'Suppressed: bounce',
    description: 'On the suppression list because an earlier message bounced.',
    stage: 'suppression',
  },
  suppressed_complaint: {
    verdict: 'remove',
    label: 'Suppressed: complaint',
    description: 'On the suppression list because the recipient complained.',
    stage: 'suppression',
  },
  domain_not_found: {
    verdict: 'remove',
    label: 'Domain not found',
    description: 'The domain does not exist (NXDOMAIN).',
    stage: 'domain',
  },
  null_mx: {
    verdict: 'remove',
    label: 'Domain takes no mail',
    description: 'The domain publishes a null MX record (RFC 7505): it accepts no mail.',
    stage: 'domain',
  },
  no_mail_host: {
    verdict: 'remove',
    label: 'No mail server',
    description: 'Neither the MX hosts nor the domain itself resolve to an address.',
    stage: 'domain',
  },
  unverified_sandbox: {
    verdict: 'remove',
    label: 'Not verified (sandbox)',
    description: 'The SES account is in the sandbox and this recipient is not a verified identity.',
    stage: 'account',
  },
  alias_duplicate: {
    verdict: 'review',
    label: 'Same mailbox',
    description: "The same mailbox as an earlier row by the provider's rules (e.g. Gmail ignores dots and +tags).",
    stage: 'list',
  },
  role_account: {
    verdict: 'review',
    label: 'Role account',
    description: 'A shared mailbox such as info@ or sales@: often unwatched and more likely to complain.',
    stage: 'address',
  },
  typo_suspected: {
    verdict: 'review',
    label: 'Possible typo',
    description: 'The domain looks like a misspelling of a common provider; see the suggestion.',
    stage: 'address',
  },
  consent_unknown: {
    verdict: 'review',
    label: 'Consent unreadable',
    description: 'A consent value (opt-in, opt-out or status) is neither a clear yes nor a clear no.',
    stage: 'consent',
  },
  consent_stale: {
    verdict: 'review',
    label: 'Old consent',
    description: 'The opt-in is older than the configured limit.',
    stage: 'consent',
  },
  inactive: {
    verdict: 'review',
    label: 'Inactive',
    description: 'No open or click within the configured limit.',
    stage: 'consent',
  },
  dns_unresolved: {
    verdict: 'review',
    label: 'DNS unanswered',
    description: 'The domain could not be checked (time-out or server failure); it was not judged.',
    stage: 'domain',
  },
  unsubscribed: {
    verdict: 'remove',
    label: 'Unsubscribed',
    description: 'The list itself says this person opted out (an opt-out flag, an unsubscribe or complaint status).',
    stage: 'consent',
  },
  previously_bounced: {
    verdict: 'remove',
    label: 'Bounced before',
    description: 'An ESP status or an earlier verifier says the address bounced or is invalid.',
    stage: 'consent',
  },
  verifier_risky: {
    verdict: 'review',
    label: 'Verifier unsure',
    description: 'An earlier verifier could not confirm the mailbox (catch-all, unknown or risky).',
    stage: 'consent',
  },
  mailbox_invalid: {
    verdict: 'remove',
    label: 'Mailbox invalid (SES)',
    description: 'SES Email Validation found the address unlikely to deliver (low confidence): most often a mailbox that no longer exists.',
    stage: 'mailbox',
  },
  mailbox_uncertain: {
    verdict: 'review',
    label: 'Mailbox uncertain (SES)',
    description: 'SES Email Validation could not confirm the mailbox (medium confidence), or found the address randomly made up.',
    stage: 'mailbox',
  },
  lookalike_domain: {
    verdict: 'review',
    label: 'Look-alike domain',
    description:
      'The domain imitates a known provider with letters from another alphabet (a Cyrillic “а” in gmail.com) or mixes alphabets; see the suggestion.',
    stage: 'address',
  },
} as const satisfies Record<string, ReasonInfo>;

export type ReasonCode = keyof typeof REASONS;

export const REASON_CODES = Object.keys(REASONS) as ReasonCode[];

export function isReasonCode(value: string): value is ReasonCode {
  return Object.prototype.hasOwnProperty.call(REASONS, value);
}

/** The verdict for a set of reasons: any remove reason removes, any review reason reviews. */
export function verdictFor(reasons: readonly ReasonCode[]): Verdict {
  let verdict: Verdict = 'send';
  for (const code of reasons) {
    const forced = REASONS[code].verdict;
    if (forced === 'remove') return 'remove';
    verdict = 'review';
  }
  return verdict;
}
