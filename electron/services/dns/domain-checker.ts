// Does each domain accept mail? One verdict per unique domain, from MX and
// address look-ups through Preflight's own DNS client (wire.ts), bounded and
// polite:
//
//   MX records        → the first MX host (in preference order) with an address
//                       makes it deliverable; none → no_mail_host
//   exactly one MX, preference 0, exchange "."
//                     → null_mx (RFC 7505); nothing else is a null MX
//   no MX (NODATA)    → implicit MX (RFC 5321 §5.1): the domain's own A/AAAA
//                       makes it deliverable; none → no_mail_host
//   NXDOMAIN          → domain_not_found
//   SERVFAIL, REFUSED, time-out, unreachable server after every try, a CNAME
//   loop or a chain over 8
//                     → dns_unresolved (never a reason to remove, never cached)
//
// Every question follows the CNAME chain from the asked name and reads only the
// records that chain owns (answer-chain.ts), so "no MX" and "null MX" speak of
// the domain's canonical name and never of a name nobody asked about.
//
// One try is one packet, so `queriesSent` is exact; retries, back-off and the
// choice of server are ours (docs/dns.md).
import { Resolver } from 'node:dns/promises';
import { UserError } from '../../../shared/model/errors';
import type { DnsCache } from './cache';
import { Cancelled, DnsClient, type ClientSettings, type MxRecord } from './client';
import { checkResolvers, usableServers, type ResolverCheck } from './resolver-check';
import { parseDnsServer, type DnsServerAddress } from './servers';
import type { DomainStatus, DomainVerdict } from './verdict';

export type { DomainStatus, DomainVerdict } from './verdict';

export interface DomainCheckOptions {
  /** 'HOST', 'HOST:PORT', a bare IPv6 address or '[v6]:PORT'; empty or undefined = the system's resolvers. */
  servers?: string[];
  /** Domains (and so queries) in flight at once, default 64. */
  concurrency?: number;
  /** Per query in milliseconds, default 2500 (50–5000: c-ares caps a time-out at 5 s on Node 20). */
  timeoutMs?: number;
  /** Tries per query, the first included, default 3. */
  attempts?: number;
  /** Pause before the first retry (ms), doubled before each further one; default 200. */
  retryDelayMs?: number;
  /** Verdicts found here are not asked again; new ones (not dns_unresolved) are stored and the cache saved at the end. */
  cache?: DnsCache;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface DomainCheckResult {
  verdicts: Map<string, DomainVerdict>;
  /** Every MX, A and AAAA query sent for the domains, retries included. */
  queriesSent: number;
  /** Queries sent to test the resolvers first (resolver-check.ts); none when every domain came from the cache. */
  canaryQueriesSent: number;
  /** Domains answered from the cache. */
  fromCache: number;
  elapsedMs: number;
  /** Set when the cache could not be written; the verdicts are still good. */
  cacheSaveError?: string;
  /** Set when a server gave false answers to the canaries and was set aside while another was used. */
  resolverWarning?: string;
}

export const DOMAIN_CHECK_DEFAULTS = { concurrency: 64, timeoutMs: 2500, attempts: 3, retryDelayMs: 200 } as const;

export async function checkDomains(domains: Iterable<string>, options: DomainCheckOptions = {}): Promise<DomainCheckResult> {
  const started = performance.now();
  const settings = readSettings(options);
  const { cache, signal, onProgress } = options;
  if (signal?.aborted) throw cancelled();

  const unique = new Set(domains);
  const total = unique.size;
  const verdicts = new Map<string, DomainVerdict>();
  const pending: string[] = [];
  let fromCache = 0;
  for (const domain of unique) {
    const cached = cache?.get(domain);
    if (cached === undefined) {
      pending.push(domain);
      continue;
    }
    const verdict: DomainVerdict = { status: cached.status, fromCache: true, mxHosts: [...cached.mxHosts], implicitMx: cached.implicitMx };
    if (cached.detail !== undefined) verdict.detail = cached.detail;
    verdicts.set(domain, verdict);
    fromCache++;
  }

  // About 200 progress calls per run at most, whatever the list's size.
  const step = Math.max(1, Math.floor(total / 200));
  let done = fromCache;
  onProgress?.(done, total);
  const elapsed = (): number => performance.now() - started;
  if (pending.length === 0) {
    return { verdicts, queriesSent: 0, canaryQueriesSent: 0, fromCache, elapsedMs: elapsed() };
  }

  // Canaries first (resolver-check.ts): a resolver caught lying decides nothing.
  let resolvers: ResolverCheck;
  try {
    resolvers = await checkResolvers(settings, signal);
  } catch (error) {
    if (error instanceof Cancelled) throw cancelled();
    throw error;
  }
  const usable = usableServers(resolvers);
  if ('refusal' in usable) throw new UserError('dns_failed', usable.refusal);
  const client = new DnsClient({ ...settings, servers: usable.servers });
  const checker = new MailHostChecker(client);
  const onAbort = (): void => client.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });

  // A fixed pool of workers pulling from the list: memory and promises stay
  // bounded by `concurrency`, not by the number of domains.
  let next = 0;
  const worker = async (): Promise<void> => {
    try {
      while (next < pending.length) {
        const domain = pending[next++] as string;
        const verdict = await checker.check(domain);
        verdicts.set(domain, verdict);
        if (verdict.status !== 'dns_unresolved') cache?.set(domain, verdict);
        done++;
        if (done % step === 0 || done === total) onProgress?.(done, total);
      }
    } catch (error) {
      client.cancel();
      throw error;
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(settings.concurrency, pending.length) }, worker));
  signal?.removeEventListener('abort', onAbort);

  // Answers gathered before a cancel are still true: keep them.
  let cacheSaveError: string | undefined;
  if (cache) {
    try {
      await cache.save();
    } catch (error) {
      cacheSaveError = error instanceof Error ? error.message : String(error);
    }
  }
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) {
    if (failure.reason instanceof Cancelled || signal?.aborted) throw cancelled();
    throw failure.reason;
  }
  const result: DomainCheckResult = {
    verdicts,
    queriesSent: client.queriesSent,
    canaryQueriesSent: resolvers.queriesSent,
    fromCache,
    elapsedMs: elapsed(),
  };
  if (cacheSaveError !== undefined) result.cacheSaveError = cacheSaveError;
  if (usable.warning !== undefined) result.resolverWarning = usable.warning;
  return result;
}

function cancelled(): UserError {
  return new UserError('cancelled', 'The domain check was cancelled.');
}

function readSettings(options: DomainCheckOptions): ClientSettings {
  const whole = (value: number | undefined, fallback: number, min: number, max: number, sentence: string): number => {
    const chosen = value ?? fallback;
    if (!Number.isInteger(chosen) || chosen < min || chosen > max) throw new UserError('bad_argument', sentence);
    return chosen;
  };
  const servers = (options.servers ?? []).map(parseDnsServer);
  return {
    servers: servers.length > 0 ? servers : systemServers(),
    concurrency: whole(
      options.concurrency,
      DOMAIN_CHECK_DEFAULTS.concurrency,
      1,
      1024,
      'The DNS concurrency must be a whole number from 1 to 1024.',
    ),
    timeoutMs: whole(
      options.timeoutMs,
      DOMAIN_CHECK_DEFAULTS.timeoutMs,
      50,
      5000,
      'The DNS time-out must be a whole number of milliseconds from 50 to 5000.',
    ),
    attempts: whole(
      options.attempts,
      DOMAIN_CHECK_DEFAULTS.attempts,
      1,
      10,
      'The number of DNS tries must be a whole number from 1 to 10.',
    ),
    retryDelayMs: whole(
      options.retryDelayMs,
      DOMAIN_CHECK_DEFAULTS.retryDelayMs,
      0,
      10_000,
      'The DNS retry delay must be a whole number of milliseconds from 0 to 10000.',
    ),
  };
}

/** The system's resolvers, as Node reads them (resolv.conf, the Windows registry); 127.0.0.1 when it lists none, as c-ares does. */
export function systemServers(): DnsServerAddress[] {
  const found = new Resolver().getServers().map(parseDnsServer);
  return found.length > 0 ? found : [parseDnsServer('127.0.0.1')];
}

// ---------------------------------------------------------------------------
// The decision per domain.

type HostOutcome = { kind: 'address' } | { kind: 'none'; detail: string } | { kind: 'unresolved'; detail: string };

class MailHostChecker {
  /**
   * Host name → whether it has a usable address, for the whole run. Lists share
   * MX hosts (aspmx.l.google.com serves millions of domains), so each is asked
   * once; a look-up in flight is shared by every domain waiting for it.
   */
  private readonly hosts = new Map<string, HostOutcome | Promise<HostOutcome>>();

  constructor(private readonly client: DnsClient) {}

  async check(domain: string): Promise<DomainVerdict> {
    if (domain === '' || domain.length > 253) return verdict('dns_unresolved', { detail: 'not a domain name' });
    const mx = await this.client.mx(domain);
    switch (mx.kind) {
      case 'nxdomain':
        return mx.owner === domain
          ? verdict('domain_not_found', { detail: `${domain} does not exist (NXDOMAIN)` })
          : verdict('no_mail_host', { detail: `${domain} is an alias of ${mx.owner}, which does not exist` });
      case 'failed':
        return verdict('dns_unresolved', { detail: mx.detail });
      case 'nodata': {
        // No MX at the end of the CNAME chain: the canonical name's own address is the mail host (RFC 5321 §5.1).
        const alias = mx.owner === domain ? '' : ` (an alias of ${mx.owner})`;
        const own = await this.hostOutcome(mx.owner);
        if (own.kind === 'address')
          return verdict('deliverable', { implicitMx: true, detail: `no MX${alias}; the domain’s own address receives mail` });
        if (own.kind === 'unresolved') return verdict('dns_unresolved', { implicitMx: true, detail: own.detail });
        return verdict('no_mail_host', { implicitMx: true, detail: `no MX${alias}, and ${own.detail}` });
      }
      case 'answer':
        return this.checkMxHosts(mx.records);
    }
  }

  private async checkMxHosts(records: MxRecord[]): Promise<DomainVerdict> {
    // RFC 7505: a null MX is exactly one MX, preference 0, exchange "." (the root, "" here). Nothing else is one.
    if (records.length === 1 && records[0]?.priority === 0 && records[0].exchange === '') {
      return verdict('null_mx', { detail: 'null MX (RFC 7505): the domain accepts no mail' });
    }
    const sorted = [...records].sort((a, b) => a.priority - b.priority);
    const mxHosts: string[] = [];
    // A root exchange among others is no host (RFC 7505 §3: it must stand alone); the others are tried.
    for (const record of sorted) if (record.exchange !== '' && !mxHosts.includes(record.exchange)) mxHosts.push(record.exchange);
    if (mxHosts.length === 0)
      return verdict('no_mail_host', { detail: 'every MX exchange is "." (no mail host), yet it is not a null MX' });
    let unresolved: string | undefined;
    let none: string | undefined;
    for (const host of mxHosts) {
      const outcome = await this.hostOutcome(host);
      if (outcome.kind === 'address') return verdict('deliverable', { mxHosts });
      if (outcome.kind === 'unresolved') unresolved ??= outcome.detail;
      else none ??= outcome.detail;
    }
    // One host we could not ask might be the working one: do not condemn the domain on a guess.
    if (unresolved !== undefined) return verdict('dns_unresolved', { mxHosts, detail: unresolved });
    const detail = mxHosts.length === 1 ? `the MX host ${none}` : `none of the ${mxHosts.length} MX hosts has an address (first: ${none})`;
    return verdict('no_mail_host', { mxHosts, detail });
  }

  private hostOutcome(host: string): Promise<HostOutcome> | HostOutcome {
    const known = this.hosts.get(host);
    if (known !== undefined) return known;
    const lookup = this.resolveHost(host).then((outcome) => {
      this.hosts.set(host, outcome);
      return outcome;
    });
    this.hosts.set(host, lookup);
    return lookup;
  }

  /**
   * A, then AAAA only when needed: NXDOMAIN on A means no AAAA either, and a
   * name whose A look-up failed every try is left unresolved rather than asked
   * three more times (unresolved only sends the domain to review).
   */
  private async resolveHost(host: string): Promise<HostOutcome> {
    const v4 = await this.client.addresses(host, 4);
    if (v4.kind === 'answer' && v4.records.some(isRoutableV4)) return { kind: 'address' };
    if (v4.kind === 'nxdomain') return { kind: 'none', detail: `${host} does not exist` };
    if (v4.kind === 'failed') return { kind: 'unresolved', detail: v4.detail };
    const v6 = await this.client.addresses(host, 6);
    if (v6.kind === 'answer' && v6.records.some(isRoutableV6)) return { kind: 'address' };
    if (v6.kind === 'failed') return { kind: 'unresolved', detail: v6.detail };
    if (v4.kind === 'answer' || v6.kind === 'answer')
      return { kind: 'none', detail: `${host} resolves only to a loopback or unspecified address` };
    return { kind: 'none', detail: `${host} has no address` };
  }
}

// An MX host at 127.0.0.1 or 0.0.0.0 (an old way to refuse mail) loops back on
// the sending server: SES cannot deliver there.
function isRoutableV4(address: string): boolean {
  return !address.startsWith('127.') && !address.startsWith('0.');
}

function isRoutableV6(address: string): boolean {
  const normal = address.toLowerCase();
  return normal !== '::1' && normal !== '::' && !normal.startsWith('::ffff:127.') && !normal.startsWith('::ffff:0.');
}

function verdict(status: DomainStatus, extra: { mxHosts?: string[]; implicitMx?: boolean; detail?: string } = {}): DomainVerdict {
  const result: DomainVerdict = { status, fromCache: false, mxHosts: extra.mxHosts ?? [], implicitMx: extra.implicitMx ?? false };
  if (extra.detail !== undefined) result.detail = extra.detail;
  return result;
}
