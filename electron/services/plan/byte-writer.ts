// CSV output for the planner, buffered as bytes. Rows are formatted by the export
// service's formatCsvRow (the BOM, quoting, formula neutralising and CRLF of every
// Preflight output) and encoded into a 64 KB byte buffer at once; rows already
// formatted can be copied in as bytes.
//
// Why not createCsvWriter: it keeps each file's pending rows as JavaScript strings
// until 64 KB. The planner writes a hundred batch files at once with each batch's
// rows scattered through the list, so those strings live long enough to reach the
// old generation, and, being slices of papaparse's input chunks, keep whole chunks
// alive: on a 1M-row list a third of the time went to garbage collection and the
// heap reached 300 MB. Bytes live outside the JavaScript heap.
import { closeSync, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { formatCsvRow } from '../export/csv-writer';
import { outputError } from '../export/output-errors';

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
  writeRow(fields: readonly string[]): void {
    const line = formatCsvRow(fields);
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8. Rows are encoded one
    // by one: gathering them as text first measured no faster, and kept more strings alive.
    if (this.used + line.length * 3 > this.buffer.length) {
      this.flush();
      if (line.length * 3 > this.buffer.length) {
        const bytes = Buffer.from(line, 'utf8');
        this.writeOut(bytes, 0, bytes.length);
        this.bytesWritten += bytes.length;
        return;
      }
    }
    const size = this.buffer.write(line, this.used, 'utf8');
    this.used += size;
    this.bytesWritten += size;
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
      for (let at = start; at < end; ) at += writeSync(this.fd, bytes, at, end - at);
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
