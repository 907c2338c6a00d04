import { chmodSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectEncoding, Utf8Validator } from '../../electron/services/import/encoding';
import { encodeText, readCells, useTempDir, writeTemp } from './import-test-files';
import { userErrorFrom } from '../support/user-error';

const next = useTempDir('preflight-encoding-');

const LIST = 'email,name\r\nzoe@muller.de,Zoë Müller\r\nfr@euro.fr,François € 5\r\n';

/** A ZIP local file header naming `name`, as the start of an Office file looks. */
function zipEntry(name: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(8, 8);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from([0x78, 0x9c, 0x03, 0x00])]);
}

describe('Utf8Validator', () => {
  it('agrees with a fatal TextDecoder on any bytes, however they are chunked', () => {
    const piece = fc.oneof(
      fc
        .string({ unit: fc.constantFrom('a', 'é', '€', '李', '😀', '\n') as fc.Arbitrary<string>, maxLength: 6 })
        .map((text) => Buffer.from(text, 'utf8')),
      fc.uint8Array({ maxLength: 6 }).map((bytes) => Buffer.from(bytes)),
      fc.constantFrom(
        ...[[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]].map((b) =>
          Buffer.from(b),
        ),
      ),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }),
        (pieces, sizes) => {
          const bytes = Buffer.concat(pieces);
          let expected = true;
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes);
          } catch {
            expected = false;
          }
          const validator = new Utf8Validator();
          let valid = true;
          for (let at = 0, turn = 0; at < bytes.length && valid; turn++) {
            const size = sizes[turn % sizes.length]!;
            valid = validator.feed(bytes.subarray(at, at + size));
            at += size;
          }
          expect(valid && validator.end()).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('detectEncoding', () => {
  it.each([
    ['utf-8', 'utf-8'],
    ['utf-8-bom', 'utf-8-bom'],
    ['utf-16le', 'utf-16le'],
    ['utf-16be', 'utf-16be'],
    ['utf-16le-nobom', 'utf-16le'],
    ['utf-16be-nobom', 'utf-16be'],
    ['windows-1252', 'windows-1252'],
  ] as const)('recognises %s and the records decode to the exact text', async (written, expected) => {
    const path = writeTemp(next, encodeText(LIST, written));
    const detection = await detectEncoding(path);
    expect(detection.encoding).toBe(expected);
    expect(detection.note).toBeUndefined();
    expect(await readCells(path, { encoding: detection.encoding, delimiter: ',' })).toEqual([
      ['email', 'name'],
      ['zoe@muller.de', 'Zoë Müller'],
      ['fr@euro.fr', 'François € 5'],
    ]);
  });

  it('calls a pure-ASCII file UTF-8', async () => {
    const path = writeTemp(next, 'email\na@b.co\n');
    expect(await detectEncoding(path)).toEqual({ encoding: 'utf-8', bytes: 13 });
  });

  it('reads a Windows-1252 list full of accents as one, but refuses bytes that are mostly high', async () => {
    const names = 'Zoë,Renée,Jürgen,Ångström,François,Müller,Søren,Łódź'.replace('Ł', 'L').replace('ó', 'o').replace('ź', 'z').split(',');
    const list =
      'email,name\r\n' + Array.from({ length: 200 }, (_, i) => `p${i}@example.de,${names[i % names.length]} Straße ${i}`).join('\r\n');
    expect((await detectEncoding(writeTemp(next, encodeText(list, 'windows-1252')))).encoding).toBe('windows-1252');
    const high = Buffer.from(Array.from({ length: 4096 }, (_, i) => 0xa0 + ((i * 37) % 96)));
    await expect(detectEncoding(writeTemp(next, high))).rejects.toThrow(/does not read as text/);
  });

  it('validates the whole file, not only its start: an accent 2 MB down decides Windows-1252', async () => {
    const rows = 'email,name\r\n' + 'someone@example.org,Plain Name\r\n'.repeat(70_000);
    const path = writeTemp(next, encodeText(rows + 'late@example.org,Renée\r\n', 'windows-1252'));
    expect((await detectEncoding(path)).encoding).toBe('windows-1252');
    const cells = await readCells(path, { encoding: 'windows-1252', delimiter: ',' });
    expect(cells.at(-1)).toEqual(['late@example.org', 'Renée']);
  });

  it('keeps UTF-8 when a character straddles the 1 MB read boundary', async () => {
    const prefix = 'a'.repeat(1024 * 1024 - 1);
    const path = writeTemp(next, Buffer.from(`${prefix}é\n`, 'utf8'));
    expect((await detectEncoding(path)).encoding).toBe('utf-8');
  });

  it('reads a mostly-UTF-8 file with one stray byte as UTF-8 and says where the damage is', async () => {
    const good = Buffer.from('email,name\nzoe@a.de,Zoë\nsoren@b.dk,Søren\nrene@c.fr,Renée\n', 'utf8');
    const path = writeTemp(next, Buffer.concat([good, Buffer.from('bad@d.fr,Ren'), Buffer.from([0xe9]), Buffer.from('e\n')]));
    const detection = await detectEncoding(path);
    expect(detection.encoding).toBe('utf-8');
    expect(detection.note).toMatch(/line 5/);
    const cells = await readCells(path, { encoding: 'utf-8', delimiter: ',' });
    expect(cells[2]).toEqual(['soren@b.dk', 'Søren']);
    expect(cells[4]).toEqual(['bad@d.fr', 'Ren\uFFFDe']);
  });

  it('treats a UTF-8 sequence cut off at the end of the file as damage, not as valid', async () => {
    const path = writeTemp(next, Buffer.concat([Buffer.from('email\nzoë@a.de\n', 'utf8'), Buffer.from([0xc3])]));
    const detection = await detectEncoding(path);
    expect(detection.encoding).toBe('utf-8');
    expect(detection.note).toMatch(/not valid UTF-8/);
  });

  describe('files it refuses, with one sentence naming the file', () => {
    it('an empty file', async () => {
      const error = await userErrorFrom(detectEncoding(writeTemp(next, '', 'empty.csv')));
      expect(error.code).toBe('file_empty');
      expect(error.message).toContain('empty.csv');
    });

    it('a file holding only a BOM', async () => {
      expect((await userErrorFrom(detectEncoding(writeTemp(next, Buffer.from([0xef, 0xbb, 0xbf]))))).code).toBe('file_empty');
    });

    it('a missing file', async () => {
      const error = await userErrorFrom(detectEncoding('/nonexistent/folder/list.csv'));
      expect(error.code).toBe('file_not_found');
      expect(error.message).toBe('The file "/nonexistent/folder/list.csv" does not exist.');
    });

    it('a folder', async () => {
      const dir = next();
      mkdirSync(dir);
      const error = await userErrorFrom(detectEncoding(dir));
      expect(error.code).toBe('file_unreadable');
      expect(error.message).toContain('is a folder');
    });

    it.skipIf(process.getuid?.() === 0)('a file without read permission', async () => {
      const path = writeTemp(next, 'email\n');
      chmodSync(path, 0o000);
      const error = await userErrorFrom(detectEncoding(path));
      expect(error.code).toBe('file_unreadable');
      expect(error.message).toContain('permission denied');
    });

    it('an Excel workbook, telling the user to save it as CSV', async () => {
      const xlsx = Buffer.concat([zipEntry('[Content_Types].xml'), zipEntry('_rels/.rels'), zipEntry('xl/workbook.xml')]);
      const error = await userErrorFrom(detectEncoding(writeTemp(next, xlsx, 'contacts.xlsx')));
      expect(error.code).toBe('not_a_text_file');
      expect(error.message).toMatch(/^"contacts\.xlsx" is an Excel workbook, not a CSV file: .*CSV UTF-8/);
    });

    it.each([
      ['an old .xls workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /Excel 97–2003/],
      [
        'an OpenDocument spreadsheet',
        Buffer.concat([zipEntry('mimetype'), Buffer.from('application/vnd.oasis.opendocument.spreadsheet')]),
        /OpenDocument/,
      ],
      ['a plain ZIP archive', zipEntry('contacts.csv'), /ZIP archive/],
      ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'), /PDF document/],
      ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /PNG image/],
      ['a gzip file', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]), /gzip/],
    ])('%s', async (_name, bytes, message) => {
      const error = await userErrorFrom(detectEncoding(writeTemp(next, bytes)));
      expect(error.code).toBe('not_a_text_file');
      expect(error.message).toMatch(message);
    });

    it('NUL bytes near the start, naming the line', async () => {
      const bytes = Buffer.concat([Buffer.from('email,name\r\na@b.co,Ann\r\nc@d.co,'), Buffer.from([0, 0, 0]), Buffer.from('\r\n')]);
      const error = await userErrorFrom(detectEncoding(writeTemp(next, bytes, 'nul.csv')));
      expect(error.code).toBe('not_a_text_file');
      expect(error.message).toMatch(/"nul\.csv" .*line 3/);
    });

    it('a NUL byte far beyond the first megabyte, naming its line', async () => {
      const body = 'email\n' + 'someone@example.org\n'.repeat(100_000);
      const bytes = Buffer.concat([Buffer.from(body), Buffer.from('x@y.z'), Buffer.from([0]), Buffer.from('\n')]);
      const error = await userErrorFrom(detectEncoding(writeTemp(next, bytes)));
      expect(error.code).toBe('not_a_text_file');
      expect(error.message).toContain('line 100002');
    });

    it('random binary data', async () => {
      const bytes = Buffer.alloc(4096);
      let seed = 7;
      for (let i = 0; i < bytes.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        bytes[i] = seed >> 16 === 0 ? 1 : (seed >> 16) & 0xff;
      }
      expect((await userErrorFrom(detectEncoding(writeTemp(next, bytes)))).code).toBe('not_a_text_file');
    });

    it('UTF-32, which it names', async () => {
      const error = await userErrorFrom(detectEncoding(writeTemp(next, Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]))));
      expect(error.code).toBe('encoding_unreadable');
      expect(error.message).toContain('UTF-32');
    });
  });
});
