// Hostname rules for the part after the @, applied to the IDNA ASCII form:
// what real mail systems route to, not everything RFC 5322 can spell.

import { parse as parseHost } from 'tldts';

/**
 * Letters-digits-hyphen labels of 1..63 characters with no hyphen at either end
 * (RFC 1123, RFC 5321), at most 253 characters in all (RFC 5321 §4.5.3.1.2: 255 octets
 * on the wire).
 */
const LDH_DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
/** "ab--" labels are reserved for IDNA (RFC 5891 §4.2.3.1): only "xn--" may use them. */
const RESERVED_HYPHENS = /(?:^|\.)(?!xn--)[a-z0-9]{2}--/;

export const MAX_DOMAIN_LENGTH = 253;

/**
 * Whether every label of an ASCII lower-case domain is a valid hostname label.
 * `toAscii` has already checked that an xn-- label decodes.
 */
export function hasValidLabels(ascii: string): boolean {
  return LDH_DOMAIN.test(ascii) && !RESERVED_HYPHENS.test(ascii);
}

/**
 * Special-use names that never receive Internet mail: RFC 2606 (example, test, invalid,
 * localhost and example.com/.net/.org), RFC 6761, .local (RFC 6762), .onion (RFC 7686),
 * .alt (RFC 9476), .internal (ICANN, 2024) and .arpa (infrastructure, incl. home.arpa RFC 8375).
 * A name matches itself and every subdomain.
 */
export const RESERVED_DOMAINS: readonly string[] = [
  'example.com',
  'example.net',
  'example.org',
  'example',
  'test',
  'invalid',
  'localhost',
  'local',
  'onion',
  'alt',
  'internal',
  'arpa',
];

const RESERVED = new Set(RESERVED_DOMAINS);

export function isReservedDomain(ascii: string): boolean {
  if (RESERVED.has(topLevelOf(ascii))) return true;
  // example.com/.net/.org and their subdomains.
  const dot = ascii.lastIndexOf('.', ascii.lastIndexOf('.') - 1);
  return RESERVED.has(dot < 0 ? ascii : ascii.slice(dot + 1));
}

/** TLD answers, shared by every analyzer: there are about 1,500 real TLDs, and the cap bounds junk. */
const tldAnswers = new Map<string, boolean>();
const TLD_CACHE_LIMIT = 10_000;

/**
 * Whether a top-level label is a delegated TLD: tldts matches the ICANN section of the
 * Public Suffix List, which lists every TLD in the root zone (`isIcann` is false when
 * only the default "*" rule matched). Private-section suffixes are ignored. Memoised.
 */
export function isIcannTld(tld: string): boolean {
  let answer = tldAnswers.get(tld);
  if (answer === undefined) {
    answer = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld) && parseHost(`x.${tld}`, { allowPrivateDomains: false }).isIcann === true;
    if (tldAnswers.size >= TLD_CACHE_LIMIT) tldAnswers.clear();
    tldAnswers.set(tld, answer);
  }
  return answer;
}

/** The last label of a domain. */
export function topLevelOf(ascii: string): string {
  return ascii.slice(ascii.lastIndexOf('.') + 1);
}
