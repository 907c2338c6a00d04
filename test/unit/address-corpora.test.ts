// The address policy against the public syntax corpora in test/fixtures/corpora
// (their sources and licences are in that folder's README.md and SOURCE.md files). python-email-validator's "can actually be sent
// to" policy is the reference: every case agrees, or is in PYTHON_DIFFERENCES with
// the reason. For isemail, validator.js and WPT, the categories where the policies
// coincide must agree; the rest is documented in docs/syntax-policy.md, which must
// list every difference named here.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { domainToAsciiChecked } from '../../electron/engine/idna';
import { describe, expect, it } from 'vitest';
import { AddressAnalyzer, cleanCell } from '../../shared/address/analyzer';
import type { ReasonCode } from '../../shared/model/reasons';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const corporaDir = path.join(repoRoot, 'test', 'fixtures', 'corpora');
const policyDoc = readFileSync(path.join(repoRoot, 'docs', 'syntax-policy.md'), 'utf8');

function readCorpus<T>(relative: string): T {
  const file = path.join(corporaDir, relative);
  if (!existsSync(file)) {
    throw new Error(`The address syntax corpus ${file} is missing from test/fixtures/corpora; restore it instead of skipping the tests.`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const analyzer = new AddressAnalyzer({ toAscii: domainToAsciiChecked });
/** What makes an address unusable as a recipient, whatever the other reasons. */
const REJECTING: ReadonlySet<ReasonCode> = new Set(['no_address', 'syntax_invalid', 'ses_unsupported', 'reserved_domain']);
const rejected = (cell: string) => analyzer.analyze(cell).reasons.some((code) => REJECTING.has(code));
const addressReasons = (cell: string) => analyzer.analyze(cell).reasons.filter((code) => REJECTING.has(code));

/** The docs list every difference as its input in JSON notation. */
const documented = (input: string) => policyDoc.includes(JSON.stringify(input));

interface Difference {
  ours: ReasonCode[];
  why: string;
}

const NOT_A_TLD = 'not a delegated TLD: we require a TLD in the root zone (email-validator checks that only with DNS)';
const QUOTED = 'quoted local part: SES and many mail systems refuse it';
const RESERVED = 'example.org is reserved for documentation (RFC 2606); email-validator allows it in its own tests';
const SMTPUTF8 = 'SES needs an ASCII local part (no SMTPUTF8)';

/** python-email-validator cases where Preflight deliberately decides otherwise. */
const PYTHON_DIFFERENCES: Record<string, Difference> = {
  'Abc@example.tld': { ours: ['syntax_invalid'], why: NOT_A_TLD },
  'user+mailbox/department=shipping@example.tld': { ours: ['syntax_invalid'], why: NOT_A_TLD },
  "!#$%&'*+-/=?^_`.{|}~@example.tld": { ours: ['syntax_invalid'], why: NOT_A_TLD },
  '"quoted local part"@example.org': { ours: ['ses_unsupported', 'reserved_domain'], why: `${QUOTED}; ${RESERVED}` },
  '"de-quoted.local.part"@example.org': { ours: ['ses_unsupported', 'reserved_domain'], why: `${QUOTED}; ${RESERVED}` },
  '"unnecessary.escaped.\\x.local.part"@example.org': { ours: ['ses_unsupported', 'reserved_domain'], why: `${QUOTED}; ${RESERVED}` },
  '"escaped.quote.\\".local.part"@example.org': { ours: ['ses_unsupported', 'reserved_domain'], why: `${QUOTED}; ${RESERVED}` },
  'MyName <me@example.org>': { ours: ['reserved_domain'], why: RESERVED },
  'My Name <me@example.org>': { ours: ['reserved_domain'], why: RESERVED },
  '"My.\\"Na\\\\me\\".Is" <"me \\" \\\\ me"@example.org>': { ours: ['ses_unsupported', 'reserved_domain'], why: `${QUOTED}; ${RESERVED}` },
  '伊昭傑@郵件.商務': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  'राम@मोहन.ईन्फो': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  'юзер@екзампл.ком': { ours: ['ses_unsupported'], why: SMTPUTF8 },
  'θσερ@εχαμπλε.ψομ': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  '\uF96E士豪@臺網中心.tw': { ours: ['ses_unsupported'], why: SMTPUTF8 }, // U+F96E, a compatibility form of 葉
  '\uF96E士豪@臺網中心.台灣': { ours: ['ses_unsupported'], why: SMTPUTF8 },
  'jeff\uF96E@臺網中心.tw': { ours: ['ses_unsupported'], why: SMTPUTF8 },
  'ñoñó@example.tld': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  '我買@example.tld': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  '甲斐黒川日本@example.tld': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  'чебурашкаящик-с-апельсинами.рф@example.tld': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  'उदाहरण.परीक्ष@domain.with.idn.tld': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` },
  'ιωάννης@εεττ.gr': { ours: ['ses_unsupported'], why: SMTPUTF8 },
  '"s\u0323\u0307" <s\u0323\u0307@nfc.tld>': { ours: ['syntax_invalid'], why: `${NOT_A_TLD}; ${SMTPUTF8}` }, // decomposed ṩ
  '＠@fullwidth.at': { ours: ['ses_unsupported'], why: SMTPUTF8 },
};

interface PythonCorpus {
  groups: Record<string, { expected: string; rows: unknown[] }>;
}

interface PythonOutput {
  ascii_domain?: string;
  ascii_local_part?: string;
  ascii_email?: string;
}

describe('python-email-validator (the reference policy)', () => {
  const corpus = readCorpus<PythonCorpus>('python-email-validator/test_syntax_cases.json');
  const cases: Array<{ group: string; input: string; valid: boolean; output?: PythonOutput }> = [];
  for (const [group, { expected, rows }] of Object.entries(corpus.groups)) {
    for (const row of rows) {
      if (group === 'test_email_unsafe_character') {
        const unsafe = (row as [string, string])[0];
        cases.push({ group, input: `${unsafe}@test`, valid: false }, { group, input: `test@${unsafe}`, valid: false });
        continue;
      }
      const [input, output] = Array.isArray(row) ? (row as [string, unknown]) : [row as string, undefined];
      // Preflight follows email-validator's defaults, its strict=True length rule and allow_smtputf8=False:
      // only "valid" cases are valid.
      cases.push({ group, input, valid: expected === 'valid', output: typeof output === 'object' ? (output as PythonOutput) : undefined });
    }
  }

  it('has every group of the corpus (136 rows)', () => {
    expect(Object.keys(corpus.groups)).toHaveLength(8);
    expect(cases.length).toBe(136 + 11);
  });

  it.each(cases.map((c) => [c.group, JSON.stringify(c.input), c] as const))('%s %s', (_group, _shown, c) => {
    const difference = PYTHON_DIFFERENCES[c.input];
    if (difference) {
      expect(addressReasons(c.input)).toEqual(difference.ours);
      expect(rejected(c.input)).toBe(c.valid); // a difference really differs
    } else {
      expect(rejected(c.input)).toBe(!c.valid);
    }
    // Whatever the verdict, the domain is encoded as email-validator encodes it.
    const result = analyzer.analyze(c.input);
    if (c.output?.ascii_domain) expect(result.domain).toBe(c.output.ascii_domain);
    if (c.output?.ascii_email && !rejected(c.input)) expect(result.normalized).toBe(c.output.ascii_email);
    if (c.output?.ascii_local_part && !result.local.startsWith('"')) expect(result.local).toBe(c.output.ascii_local_part);
  });

  it('lists only real corpus cases as differences, each one in docs/syntax-policy.md', () => {
    const inputs = new Set(cases.map((c) => c.input));
    for (const [input, { why }] of Object.entries(PYTHON_DIFFERENCES)) {
      expect(inputs.has(input), input).toBe(true);
      expect(why.length).toBeGreaterThan(10);
      expect(documented(input), `docs/syntax-policy.md lists ${JSON.stringify(input)}`).toBe(true);
    }
  });
});

interface IsemailCase {
  id: string;
  address_decoded: string;
  category: string;
  diagnosis: string;
}

/** isemail VALID addresses Preflight rejects. */
const ISEMAIL_VALID_DIFFERENCES: Record<string, string> = {
  'test@io': 'a TLD alone is not a mail domain (two labels at least); python-email-validator agrees',
  'test@xn--hxajbheg2az3al.xn--jxalpdlp': '.xn--jxalpdlp (δοκιμή) was an IANA test TLD, never delegated',
};

describe('isemail (RFC 5321/5322 diagnoses)', () => {
  const cases = [
    ...readCorpus<IsemailCase[]>('isemail/tests.json').map((c) => ({ ...c, set: 'tests' })),
    ...readCorpus<IsemailCase[]>('isemail/tests-original.json').map((c) => ({ ...c, set: 'tests-original' })),
  ];
  const compared = cases.filter((c) => c.category !== 'ISEMAIL_DNSWARN');

  it('reads both sets (164 + 279 cases)', () => {
    expect(cases).toHaveLength(164 + 279);
  });

  it.each(compared.map((c) => [`${c.set}#${c.id}`, c.diagnosis, JSON.stringify(c.address_decoded), c] as const))(
    '%s %s %s',
    (_id, _diagnosis, _shown, c) => {
      const input = c.address_decoded;
      const reasons = addressReasons(input);
      if (c.category === 'ISEMAIL_VALID_CATEGORY') {
        if (ISEMAIL_VALID_DIFFERENCES[input]) expect(reasons).toEqual(['syntax_invalid']);
        else expect(reasons).toEqual([]);
        return;
      }
      // Quoted local parts and well-formed address literals are RFC 5321 addresses SES cannot send to.
      if (/^ISEMAIL_RFC5321_(?:QUOTEDSTRING|ADDRESSLITERAL|IPV6DEPRECATED)$/.test(c.diagnosis)) {
        expect(reasons[0]).toBe('ses_unsupported');
        return;
      }
      const trimmed = cleanCell(input);
      if (trimmed !== input && !rejected(input)) {
        // The one deliberate difference: spaces, tabs and line breaks around a cell are trimmed.
        expect(input.trim()).toBe(trimmed);
        expect(cases.some((other) => other.address_decoded === trimmed && other.category === 'ISEMAIL_VALID_CATEGORY')).toBe(true);
        return;
      }
      expect(reasons.length, `${c.diagnosis} must be rejected`).toBeGreaterThan(0);
      if (c.diagnosis.startsWith('ISEMAIL_RFC5322_IPV6')) expect(reasons).toEqual(['syntax_invalid']);
    },
  );

  it('documents its differences', () => {
    for (const input of Object.keys(ISEMAIL_VALID_DIFFERENCES)) expect(documented(input), input).toBe(true);
  });
});

interface ValidatorBlock {
  options: Record<string, unknown>;
  valid: string[];
  invalid: string[];
}

/** validator.js blocks whose options match a policy of ours: the defaults, no UTF-8 local parts, display names allowed. */
const VALIDATOR_COMPARED_BLOCKS = [0, 3, 4, 15];

/** validator.js verdicts we do not share, keyed by input: what validator.js says, and why we differ. */
const VALIDATOR_DIFFERENCES: Record<string, { theySay: 'valid' | 'invalid'; why: string }> = {
  'hans.m端ller@test.com': { theySay: 'valid', why: SMTPUTF8 },
  'Some Name <hans.m端ller@test.com>': { theySay: 'valid', why: SMTPUTF8 },
  '"foobar"@example.com': { theySay: 'valid', why: QUOTED },
  '"  foo  m端ller "@example.com': { theySay: 'valid', why: QUOTED },
  '"foo\\@bar"@example.com': { theySay: 'valid', why: QUOTED },
  '"  foo  bar  "@example.com': { theySay: 'valid', why: QUOTED },
  'somename@ｇｍａｉｌ.com': { theySay: 'invalid', why: 'UTS-46 maps full-width letters to ASCII: the address is somename@gmail.com' },
  'Some Name < foo@bar.co.uk >': { theySay: 'invalid', why: 'spaces inside the angle brackets are trimmed' },
  'invisibleCharacter\u001f<jh@gmail.com>': { theySay: 'invalid', why: 'the display name is dropped, not validated' },
  '""quotes""<jh@gmail.com>': { theySay: 'invalid', why: 'the display name is dropped, not validated' },
  'name;<jh@gmail.com>': { theySay: 'invalid', why: 'the display name is dropped, not validated' },
  '    <jh@gmail.com>': { theySay: 'invalid', why: 'the display name is dropped, not validated' },
  '"    "<jh@gmail.com>': { theySay: 'invalid', why: 'the display name is dropped, not validated' },
};

describe('validator.js isEmail', () => {
  const { blocks } = readCorpus<{ blocks: ValidatorBlock[] }>('validatorjs-isEmail/isEmail_cases.json');

  it('has 16 option blocks, compared where the options match our policy', () => {
    expect(blocks).toHaveLength(16);
    for (const index of VALIDATOR_COMPARED_BLOCKS) {
      const keys = Object.keys(blocks[index]!.options);
      expect(
        keys.every((key) => ['allow_utf8_local_part', 'allow_display_name'].includes(key)),
        JSON.stringify(keys),
      ).toBe(true);
    }
  });

  const rows = VALIDATOR_COMPARED_BLOCKS.flatMap((index) => [
    ...blocks[index]!.valid.map((input) => ({ index, input, valid: true })),
    ...blocks[index]!.invalid.map((input) => ({ index, input, valid: false })),
  ]);
  it.each(rows.map((r) => [r.index, r.valid ? 'valid' : 'invalid', JSON.stringify(r.input), r] as const))(
    'block %i %s %s',
    (_i, _v, _s, r) => {
      const differs = VALIDATOR_DIFFERENCES[r.input]?.theySay === (r.valid ? 'valid' : 'invalid');
      expect(rejected(r.input)).toBe(differs ? r.valid : !r.valid);
    },
  );

  it('documents its differences', () => {
    for (const input of Object.keys(VALIDATOR_DIFFERENCES)) expect(documented(input), input).toBe(true);
  });
});

interface WptCorpus {
  'email-validity.window.js': Array<{ input: string; valid: boolean }>;
  'form-validation-validity-typeMismatch.html': Array<{ multiple: boolean; value: string; typeMismatch: boolean }>;
}

const WPT_DIFFERENCES: Record<string, string> = {
  'a@a': 'a single-label domain',
  'a@ñ': 'a single-label domain',
  'ñ@ñ': 'a single-label domain and a non-ASCII local part',
  'a@123': 'a single-label domain',
  'a@123.123.123.123': 'an IP address without brackets has no TLD',
  'a@[::1]': 'RFC 5321 writes IPv6 literals as [IPv6:…]',
  'test@example.com': 'example.com is reserved (RFC 2606)',
  '\n\r \t test@example.com \n\r \t': 'example.com is reserved (RFC 2606)',
  '': 'an empty input is not a type mismatch in a form; an empty cell is no address',
};

describe('web-platform-tests <input type=email>', () => {
  const corpus = readCorpus<WptCorpus>('wpt-html-email/email_validity_cases.json');
  const rows = [
    ...corpus['email-validity.window.js'].map(({ input, valid }) => ({ input, valid })),
    // One address per cell: the multiple-address rows have no counterpart.
    ...corpus['form-validation-validity-typeMismatch.html']
      .filter((c) => !c.multiple)
      .map((c) => ({ input: c.value, valid: !c.typeMismatch })),
  ];

  it.each(rows.map((r) => [JSON.stringify(r.input), r.valid, r] as const))('%s valid=%s', (_s, _v, r) => {
    const differs = WPT_DIFFERENCES[r.input] !== undefined;
    expect(rejected(r.input)).toBe(differs ? r.valid : !r.valid);
  });

  it('documents its differences', () => {
    for (const input of Object.keys(WPT_DIFFERENCES)) expect(documented(input), JSON.stringify(input)).toBe(true);
  });
});
