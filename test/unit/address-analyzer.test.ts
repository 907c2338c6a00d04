import { domainToAsciiChecked } from '../../electron/engine/idna';
import { describe, expect, it } from 'vitest';
import { AddressAnalyzer, cleanCell, suggestDomain } from '../../shared/address/analyzer';
import { EXCLUDED_ROLE_TOKENS, isRoleLocalPart } from '../../shared/address/roles';
import { isDisposableDomain, PRIVACY_RELAY_DOMAINS } from '../../shared/address/disposable';
import { providerOf } from '../../shared/address/providers';

const analyzer = () => new AddressAnalyzer({ toAscii: domainToAsciiChecked });
const shared = analyzer();
const analyze = (cell: string) => shared.analyze(cell);

describe('normalisation', () => {
  it.each([
    ['trailing NBSP and leading spaces', '  ann@example.de\u00a0', 'ann@example.de'],
    ['zero-width characters anywhere', '\u200bann\u200c@exam\u200dple.de\u2060\ufeff', 'ann@example.de'],
    ['other Unicode spaces and line breaks', '\u2003\u3000ann@example.de\r\n\t', 'ann@example.de'],
    ['a display name', 'Ann Smith <ann@example.de>', 'ann@example.de'],
    ['a quoted display name with a comma', '"Smith, Ann" <ann@example.de>', 'ann@example.de'],
    ['bare angle brackets', '<ann@example.de>', 'ann@example.de'],
    ['a mailto: prefix', 'mailto:ann@example.de', 'ann@example.de'],
    ['MAILTO: with a query inside angle brackets', 'Ann <MAILTO:ann@example.de?subject=Hi>', 'ann@example.de'],
    ['an upper-case domain', 'Ann@EXAMPLE.DE', 'Ann@example.de'],
    ['an internationalised domain', 'user@bücher.de', 'user@xn--bcher-kva.de'],
    ['an upper-case internationalised domain', 'user@BÜCHER.DE', 'user@xn--bcher-kva.de'],
    ['a domain already in punycode', 'user@xn--bcher-kva.de', 'user@xn--bcher-kva.de'],
  ])('%s', (_label, cell, normalized) => {
    const result = analyze(cell);
    expect(result.normalized).toBe(normalized);
    expect(result.reasons).not.toContain('syntax_invalid');
  });

  it('keeps the local part as typed, and the domain in ASCII lower case', () => {
    const result = analyze('J.Doe+News@GMail.COM');
    expect(result).toMatchObject({ local: 'J.Doe+News', domain: 'gmail.com', normalized: 'J.Doe+News@gmail.com' });
  });

  it('cleanCell leaves a plain address alone and empties a blank cell', () => {
    expect(cleanCell('ann@example.de')).toBe('ann@example.de');
    expect(cleanCell(' \u00a0\u200b ')).toBe('');
  });
});

describe('reasons', () => {
  it('no_address: an empty or blank cell', () => {
    for (const cell of ['', '   ', '\u00a0', '\u200b']) {
      expect(analyze(cell)).toMatchObject({ reasons: ['no_address'], normalized: '', aliasKey: '' });
    }
  });

  it.each([
    ['no @', 'ann.example.de'],
    ['nothing before the @', '@example.de'],
    ['nothing after the @', 'ann@'],
    ['two @', 'ann@smith@example.de'],
    ['a leading dot', '.ann@example.de'],
    ['a trailing dot in the local part', 'ann.@example.de'],
    ['consecutive dots', 'ann..smith@example.de'],
    ['a space inside', 'ann smith@example.de'],
    ['a comment', 'ann(work)@example.de'],
    ['an obsolete quoted word', 'ann."x".smith@example.de'],
    ['a local part over 64 octets', `${'a'.repeat(65)}@example.de`],
    ['an address over 254 octets', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.de`],
    ['a label over 63 characters', `ann@${'x'.repeat(64)}.de`],
    ['a label starting with a hyphen', 'ann@-example.de'],
    ['a label ending with a hyphen', 'ann@example-.de'],
    ['an underscore in the domain', 'ann@ex_ample.de'],
    ['"ab--" outside punycode', 'ann@ab--cd.de'],
    ['an invalid punycode label', 'ann@xn--0.de'],
    ['a single-label domain', 'ann@intranet'],
    ['a TLD that does not exist', 'ann@example.zz'],
    ['a numeric TLD', 'ann@1.2.3.4'],
    ['a trailing dot on the domain', 'ann@example.de.'],
    ['a malformed IP literal', 'ann@[1.2.3.999]'],
    ['two addresses in one cell', 'ann@example.de; bob@example.de'],
  ])('syntax_invalid: %s', (_label, cell) => {
    const result = analyze(cell);
    expect(result.reasons[0]).toBe('syntax_invalid');
    expect(result.normalized).toBe('');
    expect(result.aliasKey).toBe('');
  });

  it.each([
    ['a non-ASCII local part', 'jörg@example.de', 'jörg@example.de'],
    ['a quoted local part', '"ann smith"@example.de', '"ann smith"@example.de'],
    ['an IPv4 literal', 'ann@[192.0.2.1]', 'ann@[192.0.2.1]'],
    ['an IPv6 literal', 'ann@[IPv6:2001:db8::1]', 'ann@[IPv6:2001:db8::1]'],
  ])('ses_unsupported: %s', (_label, cell, normalized) => {
    const result = analyze(cell);
    expect(result.reasons[0]).toBe('ses_unsupported');
    expect(result.normalized).toBe(normalized);
    expect(result.aliasKey).toBe('');
  });

  it('offers the unquoted form of a needlessly quoted local part', () => {
    expect(analyze('"ann.smith"@gmail.com')).toMatchObject({ reasons: ['ses_unsupported'], suggestion: 'ann.smith@gmail.com' });
    expect(analyze('"ann smith"@gmail.com').suggestion).toBe('');
  });

  it.each([
    'ann@example.com',
    'ann@example.net',
    'ann@example.org',
    'ann@mail.example.com',
    'ann@shop.example',
    'ann@host.test',
    'ann@host.invalid',
    'ann@host.localhost',
    'ann@localhost',
    'ann@printer.local',
    'ann@x.onion',
  ])('reserved_domain: %s', (cell) => {
    expect(analyze(cell).reasons).toEqual(['reserved_domain']);
  });

  it('does not mistake look-alikes for reserved names', () => {
    for (const cell of ['ann@example.co', 'ann@myexample.com', 'ann@example.com.au', 'ann@testing.de']) {
      expect(analyze(cell).reasons).not.toContain('reserved_domain');
    }
  });

  it('disposable: a listed domain or any of its subdomains', () => {
    expect(analyze('ann@mailinator.com').reasons).toEqual(['disposable']);
    expect(analyze('ann@inbox.mailinator.com').reasons).toEqual(['disposable']);
    // yopmail is one letter from ymail and two from hotmail: a disposable service, not a typo.
    expect(analyze('ann@yopmail.com').reasons).toEqual(['disposable']);
    expect(analyze('ann@gmail.com').reasons).toEqual([]);
  });

  it('never flags a privacy relay as disposable, even when a blocklist lists it', () => {
    const blocklist = new Set(['duck.com', 'mozmail.com', 'simplelogin.com', 'passmail.net', 'appleid.com', 'throwaway.test']);
    const strict = new AddressAnalyzer({ toAscii: domainToAsciiChecked, disposableDomains: blocklist });
    for (const cell of [
      'ann@duck.com',
      'x1y2@mozmail.com',
      'ann.x@simplelogin.com',
      'a@passmail.net',
      'abc@privaterelay.appleid.com',
      'a@sub.simplelogin.com',
    ]) {
      expect(strict.analyze(cell).reasons, cell).not.toContain('disposable');
    }
    for (const relay of PRIVACY_RELAY_DOMAINS) expect(isDisposableDomain(relay, new Set([relay]))).toBe(false);
    expect(isDisposableDomain('a.b.throwaway.test', blocklist)).toBe(true);
  });

  it('role_account: the local part before any +tag, any case', () => {
    for (const cell of ['info@acme.de', 'Sales@acme.de', 'support+ticket@acme.de', 'postmaster@acme.de', 'noreply@acme.de', 'hr@acme.de']) {
      expect(analyze(cell).reasons, cell).toEqual(['role_account']);
    }
  });

  it('does not take the SES mailbox simulator for role accounts', () => {
    for (const local of ['success', 'bounce', 'ooto', 'complaint', 'suppressionlist', 'bounce+label']) {
      expect(analyze(`${local}@simulator.amazonses.com`).reasons, local).toEqual([]);
    }
  });

  it('does not take initials and first names for roles', () => {
    for (const cell of [
      'it@acme.de',
      'hi@acme.de',
      'pm@acme.de',
      'jd@acme.de',
      'me@acme.de',
      'per@acme.de',
      'sydney@acme.de',
      'paris@acme.de',
      'information.smith@acme.de',
    ]) {
      expect(analyze(cell).reasons, cell).toEqual([]);
    }
    expect(EXCLUDED_ROLE_TOKENS).toEqual(expect.arrayContaining(['it', 'hi', 'pm', 'ap', 'per']));
    expect(isRoleLocalPart('INFO+x')).toBe(true);
  });

  it.each([
    ['ann@gmial.com', 'ann@gmail.com'],
    ['ann@gmail.con', 'ann@gmail.com'],
    ['ann@hotmial.com', 'ann@hotmail.com'],
    ['ann@yahooo.com', 'ann@yahoo.com'],
    ['ann@gamil.com', 'ann@gmail.com'],
    ['ann@gmail.co', 'ann@gmail.com'],
    ['ann@outlok.com', 'ann@outlook.com'],
    ['ann@hotmail.co.uk', ''],
  ])('typo_suspected: %s → %s', (cell, suggestion) => {
    const result = analyze(cell);
    expect(result.suggestion).toBe(suggestion);
    if (suggestion) expect(result.reasons).toContain('typo_suspected');
    else expect(result.reasons).not.toContain('typo_suspected');
  });

  it('a typo with a real TLD is for review; one with a TLD that does not exist is also invalid', () => {
    expect(analyze('ann@gmial.com').reasons).toEqual(['typo_suspected']);
    expect(analyze('ann@gmail.con').reasons).toEqual(['syntax_invalid', 'typo_suspected']);
    expect(analyze('ann@company.con')).toMatchObject({ reasons: ['syntax_invalid', 'typo_suspected'], suggestion: 'ann@company.com' });
  });

  it.each([
    'example.co',
    'fastmail.com',
    'hey.com',
    'gmx.de',
    'web.de',
    'yandex.ru',
    'outlook.de',
    'proton.me',
    'mail.com',
    'email.com',
    'gmx.net',
    'libero.it',
    'mac.com',
    'cloud.com',
    'love.com',
    'ai.com',
    'bt.com',
    'gmail.de',
    'acme-widgets.com',
    'yopmail.com',
    'mymail.com',
    'small.com',
  ])('no typo suggestion for the real domain %s', (domain) => {
    const result = analyze(`ann@${domain}`);
    expect(result.reasons).not.toContain('typo_suspected');
    expect(result.suggestion).toBe('');
    expect(suggestDomain(domain)).toBeNull();
  });

  it('suggestDomain is exported for the DNS stage', () => {
    expect(suggestDomain('gmial.com')).toBe('gmail.com');
    expect(suggestDomain('yhaoo.com')).toBe('yahoo.com');
    expect(suggestDomain('gmial.con')).toBe('gmail.com');
    expect(suggestDomain('hotmail.om')).toBe('hotmail.com');
  });

  it('suggests a repaired address for common slips in an invalid cell', () => {
    expect(analyze('ann@gmail.com.').suggestion).toBe('ann@gmail.com');
    expect(analyze('ann @ gmail.com').suggestion).toBe('ann@gmail.com');
    expect(analyze('ann@gmail,com').suggestion).toBe('ann@gmail.com');
    expect(analyze('ann@@gmail.com').suggestion).toBe('ann@gmail.com');
    expect(analyze('ann@gmail..com').suggestion).toBe('ann@gmail.com');
    expect(analyze('not an address').suggestion).toBe('');
  });

  it('keys exact duplicates by the normalised address in lower case, whatever path read it', () => {
    for (const cell of [
      'Anna.Mueller@ACME-Widgets.de',
      'anna.mueller@acme-widgets.de',
      ' <ANNA.mueller@acme-widgets.DE> ',
      'Ann <ann@Bücher.de>',
      '"a b"@example.org',
      'no address',
    ]) {
      const result = analyze(cell);
      expect(result.key).toBe(result.normalized.toLowerCase());
    }
    expect(analyze('Anna.Mueller@ACME-Widgets.de').key).toBe(analyze('anna.mueller@acme-widgets.de').key);
  });

  it('a valid ordinary address has no reasons', () => {
    expect(analyze('anna.mueller@acme-widgets.de')).toEqual({
      domainId: expect.any(Number) as number,
      normalized: 'anna.mueller@acme-widgets.de',
      key: 'anna.mueller@acme-widgets.de',
      local: 'anna.mueller',
      domain: 'acme-widgets.de',
      reasons: [],
      suggestion: '',
      aliasKey: 'anna.mueller@acme-widgets.de',
      provider: 'other',
      freeProvider: false,
    });
  });
});

describe('mailbox alias keys and providers', () => {
  it.each([
    ['J.Doe+news@gmail.com', 'jdoe@gmail.com', 'gmail'],
    ['jdoe@googlemail.com', 'jdoe@gmail.com', 'gmail'],
    ['j.d.o.e@GMAIL.com', 'jdoe@gmail.com', 'gmail'],
    ['Ann.Smith+shop@outlook.com', 'ann.smith@outlook.com', 'microsoft'],
    ['ann+x@hotmail.co.uk', 'ann@hotmail.co.uk', 'microsoft'],
    ['ann+x@me.com', 'ann@icloud.com', 'apple'],
    ['ann@mac.com', 'ann@icloud.com', 'apple'],
    ['ann-shopping@yahoo.com', 'ann@yahoo.com', 'yahoo'],
    ['ann+x@yahoo.com', 'ann+x@yahoo.com', 'yahoo'],
    ['ann+x@fastmail.com', 'ann@fastmail.com', 'fastmail'],
    ['anything@ann.fastmail.com', 'ann@fastmail.com', 'fastmail'],
    ['ann+x@protonmail.com', 'ann@proton.me', 'proton'],
    ['ann.smith+x@yandex.com', 'ann-smith@yandex.ru', 'yandex'],
    ['Ann+x@acme.de', 'ann+x@acme.de', 'other'],
    ['a.nn@acme.de', 'a.nn@acme.de', 'other'],
  ])('%s → %s', (cell, aliasKey, provider) => {
    expect(analyze(cell)).toMatchObject({ aliasKey, provider });
  });

  it('marks consumer mailbox domains as free providers and company domains not', () => {
    for (const domain of [
      'gmail.com',
      'yahoo.co.uk',
      'aol.com',
      'hotmail.fr',
      'icloud.com',
      'gmx.de',
      'web.de',
      'mail.ru',
      'yandex.ru',
      'qq.com',
      '163.com',
      'proton.me',
      'zoho.com',
      'orange.fr',
      'duck.com',
    ]) {
      expect(providerOf(domain).freeProvider, domain).toBe(true);
    }
    expect(providerOf('acme.de')).toEqual({ provider: 'other', freeProvider: false });
    expect(analyze('ann@acme.de').freeProvider).toBe(false);
    expect(analyze('ann@aol.com').provider).toBe('aol');
  });
});

describe('memoisation', () => {
  it('computes each domain once: IDNA runs once per spelling of a domain', () => {
    let calls = 0;
    const counting = new AddressAnalyzer({
      toAscii: (domain) => {
        calls++;
        return domainToAsciiChecked(domain);
      },
    });
    for (let i = 0; i < 100; i++) counting.analyze(`user${i}@Bücher.de`);
    expect(calls).toBe(1);
    expect(counting.analyze('x@bücher.de').domain).toBe('xn--bcher-kva.de');
    expect(calls).toBe(2);
    // Domains already in canonical ASCII form need no IDNA call at all.
    counting.analyze('x@gmail.com');
    expect(calls).toBe(2);
  });

  it('a fresh analyzer and a used one agree', () => {
    const cells = ['ann@gmial.com', 'ann@gmail.com', 'info@acme.de', 'x@mailinator.com', 'bad@@x', 'ann@bücher.de'];
    const used = analyzer();
    for (const cell of cells) used.analyze(cell);
    // Everything but the domain id, which numbers domains in the order each analyzer met them.
    const withoutId = ({ domainId: _, ...rest }: ReturnType<typeof analyze>) => rest;
    for (const cell of cells) expect(withoutId(used.analyze(cell))).toEqual(withoutId(analyzer().analyze(cell)));
  });

  it('gives each domain as typed one id, and one per distinct spelling', () => {
    const fresh = analyzer();
    const ids = ['a@acme.de', 'b@acme.de', 'c@other.org', 'd@ACME.de', 'bad@@x', 'e@other.org'].map((cell) => fresh.analyze(cell).domainId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[5]);
    expect(new Set([ids[0], ids[2], ids[3]]).size).toBe(3);
    expect(fresh.analyze('').domainId).toBe(-1);
  });
});

describe('hostile cells', () => {
  it('stays linear on huge cells of spaces, dots, quotes or brackets', () => {
    const huge = 200_000;
    const cells = [
      `${' '.repeat(huge)}x${' '.repeat(huge)}`,
      `a${'.'.repeat(huge)}b@x.com`,
      `${'.'.repeat(huge)}x`,
      `"${'"'.repeat(huge)}<a@b.com>`,
      `${'<'.repeat(huge)}a@b.com`,
      `${'a'.repeat(huge)}@${'b.'.repeat(huge)}com`,
      `${' @ '.repeat(huge)}`,
    ];
    const started = performance.now();
    for (const cell of cells) expect(analyze(cell).reasons[0]).toBe('syntax_invalid');
    // Quadratic behaviour would take minutes here; linear takes well under a second.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
