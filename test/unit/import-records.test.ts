import { readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS, readRecords } from '../../electron/services/import/records';
import type { Delimiter, Encoding } from '../../shared/model/check';
import { collectRecords, encodeText, readCells, useTempDir, writeTemp } from './import-test-files';
import { userErrorFrom } from '../support/user-error';

const next = useTempDir('preflight-records-');
const utf8 = { encoding: 'utf-8', delimiter: ',' } as const;

/** RFC 4180 quoting for the reference writer the property test uses. */
function quoteAs(value: string, delimiter: string): string {
  return value.includes('"') || value.includes(delimiter) || /[\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}

describe('readRecords', () => {
  it.each([',', ';', '\t', '|'] as const)('splits on %j and keeps that delimiter inside quoted fields', async (delimiter) => {
    const d = delimiter;
    const text = `email${d}company${d}note\n"a@b.co"${d}"Smith${d} Jones"${d}plain\nc@d.co${d}"say ""hi"""${d}"two\nlines"\n`;
    expect(await readCells(writeTemp(next, text), { encoding: 'utf-8', delimiter })).toEqual([
      ['email', 'company', 'note'],
      ['a@b.co', `Smith${d} Jones`, 'plain'],
      ['c@d.co', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('reads CRLF, LF, lone CR and a mix of them the same way, counting lines right', async () => {
    const expected = [
      ['email', 'note'],
      ['a@b.co', 'x'],
      ['c@d.co', 'multi\nline'],
      ['e@f.co', 'y'],
    ];
    for (const text of [
      'email,note\r\na@b.co,x\r\nc@d.co,"multi\r\nline"\r\ne@f.co,y\r\n',
      'email,note\na@b.co,x\nc@d.co,"multi\nline"\ne@f.co,y\n',
      'email,note\ra@b.co,x\rc@d.co,"multi\rline"\re@f.co,y\r',
      'email,note\r\na@b.co,x\nc@d.co,"multi\rline"\re@f.co,y',
    ]) {
      const { records } = await collectRecords(writeTemp(next, text), utf8);
      expect(records.map((r) => r.fields)).toEqual(expected);
      expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
      expect(records.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    }
  });

  it('reports whether papaparse read a stray quote, and whether a line ended in a lone CR', async () => {
    const read = async (text: string) => (await collectRecords(writeTemp(next, text), utf8)).result;
    expect(await read('email,note\r\na@b.co,"x"\r\n')).toMatchObject({ lenient: false, loneCarriageReturns: false });
    expect(await read('email,note\na@b.co,"x" \n')).toMatchObject({ lenient: true, loneCarriageReturns: false });
    expect(await read('email,note\ra@b.co,x\r')).toMatchObject({ lenient: false, loneCarriageReturns: true });
  });

  it('keeps ragged rows with the fields they have, and counts them', async () => {
    const text = 'email,first,last\na@b.co,Ann,Lee\nshort@b.co\nlong@b.co,Bo,Ek,extra,more\nc@d.co,,\n';
    const { records, result } = await collectRecords(writeTemp(next, text), utf8);
    expect(records.map((r) => r.fields)).toEqual([
      ['email', 'first', 'last'],
      ['a@b.co', 'Ann', 'Lee'],
      ['short@b.co'],
      ['long@b.co', 'Bo', 'Ek', 'extra', 'more'],
      ['c@d.co', '', ''],
    ]);
    expect(result).toEqual({ records: 5, raggedRecords: 2, lenient: false, loneCarriageReturns: false });
  });

  it('skips empty and whitespace-only lines but keeps a line of empty fields', async () => {
    const text = '\n\nemail,name\n\na@b.co,Ann\n   \n\t\n,\nb@c.co,Bo\n\n\n';
    const { records, result } = await collectRecords(writeTemp(next, text), utf8);
    expect(records.map((r) => [r.line, ...r.fields])).toEqual([
      [3, 'email', 'name'],
      [5, 'a@b.co', 'Ann'],
      [8, '', ''],
      [9, 'b@c.co', 'Bo'],
    ]);
    expect(result.records).toBe(4);
  });

  it('reads a last line without a newline', async () => {
    expect(await readCells(writeTemp(next, 'email\na@b.co\nlast@b.co'), utf8)).toEqual([['email'], ['a@b.co'], ['last@b.co']]);
    expect(await readCells(writeTemp(next, 'email\n"quoted, last"'), utf8)).toEqual([['email'], ['quoted, last']]);
  });

  it('reads a header-only file as one record', async () => {
    expect(await collectRecords(writeTemp(next, 'email,name\r\n'), utf8)).toMatchObject({
      result: { records: 1, raggedRecords: 0 },
    });
  });

  it("skips Excel's sep= line", async () => {
    const path = writeTemp(next, 'sep=;\r\nemail;name\r\na@b.co;Ann\r\n');
    expect(await readCells(path, { encoding: 'utf-8', delimiter: ';' })).toEqual([
      ['email', 'name'],
      ['a@b.co', 'Ann'],
    ]);
  });

  it('names the line where a quote opens and never closes', async () => {
    const text = 'email,note\na@b.co,fine\nb@c.co,"unclosed, and then\nmore lines\nc@d.co,fine\n';
    const error = await userErrorFrom(readRecords(writeTemp(next, text, 'broken.csv'), utf8, () => {}));
    expect(error.code).toBe('csv_malformed');
    expect(error.message).toMatch(/^Line 3: .*"broken\.csv".* never closes/);
  });

  it('refuses a stray quote that would merge the following rows into one cell', async () => {
    const text = 'email,name\na@b.co,Ann\nb@c.co,"Smith\nc@d.co,ok\ne@f.co,"Acme, Inc"\n';
    const error = await userErrorFrom(readRecords(writeTemp(next, text), utf8, () => {}));
    expect(error.code).toBe('csv_malformed');
    expect(error.message).toMatch(/^Line 3: .*stray quote/);
  });

  it('reads a stray quote that stays on its line leniently', async () => {
    const text = 'email,name\na@b.co,"He said "hi" twice"\nc@d.co,ok\n';
    expect(await readCells(writeTemp(next, text), utf8)).toEqual([
      ['email', 'name'],
      ['a@b.co', 'He said "hi" twice'],
      ['c@d.co', 'ok'],
    ]);
  });

  it('names the line of an unclosed quote that starts after several chunks', async () => {
    const rows = 'email,note\n' + 'someone@example.org,"a, b"\n'.repeat(5000);
    const path = writeTemp(next, rows + 'x@y.z,"open\n' + 'tail\n'.repeat(100));
    const error = await userErrorFrom(readRecords(path, { ...utf8, highWaterMark: 4096 }, () => {}));
    expect(error.message).toMatch(/^Line 5002: /);
  });

  it('stops at a record longer than the limit, naming its line, without reading on', async () => {
    const text = 'email,note\na@b.co,ok\nb@c.co,"' + 'x'.repeat(50_000) + '\nnever,read\n';
    const error = await userErrorFrom(
      readRecords(writeTemp(next, text), { ...utf8, maxRecordChars: 10_000, highWaterMark: 1024 }, () => {}),
    );
    expect(error.code).toBe('csv_malformed');
    expect(error.message).toMatch(/^Line 3: .*more than 10000 characters.*quote/);
  });

  it('refuses a 21 MB line at the real limit with a clear sentence', async () => {
    const path = writeTemp(next, 'email,note\na@b.co,' + 'y'.repeat(MAX_RECORD_CHARS + 1024 * 1024) + '\n');
    const error = await userErrorFrom(readRecords(path, utf8, () => {}));
    expect(error.code).toBe('csv_malformed');
    expect(error.message).toMatch(/^Line 2 of "list\.csv" is longer than 20 MB/);
  });

  it('never splits a multi-byte character, whatever the chunk size', async () => {
    const text = 'email,name\r\nzoe@a.de,Zoë Müller 😀\r\nli@b.cn,李小龍 — “€”\r\nend@c.se,Åsa\r\n';
    const expected = [
      ['email', 'name'],
      ['zoe@a.de', 'Zoë Müller 😀'],
      ['li@b.cn', '李小龍 — “€”'],
      ['end@c.se', 'Åsa'],
    ];
    const encodings: Encoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'];
    for (const encoding of encodings) {
      const path = writeTemp(next, encodeText(text, encoding));
      for (const highWaterMark of [1, 2, 3, 5, 7]) {
        expect(await readCells(path, { encoding, delimiter: ',', highWaterMark }), `${encoding} @ ${highWaterMark}`).toEqual(expected);
      }
    }
  });

  it('reports progress in bytes up to the file size', async () => {
    const path = writeTemp(next, 'email\n' + 'a@b.co\n'.repeat(1000));
    const seen: number[] = [];
    await readRecords(path, { ...utf8, highWaterMark: 1024, onBytes: (bytes) => seen.push(bytes) }, () => {});
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(statSync(path).size);
  });

  it('stops early at `limit` records', async () => {
    const path = writeTemp(next, 'email\n' + 'a@b.co\n'.repeat(100_000));
    const { result } = await collectRecords(path, { ...utf8, limit: 11, highWaterMark: 4096 });
    expect(result.records).toBe(11);
  });

  describe('cancel', () => {
    const bigList = (): string => writeTemp(next, 'email,name\n' + 'someone@example.org,Some One\n'.repeat(200_000));

    function openFds(path: string): number {
      return readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false;
        }
      }).length;
    }

    it('rejects with "cancelled" promptly and closes the file', async () => {
      const path = bigList();
      const controller = new AbortController();
      let seen = 0;
      const error = await userErrorFrom(
        readRecords(path, { ...utf8, signal: controller.signal, highWaterMark: 16 * 1024 }, () => {
          if (++seen === 1000) controller.abort();
        }),
      );
      expect(error.code).toBe('cancelled');
      expect(seen).toBe(1000);
      if (process.platform === 'linux') expect(openFds(path)).toBe(0);
    });

    it('stops between chunks when aborted from outside', async () => {
      const path = bigList();
      const controller = new AbortController();
      let seen = 0;
      const reading = readRecords(path, { ...utf8, signal: controller.signal, highWaterMark: 16 * 1024 }, () => {
        seen++;
      });
      setImmediate(() => controller.abort());
      expect((await userErrorFrom(reading)).code).toBe('cancelled');
      expect(seen).toBeLessThan(200_001);
    });

    it('refuses to start when already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      let called = false;
      const error = await userErrorFrom(readRecords(bigList(), { ...utf8, signal: controller.signal }, () => (called = true)));
      expect(error.code).toBe('cancelled');
      expect(called).toBe(false);
    });
  });

  it('names the line of a NUL character in decoded text', async () => {
    const path = writeTemp(next, encodeText('email\r\na@b.co\r\nb\u0000@c.co\r\n', 'utf-16le'));
    const error = await userErrorFrom(readRecords(path, { encoding: 'utf-16le', delimiter: ',' }, () => {}));
    expect(error.code).toBe('not_a_text_file');
    expect(error.message).toContain('line 3');
  });

  it('maps a missing file to file_not_found', async () => {
    expect((await userErrorFrom(readRecords('/nonexistent/list.csv', utf8, () => {}))).code).toBe('file_not_found');
  });

  it('leaves the input file untouched', async () => {
    const path = writeTemp(next, 'email\n=cmd|x\na@b.co\n');
    writeFileSync(path, 'email\n=cmd|x\na@b.co\n');
    const before = statSync(path);
    await readCells(path, utf8);
    const after = statSync(path);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(readFileSync(path, 'utf8')).toBe('email\n=cmd|x\na@b.co\n');
  });

  it('parses any well-quoted CSV back to its cells, for every delimiter, line end, encoding and chunk size', async () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'é', '😀', ' ', ',', ';', '\t', '|', '"', '\n', '\r\n', '\r', 'x') as fc.Arbitrary<string>,
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.constantFrom<Encoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'),
        fc.integer({ min: 1, max: 64 }),
        async (rows, delimiter, lineEnd, encoding, highWaterMark) => {
          // A row that is one blank cell is a blank line, which is not a record.
          const kept = rows.filter((row) => !(row.length === 1 && row[0]!.trim() === '' && !/[\r\n"]/.test(row[0]!)));
          const text = rows.map((row) => row.map((value) => quoteAs(value, delimiter)).join(delimiter)).join(lineEnd);
          const path = writeTemp(next, encodeText(text, encoding));
          const cells = await readCells(path, { encoding, delimiter, highWaterMark });
          const expected = kept
            .map((row) => row.map((value) => value.replace(/\r\n?/g, '\n')))
            .filter((row) => !(row.length === 1 && row[0]!.trim() === ''));
          expect(cells).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
