// The fast way through a suppression CSV: the file's bytes are read in 1 MB chunks, lines
// and cells found in place (by indexOf in ASCII chunks, the usual case), and each address's
// bytes copied once, lower-cased, into the table. No string is made for an ordinary line.
// 1M lines (45 MB): ~0.5 s, where the general CSV reader (import/records.ts: decode,
// scanner, papaparse) and a Map took ~3.2 s (2-core machine, load average ~2).
//
// It reads what SES and spreadsheets write: UTF-8 (with or without BOM) or Windows-1252,
// any of the sniffed delimiters, CRLF / LF / lone CR line ends, blank lines, a header
// row, and cells in quotes that hold no quote and no line break ("a@b.org","BOUNCE").
// Anything else — another quote, a NUL byte, Excel's "sep=" line, UTF-16, a line over
// 1 MB — answers 'general', and the caller reads the file again with the general reader,
// whose rules (and error messages) are the reference. Up to that point both readers
// agree line by line, so an error this reader throws is the one the general reader would.
// test/unit/suppression-line-reader.test.ts checks the two against each other on
// generated files.
import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { Delimiter, Encoding } from '../../../shared/model/check';
import { decodeWindows1252 } from '../import/decode';
import { cancelledError } from '../import/file-errors';
import {
  addCsvRecord,
  checkAddress,
  headerColumns,
  isHeaderRecord,
  lastUpdateMs,
  parseReason,
  positionalColumns,
  type CsvColumns,
} from './rules';
import { REASON_BOUNCE, REASON_COMPLAINT, type SuppressionReasonCode, type SuppressionTable } from './table';

export interface LineReaderOptions {
  encoding: Encoding;
  delimiter: Delimiter;
  /** The file as error messages name it (fileLabel). */
  label: string;
  signal?: AbortSignal;
  /** Bytes per read, also the longest line this reader takes; tests use tiny values to cut lines at chunk ends. */
  chunkBytes?: number;
}

export type LineReaderOutcome = 'done' | 'general';

const CHUNK_BYTES = 1024 * 1024;

/** scanLine: the line needs the general reader / is not complete in the bytes at hand. */
const GENERAL = -2;
const INCOMPLETE = -1;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const AT = 64;

/**
 * Reads `path` into `table`. On 'general' the table holds part of the file and must be
 * thrown away. Throws the UserError the general reader would for a bad entry.
 */
export async function readSuppressionLines(path: string, options: LineReaderOptions, table: SuppressionTable): Promise<LineReaderOutcome> {
  const { encoding, signal } = options;
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return 'general';
  const parser = new LineParser(options, table);
  const handle = await open(path, 'r');
  try {
    const fileBytes = (await handle.stat()).size;
    const buffer = Buffer.allocUnsafeSlow(options.chunkBytes ?? CHUNK_BYTES);
    let filled = 0;
    let position = 0;
    let start = 0;
    let reserved = false;
    for (;;) {
      if (signal?.aborted) throw cancelledError();
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position);
      const final = bytesRead === 0;
      if (
        position === 0 &&
        encoding !== 'windows-1252' &&
        bytesRead >= 3 &&
        buffer[0] === 0xef &&
        buffer[1] === 0xbb &&
        buffer[2] === 0xbf
      ) {
        start = 3; // the decoder drops a UTF-8 byte-order mark
      }
      position += bytesRead;
      filled += bytesRead;
      const consumed = parser.parse(buffer, start, filled, final);
      if (consumed === GENERAL) return 'general';
      if (final) return 'done';
      if (!reserved && position < fileBytes && consumed > start) {
        // Size the table once from the first chunk, instead of growing it step by step.
        reserved = true;
        // 10% over: later lines run longer (user9 … user999999), and growing past the reserve copies every key.
        table.reserveScaled((fileBytes / (consumed - start)) * 1.1);
      }
      if (consumed === 0 && filled === buffer.length) return 'general'; // one line longer than the buffer
      buffer.copyWithin(0, consumed, filled);
      filled -= consumed;
      start = 0;
    }
  } finally {
    await handle.close();
  }
}

class LineParser {
  private readonly delimiter: number;
  private readonly decoder: (bytes: Uint8Array) => string;
  /** Cell i spans bytes bounds[2i] .. bounds[2i+1] (quotes excluded). */
  private bounds = new Int32Array(64);
  private fieldCount = 0;
  /** Some byte of the line is not ASCII: its cells go through text (toLowerCase, trim know every script). */
  private lineHasHighBytes = false;
  /**
   * Where the next LF, CR, quote and delimiter are in the chunk being parsed (its end when
   * there is none): each is searched (natively, by indexOf) once per occurrence, not once per line.
   */
  private nextLf = 0;
  private nextCr = 0;
  private nextQuote = 0;
  private nextDelimiter = 0;
  /** The last line ended with CR: an LF right after it belongs to the same line end. */
  private afterCr = false;
  /** The 1-based number of the line being read. */
  private line = 1;
  private columns: CsvColumns | null = null;

  constructor(
    private readonly options: LineReaderOptions,
    private readonly table: SuppressionTable,
  ) {
    this.delimiter = options.delimiter.charCodeAt(0);
    if (options.encoding === 'windows-1252') {
      this.decoder = decodeWindows1252;
    } else {
      // ignoreBOM: a cell starting with U+FEFF keeps it, as the streaming decoder does mid-file.
      const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
      this.decoder = (bytes) => utf8.decode(bytes);
    }
  }

  /** Reads the complete lines of bytes[start, end); returns where the unread rest begins, or GENERAL. */
  parse(buffer: Buffer, start: number, end: number, final: boolean): number {
    const bytes = buffer.subarray(0, end); // indexOf must not look past `end`
    // ASCII with no NUL (nearly every suppression file): lines and cells are found with
    // indexOf, which beats a JS loop over every byte. Otherwise scanLine looks at each byte.
    const plain = isAscii(bytes.subarray(start)) && bytes.indexOf(0, start) < 0;
    this.nextLf = this.nextCr = this.nextQuote = this.nextDelimiter = -1;
    let at = start;
    for (;;) {
      if (this.afterCr) {
        if (at === end) return final ? end : at;
        if (bytes[at] === LF) at++;
        this.afterCr = false;
      }
      if (at === end) return at;
      const lineEnd = plain ? this.scanPlainLine(bytes, at, end, final) : this.scanLine(bytes, at, end, final);
      if (lineEnd === GENERAL) return GENERAL;
      if (lineEnd === INCOMPLETE) return at;
      if (!this.record(bytes)) return GENERAL;
      if (lineEnd === end) return end; // the last line, without a line end
      if (bytes[lineEnd] === CR) this.afterCr = true;
      this.line++;
      at = lineEnd + 1;
    }
  }

  /** scanLine for an ASCII chunk without NUL, by indexOf; a line with a quote goes to scanLine. */
  private scanPlainLine(bytes: Buffer, from: number, end: number, final: boolean): number {
    if (this.nextLf < from) this.nextLf = indexIn(bytes, LF, from, end);
    if (this.nextCr < from) this.nextCr = indexIn(bytes, CR, from, end);
    const lineEnd = Math.min(this.nextLf, this.nextCr);
    if (lineEnd === end && !final) return INCOMPLETE;
    if (this.nextQuote < from) this.nextQuote = indexIn(bytes, QUOTE, from, end);
    if (this.nextQuote < lineEnd) return this.scanLine(bytes, from, end, final);
    let count = 0;
    let cellStart = from;
    for (;;) {
      if (this.nextDelimiter < cellStart) this.nextDelimiter = indexIn(bytes, this.delimiter, cellStart, end);
      const cellEnd = Math.min(this.nextDelimiter, lineEnd);
      this.setBounds(count++, cellStart, cellEnd);
      if (cellEnd === lineEnd) break;
      cellStart = cellEnd + 1;
    }
    this.fieldCount = count;
    this.lineHasHighBytes = false;
    return lineEnd;
  }

  /** Splits the line starting at `from` into cells; returns the index of its line end (or `end` for the file's last line). */
  private scanLine(bytes: Buffer, from: number, end: number, final: boolean): number {
    const delimiter = this.delimiter;
    let count = 0;
    let high = 0;
    let at = from;
    for (;;) {
      if (at < end && bytes[at] === QUOTE) {
        // A quoted cell: only the plain kind, closed on the same line and followed by a delimiter or the line end.
        let close = at + 1;
        for (; close < end; close++) {
          const byte = bytes[close]!;
          if (byte === QUOTE || byte === LF || byte === CR || byte === 0) break;
          high |= byte;
        }
        if (close === end) return final ? GENERAL : INCOMPLETE;
        if (bytes[close] !== QUOTE) return GENERAL;
        this.setBounds(count++, at + 1, close);
        at = close + 1;
        if (at === end) {
          if (!final) return INCOMPLETE;
          break;
        }
        const next = bytes[at]!;
        if (next === delimiter) {
          at++;
          continue;
        }
        if (next === LF || next === CR) break;
        return GENERAL;
      }
      const cellStart = at;
      let cellEnded = false;
      for (; at < end; at++) {
        const byte = bytes[at]!;
        if (byte > QUOTE && byte !== delimiter) {
          high |= byte;
          continue;
        }
        if (byte === delimiter) {
          this.setBounds(count++, cellStart, at);
          at++;
          cellEnded = true;
          break;
        }
        if (byte === LF || byte === CR) {
          this.setBounds(count++, cellStart, at);
          this.finishLine(count, high);
          return at;
        }
        if (byte === QUOTE || byte === 0) return GENERAL;
      }
      if (cellEnded) continue;
      if (!final) return INCOMPLETE;
      this.setBounds(count++, cellStart, end);
      this.finishLine(count, high);
      return end;
    }
    // After a quoted cell: `at` is the line end (or the end of the file).
    this.finishLine(count, high);
    return at;
  }

  private setBounds(index: number, start: number, end: number): void {
    if (index * 2 >= this.bounds.length) {
      const grown = new Int32Array(this.bounds.length * 2);
      grown.set(this.bounds);
      this.bounds = grown;
    }
    this.bounds[index * 2] = start;
    this.bounds[index * 2 + 1] = end;
  }

  private finishLine(count: number, high: number): void {
    this.fieldCount = count;
    this.lineHasHighBytes = high > 127;
  }

  private cellText(bytes: Uint8Array, index: number): string | undefined {
    if (index >= this.fieldCount) return undefined;
    return this.decoder(bytes.subarray(this.bounds[index * 2], this.bounds[index * 2 + 1]));
  }

  private cells(bytes: Uint8Array): string[] {
    const cells: string[] = [];
    for (let i = 0; i < this.fieldCount; i++) cells.push(this.cellText(bytes, i)!);
    return cells;
  }

  /** The line just scanned, as the general reader's readCsv handles a record; false: leave it to the general reader. */
  private record(bytes: Buffer): boolean {
    const { label } = this.options;
    const count = this.fieldCount;
    if (count === 1 && this.isBlank(bytes, 0)) return true; // a blank line is not a record
    let columns = this.columns;
    if (columns === null) {
      if (startsWithSep(bytes, this.bounds[0]!, this.bounds[1]!)) return false; // Excel's "sep=;" line: general rules
      if (indexIn(bytes, AT, this.bounds[0]!, this.bounds[count * 2 - 1]!) === this.bounds[count * 2 - 1]) {
        const cells = this.cells(bytes);
        if (isHeaderRecord(cells)) {
          this.columns = headerColumns(cells, label);
          return true;
        }
      }
      columns = this.columns = positionalColumns(count);
    }
    if (this.lineHasHighBytes) {
      addCsvRecord(this.table, columns, (index) => this.cellText(bytes, index), this.line, label);
      return true;
    }
    if (columns.email >= count) return true;
    let start = this.bounds[columns.email * 2]!;
    let end = this.bounds[columns.email * 2 + 1]!;
    while (start < end && isAsciiSpace(bytes[start]!)) start++;
    while (end > start && isAsciiSpace(bytes[end - 1]!)) end--;
    if (start === end) return true;
    if (indexIn(bytes, AT, start, end) === end) {
      checkAddress(this.cellText(bytes, columns.email)!.trim(), `Line ${this.line}`, label); // throws
    }
    const reason = columns.reason === null ? REASON_BOUNCE : this.reasonAt(bytes, columns.reason);
    const lastUpdate = columns.lastUpdate === null ? NaN : lastUpdateMs(this.cellText(bytes, columns.lastUpdate));
    this.table.addAscii(bytes, start, end, reason, lastUpdate);
    return true;
  }

  /** BOUNCE / COMPLAINT in any case, or empty, read from the bytes; anything else through parseReason (which throws). */
  private reasonAt(bytes: Uint8Array, index: number): SuppressionReasonCode {
    if (index >= this.fieldCount) return REASON_BOUNCE;
    let start = this.bounds[index * 2]!;
    let end = this.bounds[index * 2 + 1]!;
    while (start < end && isAsciiSpace(bytes[start]!)) start++;
    while (end > start && isAsciiSpace(bytes[end - 1]!)) end--;
    if (start === end) return REASON_BOUNCE;
    if (matchesLowerCase(bytes, start, end, BOUNCE_BYTES)) return REASON_BOUNCE;
    if (matchesLowerCase(bytes, start, end, COMPLAINT_BYTES)) return REASON_COMPLAINT;
    return parseReason(this.cellText(bytes, index), `Line ${this.line}`, this.options.label);
  }

  private isBlank(bytes: Uint8Array, index: number): boolean {
    if (this.lineHasHighBytes) return this.cellText(bytes, index)!.trim() === '';
    for (let i = this.bounds[index * 2]!; i < this.bounds[index * 2 + 1]!; i++) if (!isAsciiSpace(bytes[i]!)) return false;
    return true;
  }
}

const BOUNCE_BYTES = Buffer.from('bounce');
const COMPLAINT_BYTES = Buffer.from('complaint');

/** The ASCII whitespace String.prototype.trim removes (TAB, LF, VT, FF, CR, space). */
function isAsciiSpace(byte: number): boolean {
  return byte === 32 || (byte >= 9 && byte <= 13);
}

/** Where `byte` first is in bytes[from, end), or `end`. (indexOf may look on to the end of `bytes`.) */
function indexIn(bytes: Buffer, byte: number, from: number, end: number): number {
  const found = bytes.indexOf(byte, from);
  return found < 0 || found > end ? end : found;
}

function matchesLowerCase(bytes: Uint8Array, start: number, end: number, lower: Uint8Array): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((bytes[start + i]! | 32) !== lower[i]) return false;
  return true;
}

/** "sep=" in any case at the start of the first cell. */
function startsWithSep(bytes: Uint8Array, start: number, end: number): boolean {
  return (
    end - start >= 4 &&
    (bytes[start]! | 32) === 115 &&
    (bytes[start + 1]! | 32) === 101 &&
    (bytes[start + 2]! | 32) === 112 &&
    bytes[start + 3] === 61
  );
}
