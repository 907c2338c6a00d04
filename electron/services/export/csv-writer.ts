// Streaming CSV output for every file Preflight writes: the format is csv-format.ts, the
// buffering byte-writer.ts (64 KB of bytes, written synchronously).
import { CsvByteWriter } from './byte-writer';
import { visibleOutputFolder } from './staging';

export { csvCell, formatCsvRow, neutralizeCell, quoteField } from './csv-format';

export type CsvWriter = CsvByteWriter;

/** A new CSV file (UTF-8 with a BOM); errors name the user's output folder, not the staging folder. */
export function createCsvWriter(path: string): CsvWriter {
  return new CsvByteWriter(path, visibleOutputFolder(path), { bom: true });
}
