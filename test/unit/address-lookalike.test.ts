// Look-alike domains (issue 13, item 8): `gmаil.com` with a Cyrillic а and
// `yahοo.com` with a Greek ο were sent unflagged. shared/address/lookalike.ts.
import { domainToASCII, domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AddressAnalyzer } from '../../shared/address/analyzer';
import { verdictFor } from '../../shared/model/reasons';

const analyzer = () => new AddressAnalyzer({ toAscii: domainToASCII, toUnicode: domainToUnicode });

describe('a domain that imitates a provider with letters from another alphabet', () => {
  it('a Cyrillic а in gmail.com is not sent: review, with the Gmail address as the suggestion', () => {
    const result = analyzer().analyze('ann@gm\u0430il.com');
    expect(result.reasons).toEqual(['lookalike_domain']);
    expect(verdictFor(result.reasons)).toBe('review');
    expect(result.suggestion).toBe('ann@gmail.com');
  });

  it('a Greek ο in yahoo.com is not sent, nor the same domain written as punycode', () => {
    const typed = analyzer().analyze('bob@yah\u03bfo.com');
    expect(typed.reasons).toEqual(['lookalike_domain']);
    expect(typed.suggestion).toBe('bob@yahoo.com');
    const punycode = analyzer().analyze(`bob@${domainToASCII('yah\u03bfo.com')}`);
    expect(punycode.reasons).toEqual(['lookalike_domain']);
    expect(punycode.suggestion).toBe('bob@yahoo.com');
  });

  it('a company name mixing Latin and Cyrillic goes to review, without a made-up suggestion', () => {
    const result = analyzer().analyze('eve@p\u0430ypal-billing.com');
    expect(result.reasons).toEqual(['lookalike_domain']);
    expect(result.suggestion).toBe('');
  });
});

describe('honest internationalised domains keep being sent', () => {
  it('a German, a Japanese and a Russian domain in one script each, and full-width Gmail, are not flagged', () => {
    const a = analyzer();
    for (const cell of [
      'dan@münchen.de',
      'fay@日本語.jp',
      'kei@ひらがなカタカナ漢字.jp',
      'hal@правда.рф',
      'ivy@ｇｍａｉｌ.com',
      'gus@gmail.com',
    ]) {
      expect(a.analyze(cell).reasons, cell).toEqual([]);
    }
  });
});
