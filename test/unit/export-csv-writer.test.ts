import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createCsvWriter, formatCsvRow, neutralizeCell } from '../../electron/services/export/csv-writer';
import { readCells, useTempDir } from './import-test-files';
import { userErrorFrom } from '../support/user-error';

const next = useTempDir('preflight-writer-');

async function writeRows(path: string, rows: string[][]): Promise<void> {
  const writer = createCsvWriter(path);
  for (const row of rows) await writer.write(row);
  await writer.close();
}

describe('neutralizeCell', () => {
  it.each(['=SUM(A1:A9)', '+1 555 0100', '-5', '@SUM(1)', '\tx', '\rx', "=cmd|' /C calc'!A0"])('prefixes %j', (cell) => {
    expect(neutralizeCell(cell)).toBe(`'${cell}`);
  });

  it.each(['', 'a=b', 'anna@example.org', "'already", ' =spaced', '5-3', 'Zoë'])('leaves %j alone', (cell) => {
    expect(neutralizeCell(cell)).toBe(cell);
  });
});

describe('formatCsvRow', () => {
  it('quotes only what RFC 4180 and spreadsheets need, and ends with CRLF', () => {
    expect(formatCsvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', ' lead', 'trail ', '', 'ü'])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere"," lead","trail ",,ü\r\n',
    );
  });

  it('neutralises before quoting', () => {
    expect(formatCsvRow(['=1,2', '-5', '@x'])).toBe(`"'=1,2",'-5,'@x\r\n`);
  });
});

describe('createCsvWriter', () => {
  it('writes UTF-8 with a BOM, commas and CRLF', async () => {
    const path = next();
    await writeRows(path, [
      ['email', 'name'],
      ['zoe@a.de', 'Zoë Müller'],
    ]);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('email,name\r\nzoe@a.de,Zoë Müller\r\n');
  });

  it('round-trips any cells through papaparse, formula cells gaining only the prefix', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'é', '😀', ' ', ',', ';', '"', '\n', '\r', '\t', '=', '+', '-', '@', "'") as fc.Arbitrary<string>,
      maxLength: 8,
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 10 }), async (rows) => {
        const path = next();
        await writeRows(path, rows);
        const text = readFileSync(path, 'utf8');
        expect(text.charCodeAt(0)).toBe(0xfeff);
        const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ',', newline: '\r\n' });
        expect(parsed.errors).toEqual([]);
        const data = parsed.data.slice(0, -1); // the last CRLF leaves an empty row behind
        const expected = rows.map((row) => row.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)));
        expect(data).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("is read back by Preflight's own reader", async () => {
    const path = next();
    const rows = [
      ['email', 'note'],
      ['a@b.co', 'line 1\nline 2'],
      ['c@d.co', ' padded '],
      ['e@f.co', '=HYPERLINK("x")'],
    ];
    await writeRows(path, rows);
    expect(await readCells(path, { encoding: 'utf-8-bom', delimiter: ',' })).toEqual([
      ['email', 'note'],
      ['a@b.co', 'line 1\nline 2'],
      ['c@d.co', ' padded '],
      ['e@f.co', `'=HYPERLINK("x")`],
    ]);
  });

  it('copies a row written to one file into another byte for byte, long rows and accents included', async () => {
    const dir = next();
    mkdirSync(dir);
    const all = createCsvWriter(join(dir, 'annotated.csv'));
    const some = createCsvWriter(join(dir, 'send.csv'));
    const rows = [
      ['email', 'note'],
      ...Array.from({ length: 3000 }, (_, i) => [`p${i}@example.org`, i % 700 === 0 ? 'Zoë '.repeat(20_000) : `Zoë ${i}`]),
    ];
    for (const [i, row] of rows.entries()) {
      all.writeLine(formatCsvRow(row));
      if (i % 2 === 0) all.copyLastLineTo(some);
    }
    await Promise.all([all.close(), some.close()]);
    expect(readFileSync(join(dir, 'send.csv'), 'utf8')).toBe(
      '\uFEFF' +
        rows
          .filter((_, i) => i % 2 === 0)
          .map((row) => formatCsvRow(row))
          .join(''),
    );
    expect(readFileSync(join(dir, 'annotated.csv'), 'utf8')).toBe('\uFEFF' + rows.map((row) => formatCsvRow(row)).join(''));
  });

  it('writes many rows in order, to disk as it goes (bounded memory)', async () => {
    const path = next();
    const writer = createCsvWriter(path);
    for (let i = 0; i < 50_000; i++) {
      writer.write([`person${i}@example.org`, `Name ${i}`, 'x'.repeat(40)]);
      // Rows reach the file in 64 KB chunks while writing, not all at close.
      if (i === 10_000) expect(statSync(path).size).toBeGreaterThan(64 * 1024);
    }
    await writer.close();
    const lines = readFileSync(path, 'utf8').split('\r\n');
    expect(lines).toHaveLength(50_001);
    expect(lines[49_999]).toBe(`person49999@example.org,Name 49999,${'x'.repeat(40)}`);
  });

  it.skipIf(!existsSync('/dev/full'))('turns a full disk into one sentence as soon as a chunk is refused', async () => {
    const writer = createCsvWriter('/dev/full');
    let error: { code?: string; message: string } | null = null;
    try {
      for (let i = 0; i < 20_000; i++) writer.write([`person${i}@example.org`, 'x'.repeat(50)]);
    } catch (caught) {
      error = caught as { code?: string; message: string };
    }
    expect(error).not.toBeNull();
    await writer.abort();
    expect(error!.code).toBe('output_unwritable');
    expect(error!.message).toMatch(/^Cannot write to the folder "\/dev": the disk is full/);
  });

  it('reports a folder that does not exist on close', async () => {
    const writer = createCsvWriter(join(next(), 'missing', 'send.csv'));
    writer.write(['a']);
    expect((await userErrorFrom(writer.close())).code).toBe('output_unwritable');
  });

  it('abort() deletes the partial file', async () => {
    const dir = next();
    mkdirSync(dir);
    const path = join(dir, 'annotated.csv');
    const writer = createCsvWriter(path);
    for (let i = 0; i < 5000; i++) writer.write([`row ${i}`, 'x'.repeat(30)]);
    await writer.abort();
    expect(existsSync(path)).toBe(false);
  });
});
