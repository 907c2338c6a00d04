// The same list, exported the ways real tools export it, gets the same verdicts:
// the encoding and the delimiter change how a file is read, never what is decided.
import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';

const rows = [
  ['Email', 'Name', 'Opt-in', 'Note'],
  ['zoë.müller@gmail.com', 'Zoë Müller', 'yes', 'café; "quoted", with comma'],
  ['jose@correo-españa.es', 'José García', 'yes', 'line one\nline two'],
  ['info@acme-widgets.com', 'Acme', 'yes', '€ 5'],
  ['not an address', 'Broken', 'yes', ''],
  ['sam@gmial.com', 'Sam', 'no', ''],
];

function csv(delimiter: string, lineEnd: string): string {
  const quote = (cell: string) => (/["\n\r]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((row) => row.map(quote).join(delimiter)).join(lineEnd) + lineEnd;
}

function windows1252(text: string): Buffer {
  // The few non-ASCII characters of this list, in their Windows-1252 bytes.
  const map: Record<string, number> = { ë: 0xeb, ü: 0xfc, é: 0xe9, ñ: 0xf1, '€': 0x80 };
  return Buffer.from([...text].map((ch) => map[ch] ?? ch.charCodeAt(0)));
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

const variants: [string, Buffer, string][] = [
  ['UTF-8, comma, LF', Buffer.from(csv(',', '\n')), 'utf-8'],
  ['UTF-8 with BOM, semicolon, CRLF (Excel)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(';', '\r\n'))]), 'utf-8-bom'],
  [
    'UTF-16 LE with BOM, tab (Excel "Unicode text")',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv('\t', '\r\n'), 'utf16le')]),
    'utf-16le',
  ],
  ['UTF-16 BE with BOM, comma', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(csv(',', '\n'))]), 'utf-16be'],
  ['Windows-1252, semicolon, CRLF (European Excel)', windows1252(csv(';', '\r\n')), 'windows-1252'],
];

describe('the same list in every encoding and delimiter', () => {
  it('reads each the same way and decides the same verdicts', async () => {
    const dir = await tempDir();
    const results: { name: string; cells: string[][]; encoding: string }[] = [];
    for (const [i, [name, bytes]] of variants.entries()) {
      const input = join(dir, `list-${i}.csv`);
      await writeFile(input, bytes);
      const out = join(dir, `out-${i}`);
      const result = await cli(['check', input, '--out', out, '--offline', '--now', '2026-11-26']);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      const annotated = await readCsv(join(out, 'annotated.csv'));
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
      results.push({ name, cells: annotated.raw, encoding: report.input.encoding });
    }
    expect(results.map((r) => r.encoding)).toEqual(variants.map(([, , encoding]) => encoding));
    for (const result of results) {
      // The original cells come back exactly, whatever the input's encoding and delimiter.
      expect(
        result.cells.map((row) => row.slice(0, 4)),
        result.name,
      ).toEqual(rows.slice(1));
      expect(result.cells, result.name).toEqual(results[0]!.cells);
    }
    expect(results[0]!.cells.map((row) => [row[4], row[5]])).toEqual([
      ['remove', 'ses_unsupported'], // a non-ASCII local part: SES cannot send to it
      ['send', ''], // an internationalised domain is fine (sent as xn--)
      ['review', 'role_account'],
      ['remove', 'syntax_invalid'],
      ['remove', 'no_consent;typo_suspected'],
    ]);
  });
});
