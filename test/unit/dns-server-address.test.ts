// The resolver-address reading shared by the CLI, the engine and the app's form
// (shared/dns/server-address.ts) agrees with Node's own IP parser, so neither face
// accepts a server the other refuses, and a system resolver list is always read.
import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIpv4, isIpv6, readDnsServerAddress } from '../../shared/dns/server-address';

const ipish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')), minLength: 1, maxLength: 45 });

describe('IP addresses, as Node reads them', () => {
  it('every IPv4 and IPv6 form fast-check can write is an address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => isIpv4(ip)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => isIpv6(ip) && isIPv6(ip)),
      { numRuns: 5000 },
    );
  });

  it('agrees with node:net on strings of hex digits, colons and dots', () => {
    fc.assert(
      fc.property(ipish, (text) => {
        expect(isIpv4(text), text).toBe(isIPv4(text));
        expect(isIpv6(text), text).toBe(isIPv6(text));
      }),
      { numRuns: 20_000, seed: 7 },
    );
  });

  it('reads a link-local resolver with its zone, as a system resolver list may hold', () => {
    expect(readDnsServerAddress('fe80::1%eth0')).toEqual({ host: 'fe80::1%eth0', port: 53, family: 6 });
    expect(isIPv6('fe80::1%eth0')).toBe(true);
  });
});

describe('a resolver address as typed', () => {
  it('takes HOST, HOST:PORT, a bare IPv6 address and [IPv6]:PORT', () => {
    expect(readDnsServerAddress('192.0.2.53')).toEqual({ host: '192.0.2.53', port: 53, family: 4 });
    expect(readDnsServerAddress(' 192.0.2.53:5353 ')).toEqual({ host: '192.0.2.53', port: 5353, family: 4 });
    expect(readDnsServerAddress('2001:db8::53')).toEqual({ host: '2001:db8::53', port: 53, family: 6 });
    expect(readDnsServerAddress('[2001:db8::53]:5353')).toEqual({ host: '2001:db8::53', port: 5353, family: 6 });
  });

  it('says why a host name, a bad address or a bad port is not one', () => {
    expect(readDnsServerAddress('dns.example.com')).toEqual({ problem: 'is not an IP address' });
    expect(readDnsServerAddress('192.0.2.300')).toEqual({ problem: 'is not an IP address' });
    expect(readDnsServerAddress('[192.0.2.1]:53')).toEqual({ problem: 'is not an IPv6 address' });
    expect(readDnsServerAddress('192.0.2.1:0')).toEqual({ problem: 'has a port that is not a number from 1 to 65535' });
    expect(readDnsServerAddress('[::1]:65536')).toEqual({ problem: 'has a port that is not a number from 1 to 65535' });
    expect(readDnsServerAddress('  ')).toEqual({ problem: 'is empty' });
  });
});
