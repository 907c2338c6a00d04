// CSV output buffered as bytes, for every file Preflight writes. Rows are formatted by
// formatCsvRow (the BOM, quoting, formula neutralising and CRLF of every Preflight
// output) and encoded into a 64 KB byte buffer at once; rows already formatted can be
// copied in as bytes, so a row written to two files is encoded once.
//
// Why bytes: rows kept as JavaScript strings until 64 KB cost a flatten and an encode
// of each chunk, and the planner, which writes a hundred batch files at once with each
// batch's rows scattered through the list, kept those strings long enough to reach the
// old generation (a third of its time went to garbage collection). Bytes live outside
// the JavaScript heap.
import { closeSync, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { formatCsvRow } from './csv-format';
import { outputError } from './output-errors';

const BUFFER_BYTES = 64 * 1024;

/**
 * Written synchronously, 64 KB at a time, as createCsvWriter does: rows arrive from a
 * synchronous callback, so an asynchronous stream would queue without bound when the
 * disk is slower than parsing. Memory is one 64 KB buffer per open file. Run it in the
 * engine's worker or the CLI, never on the app's main thread.
 */
export class CsvByteWriter {
  private fd: number | null = null;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** Where the last writeLine's bytes are: in the buffer from lastStart, or (a long row) on their own. */
  private lastStart = 0;
  private last: { bytes: Buffer; start: number; end: number } | null = null;
  private failure: unknown = null;
  private state: 'open' | 'closed' | 'aborted' = 'open';
  /** Bytes written so far, including what is still buffered. */
  bytesWritten = 0;

  /**
   * @param folder the folder to name in error messages (the user's output folder)
   * @param options.bom start with a UTF-8 byte-order mark, as every file a user opens does
   */
  constructor(
    private readonly path: string,
    private readonly folder: string,
    options: { bom: boolean },
  ) {
    if (options.bom) this.bytesWritten = this.used = this.buffer.write('\uFEFF', 0, 'utf8');
  }

  /** Format and append one row. */
  write(fields: readonly string[]): void {
    this.writeLine(formatCsvRow(fields));
  }

  /** Append a row already made by formatCsvRow. */
  writeLine(line: string): void {
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8. Rows are encoded one
    // by one: gathering them as text first measured slower, and kept more strings alive.
    if (this.used + line.length * 3 > this.buffer.length) {
      this.flush();
      if (line.length * 3 > this.buffer.length) {
        const bytes = Buffer.from(line, 'utf8');
        this.writeOut(bytes, 0, bytes.length);
        this.bytesWritten += bytes.length;
        this.last = { bytes, start: 0, end: bytes.length };
        return;
      }
    }
    const size = this.buffer.write(line, this.used, 'utf8');
    this.last = null;
    this.lastStart = this.used;
    this.used += size;
    this.bytesWritten += size;
  }

  /**
   * Append a row made of bytes copied from the input (source[start, end)) and a formatted
   * tail (its last cells and CRLF); copyLastLineTo then copies the whole row.
   */
  writeCopied(source: Buffer, start: number, end: number, tail: string): void {
    const size = end - start;
    if (this.used + size + tail.length * 3 > this.buffer.length) {
      this.flush();
      if (size + tail.length * 3 > this.buffer.length) {
        const bytes = Buffer.concat([source.subarray(start, end), Buffer.from(tail, 'utf8')]);
        this.writeOut(bytes, 0, bytes.length);
        this.bytesWritten += bytes.length;
        this.last = { bytes, start: 0, end: bytes.length };
        return;
      }
    }
    this.last = null;
    this.lastStart = this.used;
    source.copy(this.buffer, this.used, start, end);
    const written = size + this.buffer.write(tail, this.used + size, 'utf8');
    this.used += written;
    this.bytesWritten += written;
  }

  /** Append the bytes of the row just written with writeLine or writeCopied to another file too. */
  copyLastLineTo(other: CsvByteWriter): void {
    if (this.last) other.writeBytes(this.last.bytes, this.last.start, this.last.end);
    else other.writeBytes(this.buffer, this.lastStart, this.used);
  }

  /** Append bytes already formatted by writeRow (source[start, end)). */
  writeBytes(source: Buffer, start: number, end: number): void {
    const size = end - start;
    if (this.used + size > this.buffer.length) {
      this.flush();
      if (size > this.buffer.length) {
        this.writeOut(source, start, end);
        this.bytesWritten += size;
        return;
      }
    }
    source.copy(this.buffer, this.used, start, end);
    this.used += size;
    this.bytesWritten += size;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeOut(this.buffer, 0, this.used);
    this.used = 0;
  }

  private writeOut(bytes: Buffer, start: number, end: number): void {
    if (this.state !== 'open') throw new Error(`The file ${this.path} is already closed.`);
    if (this.failure) throw outputError(this.failure, this.folder);
    try {
      this.fd ??= openSync(this.path, 'w');
      for (let at = start; at < end;) at += writeSync(this.fd, bytes, at, end - at);
    } catch (error) {
      this.failure = error;
      throw outputError(error, this.folder);
    }
  }

  /** Write what is buffered and close; rejects with UserError('output_unwritable') if any write failed. */
  async close(): Promise<void> {
    if (this.state !== 'open') return;
    try {
      if (!this.failure) {
        // An empty file is still created.
        this.flush();
        this.fd ??= openSync(this.path, 'w');
      }
    } catch (error) {
      this.failure ??= error;
    } finally {
      this.state = 'closed';
      this.release();
    }
    if (this.failure) throw outputError(this.failure, this.folder);
  }

  /** Stop and delete the file. Never rejects. */
  async abort(): Promise<void> {
    if (this.state === 'aborted') return;
    this.state = 'aborted';
    this.release();
    await rm(this.path, { force: true }).catch(() => undefined);
  }

  private release(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch (error) {
      this.failure ??= error;
    }
    this.fd = null;
  }
}
