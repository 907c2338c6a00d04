// Issue 8, item 2: invariants of `preflight check` under fuzzing. fast-check generates
// recipient lists that mix what real exports hold (valid, invalid, duplicate, alias and
// role addresses, consent values and dates, quoted cells with delimiters, quotes and
// line breaks, formula-looking cells, non-ASCII names) and writes each one out the way
// some tool would (encoding, delimiter, line ends, quoting). Whatever the form:
//   - every input row is accounted for exactly once, in order, in annotated.csv and in
//     exactly one of send/review/remove.csv, and report.json's counts agree;
//   - the verdicts are the same as for the plain UTF-8, comma, LF form of the same list;
//   - the exports parse back to the input's cells, apart from the documented formula
//     neutralisation (a ' before = + - @ TAB CR) and line breaks inside cells, which
//     come out as LF (electron/services/import/records.ts).
// fast-check prints the seed and the shrunk counterexample when a property fails.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Encoding } from '../../shared/model/check';
import { cli, readCsv } from '../support/cli';
import { encodeText } from '../unit/import-test-files';

const HEADER = ['Email', 'Name', 'Opt-in', 'Opt-in Date', 'Notes'];
const VERDICTS = ['send', 'review', 'remove'] as const;

type Delimiter = ',' | ';' | '\t' | '|';

interface Form {
  encoding: Encoding;
  delimiter: Delimiter;
  lineEnd: '\n' | '\r\n' | '\r';
  /** Some exporters quote every field; others only where needed. */
  quoteAll: boolean;
  finalLineEnd: boolean;
}

const PLAIN: Form = { encoding: 'utf-8', delimiter: ',', lineEnd: '\n', quoteAll: false, finalLineEnd: true };

// A few mailboxes written many ways, so duplicates and provider aliases come up often.
const localPart = fc.constantFrom(
  'ada',
  'ada.lovelace',
  'adalovelace',
  'Ada.Lovelace',
  'ada.lovelace+news',
  'grace',
  'GRACE',
  'info',
  'sales',
  'support',
  'zoë',
);
const domain = fc.constantFrom(
  'gmail.com',
  'googlemail.com',
  'GMail.com',
  'yahoo.com',
  'outlook.com',
  'acme-widgets.co.uk',
  'example.com',
  'mailinator.com',
  'gmial.com',
  'xn--mller-gmbh-9db.de',
);
const address = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(localPart, domain).map(([local, at]) => `${local}@${at}`) },
  { weight: 1, arbitrary: fc.tuple(localPart, domain).map(([local, at]) => `Ada Lovelace <${local}@${at}>`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'not an address',
      'john..smith@hotmail.com',
      'a@@b.com',
      'josé@correo.es',
      ' alan@yahoo.com ',
      '=HYPERLINK("http://evil.example","ada@gmail.com")',
      '-ada@gmail.com',
      '+1@gmail.com',
      '@ada@gmail.com',
    ),
  },
);
const consent = fc.constantFrom('yes', 'no', '', 'Subscribed', 'TRUE', '0', 'pending', 'ja', 'x', '✓', 'opted in');
const date = fc.constantFrom('', '2025-06-01', '2019-12-31', '01/02/2024', '31.12.2025', '2025-11-30T10:00:00Z', 'yesterday', '=TODAY()');
// Words that stress quoting, encodings and formula neutralisation; every non-ASCII
// character stands next to ASCII, so a Windows-1252 file never forms valid UTF-8 by chance.
const word = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'Zoë',
      'José',
      'Müller, Hans',
      "O'Brien",
      'Søren',
      'Aïcha',
      'Łukasz',
      '李小龍',
      '😀',
      '€ 5',
      'say "hi"',
      'a,b',
      'semi;colon',
      'pipe|bar',
      'tab\there',
      'two\nlines',
      'crlf\r\ninside',
      'lone\rcr',
      ' padded ',
      '=SUM(A1:A9)',
      '@cmd',
      '+44 20 7946 0958',
      '-5',
      '\tfirst',
      '"',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const text = fc.array(word, { maxLength: 3 }).map((words) => words.join(' '));
const row = fc.tuple(address, text, consent, date, text);
const rows = fc.array(row, { minLength: 1, maxLength: 40 });

const form: fc.Arbitrary<Form> = fc.record({
  encoding: fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'),
  delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
  lineEnd: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
  quoteAll: fc.boolean(),
  finalLineEnd: fc.boolean(),
});

/** Windows-1252 holds Latin-1's letters and '€'; anything else becomes '?' in such an export. */
function representable(cell: string, encoding: Encoding): string {
  if (encoding !== 'windows-1252') return cell;
  return [...cell]
    .map((char) => (char.codePointAt(0)! < 0x80 || (char >= '\u00a0' && char <= '\u00ff') || char === '€' ? char : '?'))
    .join('');
}

function serialise(cells: string[][], { delimiter, lineEnd, quoteAll, finalLineEnd }: Form): string {
  const quote = (cell: string) => (quoteAll || cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return cells.map((cells) => cells.map(quote).join(delimiter)).join(lineEnd) + (finalLineEnd ? lineEnd : '');
}

/** What the input's cell looks like in every export. */
function exported(cell: string): string {
  const lf = cell.replace(/\r\n?/g, '\n');
  return /^[=+\-@\t\r]/.test(lf) ? `'${lf}` : lf;
}

interface Outcome {
  annotated: Awaited<ReturnType<typeof readCsv>>;
  report: {
    rows: number;
    verdicts: Record<string, number>;
    reasons: Record<string, number>;
    input: { encoding: string; delimiter: string };
  };
}

async function checkList(dir: string, name: string, cells: string[][], f: Form): Promise<Outcome> {
  const input = join(dir, `${name}.csv`);
  await writeFile(input, encodeText(serialise([HEADER, ...cells], f), f.encoding));
  const out = join(dir, `${name}-out`);
  // The column is named: detection wants most cells of a column to look like addresses
  // (shared/columns/detect.ts), which a short generated list of mostly bad cells need not have.
  const result = await cli(['check', input, '--out', out, '--offline', '--now', '2026-01-01', '--quiet', '--email-column', 'Email']);
  expect(result.stderr, `${name}: stderr`).toBe('');
  expect(result.code, name).toBe(0);
  const annotated = await readCsv(join(out, 'annotated.csv'));
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Outcome['report'];

  // Every input row exactly once, in order, with its cells as they were.
  expect(annotated.header, name).toEqual([
    ...HEADER,
    'preflight_verdict',
    'preflight_reasons',
    'preflight_suggestion',
    'preflight_normalized',
    'preflight_risk',
    'preflight_decision',
  ]);
  expect(
    annotated.raw.map((r) => r.slice(0, HEADER.length)),
    `${name}: annotated.csv cells`,
  ).toEqual(cells.map((r) => r.map(exported)));

  // Each row in the file of its verdict, and only there: the three files are annotated.csv split by verdict.
  for (const verdict of VERDICTS) {
    const file = await readCsv(join(out, `${verdict}.csv`));
    expect(file.header).toEqual(annotated.header);
    expect(file.raw, `${name}: ${verdict}.csv`).toEqual(annotated.raw.filter((r) => r[HEADER.length] === verdict));
  }
  expect(annotated.rows.every((r) => (VERDICTS as readonly string[]).includes(r['preflight_verdict']!))).toBe(true);

  // report.json agrees with the rows.
  expect(report.rows).toBe(cells.length);
  const verdicts = Object.fromEntries(VERDICTS.map((v) => [v, annotated.rows.filter((r) => r['preflight_verdict'] === v).length]));
  expect(report.verdicts).toEqual(verdicts);
  const reasons: Record<string, number> = {};
  for (const r of annotated.rows)
    for (const code of r['preflight_reasons'] ? r['preflight_reasons'].split(';') : []) reasons[code] = (reasons[code] ?? 0) + 1;
  expect(report.reasons).toEqual(reasons);
  return { annotated, report };
}

// Every encoding with every delimiter once, on lists drawn with fixed seeds; then random ones.
const ENCODINGS: Encoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'];
const DELIMITERS: Delimiter[] = [',', ';', '\t', '|'];
const everyForm: [string[][], Form][] = ENCODINGS.flatMap((encoding, e) =>
  DELIMITERS.map((delimiter, d): [string[][], Form] => {
    const i = e * DELIMITERS.length + d;
    const lineEnd = (['\n', '\r\n', '\r'] as const)[i % 3]!;
    return [
      fc.sample(rows, { seed: 2026 + i, numRuns: 1 })[0]!,
      { encoding, delimiter, lineEnd, quoteAll: i % 2 === 1, finalLineEnd: i % 4 !== 3 },
    ];
  }),
);

/** Reasons the generated lists must have produced between them, or the test proves little. */
const MUST_SEE = [
  'no_address',
  'syntax_invalid',
  'ses_unsupported',
  'reserved_domain',
  'disposable',
  'role_account',
  'typo_suspected',
  'duplicate',
  'alias_duplicate',
  'no_consent',
  'consent_unknown',
  'consent_stale',
];

describe('check invariants over generated lists', () => {
  it('every row accounted for once, the same verdicts in any encoding and delimiter, exports parse back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preflight-property-'));
    const seen = new Set<string>();
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(rows, form, async (generated, f) => {
          run++;
          const cells = generated.map((r) => r.map((cell) => representable(cell, f.encoding)));
          const plain = await checkList(dir, `plain-${run}`, cells, PLAIN);
          const other = await checkList(dir, `form-${run}`, cells, f);
          for (const r of plain.annotated.rows) {
            seen.add(r['preflight_verdict']!);
            for (const code of r['preflight_reasons']!.split(';')) seen.add(code);
          }

          const ascii = cells.every((r) => r.every((cell) => [...cell].every((char) => char.charCodeAt(0) < 0x80)));
          // A Windows-1252 file of plain ASCII is, byte for byte, UTF-8.
          expect(other.report.input.encoding).toBe(f.encoding === 'windows-1252' && ascii ? 'utf-8' : f.encoding);
          expect(other.report.input.delimiter).toBe(f.delimiter);
          // Verdicts, reasons, suggestions, normalised addresses and risk: all from the cells, none from the form.
          expect(other.annotated.raw).toEqual(plain.annotated.raw);
          await rm(join(dir, `plain-${run}-out`), { recursive: true });
          await rm(join(dir, `form-${run}-out`), { recursive: true });
        }),
        { numRuns: everyForm.length + 20, examples: everyForm },
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect([...seen].filter((code) => [...VERDICTS, ...MUST_SEE].includes(code)).sort()).toEqual([...VERDICTS, ...MUST_SEE].sort());
  }, 120_000);
});
