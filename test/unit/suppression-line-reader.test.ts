// The line reader (the fast path for suppression CSVs) against the general CSV reader:
// on generated files both must give the same entries, or fail with the same message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTextHead } from '../../electron/services/import/decode';
import { sniffDelimiter } from '../../electron/services/import/delimiter';
import { detectEncoding } from '../../electron/services/import/encoding';
import { fileLabel } from '../../electron/services/import/file-errors';
import { readSuppressionFile } from '../../electron/services/suppression/file';
import { readSuppressionLines, type LineReaderOutcome } from '../../electron/services/suppression/line-reader';
import { SuppressionTable } from '../../electron/services/suppression/table';
import { isUserError } from '../../shared/model/errors';
import { encodeText, useTempDir, writeTemp } from './import-test-files';

const next = useTempDir('preflight-suppression-lines-');

type Outcome = { entries: [string, unknown][] } | { error: string };

async function outcomeOf(read: () => Promise<{ entries: Iterable<[string, unknown]> }>): Promise<Outcome> {
  try {
    return { entries: [...(await read()).entries] };
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { error: `${error.code}: ${error.message}` };
  }
}

/** The general reader's result: the reference. */
function general(path: string): Promise<Outcome> {
  return outcomeOf(() => readSuppressionFile(path, { lineReader: false }));
}

/** The line reader alone, on the encoding and delimiter readSuppressionFile would give it. */
async function lineReader(path: string, chunkBytes?: number): Promise<{ outcome: LineReaderOutcome | null; result: Outcome }> {
  const { encoding } = await detectEncoding(path);
  const head = await readTextHead(path, encoding, 64 * 1024);
  const delimiter = sniffDelimiter(head.text, head.complete);
  const table = new SuppressionTable({ entries: 4, keyBytes: 16 });
  let outcome: LineReaderOutcome | null = null;
  const result = await outcomeOf(async () => {
    outcome = await readSuppressionLines(path, { encoding, delimiter, label: fileLabel(path), chunkBytes }, table);
    return { entries: table };
  });
  return { outcome, result };
}

// ── generated files ─────────────────────────────────────────────────────────

interface Cell {
  text: string;
  /** Written in quotes; 'odd' quotes only the general reader reads (a "" inside, a space after). */
  quote: 'no' | 'plain' | 'odd';
}

const padding = fc.constantFrom('', '', '', ' ', '  ', '\u00a0');
const local = fc.stringMatching(/^[a-zA-Z0-9._+-]{1,8}$/);
const accented = fc.constantFrom('', '', '', 'é', 'Ü', 'ß', '€');
const domain = fc.constantFrom('example.org', 'Example.ORG', 'exämple.de', 'mail.example.co.uk');

const addressCell = fc.tuple(padding, local, accented, domain, padding, fc.nat(19)).map(([before, name, extra, host, after, oddity]) => {
  // 1 in 20: not an address; 1 in 20: an empty cell (the row is skipped).
  if (oddity === 0) return `${before}${name}${after}`;
  if (oddity === 1) return before;
  return `${before}${name}${extra}@${host}${after}`;
});

const reasonCell = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('BOUNCE', 'COMPLAINT', 'bounce', 'Complaint', ' COMPLAINT ', '') },
  { weight: 1, arbitrary: fc.constantFrom('SPAM', 'bounced', 'BOUNCE\u00a0', 'ÇOMPLAINT') },
);

const timeCell = fc.constantFrom('', '1700000000', '2024-03-01T10:00:00Z', '1700000000123', 'not a date', ' 2024-01-02 ');

const quoting = fc.oneof({ weight: 3, arbitrary: fc.constant<'no'>('no') }, { weight: 1, arbitrary: fc.constant<'plain'>('plain') });

const lineKind = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('entry' as const),
      address: addressCell,
      reason: reasonCell,
      time: timeCell,
      quotes: fc.array(quoting, { minLength: 3, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('blank' as const), text: fc.constantFrom('', ' ', '\t', '  \u00a0') }) },
);

const fileArbitrary = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  columns: fc.constantFrom(1, 2, 3),
  header: fc.constantFrom('none', 'none', 'ses', 'reordered', 'sep'),
  lines: fc.array(lineKind, { minLength: 1, maxLength: 25 }),
  lineEnds: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 4 }),
  finalLineEnd: fc.boolean(),
  encoding: fc.constantFrom('utf-8', 'utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le') as fc.Arbitrary<
    'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le'
  >,
  /** In about one file in four, the entry line (modulo their number) whose address gets quotes only the general reader reads. */
  oddQuoteLine: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(30) }),
});

type GeneratedFile = typeof fileArbitrary extends fc.Arbitrary<infer T> ? T : never;

function quoteCell({ text, quote }: Cell): string {
  if (quote === 'plain') return `"${text}"`;
  if (quote === 'odd') return `"${text}""x" `;
  return text;
}

/** The file's text, and whether only the general reader can read it. */
function render(file: GeneratedFile): { text: string; needsGeneral: boolean } {
  const { delimiter, columns } = file;
  let needsGeneral = file.encoding === 'utf-16le' || file.header === 'sep';
  const rows: string[] = [];
  if (file.header === 'sep') rows.push(`sep=${delimiter}`);
  if (file.header === 'ses') rows.push(['email', 'reason', 'lastUpdateTime'].slice(0, columns).join(delimiter));
  if (file.header === 'reordered') rows.push(['Reason', 'EmailAddress', 'LastUpdateTime'].slice(0, Math.max(2, columns)).join(delimiter));
  const reordered = file.header === 'reordered';
  const entryLines = file.lines.filter((line) => line.kind === 'entry');
  const oddLine = file.oddQuoteLine === null || entryLines.length === 0 ? null : entryLines[file.oddQuoteLine % entryLines.length];
  for (const line of file.lines) {
    if (line.kind === 'blank') {
      rows.push(line.text);
      continue;
    }
    const allCells: Cell[] = [
      { text: line.address, quote: line === oddLine ? 'odd' : line.quotes[0]! },
      { text: line.reason, quote: line.quotes[1]! },
      { text: line.time, quote: line.quotes[2]! },
    ];
    const cells = allCells.slice(0, reordered ? Math.max(2, columns) : columns);
    if (reordered) [cells[0], cells[1]] = [cells[1]!, cells[0]!];
    // A delimiter or a tab pad inside a cell needs quotes, as a CSV writer would add them.
    for (const cell of cells) if (cell.quote === 'no' && cell.text.includes(delimiter)) cell.quote = 'plain';
    if (cells.some((cell) => cell.quote === 'odd')) needsGeneral = true;
    rows.push(cells.map(quoteCell).join(delimiter));
  }
  let text = '';
  rows.forEach((row, index) => {
    const last = index === rows.length - 1;
    text += row + (last && !file.finalLineEnd ? '' : file.lineEnds[index % file.lineEnds.length]!);
  });
  return { text, needsGeneral };
}

describe('the line reader against the general CSV reader', () => {
  it('gives the same entries or the same error on generated suppression files', async () => {
    let simpleFiles = 0;
    await fc.assert(
      fc.asyncProperty(fileArbitrary, fc.constantFrom(undefined, 64, 150), async (file, chunkBytes) => {
        const { text, needsGeneral } = render(file);
        if (text.trimStart() === '' || /^\s*[[{]/.test(text)) return; // empty, or JSON: not the CSV readers' business
        const path = writeTemp(next, encodeText(text, file.encoding), 'suppressed.csv');
        const reference = await general(path);
        const fast = await lineReader(path, chunkBytes);
        const longestLine = Math.max(...text.split(/\r\n?|\n/).map((line) => Buffer.byteLength(line)));
        if (fast.outcome === 'general') {
          // Only what the generator marked as unusual, or a line longer than the chunk, goes back.
          expect(needsGeneral || (chunkBytes !== undefined && longestLine + 2 > chunkBytes)).toBe(true);
        } else {
          expect(fast.result).toEqual(reference);
          if (!needsGeneral) simpleFiles++;
        }
        // And the whole reader, whichever path it takes, agrees with the reference.
        expect(await outcomeOf(() => readSuppressionFile(path))).toEqual(reference);
      }),
      { numRuns: 150 },
    );
    expect(simpleFiles).toBeGreaterThan(40); // the fast path itself was tested, not only the way back
  }, 60_000);
});

describe('the line reader', () => {
  it('reads quoted cells with the delimiter inside, and cells padded with spaces', async () => {
    const path = writeTemp(next, 'email,reason\r\n"Ann,Lee@Example.org","COMPLAINT"\r\n  bob@example.org ,  bounce\r\n', 'quoted.csv');
    const { outcome, result } = await lineReader(path);
    expect(outcome).toBe('done');
    expect(result).toEqual({
      entries: [
        ['ann,lee@example.org', { reason: 'COMPLAINT', lastUpdate: null }],
        ['bob@example.org', { reason: 'BOUNCE', lastUpdate: null }],
      ],
    });
  });

  it('checks the address cell itself when another cell of the line holds an "@"', async () => {
    const good = writeTemp(next, 'email,reason,note\na@example.org,BOUNCE,cc b@example.org\n', 'note.csv');
    expect((await lineReader(good)).result).toEqual({ entries: [['a@example.org', { reason: 'BOUNCE', lastUpdate: null }]] });
    const bad = writeTemp(next, 'email,reason,note\na@example.org,BOUNCE,\nnot-an-address,BOUNCE,see ops@example.org\n', 'note.csv');
    const { outcome, result } = await lineReader(bad);
    expect({ outcome, result }).toEqual({
      outcome: null,
      result: { error: 'suppression_unreadable: Line 3 of the suppression list "note.csv": "not-an-address" is not an email address.' },
    });
    expect(await general(bad)).toEqual(result);
  });

  it('names the line of a bad entry, counting CRLF, lone CR and blank lines as the general reader does', async () => {
    const content = 'a@example.org,BOUNCE\r\n\r\nb@example.org,BOUNCE\rc@example.org,SPAM\n';
    const path = writeTemp(next, content, 'bad.csv');
    const { outcome, result } = await lineReader(path, 32);
    expect(outcome).toBeNull(); // it threw
    expect(result).toEqual({
      error: 'suppression_unreadable: Line 4 of the suppression list "bad.csv": the reason "SPAM" is neither BOUNCE nor COMPLAINT.',
    });
    expect(await general(path)).toEqual(result);
  });

  it('leaves quotes it does not read, "sep=" and UTF-16 to the general reader', async () => {
    const cases: [string, string | Buffer][] = [
      ['escaped quote', 'a@example.org,BOUNCE\n"b""c@example.org",BOUNCE\n'],
      ['quote inside a cell', 'a@example.org,BOUNCE\nb"c@example.org,BOUNCE\n'],
      ['line break in quotes', 'a@example.org,BOUNCE\n"b@exa\nmple.org",BOUNCE\n'],
      ['unclosed quote', 'a@example.org,BOUNCE\n"b@example.org,BOUNCE\n'],
      ['sep= line', 'sep=;\nemail;reason\na@example.org;BOUNCE\n'],
      ['UTF-16', encodeText('a@example.org,BOUNCE\n', 'utf-16le')],
    ];
    for (const [name, content] of cases) {
      const path = writeTemp(next, content, 'odd.csv');
      const { outcome } = await lineReader(path).catch(() => ({ outcome: 'threw' }));
      expect({ name, outcome }).toEqual({ name, outcome: 'general' });
      expect({ name, result: await outcomeOf(() => readSuppressionFile(path)) }).toEqual({ name, result: await general(path) });
    }
  });

  it('leaves a NUL byte to the general rules (encoding detection refuses such files first)', async () => {
    const path = writeTemp(next, 'a@example.org,BOUNCE\nb@example.org\u0000,BOUNCE\n', 'nul.csv');
    const options = { encoding: 'utf-8', delimiter: ',', label: 'nul.csv' } as const;
    expect(await readSuppressionLines(path, options, new SuppressionTable())).toBe('general');
    expect(await outcomeOf(() => readSuppressionFile(path))).toEqual({
      error: expect.stringMatching(
        /^suppression_unreadable: Suppression list: "nul\.csv" is not a text file .*NUL bytes on line 2/,
      ) as unknown,
    });
  });

  it('stops when the check is cancelled', async () => {
    const path = writeTemp(next, 'a@example.org,BOUNCE\n', 'cancel.csv');
    const controller = new AbortController();
    controller.abort();
    const options = { encoding: 'utf-8', delimiter: ',', label: 'cancel.csv', signal: controller.signal } as const;
    const error = await readSuppressionLines(path, options, new SuppressionTable()).catch((reason: unknown) => reason);
    expect(isUserError(error) && error.code).toBe('cancelled');
  });
});
