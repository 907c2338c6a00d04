// Bytes → text for each supported encoding, chunk by chunk. A multi-byte character
// cut in two by a chunk boundary is held back until its second half arrives
// (TextDecoder's `stream: true`): piping raw chunks into papaparse instead corrupts
// names (docs/sources.md, "papaparse pitfall"). The byte-order mark is dropped.
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import type { Encoding } from '../../../shared/model/check';
import { inputFileError } from './file-errors';

export interface ChunkDecoder {
  /** Text for this chunk; an incomplete character at its end is kept for the next call. */
  decode(chunk: Uint8Array): string;
  /** Whatever is still held back (an incomplete character at the end of the file becomes U+FFFD). */
  end(): string;
}

export function createChunkDecoder(encoding: Encoding): ChunkDecoder {
  switch (encoding) {
    case 'windows-1252':
      return windows1252Decoder();
    case 'utf-16be':
      return utf16beDecoder();
    case 'utf-16le':
      return textDecoder('utf-16le');
    case 'utf-8':
    case 'utf-8-bom':
      // Not fatal: detection already chose UTF-8, and a damaged byte should cost one
      // character (U+FFFD), not the whole import.
      return textDecoder('utf-8');
  }
}

/** A Transform from bytes to strings (object mode on the readable side: each chunk is a string). */
export function createDecodeStream(encoding: Encoding): Transform {
  const decoder = createChunkDecoder(encoding);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      const text = decoder.decode(chunk);
      if (text) this.push(text);
      callback();
    },
    flush(callback) {
      const text = decoder.end();
      if (text) this.push(text);
      callback();
    },
  });
}

function textDecoder(label: 'utf-8' | 'utf-16le' | 'utf-16be'): ChunkDecoder {
  // ignoreBOM false (the default): a leading BOM is consumed, not returned.
  const decoder = new TextDecoder(label);
  return {
    decode: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode(),
  };
}

/** UTF-16 BE through TextDecoder where ICU has it, else by swapping byte pairs into LE. */
function utf16beDecoder(): ChunkDecoder {
  try {
    return textDecoder('utf-16be');
  } catch {
    const little = textDecoder('utf-16le');
    let pending: Uint8Array | null = null;
    return {
      decode(chunk) {
        const bytes = pending ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
        const even = bytes.length - (bytes.length % 2);
        pending = even < bytes.length ? bytes.subarray(even) : null;
        return little.decode(Buffer.from(bytes.subarray(0, even)).swap16());
      },
      end() {
        const tail = pending ? '\uFFFD' : '';
        pending = null;
        return little.end() + tail;
      },
    };
  }
}

// Windows-1252 by table, not TextDecoder: Node 20's TextDecoder('windows-1252')
// decodes as ISO-8859-1 (0x80 → U+0080 instead of €; checked on these machines).
// Bytes 0x80–0x9F differ from Latin-1; the rest is Latin-1. The five bytes
// Windows-1252 leaves undefined map to the C1 controls, as the WHATWG index does.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
].map((codePoint) => String.fromCharCode(codePoint));

const C1_RANGE = /[\u0080-\u009f]/g;

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return latin1.replace(C1_RANGE, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80]!);
}

function windows1252Decoder(): ChunkDecoder {
  // One byte per character: no boundary to care about.
  return { decode: decodeWindows1252, end: () => '' };
}

/** About `chars` characters from the start of the file, decoded; `complete` when that is the whole file. */
export async function readTextHead(path: string, encoding: Encoding, chars: number): Promise<{ text: string; complete: boolean }> {
  const decoder = createChunkDecoder(encoding);
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  let text = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      text += decoder.decode(chunk);
      if (text.length >= chars) return { text, complete: false };
    }
    return { text: text + decoder.end(), complete: true };
  } catch (error) {
    throw inputFileError(error, path);
  } finally {
    stream.destroy();
  }
}
