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
import { closeSync, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { outputError } from './output-errors';
import { visibleOutputFolder } from './staging';

export interface CsvWriter {
  /** Add one row; every 64 KB are written to disk. Throws UserError('output_unwritable') when the disk refuses. */
  write(fields: readonly string[]): void;
  /** Add a row already made by formatCsvRow (one row written to several files is formatted once). */
  writeLine(line: string): void;
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

/** One cell as it is written: neutralised, then quoted where needed. */
export function csvCell(value: string): string {
  return quoteField(neutralizeCell(value));
}

/** One row as it is written: neutralised, quoted, comma-joined, CRLF-terminated. */
export function formatCsvRow(fields: readonly string[]): string {
  let line = '';
  for (let index = 0; index < fields.length; index++) {
    if (index > 0) line += ',';
    line += csvCell(fields[index] ?? '');
  }
  return line + '\r\n';
}

export function createCsvWriter(path: string): CsvWriter {
  const folder = visibleOutputFolder(path);
  // Synchronous writes of 64 KB chunks: the engine's row callback is synchronous, so an
  // asynchronous stream would queue without bound when the disk is slower than parsing.
  // Memory stays at one chunk per file; the engine runs in a worker or the CLI, never on
  // the app's main thread.
  let fd: number | null = null;
  let buffer = BOM;
  let failure: unknown = null;
  let state: 'open' | 'closed' | 'aborted' = 'open';

  const flush = (): void => {
    if (failure) throw outputError(failure, folder);
    try {
      fd ??= openSync(path, 'w');
      const bytes = Buffer.from(buffer, 'utf8');
      buffer = '';
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch (error) {
      failure = error;
      throw outputError(error, folder);
    }
  };

  const release = (): void => {
    if (fd === null) return;
    try {
      closeSync(fd);
    } catch (error) {
      failure ??= error;
    }
    fd = null;
  };

  return {
    write(fields) {
      this.writeLine(formatCsvRow(fields));
    },

    writeLine(line) {
      if (state !== 'open') throw new Error(`CSV writer for ${path} is already closed.`);
      buffer += line;
      if (buffer.length >= FLUSH_CHARS) flush();
    },

    async close() {
      if (state !== 'open') return;
      state = 'closed';
      try {
        flush();
      } finally {
        release();
      }
      if (failure) throw outputError(failure, folder);
    },

    async abort() {
      if (state === 'aborted') return;
      state = 'aborted';
      buffer = '';
      release();
      await rm(path, { force: true }).catch(() => undefined);
    },
  };
}
