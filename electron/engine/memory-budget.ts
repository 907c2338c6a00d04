// Runs in the engine (worker thread or CLI process). Before pass 1, estimate the
// memory a list needs from its size, so a list too big for this process is refused
// with one sentence instead of dying mid-run with "JavaScript heap out of memory".
import { getHeapStatistics } from 'node:v8';
import { totalmem } from 'node:os';
import type { InspectResult } from '../../shared/model/check';
import { UserError } from '../../shared/model/errors';

/**
 * Heap a row costs at the peak of pass 1. Measured 2026-12-07 (1M generated rows,
 * 81.8 MB, PREFLIGHT_TIMINGS=1 under --expose-gc): 135 MB live after pass 1, i.e.
 * ~135 bytes a row whatever its width (the row store keeps the normalised address,
 * not the row). Arrays grow by doubling and garbage waits for the collector, so the
 * peak is taken as twice the live set.
 */
export const PEAK_HEAP_BYTES_PER_ROW = 270;
/** The engine's own heap before the first row (modules, tables, buffers). */
export const BASE_HEAP_BYTES = 32 * 2 ** 20;

/** Rows in the file, from its size and the preview rows' average length (line end included). */
export function estimateRows(inspected: Pick<InspectResult, 'bytes' | 'sample' | 'headers'>): number {
  const lines = [inspected.headers, ...inspected.sample];
  const chars = lines.reduce((sum, cells) => sum + cells.reduce((n, cell) => n + cell.length + 1, 0) + 1, 0);
  const perRow = Math.max(8, chars / lines.length);
  return Math.ceil(inspected.bytes / perRow);
}

export function estimateHeapBytes(rows: number): number {
  return BASE_HEAP_BYTES + rows * PEAK_HEAP_BYTES_PER_ROW;
}

/** What this process may use: V8's heap limit, and never more than the machine has. */
export function availableHeapBytes(): number {
  return Math.min(getHeapStatistics().heap_size_limit, totalmem());
}

const GB = 2 ** 30;
const MB = 2 ** 20;

function size(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`;
}

/** Throws `list_too_large` when the list will not fit; returns the estimate otherwise. */
export function checkMemoryBudget(
  inspected: Pick<InspectResult, 'bytes' | 'sample' | 'headers' | 'fileName'>,
  available = availableHeapBytes(),
): { rows: number; heapBytes: number } {
  const rows = estimateRows(inspected);
  const heapBytes = estimateHeapBytes(rows);
  if (heapBytes > available) {
    const fits = Math.max(0, Math.floor((available - BASE_HEAP_BYTES) / PEAK_HEAP_BYTES_PER_ROW));
    const rounded = fits >= 100_000 ? Math.floor(fits / 100_000) * 100_000 : fits;
    throw new UserError(
      'list_too_large',
      `${inspected.fileName} has about ${rows.toLocaleString('en-US')} rows and needs about ${size(heapBytes)} of memory, but this process can use ${size(available)}: split the list into parts of at most ${rounded.toLocaleString('en-US')} rows, or give Node.js more memory (its max-old-space-size setting).`,
    );
  }
  return { rows, heapBytes };
}
