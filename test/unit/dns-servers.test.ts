// `--dns-server` values: what users type → what c-ares is given.
import { describe, expect, it } from 'vitest';
import { formatDnsServer, parseDnsServer } from '../../electron/services/dns/servers';
import { isUserError } from '../../shared/model/errors';

describe('parseDnsServer', () => {
  it.each([
    ['192.0.2.53', { host: '192.0.2.53', port: 53, family: 4 }, '192.0.2.53'],
    [' 192.0.2.53:5353 ', { host: '192.0.2.53', port: 5353, family: 4 }, '192.0.2.53:5353'],
    ['2001:db8::53', { host: '2001:db8::53', port: 53, family: 6 }, '2001:db8::53'],
    ['::1', { host: '::1', port: 53, family: 6 }, '::1'],
    ['[2001:db8::53]', { host: '2001:db8::53', port: 53, family: 6 }, '2001:db8::53'],
    ['[::1]:5353', { host: '::1', port: 5353, family: 6 }, '[::1]:5353'],
    ['[2001:db8::1]:53', { host: '2001:db8::1', port: 53, family: 6 }, '2001:db8::1'],
  ])('%s', (input, parsed, forResolver) => {
    expect(parseDnsServer(input)).toEqual(parsed);
    expect(formatDnsServer(parseDnsServer(input))).toBe(forResolver);
  });

  it.each([
    '',
    'dns.google',
    'dns.google:53',
    '192.0.2.53:',
    '192.0.2.53:0',
    '192.0.2.53:70000',
    '192.0.2.53:53x',
    '[192.0.2.53]:53',
    '[::1]:',
    '[::1',
    '::1]:53',
    '[fe80::zz]:53',
    '1.2.3',
  ])('refuses %j with one sentence', (input) => {
    let caught: unknown;
    try {
      parseDnsServer(input);
    } catch (error) {
      caught = error;
    }
    expect(isUserError(caught) && caught.code).toBe('bad_argument');
    expect((caught as Error).message).toMatch(/^The DNS server ".*" .*: write an IP address with an optional port \(.*\)\.$/);
  });
});
