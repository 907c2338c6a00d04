import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createChunkDecoder, createDecodeStream, decodeWindows1252 } from '../../electron/services/import/decode';
import type { Encoding } from '../../shared/model/check';
import { encodeText } from './import-test-files';

const TEXT = 'email,name\r\nzoe@a.de,Zoë Müller 😀 李\r\n';

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

describe('decoding', () => {
  it('maps Windows-1252 bytes 0x80–0x9F to their characters, not to C1 controls', () => {
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x85, 0x8a, 0x92, 0x93, 0x94, 0x96, 0x99, 0x9c, 0x9f]))).toBe('€…Š’“”–™œŸ');
    expect(decodeWindows1252(Uint8Array.from([0x41, 0xa0, 0xe9, 0xfc, 0xff]))).toBe('A\u00a0éüÿ');
    // The five bytes Windows-1252 leaves undefined decode as the WHATWG index says.
    expect(decodeWindows1252(Uint8Array.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]))).toBe('\u0081\u008d\u008f\u0090\u009d');
  });

  it.each(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'] as const)(
    'drops the BOM and never splits a character (%s, 1-byte chunks)',
    (encoding: Encoding) => {
      const decoder = createChunkDecoder(encoding);
      const text =
        chunks(encodeText(TEXT, encoding), 1)
          .map((chunk) => decoder.decode(chunk))
          .join('') + decoder.end();
      expect(text).toBe(TEXT);
    },
  );

  it('ends an incomplete character at the end of the input as U+FFFD', () => {
    const decoder = createChunkDecoder('utf-8');
    expect(decoder.decode(Uint8Array.from([0x61, 0xe2, 0x82])) + decoder.end()).toBe('a\uFFFD');
  });

  it.each(['utf-8-bom', 'utf-16be', 'windows-1252'] as const)('works as a Transform stream (%s)', async (encoding) => {
    const source = 'email;name\r\nfr@euro.fr;François € 5\r\n';
    const parts: string[] = [];
    for await (const part of Readable.from(chunks(encodeText(source, encoding), 3)).pipe(createDecodeStream(encoding))) {
      expect(typeof part).toBe('string');
      parts.push(part as string);
    }
    expect(parts.join('')).toBe(source);
  });
});
