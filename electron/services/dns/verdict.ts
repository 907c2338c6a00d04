// What the domain check says about one domain. Kept apart from the checker so the
// cache can use the types without importing the resolver code.

export type DomainStatus = 'deliverable' | 'null_mx' | 'no_mail_host' | 'domain_not_found' | 'dns_unresolved';

/** Statuses a cache may keep: everything but dns_unresolved, which is never a finding. */
export type CacheableStatus = Exclude<DomainStatus, 'dns_unresolved'>;

export const DOMAIN_STATUSES: readonly DomainStatus[] = ['deliverable', 'null_mx', 'no_mail_host', 'domain_not_found', 'dns_unresolved'];

export interface DomainVerdict {
  status: DomainStatus;
  fromCache: boolean;
  /** The domain's MX hosts in preference order (empty for null MX, implicit MX and missing domains). */
  mxHosts: string[];
  /** True when the domain has no MX, so the implicit-MX rule applied: its own A/AAAA is (or would be) the mail host (RFC 5321 §5.1). */
  implicitMx: boolean;
  /** Why, in a few words, for the Domains view and report (e.g. "MX host gone.example.com does not exist"). */
  detail?: string;
}

export function isCacheableStatus(status: string): status is CacheableStatus {
  return status === 'deliverable' || status === 'null_mx' || status === 'no_mail_host' || status === 'domain_not_found';
}
