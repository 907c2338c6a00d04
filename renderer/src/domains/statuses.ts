// What each domain status means, in the words the Domains view uses. The codes
// come from the engine (electron/services/dns/verdict.ts, via DomainRow.status
// and report.domains.byStatus); an unknown code is never shown as its identifier.

export type DomainStatusTone = 'send' | 'review' | 'remove' | 'none';

export interface DomainStatusText {
  label: string;
  /** What it means for the rows on that domain. */
  hint: string;
  tone: DomainStatusTone;
}

export const DOMAIN_STATUS_TEXT: Record<string, DomainStatusText> = {
  deliverable: { label: 'Accepts mail', hint: 'The domain has a mail server that resolves.', tone: 'send' },
  domain_not_found: { label: 'No such domain', hint: 'DNS says the domain does not exist: every address on it bounces.', tone: 'remove' },
  null_mx: { label: 'Takes no mail (null MX)', hint: 'The domain publishes that it accepts no mail (RFC 7505).', tone: 'remove' },
  no_mail_host: { label: 'No mail server', hint: 'Neither an MX record nor an address that mail could go to.', tone: 'remove' },
  dns_unresolved: {
    label: 'DNS did not answer',
    hint: 'A time-out or a server failure: the rows are kept for review, and a retry may answer.',
    tone: 'review',
  },
  not_checked: { label: 'Not checked', hint: 'Domain checks were off, or the rows were already removed for their address.', tone: 'none' },
};

/** The order statuses are listed in: problems first, then the rest. */
export const DOMAIN_STATUS_ORDER = ['dns_unresolved', 'domain_not_found', 'null_mx', 'no_mail_host', 'deliverable', 'not_checked'] as const;

export function domainStatusText(status: string): DomainStatusText {
  return DOMAIN_STATUS_TEXT[status] ?? { label: 'Another DNS answer', hint: '', tone: 'none' };
}
