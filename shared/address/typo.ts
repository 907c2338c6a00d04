// Conservative typo suggestions for the part after the @ (gmial.com → gmail.com).
//
// A wrong suggestion costs more than a missed one: it sends a marketer to "fix" a
// real address. So a domain gets a suggestion only when
//   - it is not itself a known mailbox domain (fastmail.com, hey.com, gmx.de …), and
//   - it is one edit (a swap of neighbours counts as one) from one of a short list of
//     very common consumer domains, with the typo either in the name (gmial.com: same
//     ".com", a name of five letters or more) or in the ending (gmail.con, hotmail.co:
//     same name), never both at once; or
//   - its top-level domain does not exist and one edit turns it into a common one
//     (company.con → company.com).
// `@zootools/email-spell-checker` picks the closest of those candidates (sift3
// distance ≤ 2); the candidate shapes keep it from its known wrong guesses
// (gmx.net → cox.net, libero.it → live.it, mac.com → mail.com).

import { run as spellCheck } from '@zootools/email-spell-checker';
import { isKnownMailboxDomain } from './providers';
import { isIcannTld, topLevelOf } from './hostname';

/** The domains typos are corrected to: the big consumer mailbox domains, by volume. */
export const TYPO_TARGETS: readonly string[] = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'aol.com',
  'me.com',
  'mac.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  'bellsouth.net',
  'cox.net',
  'protonmail.com',
  'proton.me',
  'hotmail.co.uk',
  'yahoo.co.uk',
  'btinternet.com',
  'hotmail.fr',
  'yahoo.fr',
  'orange.fr',
  'wanadoo.fr',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'hotmail.de',
  'yahoo.de',
  'libero.it',
  'hotmail.it',
  'yahoo.it',
  'yahoo.es',
  'hotmail.es',
  'yandex.ru',
  'mail.ru',
  'yahoo.ca',
  'shaw.ca',
  'rogers.com',
  'bigpond.com',
  'yahoo.com.au',
  'uol.com.br',
  'bol.com.br',
  'hotmail.com.br',
  'yahoo.com.br',
  'rediffmail.com',
  'yahoo.co.in',
  'qq.com',
  'naver.com',
];

/** Endings a non-existent TLD is corrected to, most likely first. */
const COMMON_TLDS: readonly string[] = ['com', 'net', 'org', 'de', 'uk', 'fr', 'it', 'es', 'nl', 'ca', 'au', 'info', 'edu', 'io'];

/** Real domains one slip away from a target that are not mailbox providers in our table. */
const KNOWN_REAL_DOMAINS: ReadonlySet<string> = new Set(['cloud.com']);

interface Split {
  name: string;
  ending: string;
}

const split = (domain: string): Split | null => {
  const dot = domain.indexOf('.');
  return dot > 0 ? { name: domain.slice(0, dot), ending: domain.slice(dot + 1) } : null;
};

/**
 * Targets by ending, then by the first and by the last letter of the name: a slip in
 * the name keeps at least one of its ends (gmial, hotmial, yhaoo, fmail), and the index
 * keeps the comparison away from the thousands of company domains in a list.
 */
interface ByEnds {
  first: Map<number, Split[]>;
  last: Map<number, Split[]>;
}
const NONE: readonly Split[] = [];
const TARGETS_BY_ENDING = new Map<string, ByEnds>();
const TARGETS_BY_NAME = new Map<string, Split[]>();
const addTo = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
};
for (const target of TYPO_TARGETS) {
  const parts = split(target)!;
  addTo(TARGETS_BY_NAME, parts.name, parts);
  // Names under five letters (aol, msn, me, gmx, web, live) are one slip from too many real domains.
  if (parts.name.length < 5) continue;
  let byEnds = TARGETS_BY_ENDING.get(parts.ending);
  if (!byEnds) TARGETS_BY_ENDING.set(parts.ending, (byEnds = { first: new Map(), last: new Map() }));
  addTo(byEnds.first, parts.name.charCodeAt(0), parts);
  addTo(byEnds.last, parts.name.charCodeAt(parts.name.length - 1), parts);
}

// Two rows of the distance table, reused: the typo check runs once per distinct domain.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal-string-alignment distance (insert, delete, substitute, swap neighbours), stopping above `limit`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length + 1 > rowA.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
    rowC = new Int32Array(b.length + 1);
  }
  let before = rowA; // row i-2
  let previous = rowB; // row i-1
  let current = rowC;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return previous[b.length]!;
}

function addIfNear(near: string[], target: Split, typed: string, correct: string): void {
  if (editDistance(typed, correct, 1) > 1) return;
  const full = `${target.name}.${target.ending}`;
  if (!near.includes(full)) near.push(full);
}

/** The common domains this one could be a slip of, by the shapes described above. */
function nearTargets(domain: string): string[] {
  const dot = domain.indexOf('.');
  if (dot <= 0) return [];
  const name = domain.slice(0, dot);
  const ending = domain.slice(dot + 1);
  const near: string[] = [];
  // A slip in the name: same ending, a name one edit away (a swap of neighbours is one edit).
  // Two edits would turn yopmail (a disposable service) into hotmail.
  const byEnds = TARGETS_BY_ENDING.get(ending);
  if (byEnds) {
    for (const target of byEnds.first.get(name.charCodeAt(0)) ?? NONE) if (target.name !== name) addIfNear(near, target, name, target.name);
    for (const target of byEnds.last.get(name.charCodeAt(name.length - 1)) ?? NONE)
      if (target.name !== name) addIfNear(near, target, name, target.name);
  }
  // A slip in the ending: same name, an ending within one edit.
  for (const target of TARGETS_BY_NAME.get(name) ?? NONE) {
    if (target.ending !== ending) addIfNear(near, target, ending, target.ending);
  }
  return near;
}

function providerTypo(domain: string): string | null {
  if (isKnownMailboxDomain(domain) || KNOWN_REAL_DOMAINS.has(domain)) return null;
  const near = nearTargets(domain);
  if (near.length === 0) return null;
  // The spell checker chooses among the near misses, and may still find none close enough.
  const suggestion = spellCheck({ email: `x@${domain}`, domains: near, secondLevelDomains: [], topLevelDomains: [] });
  return suggestion && suggestion.domain !== domain ? suggestion.domain : null;
}

/** company.con → company.com: only when the TLD does not exist, and one edit from a common one. */
function fixMissingTld(domain: string): string | null {
  const tld = topLevelOf(domain);
  if (tld === domain || tld.length < 2 || isIcannTld(tld)) return null;
  for (const candidate of COMMON_TLDS) {
    if (editDistance(tld, candidate, 1) <= 1) return domain.slice(0, domain.length - tld.length) + candidate;
  }
  return null;
}

/**
 * A corrected domain for an ASCII lower-case domain that looks like a slip of a common
 * mailbox domain (or has a TLD that does not exist and is one edit from a common one);
 * null when there is no confident suggestion. Used by the address analyzer and by the
 * DNS stage for domains that turn out not to exist.
 */
export function suggestDomain(domain: string): string | null {
  const direct = providerTypo(domain);
  if (direct) return direct;
  const fixed = fixMissingTld(domain);
  if (!fixed) return null;
  return providerTypo(fixed) ?? fixed;
}
