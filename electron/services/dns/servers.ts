// Resolver addresses as users write them (`--dns-server`, the app's setting), read
// by shared/dns/server-address.ts (the app's form uses the same reading), with the
// CLI's sentence; and how an address is written back in a sentence.
import { UserError } from '../../../shared/model/errors';
import { DNS_SERVER_EXAMPLES, readDnsServerAddress, type DnsServerAddress } from '../../../shared/dns/server-address';

export type { DnsServerAddress } from '../../../shared/dns/server-address';

/** Parse 'HOST', 'HOST:PORT', a bare IPv6 address or '[IPv6]:PORT'. Throws a UserError ('bad_argument'). */
export function parseDnsServer(text: string): DnsServerAddress {
  const read = readDnsServerAddress(text);
  if ('problem' in read) {
    throw new UserError(
      'bad_argument',
      `The DNS server "${text}" ${read.problem}: write an IP address with an optional port (${DNS_SERVER_EXAMPLES}).`,
    );
  }
  return read;
}

/** The address as the user would write it (and as Resolver.setServers accepts it). */
export function formatDnsServer(server: DnsServerAddress): string {
  if (server.family === 6) return server.port === 53 ? server.host : `[${server.host}]:${server.port}`;
  return server.port === 53 ? server.host : `${server.host}:${server.port}`;
}
