// The DNS settings as the user types them: resolver addresses, read exactly as the
// engine reads them (shared/dns/server-address.ts), and the number of queries in flight.
import { MAX_DNS_SERVERS, readDnsServerAddress } from '../../../shared/dns/server-address';

export { MAX_DNS_SERVERS };
export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 256;

const EXAMPLES = 'for example 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:5353';

/** Why one entry is not a resolver address, or null when it is one. */
export function dnsServerProblem(entry: string): string | null {
  const read = readDnsServerAddress(entry);
  return 'problem' in read ? `“${entry}” ${read.problem}: write an IP address with an optional port, ${EXAMPLES}.` : null;
}

/** Servers typed one per line, or separated by commas or spaces. */
export function parseDnsServers(text: string): { servers: string[]; problem: string | null } {
  const servers = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (servers.length === 0) return { servers, problem: 'Enter at least one DNS server, or use your system’s resolvers.' };
  if (servers.length > MAX_DNS_SERVERS) return { servers, problem: `Enter at most ${MAX_DNS_SERVERS} DNS servers.` };
  for (const server of servers) {
    const problem = dnsServerProblem(server);
    if (problem) return { servers, problem };
  }
  return { servers, problem: null };
}

/** Queries in flight as a whole number in range, or null. */
export function parseConcurrency(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= MIN_CONCURRENCY && value <= MAX_CONCURRENCY ? value : null;
}
