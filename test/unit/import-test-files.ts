// Helpers for the import/export/suppression tests: temporary files written from a JS
// string in a chosen encoding, so the expected cells are known exactly.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Encoding } from '../../shared/model/check';
import { readRecords, type ReadRecordsOptions } from '../../electron/services/import/records';

/** A temporary folder for this test file, removed after its tests. */
export function useTempDir(prefix = 'preflight-test-'): () => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  return () => join(dir, `f${++counter}`);
}

// Written out by hand, independently of the decoder's table: the characters the tests use.
const WINDOWS_1252_EXTRA: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
  Š: 0x8a,
  š: 0x9a,
  Œ: 0x8c,
  œ: 0x9c,
  Ÿ: 0x9f,
  Ž: 0x8e,
  ž: 0x9e,
};

export function encodeText(text: string, encoding: Encoding | 'utf-16le-nobom' | 'utf-16be-nobom'): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16le-nobom':
      return Buffer.from(text, 'utf16le');
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'utf-16be-nobom':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows-1252':
      return Buffer.from(
        [...text].map((char) => {
          const code = char.codePointAt(0)!;
          if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
          const byte = WINDOWS_1252_EXTRA[char];
          if (byte === undefined) throw new Error(`${char} is not in the test's Windows-1252 table`);
          return byte;
        }),
      );
  }
}

export function writeTemp(nextPath: () => string, content: string | Uint8Array, name = 'list.csv'): string {
  const dir = nextPath();
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export interface CollectedRecord {
  fields: string[];
  index: number;
  line: number;
}

/** Every record readRecords delivers, copied. */
export async function collectRecords(
  path: string,
  options: ReadRecordsOptions,
): Promise<{ records: CollectedRecord[]; result: Awaited<ReturnType<typeof readRecords>> }> {
  const records: CollectedRecord[] = [];
  const result = await readRecords(path, options, (fields, index, line) => records.push({ fields: [...fields], index, line }));
  return { records, result };
}

/** The cells only. */
export async function readCells(path: string, options: ReadRecordsOptions): Promise<string[][]> {
  return (await collectRecords(path, options)).records.map((record) => record.fields);
}
