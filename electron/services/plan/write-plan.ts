// The plan's files, written atomically: plan.json, plan.csv, plan.ics and
// batches/batch-0001.csv … go into the hidden staging folder (services/export/staging)
// and are moved into the output folder only once all of them are complete (the batches
// folder replaces the older one whole, so no batch of an older plan is left beside them).
//
// The batch files are streamed from the row spool: while the send list was read,
// every row was formatted once into a spool file and its byte offset noted
// (RowSpool). Writing the batches is then a sequential read of the spool, each row's
// bytes copied to its batch's file — no second CSV parse, and memory holds one batch
// number per recipient, never rows. Inside a batch file rows keep the send list's
// order (the batch's time slot is what the priority decided). At most `maxOpenFiles`
// batch files are open at once (macOS allows a process 256 by default); more batches
// than that take one more read of the spool each.
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InspectResult } from '../../../shared/model/check';
import { UserError } from '../../../shared/model/errors';
import { BATCHES_FOLDER, batchFileName, formatIcs, planCsvRows, type PlanDocument } from '../../../shared/plan/document';
import type { Schedule } from '../../../shared/plan/schedule';
import type { OutputStaging } from '../export/staging';
import { createCsvWriter } from '../export/csv-writer';
import { outputError } from '../export/output-errors';
import { CsvByteWriter } from '../export/byte-writer';

export const PLAN_FILES = ['plan.json', 'plan.csv', 'plan.ics'] as const;
export const DEFAULT_MAX_OPEN_FILES = 128;
const SPOOL_FOLDER = '.rows';

/** Every data row of the send list, formatted once, with where each one starts. */
export class RowSpool {
  readonly path: string;
  private readonly writer: CsvByteWriter;
  private starts = new Float64Array(1024);
  /** Data rows spooled. */
  count = 0;

  private constructor(path: string, outDir: string) {
    this.path = path;
    this.writer = new CsvByteWriter(path, outDir, { bom: false });
  }

  /** A spool in a subfolder of the staging folder: never committed, removed with it. */
  static async create(staging: OutputStaging, outDir: string): Promise<RowSpool> {
    const folder = join(staging.dir, SPOOL_FOLDER);
    await mkdir(folder).catch((error: unknown) => {
      throw outputError(error, outDir);
    });
    return new RowSpool(join(folder, 'rows.csv'), outDir);
  }

  add(fields: readonly string[]): void {
    if (this.count + 1 >= this.starts.length) {
      const grown = new Float64Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count++] = this.writer.bytesWritten;
    this.writer.write(fields);
  }

  /** Row i is bytes [start(i), start(i + 1)) of the spool. */
  start(row: number): number {
    return row < this.count ? this.starts[row]! : this.writer.bytesWritten;
  }

  close(): Promise<void> {
    return this.writer.close();
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}

export interface WritePlanOptions {
  staging: OutputStaging;
  outDir: string;
  inspected: InspectResult;
  spool: RowSpool;
  schedule: Schedule;
  document: PlanDocument;
  /** Unique per plan: the prefix of every calendar event's UID. */
  uidPrefix: string;
  signal?: AbortSignal;
  /** Progress through the spool, over all passes. */
  onBytes?: (bytesDone: number, bytesTotal: number) => void;
  maxOpenFiles?: number;
}

/** Writes every file of the plan into the staging folder and commits it; returns the paths written. */
export async function writePlanFiles(options: WritePlanOptions): Promise<string[]> {
  const { staging, outDir, document } = options;
  const stagedBatches = staging.folderPath(BATCHES_FOLDER);
  await mkdir(stagedBatches).catch((error: unknown) => {
    throw outputError(error, outDir);
  });
  await writeBatchFiles(options, stagedBatches);
  await writeRows(staging.path('plan.csv'), planCsvRows(document));
  await writeText(staging.path('plan.json'), JSON.stringify(document, null, 2) + '\n', outDir);
  await writeText(staging.path('plan.ics'), formatIcs(document, options.uidPrefix), outDir);
  if (options.signal?.aborted) throw cancelled();
  await staging.commit();
  return [...PLAN_FILES.map((name) => join(outDir, name)), join(outDir, BATCHES_FOLDER)];
}

async function writeBatchFiles(options: WritePlanOptions, folder: string): Promise<void> {
  const { schedule, inspected, spool, signal, outDir } = options;
  const { batches, sendOrder } = schedule;
  const count = sendOrder.length;
  if (spool.count !== count) throw new Error(`The spool holds ${spool.count} rows for ${count} recipients.`);
  const batchOf = batches.length <= 0xffff ? new Uint16Array(count) : new Uint32Array(count);
  for (let b = 0; b < batches.length; b++) {
    const { from, to } = batches[b]!;
    for (let k = from; k < to; k++) batchOf[sendOrder[k]!] = b;
  }
  const names = batches.map((batch) => batchFileName(batch.id, batches.length));
  const maxOpen = Math.max(1, options.maxOpenFiles ?? DEFAULT_MAX_OPEN_FILES);
  const passes = Math.ceil(batches.length / maxOpen);
  const spoolBytes = spool.start(count);

  for (let pass = 0; pass < passes; pass++) {
    const first = pass * maxOpen;
    const last = Math.min(batches.length, first + maxOpen);
    const writers: CsvByteWriter[] = [];
    try {
      for (let b = first; b < last; b++) {
        const writer = new CsvByteWriter(join(folder, names[b]!), outDir, { bom: true });
        writers.push(writer);
        writer.write(inspected.headers);
      }
      // Read the spool in order; a row cut by a chunk boundary waits in `carry`.
      let row = 0;
      let carry: Buffer | null = null;
      let carryStart = 0; // spool offset of carry[0]
      let offset = 0; // spool offset of the next chunk
      const stream = createReadStream(spool.path, { highWaterMark: 1024 * 1024 });
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (signal?.aborted) throw cancelled();
          const data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
          const dataStart: number = carry ? carryStart : offset;
          const dataEnd: number = dataStart + data.length;
          offset += chunk.length;
          while (row < count && spool.start(row + 1) <= dataEnd) {
            const b = batchOf[row]!;
            if (b >= first && b < last)
              writers[b - first]!.writeBytes(data, spool.start(row) - dataStart, spool.start(row + 1) - dataStart);
            row++;
          }
          carryStart = spool.start(row);
          carry = carryStart < dataEnd ? data.subarray(carryStart - dataStart) : null;
          options.onBytes?.(pass * spoolBytes + offset, passes * spoolBytes);
        }
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw outputError(error, outDir);
      } finally {
        stream.destroy();
      }
      if (row !== count) throw new Error(`The spool ended after ${row} of ${count} rows.`);
      await Promise.all(writers.map((writer) => writer.close()));
    } catch (error) {
      await Promise.allSettled(writers.map((writer) => writer.abort()));
      throw error;
    }
  }
}

async function writeRows(path: string, rows: string[][]): Promise<void> {
  const writer = createCsvWriter(path);
  try {
    for (const row of rows) writer.write(row);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

async function writeText(path: string, text: string, outDir: string): Promise<void> {
  await writeFile(path, text, 'utf8').catch((error: unknown) => {
    throw outputError(error, outDir);
  });
}

export function cancelled(): UserError {
  return new UserError('cancelled', 'Planning was cancelled.');
}
