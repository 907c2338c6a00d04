// Which character encoding a recipient file is in, decided from its bytes before
// anything is parsed. The rules, in order:
//   1. Empty file → file_empty. Known binary formats (Excel, ZIP, PDF, images …) →
//      not_a_text_file, telling the user what to do instead.
//   2. A byte-order mark decides: UTF-8, UTF-16 LE/BE (UTF-32 → encoding_unreadable).
//   3. UTF-16 without a BOM: many NUL bytes, nearly all in odd (LE) or even (BE) positions.
//   4. NUL bytes or many control characters otherwise → not_a_text_file.
//   5. The WHOLE file is validated as UTF-8, chunk by chunk (Utf8Validator: about
//      0.04 s per 87 MB, measured; a fatal TextDecoder took 0.33 s): valid → UTF-8. Validating only the head
//      would be faster but misreads the common case of an export whose first accented
//      name is thousands of rows down.
//   6. Not valid UTF-8: a second pass weighs the evidence. More valid multi-byte UTF-8
//      sequences than invalid bytes → UTF-8 with damage (bad bytes become U+FFFD, with
//      a note); otherwise Windows-1252 (what Excel writes as "CSV" on Western Windows).
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Encoding } from '../../../shared/model/check';
import { UserError } from '../../../shared/model/errors';
import { fileLabel, inputFileError } from './file-errors';

export interface EncodingDetection {
  encoding: Encoding;
  /** File size in bytes. */
  bytes: number;
  /** One sentence for the user when the guess needed judgement (e.g. a few bytes are not valid UTF-8). */
  note?: string;
}

/** How much of the start of the file the format checks look at. */
export const HEAD_BYTES = 64 * 1024;

const READ_CHUNK_BYTES = 1024 * 1024;

interface Bom {
  encoding: Encoding | 'utf-32';
  length: number;
}

export async function detectEncoding(path: string, options: { signal?: AbortSignal } = {}): Promise<EncodingDetection> {
  const stats = await stat(path).catch((error: unknown) => {
    throw inputFileError(error, path);
  });
  if (stats.isDirectory()) throw new UserError('file_unreadable', `"${path}" is a folder, not a file.`);
  if (!stats.isFile()) throw new UserError('file_unreadable', `"${path}" is not a regular file.`);
  const bytes = stats.size;
  const label = fileLabel(path);
  if (bytes === 0) throw new UserError('file_empty', `${label} is empty.`);

  const head = await readHead(path, HEAD_BYTES);
  const binaryKind = describeBinaryFormat(head);
  if (binaryKind) throw new UserError('not_a_text_file', `${label} is ${binaryKind}`);

  const bom = byteOrderMark(head);
  if (bom) {
    if (bytes <= bom.length) throw new UserError('file_empty', `${label} is empty (it holds only a byte-order mark).`);
    if (bom.encoding === 'utf-32') {
      throw new UserError(
        'encoding_unreadable',
        `${label} is in UTF-32, which Preflight cannot read: save it as UTF-8 and import it again.`,
      );
    }
    if (bom.encoding !== 'utf-8-bom') return { encoding: bom.encoding, bytes };
  }

  const utf16 = bom ? null : sniffUtf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bytes };

  if (!bom) rejectBinaryHead(head, label);

  const valid = await isValidUtf8(path, label, options.signal);
  if (valid) return { encoding: bom ? 'utf-8-bom' : 'utf-8', bytes };

  const evidence = await weighUtf8Evidence(path, label, options.signal);
  if (bom || evidence.validSequences >= evidence.invalidBytes) {
    return {
      encoding: bom ? 'utf-8-bom' : 'utf-8',
      bytes,
      note:
        `${label} is UTF-8 but ${evidence.invalidBytes} byte${evidence.invalidBytes === 1 ? ' is' : 's are'} not valid UTF-8 ` +
        `(first on line ${evidence.firstInvalidLine}); those characters show as �.`,
    };
  }
  rejectImplausibleWindows1252(head, label);
  return {
    encoding: 'windows-1252',
    bytes,
    note:
      evidence.validSequences > 0
        ? `${label} mixes Windows-1252 with some UTF-8 text: a few accented characters may show wrongly.`
        : undefined,
  };
}

async function readHead(path: string, length: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } catch (error) {
    throw inputFileError(error, path);
  } finally {
    await handle?.close();
  }
}

function startsWith(head: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => head[index] === byte);
}

function byteOrderMark(head: Uint8Array): Bom | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8-bom', length: 3 };
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00])) return { encoding: 'utf-32', length: 4 };
  if (startsWith(head, [0x00, 0x00, 0xfe, 0xff])) return { encoding: 'utf-32', length: 4 };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return null;
}

const SAVE_AS_CSV = 'save it as "CSV UTF-8" and import that file instead.';

/** What a known binary format is, as the end of a sentence "X is …", or null. */
export function describeBinaryFormat(head: Uint8Array): string | null {
  const ascii = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1');
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    // Office Open XML, OpenDocument and Numbers files are ZIP archives: the entry names tell them apart.
    if (ascii.includes('xl/')) {
      return `an Excel workbook, not a CSV file: open it in Excel, choose File › Save As, ${SAVE_AS_CSV}`;
    }
    if (ascii.includes('opendocument.spreadsheet')) {
      return `an OpenDocument spreadsheet, not a CSV file: open it in LibreOffice Calc, ${SAVE_AS_CSV}`;
    }
    if (ascii.includes('Index/') || ascii.includes('.iwa')) {
      return 'an Apple Numbers document, not a CSV file: export it with File › Export To › CSV and import that file instead.';
    }
    if (ascii.includes('word/')) return 'a Word document, not a CSV file.';
    return 'a ZIP archive, not a CSV file: extract the CSV file from it and import that instead.';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return `an Excel 97–2003 workbook (or another old Office document), not a CSV file: open it in Excel, ${SAVE_AS_CSV}`;
  }
  if (ascii.startsWith('%PDF-')) return 'a PDF document, not a CSV file.';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'a PNG image, not a CSV file.';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'a JPEG image, not a CSV file.';
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'a GIF image, not a CSV file.';
  if (startsWith(head, [0x1f, 0x8b])) return 'a gzip-compressed file, not a CSV file: decompress it and import the CSV inside.';
  if (ascii.startsWith('Rar!') || startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) {
    return 'a compressed archive, not a CSV file: extract the CSV file from it and import that instead.';
  }
  if (ascii.startsWith('SQLite format 3\0')) return 'an SQLite database, not a CSV file.';
  return null;
}

/**
 * UTF-16 without a BOM (some database exports): ASCII text then has a NUL in every
 * other byte. Needs a clear majority so that a binary file with scattered NULs is not
 * taken for text.
 */
export function sniffUtf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let pair = 0; pair < pairs; pair++) {
    if (head[2 * pair] === 0) evenZeros++;
    if (head[2 * pair + 1] === 0) oddZeros++;
  }
  if (oddZeros / pairs > 0.3 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.3 && oddZeros / pairs < 0.05) return 'utf-16be';
  return null;
}

/** Control characters text files do not contain (tab, LF, VT, FF, CR and DOS's end-of-file ^Z are fine). */
function isStrayControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1a;
}

function rejectBinaryHead(head: Uint8Array, label: string): void {
  let controls = 0;
  for (const byte of head) if (isStrayControl(byte)) controls++;
  const nul = head.indexOf(0);
  if (nul >= 0 || controls > head.length / 100) {
    throw new UserError(
      'not_a_text_file',
      `${label} is not a text file (it contains binary data${nul >= 0 ? `, such as NUL bytes on line ${lineOfOffset(head, nul)}` : ''}): Preflight reads CSV and TSV files.`,
    );
  }
}

/**
 * Any bytes decode as Windows-1252, so that is no proof of text. A list in it is mostly
 * ASCII (addresses, digits, delimiters) with accented letters here and there; bytes that
 * are mostly high are binary data, or a text Preflight would only turn into nonsense.
 * (A list in another single-byte encoding, whose addresses are still ASCII, stays below
 * the line and is checked, its names misread.)
 */
function rejectImplausibleWindows1252(head: Uint8Array, label: string): void {
  if (head.length < 64) return;
  let high = 0;
  for (const byte of head) if (byte >= 0x80) high++;
  if (high > head.length * 0.5) {
    throw new UserError(
      'not_a_text_file',
      `${label} does not read as text (it is not UTF-8, and as Windows-1252 ${Math.round((100 * high) / head.length)}% of its characters would be accents and symbols): if it is a list, save it as CSV UTF-8 and import it again.`,
    );
  }
}

/** 1-based line of a byte offset; CRLF, LF and lone CR each end a line. */
function lineOfOffset(bytes: Uint8Array, offset: number): number {
  const counter = new LineBreakCounter();
  counter.feed(bytes.subarray(0, offset));
  return counter.lines + 1;
}

/** The same for a file, read again: only on the way to an error message. */
async function lineOfFileOffset(path: string, offset: number): Promise<number> {
  const counter = new LineBreakCounter();
  if (offset === 0) return 1;
  for await (const chunk of createReadStream(path, { end: offset - 1, highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    counter.feed(chunk);
  }
  return counter.lines + 1;
}

/** Counts line breaks across chunks, treating a CRLF split between two chunks as one break. */
class LineBreakCounter {
  lines = 0;
  private lastWasCr = false;

  feed(bytes: Uint8Array): void {
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index];
      if (byte === 0x0a) {
        if (!this.lastWasCr) this.lines++;
        this.lastWasCr = false;
      } else if (byte === 0x0d) {
        this.lines++;
        this.lastWasCr = true;
      } else {
        this.lastWasCr = false;
      }
    }
  }
}

function nulByteError(label: string, line: number): UserError {
  return new UserError(
    'not_a_text_file',
    `${label} contains a NUL byte on line ${line}, which text files never do: it is damaged or not a CSV file.`,
  );
}

async function isValidUtf8(path: string, label: string, signal: AbortSignal | undefined): Promise<boolean> {
  const validator = new Utf8Validator();
  let offset = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, signal }) as AsyncIterable<Buffer>) {
      const nul = chunk.indexOf(0);
      if (nul >= 0) throw nulByteError(label, await lineOfFileOffset(path, offset + nul));
      offset += chunk.length;
      if (!validator.feed(chunk)) return false;
    }
  } catch (error) {
    throw error instanceof UserError ? error : readError(error, path);
  }
  return validator.end();
}

/**
 * Streaming UTF-8 validation: Node's native isUtf8 (simdutf) on each chunk, with a
 * character cut by the chunk boundary carried over to the next one. Same verdict as a
 * fatal TextDecoder with `stream: true`, about 8× faster (0.04 s vs 0.33 s per 87 MB).
 */
export class Utf8Validator {
  private carry: Buffer | null = null;

  /** False as soon as the bytes so far cannot be UTF-8. */
  feed(chunk: Uint8Array): boolean {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this.carry) {
      bytes = Buffer.concat([this.carry, bytes]);
      this.carry = null;
    }
    const tail = incompleteTailLength(bytes);
    if (tail > 0) {
      this.carry = Buffer.from(bytes.subarray(bytes.length - tail));
      bytes = bytes.subarray(0, bytes.length - tail);
    }
    return isUtf8(bytes);
  }

  /** False when the input ended in the middle of a character. */
  end(): boolean {
    return this.carry === null;
  }
}

/** How many bytes at the end start a character that is not complete yet (0–3). */
function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    if (byte < 0xc0) return 0; // ASCII: nothing pending
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length > back ? back : 0;
  }
  return 0;
}

function readError(error: unknown, path: string): unknown {
  if ((error as Error | undefined)?.name === 'AbortError') return new UserError('cancelled', 'Reading the file was cancelled.');
  return inputFileError(error, path);
}

interface Utf8Evidence {
  validSequences: number;
  invalidBytes: number;
  firstInvalidLine: number;
}

/** Counts well-formed multi-byte UTF-8 sequences and bytes that cannot be UTF-8, over the whole file. */
async function weighUtf8Evidence(path: string, label: string, signal: AbortSignal | undefined): Promise<Utf8Evidence> {
  const evidence: Utf8Evidence = { validSequences: 0, invalidBytes: 0, firstInvalidLine: 0 };
  let line = 1;
  let lastWasCr = false;
  let carry: Uint8Array = new Uint8Array(0);
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, signal }) as AsyncIterable<Buffer>) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      carry = new Uint8Array(0);
      let index = 0;
      while (index < bytes.length) {
        const byte = bytes[index]!;
        if (byte < 0x80) {
          if (byte === 0) throw nulByteError(label, line);
          if (byte === 0x0a) {
            if (!lastWasCr) line++;
          } else if (byte === 0x0d) line++;
          lastWasCr = byte === 0x0d;
          index++;
          continue;
        }
        lastWasCr = false;
        const length = utf8SequenceLength(bytes, index);
        if (length === -1) {
          // Possibly a sequence cut by the chunk boundary: finish it with the next chunk.
          carry = bytes.subarray(index);
          break;
        }
        if (length === 0) {
          evidence.invalidBytes++;
          if (evidence.firstInvalidLine === 0) evidence.firstInvalidLine = line;
          index++;
        } else {
          evidence.validSequences++;
          index += length;
        }
      }
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw readError(error, path);
  }
  if (carry.length > 0) {
    evidence.invalidBytes += carry.length;
    if (evidence.firstInvalidLine === 0) evidence.firstInvalidLine = line;
  }
  return evidence;
}

/**
 * The length of the well-formed UTF-8 sequence starting at `index` (a byte ≥ 0x80),
 * 0 when it is not one, -1 when the bytes end before the sequence could be judged.
 */
function utf8SequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index]!;
  let length: number;
  let secondMin = 0x80;
  let secondMax = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) secondMin = 0xa0; // no overlong forms
    if (lead === 0xed) secondMax = 0x9f; // no surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) secondMin = 0x90;
    if (lead === 0xf4) secondMax = 0x8f;
  } else return 0;
  for (let offset = 1; offset < length; offset++) {
    if (index + offset >= bytes.length) return -1;
    const byte = bytes[index + offset]!;
    const min = offset === 1 ? secondMin : 0x80;
    const max = offset === 1 ? secondMax : 0xbf;
    if (byte < min || byte > max) return 0;
  }
  return length;
}
