// Pass 2 writes a plain UTF-8, comma-delimited file by copying rows as bytes, and any other
// file through text. The two must write the same bytes for every file the byte path
// takes: generated lists with every awkward kind of row are checked both ways.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../electron/engine/check';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { isUserError } from '../../shared/model/errors';

const dir = mkdtempSync(join(tmpdir(), 'preflight-write-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

const OUTPUTS = ['annotated.csv', 'send.csv', 'review.csv', 'remove.csv'];

async function outputs(input: string, copyBytes: boolean): Promise<Record<string, string> | string> {
  const outDir = join(dir, `out-${++counter}`);
  try {
    await runCheck({ input, outDir, copyBytes, settings: { ...DEFAULT_SETTINGS, offline: true, now: '2026-06-01T00:00:00Z' } });
  } catch (error) {
    if (isUserError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return Object.fromEntries(OUTPUTS.map((name) => [name, readFileSync(join(outDir, name), 'latin1')]));
}

const address = fc.constantFrom(
  'ann@gmail.com',
  'Ann@Gmail.com',
  'a.n.n@gmail.com',
  'info@acme-widgets.de',
  'bob@acme-widgets.de',
  'x@mailinator.com',
  '-bob@acme.de',
  'zoë@bücher.de',
  'not an address',
  '',
  ' ann@gmail.com ',
  '"Ann" <ann@gmail.com>',
);
const cell = fc.constantFrom(
  'Ann',
  'Zoë Müller',
  'Smith, Jo',
  'say "hi"',
  '=1+2',
  '@x',
  '-5',
  ' padded ',
  'two\nlines',
  'two\r\nlines',
  '',
  'yes',
  'no',
  '2024-03-01',
  '€5',
  '\t',
);
const quoteMode = fc.constantFrom('minimal', 'all', 'none');

function csvCell(value: string, mode: string): string {
  const needs = /[",\r\n]/.test(value);
  if (mode === 'all' || needs) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

const list = fc.record({
  rows: fc.array(fc.tuple(address, fc.array(cell, { minLength: 0, maxLength: 4 }), quoteMode), { minLength: 1, maxLength: 25 }),
  lineEnd: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  header: fc.boolean(),
  blankLines: fc.boolean(),
  sepLine: fc.boolean(),
  finalLineEnd: fc.boolean(),
  invalidByte: fc.boolean(),
  emailSecond: fc.boolean(),
});

describe('pass 2 by bytes and by text', () => {
  it('writes the same outputs for any plain UTF-8 comma-delimited list', async () => {
    await fc.assert(
      fc.asyncProperty(list, async (spec) => {
        const lines: string[] = [];
        if (spec.sepLine) lines.push('sep=,');
        if (spec.header) lines.push(spec.emailSecond ? 'Name,Email,Opt-in,Opt-in Date,Notes' : 'Email,Name,Opt-in,Opt-in Date,Notes');
        spec.rows.forEach(([email, cells, mode], i) => {
          const row = spec.emailSecond ? [cells[0] ?? 'Ann', email, ...cells.slice(1)] : [email, ...cells];
          lines.push(row.map((value) => csvCell(value, mode)).join(','));
          if (spec.blankLines && i % 3 === 1) lines.push(i % 2 ? '' : '   ');
        });
        let bytes = Buffer.from(lines.join(spec.lineEnd) + (spec.finalLineEnd ? spec.lineEnd : ''), 'utf8');
        if (spec.invalidByte && bytes.length > 10)
          bytes = Buffer.concat([bytes.subarray(0, bytes.length - 3), Buffer.from([0xff]), bytes.subarray(bytes.length - 3)]);
        if (spec.bom) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
        const input = join(dir, `list-${++counter}.csv`);
        writeFileSync(input, bytes);
        const byBytes = await outputs(input, true);
        const byText = await outputs(input, false);
        expect(byBytes).toEqual(byText);
        // The input is never changed.
        expect(readFileSync(input).equals(bytes)).toBe(true);
      }),
      { numRuns: 120 },
    );
    // 120 checks, each through both write paths: 11 s on a quiet 2-core machine, 29-30 s on
    // Node 24 with other suites running beside it, so vitest's 30 s default cut it short.
  }, 120_000);
});

describe('a file changed between the two passes', () => {
  const original = 'email,name\nann@gmail.com,Ann\nbob@acme-widgets.de,Bob\ncat@acme-widgets.de,Cat\n';
  const edits = {
    'an address edited': original.replace('bob@', 'rob@'),
    'a row added': original + 'dan@acme-widgets.de,Dan\n',
    'a row removed': original.replace('cat@acme-widgets.de,Cat\n', ''),
  };
  for (const copyBytes of [true, false]) {
    for (const [change, edited] of Object.entries(edits)) {
      it(`is refused, with nothing written, when ${change} (${copyBytes ? 'bytes' : 'text'})`, async () => {
        const input = join(dir, `changing-${++counter}.csv`);
        writeFileSync(input, original);
        const outDir = join(dir, `out-${++counter}`);
        let edit = true;
        const outcome = await runCheck({
          input,
          outDir,
          copyBytes,
          settings: { ...DEFAULT_SETTINGS, offline: true },
          // Between pass 1 and pass 2, as someone saving the file from a spreadsheet would.
          onProgress: (progress) => {
            if (progress.phase === 'writing' && edit) {
              edit = false;
              writeFileSync(input, edited);
            }
          },
        }).then(
          () => 'finished',
          (error: unknown) => (isUserError(error) ? `${error.code}: ${error.message}` : String(error)),
        );
        expect(outcome).toBe('file_unreadable: The file changed while it was being checked; run the check again.');
        expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
      });
    }
  }
});

describe('a file cut short while pass 1 reads it', () => {
  it('is refused, with nothing written, instead of checking only the part that was read', async () => {
    const input = join(dir, `cut-${++counter}.csv`);
    // 4 MB: many read chunks, so pass 1 is still reading when the file is cut.
    const rows = Array.from({ length: 120_000 }, (_, i) => `person${i}@acme-widgets.de,Person ${i}`);
    writeFileSync(input, `email,name\n${rows.join('\n')}\n`);
    const outDir = join(dir, `out-${++counter}`);
    let cut = true;
    const outcome = await runCheck({
      input,
      outDir,
      settings: { ...DEFAULT_SETTINGS, offline: true },
      // As an export from another program that starts over while the check reads its file.
      onProgress: (progress) => {
        if (progress.phase === 'reading' && progress.bytesRead > 0 && cut) {
          cut = false;
          truncateSync(input, 1024 * 1024);
        }
      },
    }).then(
      () => 'finished',
      (error: unknown) => (isUserError(error) ? `${error.code}: ${error.message}` : String(error)),
    );
    expect(outcome).toBe('file_unreadable: The file changed while it was being checked; run the check again.');
    expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
  });
});
