// Resolver addresses as users write them (`--dns-server`, the app's setting) →
// the form c-ares's setServers takes. c-ares only talks to IP addresses, so a
// host name is refused here with a sentence the user can act on.
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { UserError } from '../../../shared/model/errors';

export interface DnsServerAddress {
  host: string;
  port: number;
  family: 4 | 6;
}

const EXAMPLES = '192.0.2.53, 192.0.2.53:5353, 2001:db8::53 or [2001:db8::53]:5353';

/** Parse 'HOST', 'HOST:PORT', a bare IPv6 address or '[IPv6]:PORT'. Throws a UserError ('bad_argument'). */
export function parseDnsServer(text: string): DnsServerAddress {
  const input = text.trim();
  const refuse = (why: string): never => {
    throw new UserError('bad_argument', `The DNS server "${text}" ${why}: write an IP address with an optional port (${EXAMPLES}).`);
  };
  if (input === '') refuse('is empty');

  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::([^:]*))?$/.exec(input);
  if (bracketed) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (!isIPv6(host)) refuse('is not an IPv6 address');
  } else if (isIP(input) !== 0) {
    // A bare IPv6 address has several colons: none of them is a port separator.
    host = input;
  } else {
    const hostPort = /^([^:]+):([^:]*)$/.exec(input);
    if (!hostPort) return refuse('is not an IP address');
    host = hostPort[1] ?? '';
    portText = hostPort[2];
    if (!isIPv4(host)) refuse('is not an IP address');
  }

  let port = 53;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) refuse('has a port that is not a number from 1 to 65535');
  }
  return { host, port, family: isIPv4(host) ? 4 : 6 };
}

/** The string Resolver.setServers accepts for this address. */
export function formatDnsServer(server: DnsServerAddress): string {
  if (server.family === 6) return server.port === 53 ? server.host : `[${server.host}]:${server.port}`;
  return server.port === 53 ? server.host : `${server.host}:${server.port}`;
}
