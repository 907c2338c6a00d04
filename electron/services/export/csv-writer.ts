// Streaming CSV output for every file Preflight writes.
//
// Format: UTF-8 WITH a byte-order mark (without it Excel on Windows reads the file
// as Windows-1252 and mangles accented names), comma-delimited, CRLF line ends,
// RFC 4180 quoting: a field is quoted when it contains ", comma, CR or LF, or starts
// or ends with a space or tab (which spreadsheets would otherwise trim).
//
// Spreadsheet formula neutralisation (OWASP "CSV injection"): a cell starting with
// = + - @ TAB or CR gets a ' in front, in every CSV Preflight writes, so a list cell
// like =HYPERLINK(…) or @SUM(…) is shown as text instead of running. That includes
// plain negative numbers (-5 → '-5) and international phone numbers (+44 … → '+44 …):
// OWASP advises prefixing them too, and telling "a number" from "a formula" is exactly
// the judgement that has been got wrong before (-1+cmd|' /C calc'!A0 starts like a number).
// Preflight's outputs are for checking and re-importing addresses, not for arithmetic.
//
// Rows are batched into a string and handed to the file stream in ~64 KB pieces;
// write() returns a promise only when the stream asks the caller to wait.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { outputError } from './output-errors';
import { visibleOutputFolder } from './staging';

export interface CsvWriter {
  /** Queue one row. A promise is returned only when the caller should wait for the disk (backpressure). */
  write(fields: readonly string[]): void | Promise<void>;
  /** Flush everything and close the file; rejects with UserError('output_unwritable') if any write failed. */
  close(): Promise<void>;
  /** Stop and delete the file. Never rejects. */
  abort(): Promise<void>;
}

const FLUSH_CHARS = 64 * 1024;
const BOM = '\uFEFF';

/** Prefix a cell a spreadsheet would run as a formula (see the file comment). */
export function neutralizeCell(value: string): string {
  if (value.length === 0) return value;
  const first = value.charCodeAt(0);
  // = + - @ TAB CR
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d) {
    return "'" + value;
  }
  return value;
}

const SPECIAL = /[",\r\n]/;

/** One field as CSV text (already neutralised or not: this only quotes). */
export function quoteField(value: string): string {
  if (value.length === 0) return value;
  if (SPECIAL.test(value)) return '"' + value.replaceAll('"', '""') + '"';
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) return '"' + value + '"';
  return value;
}

/** One row as it is written: neutralised, quoted, comma-joined, CRLF-terminated. */
export function formatCsvRow(fields: readonly string[]): string {
  let line = '';
  for (let index = 0; index < fields.length; index++) {
    if (index > 0) line += ',';
    line += quoteField(neutralizeCell(fields[index] ?? ''));
  }
  return line + '\r\n';
}

export function createCsvWriter(path: string): CsvWriter {
  const folder = visibleOutputFolder(path);
  const stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
  let buffer = BOM;
  let failure: unknown = null;
  let closing: Promise<void> | null = null;
  let aborting: Promise<void> | null = null;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  stream.on('error', (error) => {
    failure ??= error;
  });

  const rejectIfFailed = (): void => {
    if (failure) throw outputError(failure, folder);
  };

  // Resolves on drain, error or close alike: a caller that does not await must never
  // see an unhandled rejection. The error itself surfaces on the next write() or close().
  const untilDrained = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('error', done);
        stream.off('close', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('error', done);
      stream.once('close', done);
    });

  return {
    write(fields) {
      if (closing || aborting) throw new Error(`CSV writer for ${path} is already closed.`);
      rejectIfFailed();
      buffer += formatCsvRow(fields);
      if (buffer.length < FLUSH_CHARS) return;
      const text = buffer;
      buffer = '';
      if (!stream.write(text)) return untilDrained();
    },

    close() {
      if (aborting) return Promise.resolve();
      closing ??= (async () => {
        if (!failure) {
          stream.end(buffer);
          buffer = '';
        } else stream.destroy();
        await closed;
        rejectIfFailed();
      })();
      return closing;
    },

    abort() {
      aborting ??= (async () => {
        buffer = '';
        stream.destroy();
        await closed;
        await rm(path, { force: true }).catch(() => undefined);
      })();
      return aborting;
    },
  };
}
