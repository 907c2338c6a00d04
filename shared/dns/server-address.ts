// A resolver address as users write it (`--dns-server`, the app's DNS setting):
// 'HOST', 'HOST:PORT', a bare IPv6 address or '[IPv6]:PORT', IP addresses only,
// since Preflight asks the server itself (electron/services/dns/wire.ts) and a
// host name would need a resolver to find the resolver. One reading for the CLI,
// the engine and the app's form, so the form never accepts what the engine refuses.
// Pure: no Node (node:net) and no DOM (URL), so the IP rules are written out here.

export interface DnsServerAddress {
  host: string;
  port: number;
  family: 4 | 6;
}

/** The engine and the app's settings take at most this many servers. */
export const MAX_DNS_SERVERS = 8;

export const DNS_SERVER_EXAMPLES = '192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353';

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/**
 * RFC 4291 §2.2 text forms: eight groups, one '::' for a run of zeros, an IPv4 tail,
 * and a zone for a link-local address (fe80::1%eth0, as a system resolver list may hold).
 */
export function isIpv6(text: string): boolean {
  const halves = text.replace(/%[0-9A-Za-z_.~-]+$/, '').split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const all = [...head, ...tail];
  let width = all.length;
  const last = all.at(-1);
  if (last !== undefined && last.includes('.')) {
    if (!isIpv4(last)) return false;
    all.pop();
    width += 1; // an IPv4 tail stands for two groups
  }
  if (!all.every((group) => HEX_GROUP.test(group))) return false;
  return halves.length === 2 ? width <= 7 : width === 8;
}

const isPort = (text: string) => /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;

/** The address, or why the text is not one ("is not an IP address"), for the caller's sentence. */
export function readDnsServerAddress(text: string): DnsServerAddress | { problem: string } {
  const input = text.trim();
  if (input === '') return { problem: 'is empty' };
  const bracketed = /^\[([^\]]+)\](?::([^:]*))?$/.exec(input);
  let host: string;
  let portText: string | undefined;
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (!isIpv6(host)) return { problem: 'is not an IPv6 address' };
  } else if (isIpv4(input) || isIpv6(input)) {
    // A bare IPv6 address has several colons: none of them is a port separator.
    host = input;
  } else {
    const hostPort = /^([^:]+):([^:]*)$/.exec(input);
    if (!hostPort || !isIpv4(hostPort[1] ?? '')) return { problem: 'is not an IP address' };
    host = hostPort[1] ?? '';
    portText = hostPort[2];
  }
  if (portText !== undefined && !isPort(portText)) return { problem: 'has a port that is not a number from 1 to 65535' };
  return { host, port: portText === undefined ? 53 : Number(portText), family: isIpv4(host) ? 4 : 6 };
}
