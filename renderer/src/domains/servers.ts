// The DNS settings as the user types them: resolver addresses (HOST or
// HOST:PORT, IP addresses only, as the engine's c-ares resolver needs: see
// electron/services/dns/servers.ts, which checks the same rules again) and the
// number of queries in flight.

/** The engine and prefs take at most this many servers. */
export const MAX_DNS_SERVERS = 8;
export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 256;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const EXAMPLES = 'for example 192.0.2.53, 192.0.2.53:5353 or [2001:db8::53]:5353';

function isIpv6(host: string): boolean {
  if (!host.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(host)) return false;
  try {
    // The URL parser knows every IPv6 form (::, embedded IPv4…): no need to repeat it.
    new URL(`http://[${host}]/`);
    return true;
  } catch {
    return false;
  }
}

function isPort(text: string): boolean {
  return /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

/** Why one entry is not a resolver address, or null when it is one. */
export function dnsServerProblem(entry: string): string | null {
  const refuse = (why: string) => `“${entry}” ${why}: write an IP address with an optional port, ${EXAMPLES}.`;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(entry);
  if (bracketed) {
    if (!isIpv6(bracketed[1] ?? '')) return refuse('is not an IPv6 address');
    if (bracketed[2] !== undefined && !isPort(bracketed[2])) return refuse('has a port that is not a number from 1 to 65535');
    return null;
  }
  if (IPV4.test(entry) || isIpv6(entry)) return null;
  const hostPort = /^([^:]+):([^:]*)$/.exec(entry);
  if (!hostPort || !IPV4.test(hostPort[1] ?? '')) return refuse('is not an IP address');
  if (!isPort(hostPort[2] ?? '')) return refuse('has a port that is not a number from 1 to 65535');
  return null;
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
