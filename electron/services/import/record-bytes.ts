// The records of a UTF-8, comma-delimited file as byte ranges, for the check's second pass:
// a row no cell of which needs changing is copied to the outputs byte for byte, so it is
// neither decoded nor encoded again. Only for files the first pass found plain: no quote
// read by papaparse's lenient rules and no lone-CR line ends (records.ts reports both), so
// a record ends at the first LF outside a quoted field, as in the scanner (scanner.ts).
//
// Line ends: a CR right before a record's LF is not part of the record; any other CR
// (inside a quoted field) is flagged, as the text readers would have turned it into LF.
// The caller decodes flagged and quoted records itself when it needs their cells.
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { UserError } from '../../../shared/model/errors';
import { cancelledError, closeReadStream, fileChangedError, inputFileError } from './file-errors';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** The record has a quote somewhere. */
export const HAS_QUOTE = 1;
/** The record has a CR that is not its line end (inside a quoted field). */
export const HAS_INNER_CR = 2;
/** The record's bytes are not all valid UTF-8. */
export const NOT_UTF8 = 4;

/**
 * @param bytes holds the record at [start, end) (line end excluded); valid during the call only
 * @param firstComma the first comma in the record, or end when there is none
 */
export type RecordBytesHandler = (bytes: Buffer, start: number, end: number, flags: number, firstComma: number) => void;

export interface ReadRecordBytesOptions {
  /** Bytes to skip at the start (a UTF-8 byte-order mark). */
  skip: number;
  signal?: AbortSignal;
  onBytes?: (bytesRead: number) => void;
  highWaterMark?: number;
}

/**
 * Every line of the file as a byte range, blank lines included (the caller skips what the
 * text readers skip: blank lines and Excel's sep= line).
 */
export async function readRecordBytes(path: string, options: ReadRecordBytesOptions, onRecord: RecordBytesHandler): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) throw cancelledError();
  const stream = createReadStream(path, { flags: 'r', start: options.skip, highWaterMark: options.highWaterMark ?? 256 * 1024 });
  const stop = (): void => void stream.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  let pending: Buffer = Buffer.alloc(0);
  let bytesRead = options.skip;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const bytes = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      const used = splitRecords(bytes, false, onRecord, signal);
      pending = used === bytes.length ? Buffer.alloc(0) : Buffer.from(bytes.subarray(used));
      options.onBytes?.(bytesRead);
    }
    if (signal?.aborted) throw cancelledError();
    if (pending.length) splitRecords(pending, true, onRecord, signal);
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    if (error instanceof UserError) throw error;
    throw inputFileError(error, path);
  } finally {
    signal?.removeEventListener('abort', stop);
    await closeReadStream(stream);
  }
}

/** Hands out every complete record of `bytes`; returns how many bytes were used. */
function splitRecords(bytes: Buffer, final: boolean, onRecord: RecordBytesHandler, signal: AbortSignal | undefined): number {
  const n = bytes.length;
  // Where the complete records end: validity is checked once for all of them, not per row.
  const lastLf = final ? n - 1 : bytes.lastIndexOf(LF);
  if (lastLf < 0) return 0;
  const allUtf8 = isUtf8(bytes.subarray(0, lastLf + 1));
  // The next quote, comma and CR at or after the current record: each is searched again
  // only once passed, so the searches stay linear in the chunk.
  let nextQuote = bytes.indexOf(QUOTE, 0);
  let nextComma = bytes.indexOf(COMMA, 0);
  let nextCr = bytes.indexOf(CR, 0);
  let at = 0;
  while (at < n) {
    if (signal?.aborted) throw cancelledError();
    if (nextQuote !== -1 && nextQuote < at) nextQuote = bytes.indexOf(QUOTE, at);
    if (nextComma !== -1 && nextComma < at) nextComma = bytes.indexOf(COMMA, at);
    if (nextCr !== -1 && nextCr < at) nextCr = bytes.indexOf(CR, at);
    let lf = bytes.indexOf(LF, at);
    let flags = 0;
    if (nextQuote !== -1 && (lf === -1 || nextQuote < lf)) {
      flags |= HAS_QUOTE;
      lf = quotedRecordEnd(bytes, at, final);
      if (lf === -2) return at; // a quoted field runs on into the next chunk
    }
    if (lf === -1) {
      if (!final) return at;
      lf = n;
    }
    let end = lf;
    if (end > at && bytes[end - 1] === CR) end--;
    if (nextCr !== -1 && nextCr < end) flags |= HAS_INNER_CR;
    if (!allUtf8 && !isUtf8(bytes.subarray(at, end))) flags |= NOT_UTF8;
    onRecord(bytes, at, end, flags, nextComma !== -1 && nextComma < end ? nextComma : end);
    at = lf + 1;
  }
  return n;
}

/**
 * The LF that ends a record with quotes, walking its fields as the scanner does; -1 when
 * the file ends first, -2 when the chunk ends inside a quoted field.
 */
function quotedRecordEnd(bytes: Buffer, from: number, final: boolean): number {
  const n = bytes.length;
  let i = from;
  for (;;) {
    if (bytes[i] === QUOTE) {
      let q = i;
      for (;;) {
        q = bytes.indexOf(QUOTE, q + 1);
        if (q === -1) {
          if (!final) return -2;
          throw fileChangedError(); // the first pass found every quote closed
        }
        if (q + 1 === n) {
          if (!final) return -2;
          return -1;
        }
        const next = bytes[q + 1];
        if (next === QUOTE) {
          q++;
          continue;
        }
        if (next === COMMA || next === LF || (next === CR && bytes[q + 2] === LF)) break;
        if (next === CR && q + 2 === n && !final) return -2;
        throw fileChangedError(); // a quote only papaparse's lenient rules read: the first pass saw none
      }
      i = q + 1;
    } else {
      while (i < n && bytes[i] !== COMMA && bytes[i] !== LF) i++;
    }
    if (i >= n) return final ? -1 : -2;
    if (bytes[i] === COMMA) {
      i++;
      continue;
    }
    if (bytes[i] === CR) i++; // "…"\r\n
    return i;
  }
}
