// TXT look-ups for the sender readiness (SPF on the MAIL FROM domain, DMARC at
// _dmarc.<domain>), through Preflight's own DNS client, so they get what the
// domain check gets: the servers the user chose (`--dns-server`, the app's
// setting) or the system's, one packet per try with our retries, the CNAME chain
// read from the asked name only (answer-chain.ts), and the resolver canaries
// first (resolver-check.ts). Through node:dns, a resolver that says NXDOMAIN for
// everything (a captive portal, a broken VPN) made every From domain "publish a
// DMARC record"; here a server caught lying answers nothing, and with no honest
// server left every TXT item is "could not look up", never "missing".
import { UserError } from '../../../shared/model/errors';
import { Cancelled, DnsClient, type ClientSettings } from './client';
import { checkResolvers, usableServers } from './resolver-check';
import { parseDnsServer } from './servers';
import { DOMAIN_CHECK_DEFAULTS, systemServers } from './domain-checker';

/** TXT records of a name, each as its character-strings; [] when the name has none or does not exist. */
export type TxtLookup = (name: string) => Promise<string[][]>;

/** A TXT look-up that got no answer to trust: `code` says why in a few words ("timed out (3 tries)"). */
export class TxtLookupError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export interface TxtLookupOptions {
  /** As for checkDomains: 'HOST', 'HOST:PORT', … ; empty or undefined = the system's resolvers. */
  servers?: readonly string[];
  timeoutMs?: number;
  attempts?: number;
  retryDelayMs?: number;
  signal?: AbortSignal;
}

export interface ProjectTxtLookup extends TxtLookup {
  /** TXT queries sent, retries included (the canaries are not counted). */
  readonly queriesSent: () => number;
  /** Set when a server gave false answers to the canaries and was set aside (the domain check says the same). */
  readonly resolverWarning: () => string | undefined;
}

/**
 * A TXT look-up over the chosen servers. The canaries are asked once, on the
 * first look-up (a check without --from asks nothing). Throws UserError for a
 * malformed server address at once, like the domain check.
 */
export function createTxtLookup(options: TxtLookupOptions = {}): ProjectTxtLookup {
  const servers = (options.servers ?? []).map(parseDnsServer);
  const settings: ClientSettings = {
    servers: servers.length > 0 ? servers : systemServers(),
    // A handful of names per check: the canaries' questions are the most in flight at once.
    concurrency: 8,
    timeoutMs: options.timeoutMs ?? DOMAIN_CHECK_DEFAULTS.timeoutMs,
    attempts: options.attempts ?? DOMAIN_CHECK_DEFAULTS.attempts,
    retryDelayMs: options.retryDelayMs ?? DOMAIN_CHECK_DEFAULTS.retryDelayMs,
  };
  let client: Promise<{ client: DnsClient; warning?: string } | { refusal: string }> | undefined;
  const ready = () =>
    (client ??= checkResolvers(settings, options.signal).then((check) => {
      const usable = usableServers(check);
      if ('refusal' in usable) return { refusal: usable.refusal };
      const dns = new DnsClient({ ...settings, servers: usable.servers });
      options.signal?.addEventListener('abort', () => dns.cancel(), { once: true });
      return usable.warning === undefined ? { client: dns } : { client: dns, warning: usable.warning };
    }));
  let settled: Awaited<ReturnType<typeof ready>> | undefined;

  const lookup = async (name: string): Promise<string[][]> => {
    let state: Awaited<ReturnType<typeof ready>>;
    try {
      state = settled = await ready();
    } catch (error) {
      if (error instanceof Cancelled) throw new UserError('cancelled', 'The check was cancelled.');
      throw error;
    }
    if ('refusal' in state) throw new TxtLookupError('the DNS servers gave false answers to test questions, so none was asked');
    let outcome: Awaited<ReturnType<DnsClient['txt']>>;
    try {
      outcome = await state.client.txt(name);
    } catch (error) {
      if (error instanceof Cancelled) throw new UserError('cancelled', 'The check was cancelled.');
      throw error;
    }
    switch (outcome.kind) {
      case 'answer':
        return outcome.records;
      case 'nodata':
      case 'nxdomain':
        return [];
      case 'failed':
        // "TXT look-up for _dmarc.example.com: timed out (3 tries)" → "timed out (3 tries)".
        throw new TxtLookupError(outcome.detail.slice(outcome.detail.indexOf(': ') + 2));
    }
  };
  return Object.assign(lookup, {
    queriesSent: () => (settled && 'client' in settled ? settled.client.queriesSent : 0),
    resolverWarning: () => (settled && 'client' in settled ? settled.warning : undefined),
  });
}
