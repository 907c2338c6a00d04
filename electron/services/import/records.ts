// Streaming CSV records: file → bytes → text (decode.ts) → line ends made uniform →
// the strict scanner (scanner.ts), with papaparse's parser taking over for records only
// its lenient rules read, fed chunk by chunk. The file is never held as one string:
// only the current chunk and the unfinished record at its end are in memory.
//
// Rules the rest of Preflight relies on:
// - Record 0 is the header (not delivered with `skipHeader`). Every other record is
//   delivered, in order, exactly once.
// - A line that is empty (or only whitespace) is not a record: it is skipped, not counted.
//   A line of empty fields (",,,") is a record. `skippedAs` is that rule, shared with the
//   check's byte reader (engine/write-bytes.ts).
// - Ragged records (more or fewer fields than the header) are delivered with the fields
//   they actually have, and counted.
// - CRLF, LF and a lone CR (old Mac Excel) all end a line, mixed in one file too. A line
//   break inside a quoted field reaches the cell as "\n" whichever form the file used.
// - Excel's optional first line "sep=;" is not a record.
// - A quote that never closes, or a record longer than MAX_RECORD_CHARS, is
//   UserError('csv_malformed', 'Line N: …'), N being the line where the trouble starts.
// - A NUL character is not_a_text_file, naming its line.
// - The file is opened read-only and closed on every way out (end, error, limit, cancel).
// - A quote that closes but is followed by more text ("a"b,) is read leniently, as
//   papaparse does (the text is kept in the field) — unless the field then runs over
//   line breaks, which would merge rows: that is csv_malformed too.
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';
import type { Delimiter, Encoding } from '../../../shared/model/check';
import { UserError } from '../../../shared/model/errors';
import { createChunkDecoder } from './decode';
import { cancelledError, closeReadStream, fileLabel, inputFileError } from './file-errors';
import { INCOMPLETE, LENIENT, ParsedRecord, ScannedRecord, UnclosedQuote, type CsvRecord } from './scanner';

export type { CsvRecord } from './scanner';

/** 20 M characters: no real contact record comes near; beyond it the file is broken, and memory stays bounded. */
export const MAX_RECORD_CHARS = 20 * 1024 * 1024;

/** Bytes per read: on the 87 MB benchmark 256 KB used the least CPU of 64 KB, 256 KB and 1 MB. */
const READ_CHUNK_BYTES = 256 * 1024;

export interface ReadRecordsOptions {
  encoding: Encoding;
  delimiter: Delimiter;
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far, for progress. */
  onBytes?: (bytesRead: number) => void;
  /** Stop after this many records, header included (previews). The file is closed early. */
  limit?: number;
  /** The longest record accepted, in characters. */
  maxRecordChars?: number;
  /** Bytes per read; tests use tiny values to cut characters and records at chunk boundaries. */
  highWaterMark?: number;
  /** The first record is the file's header: counted (record 0, the width rows are compared with) but not delivered. */
  skipHeader?: boolean;
}

export interface ReadRecordsResult {
  /** Records delivered, header included. */
  records: number;
  /** Data records whose field count differs from the header's. */
  raggedRecords: number;
  /** Whether papaparse's lenient rules read any part of the file (a quote the strict scanner does not read). */
  lenient: boolean;
  /** Whether any line ended with a lone CR (old Mac files), rather than LF or CRLF. */
  loneCarriageReturns: boolean;
}

/**
 * @param fields the record's cells. Each cell is a substring of a read chunk, so a cell kept
 *   for the whole run keeps its chunk alive: copy cells you store (keeping 1M email cells as
 *   given held 211 MB of heap, copied with (' ' + cell).slice(1) 123 MB, on the 87 MB benchmark).
 * @param index 0 for the header, then 1, 2 … for data records
 * @param line the 1-based line of the file where the record starts
 */
export type RecordHandler = (fields: string[], index: number, line: number) => void;

interface ParseOutcome {
  data: string[][];
  errors: { code: string; row: number; index: number }[];
  meta: { cursor: number };
}

/** readRecords with the cells as an array: for callers that want every cell of every record. */
export async function readRecords(path: string, options: ReadRecordsOptions, onRecord: RecordHandler): Promise<ReadRecordsResult> {
  return scanRecords(path, options, (record) => onRecord(record.fields(), record.index, record.line));
}

/**
 * The records of a file, in order, each exactly once. Most records are read by the strict
 * scanner (scanner.ts), which makes a cell's string only when it is asked for; a chunk with
 * a quote only papaparse's lenient rules read goes to papaparse from that record on.
 */
export async function scanRecords(
  path: string,
  options: ReadRecordsOptions,
  onRecord: (record: CsvRecord) => void,
): Promise<ReadRecordsResult> {
  const { signal, limit } = options;
  const maxRecordChars = options.maxRecordChars ?? MAX_RECORD_CHARS;
  const label = fileLabel(path);
  if (signal?.aborted) throw cancelledError();

  const decoder = createChunkDecoder(options.encoding);
  const lineEnds = new LineEndNormalizer();
  const parser = new Papa.Parser({ delimiter: options.delimiter, newline: '\n', quoteChar: '"' });
  const scanned = new ScannedRecord(options.delimiter);
  const parsed = new ParsedRecord();

  let pending = ''; // the unfinished record left by the last parse
  let pendingLine = 1; // the line `pending` starts on
  let fresh: string[] = [];
  let freshLength = 0;
  let records = 0;
  let raggedRecords = 0;
  let headerLength = -1;
  let done = false;
  let lenientUsed = false;
  const byteSearchForNul = options.encoding !== 'utf-16le' && options.encoding !== 'utf-16be';
  let zeroByteSeen = false;

  const skipHeader = options.skipHeader === true;
  const deliver = (record: ScannedRecord | ParsedRecord, line: number): void => {
    if (signal?.aborted) throw cancelledError();
    const skip = skippedAs(record, records, skipHeader);
    if (skip === 'blank' || skip === 'separator') return;
    const count = record.fieldCount;
    if (headerLength < 0) headerLength = count;
    else if (count !== headerLength) raggedRecords++;
    record.index = records;
    record.line = line;
    if (skip !== 'header') onRecord(record);
    records++;
    if (limit !== undefined && records >= limit) done = true;
  };

  const unclosedQuote = (input: string, at: number, fromLine: number): UserError =>
    new UserError(
      'csv_malformed',
      `Line ${fromLine + countNewlines(input, 0, at)}: a quoted field in ${label} opens here and never closes; look for a stray " character.`,
    );

  /** The strict scanner over `input`; returns where it stopped and whether papaparse must take over. */
  const scan = (input: string, final: boolean): { consumed: number; lenient: boolean } => {
    let at = 0;
    while (at < input.length) {
      let end: number;
      try {
        end = scanned.scan(input, at, final);
      } catch (error) {
        if (error instanceof UnclosedQuote) throw unclosedQuote(input, error.at, pendingLine);
        throw error;
      }
      if (end === INCOMPLETE) return { consumed: at, lenient: false };
      if (end === LENIENT) return { consumed: at, lenient: true };
      if (scanned.length > maxRecordChars) throw recordTooLong(scanned.raw(), pendingLine, label, maxRecordChars);
      const line = pendingLine;
      pendingLine += 1 + scanned.innerNewlines;
      deliver(scanned, line);
      at = end + 1;
      if (done) break;
    }
    return { consumed: Math.min(at, input.length), lenient: false };
  };

  /** papaparse over `input` (the lenient path); returns how much of it was consumed. */
  const parseLeniently = (input: string, final: boolean): number => {
    const result = parser.parse(input, 0, !final) as ParseOutcome;
    if (final) {
      const unclosed = result.errors.find((error) => error.code === 'MissingQuotes');
      if (unclosed) throw unclosedQuote(input, unclosed.index, pendingLine);
    }
    const rows = result.data;
    for (const error of result.errors) {
      // A stray quote is read leniently while it stays on one line. One that swallows
      // line breaks would silently merge rows into a single cell: refuse that.
      if (error.code === 'InvalidQuotes' && rows[error.row]?.some((value) => value.includes('\n'))) {
        const quoteLine = pendingLine + countNewlines(input, 0, error.index);
        throw new UserError(
          'csv_malformed',
          `Line ${quoteLine}: a quoted field in ${label} has a stray quote (") and runs on over several lines, which would merge rows; fix the quotes near this line.`,
        );
      }
    }
    const consumed = final ? input.length : result.meta.cursor;
    const newlines = countNewlines(input, 0, consumed);
    // Each record ends with one newline, except the last one of the file; the rest are
    // line breaks inside quoted cells. Rows are searched for them only until all are found.
    let embedded = newlines - (final ? rows.length - 1 : rows.length);
    // Only an input larger than the limit can hold a record larger than the limit.
    const checkLength = input.length > maxRecordChars;
    let line = pendingLine;
    for (const fields of rows) {
      const recordLine = line;
      line++;
      if (embedded > 0) {
        const inside = embeddedNewlines(fields);
        line += inside;
        embedded -= inside;
      }
      if (checkLength && recordLength(fields) > maxRecordChars) throw recordTooLong(fields.join(''), recordLine, label, maxRecordChars);
      parsed.values = fields;
      deliver(parsed, recordLine);
      if (done) return consumed;
    }
    pendingLine += newlines;
    return consumed;
  };

  const parse = (final: boolean): void => {
    // A long unfinished record is re-parsed only once as much new text has arrived,
    // so a huge record costs linear time, not quadratic.
    if (!final && (freshLength === 0 || freshLength < pending.length)) return;
    const input = pending + (fresh.length === 1 ? fresh[0]! : fresh.join(''));
    const newFrom = pending.length;
    fresh = [];
    freshLength = 0;

    // In UTF-8 and Windows-1252 a NUL character is a zero byte: the bytes were searched
    // already (much faster than the text); UTF-16 has zero bytes in every ASCII character.
    const nul = byteSearchForNul && !zeroByteSeen ? -1 : input.indexOf('\0', newFrom);
    if (nul >= 0) {
      throw new UserError(
        'not_a_text_file',
        `${label} contains a NUL character on line ${pendingLine + countNewlines(input, 0, nul)}, which text files never do: it is damaged or not a CSV file.`,
      );
    }

    const { consumed, lenient } = scan(input, final);
    if (done) return;
    let rest = consumed === 0 ? input : input.slice(consumed);
    if (lenient) {
      lenientUsed = true;
      const more = parseLeniently(rest, final);
      if (done) return;
      rest = rest.slice(more);
    }
    pending = final ? '' : rest;
    if (pending.length > maxRecordChars) throw recordTooLong(pending, pendingLine, label, maxRecordChars);
  };

  const stream = createReadStream(path, { flags: 'r', highWaterMark: options.highWaterMark ?? READ_CHUNK_BYTES });
  const stopOnAbort = (): void => {
    stream.destroy();
  };
  signal?.addEventListener('abort', stopOnAbort, { once: true });
  let bytesRead = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      if (byteSearchForNul && !zeroByteSeen && chunk.indexOf(0) !== -1) zeroByteSeen = true;
      const text = lineEnds.push(decoder.decode(chunk));
      if (text) {
        fresh.push(text);
        freshLength += text.length;
      }
      parse(false);
      options.onBytes?.(bytesRead);
      if (done) break;
    }
    if (signal?.aborted) throw cancelledError();
    if (!done) {
      const tail = lineEnds.end(decoder.end());
      if (tail) {
        fresh.push(tail);
        freshLength += tail.length;
      }
      parse(true);
    }
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    if (error instanceof UserError) throw error;
    throw inputFileError(error, path);
  } finally {
    signal?.removeEventListener('abort', stopOnAbort);
    await closeReadStream(stream);
  }
  return { records, raggedRecords, lenient: lenientUsed, loneCarriageReturns: lineEnds.sawLoneCr };
}

function recordTooLong(pending: string, line: number, label: string, maxChars: number): UserError {
  const size = maxChars >= 1024 * 1024 ? `${Math.round(maxChars / (1024 * 1024))} MB` : `${maxChars} characters`;
  const likelyQuote = pending.includes('"');
  return new UserError(
    'csv_malformed',
    likelyQuote
      ? `Line ${line}: a record in ${label} runs on for more than ${size}, which means a quote (") opened near here never closes.`
      : `Line ${line} of ${label} is longer than ${size}, which no CSV export has: the file is damaged or not a list.`,
  );
}

/** The cells `skippedAs` reads (a CsvRecord, or the byte reader's scan of one line). */
export interface RecordCells {
  readonly fieldCount: number;
  field(index: number): string;
  fields(): string[];
}

/** Why a line is not a data row; null for a data row. */
export type Skipped = 'blank' | 'separator' | 'header' | null;

/**
 * Which lines of a file are not data rows: the one rule the text reader (scanRecords) and
 * the check's byte reader (engine/write-bytes.ts) share, so both passes see the same rows.
 * - 'blank': an empty line, or one of only white space (one cell), is not a record and is
 *   not counted; a line of empty fields (",,,") is a record;
 * - 'separator': Excel's "sep=;" line before the first record is not a record either;
 * - 'header': the first record, when the file has a header row, is counted but is no data row.
 * Only a one-cell line or the first record can be skipped.
 * @param counted the records counted before this line
 */
export function skippedAs(record: RecordCells, counted: number, hasHeaderRow: boolean): Skipped {
  const count = record.fieldCount;
  if (count === 1 && record.field(0).trim() === '') return 'blank';
  if (counted !== 0) return null;
  if (count <= 2 && isSeparatorLine(record.fields())) return 'separator';
  return hasHeaderRow ? 'header' : null;
}

/** Excel's "sep=;" line. Parsed with the same delimiter it names, it comes out as ["sep=", ""]. */
function isSeparatorLine(fields: string[]): boolean {
  if (fields.length === 1) return /^sep=.$/i.test(fields[0]!);
  return fields.length === 2 && fields[1] === '' && fields[0]!.toLowerCase() === 'sep=';
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < to) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

function recordLength(fields: string[]): number {
  let length = 0;
  for (const field of fields) length += field.length + 1;
  return length;
}

function embeddedNewlines(fields: string[]): number {
  let count = 0;
  for (const field of fields) if (field.includes('\n')) count += countNewlines(field, 0, field.length);
  return count;
}

/** CRLF and lone CR → LF, across chunk boundaries (a CR ending one chunk may be half of a CRLF). */
export class LineEndNormalizer {
  private heldCr = false;
  /** A CR not followed by LF was seen. */
  sawLoneCr = false;

  push(text: string): string {
    if (this.heldCr) {
      text = '\r' + text;
      this.heldCr = false;
    }
    if (text.endsWith('\r')) {
      text = text.slice(0, -1);
      this.heldCr = true;
    }
    if (!text.includes('\r')) return text;
    if (!this.sawLoneCr && /\r(?!\n)/.test(text)) this.sawLoneCr = true;
    return text.replace(/\r\n?/g, '\n');
  }

  end(text: string): string {
    const last = this.push(text);
    if (!this.heldCr) return last;
    this.heldCr = false;
    this.sawLoneCr = true;
    return last + '\n';
  }
}
