// The fast path (one strict regular expression + the per-domain checks) must
// accept only what the full path (email-addresses + the deliverability policy)
// accepts, with the same parts: fast-accepted ⇒ full-accepted, same local part,
// same domain. Realistic addresses must take the fast path.

import { domainToAsciiChecked } from '../../electron/engine/idna';
import emailAddresses from 'email-addresses';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressAnalyzer, CANONICAL_ASCII_DOMAIN, FAST_ADDRESS, cleanCell } from '../../shared/address/analyzer';

const analyzer = new AddressAnalyzer({ toAscii: domainToAsciiChecked });

const chars = (text: string) => [...text];
const ATEXT = chars("abcxyzABCXYZ0189!#$%&'*+/=?^_`{|}~-");
/** Characters that break or stretch the rules: dots, quotes, brackets, spaces, non-ASCII, a second @. */
const AWKWARD = chars('..@"\\ ()[]<>,;:\u00a0\u200büß\u00e9\u4e2d\uff0e\uff20');

const localPart = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...ATEXT, '.'), minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...ATEXT, ...AWKWARD), minLength: 0, maxLength: 12 }) },
  // Around the 64-octet limit.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 55, max: 70 }), fc.boolean())
      .map(([n, dotted]) => (dotted ? 'a.'.repeat(n).slice(0, n) : 'x'.repeat(n))),
  },
);
const label = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...chars('abcxyzABZ019-')), minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...chars('abz09-_ü.'), ...AWKWARD), minLength: 0, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('xn--bcher-kva', 'xn--0', 'ab--cd', 'a'.repeat(63), 'b'.repeat(64), 'example', 'localhost') },
);
const tld = fc.constantFrom('com', 'de', 'CO.UK', 'xn--p1ai', 'io', 'zz', 'test', 'invalid', '123', 'c', 'com.', 'Org', 'ONION', 'local');
const domain = fc.tuple(fc.array(label, { minLength: 0, maxLength: 4 }), tld).map(([labels, top]) => [...labels, top].join('.'));
// Around the 254-octet limit for the whole address: three or four 63-letter labels.
const longDomain = fc
  .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 60 }))
  .map(([n, m]) => `${'d'.repeat(63)}.`.repeat(n) + `${'e'.repeat(m)}.com`);
const structured = fc
  .tuple(localPart, fc.oneof({ weight: 4, arbitrary: domain }, { weight: 1, arbitrary: longDomain }))
  .map(([local, host]) => `${local}@${host}`);
const noise = fc.string({ unit: fc.constantFrom(...ATEXT, ...AWKWARD, 'm', '.', 'c', 'o', '@'), maxLength: 30 });
const candidates = fc.oneof(
  { weight: 6, arbitrary: structured },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: noise },
);

describe('fast path ⇒ full path', () => {
  it('whatever the fast path accepts, the full path accepts with the same local part and domain', () => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(candidates, (text) => {
        total++;
        const fast = analyzer.fastSyntax(text);
        if (fast === null) return;
        accepted++;
        expect(analyzer.fullSyntax(text)).toEqual(fast);
        expect(analyzer.analyze(text).normalized).toBe(`${fast.local}@${fast.domain}`);
      }),
      { numRuns: 4000, seed: 20261126 },
    );
    // Not vacuous: a good share of the generated addresses take the fast path.
    expect(accepted / total).toBeGreaterThan(0.15);
  });

  it('holds for fast-check’s RFC-shaped addresses too, wrapped the way cells wrap them', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom('', ' ', '\u00a0', '\u200b'), fc.boolean(), (address, pad, angle) => {
        const cell = angle ? `Name <${address}>${pad}` : `${pad}${address}${pad}`;
        const text = cleanCell(cell);
        expect(text).toBe(address);
        const fast = analyzer.fastSyntax(text);
        if (fast) expect(analyzer.fullSyntax(text)).toEqual(fast);
      }),
      { numRuns: 1500, seed: 7 },
    );
  });

  it('a plain dot-atom@dot-atom is what email-addresses reads it as, so it needs no parser', () => {
    let plain = 0;
    fc.assert(
      fc.property(candidates, (text) => {
        if (!FAST_ADDRESS.test(text)) return;
        plain++;
        const parsed = emailAddresses.parseOneAddress({ input: text, rfc6532: true });
        expect(parsed?.type).toBe('mailbox');
        if (parsed?.type !== 'mailbox') return;
        const at = text.indexOf('@');
        expect(parsed.parts.local.children[0]?.name).toBe('dot-atom');
        expect(parsed.parts.domain.children[0]?.name).toBe('dot-atom');
        expect(parsed.parts.comments).toEqual([]);
        expect(parsed.name).toBeNull();
        expect([parsed.local, parsed.domain]).toEqual([text.slice(0, at), text.slice(at + 1)]);
      }),
      { numRuns: 3000, seed: 11 },
    );
    expect(plain).toBeGreaterThan(500);
  });

  it('skips IDNA only for domains it maps to themselves', () => {
    const canonicalish = fc.string({ unit: fc.constantFrom(...chars('abxz019-.')), minLength: 1, maxLength: 20 });
    let checked = 0;
    fc.assert(
      fc.property(canonicalish, (host) => {
        if (!CANONICAL_ASCII_DOMAIN.test(host) || host.includes('xn--')) return;
        checked++;
        expect(domainToAsciiChecked(host)).toBe(host);
      }),
      { numRuns: 5000, seed: 3 },
    );
    expect(checked).toBeGreaterThan(500);
    // The cases the shortcut leaves to IDNA really are changed or refused by it.
    expect(domainToAsciiChecked('a.0x10')).not.toBe('a.0x10');
    expect(domainToAsciiChecked('1.2.3')).not.toBe('1.2.3');
    expect(domainToAsciiChecked('xn--0.de')).toBe('');
  });
});

describe('realistic lists take the fast path', () => {
  it('at least 99% of typical addresses never reach email-addresses', () => {
    const first = ['anna', 'john', 'maria', 'li', 'mohammed', 'sofia', 'lukas', 'emma', 'noah', 'chen'];
    const last = ['smith', 'mueller', 'garcia', 'wang', 'kim', 'rossi', 'dubois', 'novak', "o'brien", 'nguyen'];
    const domains = [
      'gmail.com',
      'yahoo.com',
      'outlook.com',
      'hotmail.co.uk',
      'web.de',
      'acme-widgets.com',
      'mail.uni-hamburg.de',
      'xn--bcher-kva.de',
      'example.org',
    ];
    let fast = 0;
    let total = 0;
    for (let i = 0; i < 5000; i++) {
      const f = first[i % first.length]!;
      const l = last[(i * 7) % last.length]!;
      const local = [`${f}.${l}`, `${f}${l}${i % 97}`, `${f[0]}${l}`, `${f}.${l}+news`, `${f.toUpperCase()}_${l}`][i % 5]!;
      const text = `${local}@${domains[(i * 3) % domains.length]}`;
      total++;
      if (analyzer.fastSyntax(text)) fast++;
    }
    expect(fast / total).toBeGreaterThanOrEqual(0.99);
  });
});
