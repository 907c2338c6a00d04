// Search in every cell of the list (the Review screen's search box: names, company, any
// column). The RowStore keeps no cells (memory grows with rows, not row width), so the
// cells are read again from the file the first time someone searches, and kept in blocks
// of rows: folded (lower case, no accents, shared/text/fold.ts) as a string to search, and
// as written (NFC) in UTF-8 bytes for the cell a page shows. Folding keeps the length, so a
// hit in the folded text is the place to highlight in the written one. Bytes, because one
// "Ł" makes a JS string two bytes a character. Folded text is nearly always Latin-1, which
// V8 keeps at one byte a character, and blocks keep one "Ł" from costing a whole list.
// `npm run bench:search`, 200,000 generated rows (15.6 MB): the index takes 33 MB (46 MB
// with the written copy as strings), the first search 0.8 s, later ones about 40 ms.
// Built only when asked: a check nobody searches costs nothing.

import { stat } from 'node:fs/promises';
import type { RowMatch } from '../../shared/model/check';
import { UserError } from '../../shared/model/errors';
import { fold, toNfc } from '../../shared/text/fold';
import { scanRecords } from '../services/import/records';
import type { Inspected } from './inspect-stage';

const BLOCK_ROWS = 1024;
const CELL = '\u001f';
const ROW = '\n';

export interface CellSource {
  input: string;
  inspected: Inspected;
  /** The email column: its matches are shown in the address cells, so not as a cell match. */
  emailColumn: number;
  /** Data rows the check read (the RowStore's count): a file with more or fewer changed. */
  rows: number;
  /** The file's size and modification time when the check finished, when known. */
  checked?: Promise<{ size: number; mtimeMs: number } | null>;
}

export class CellIndex {
  private constructor(
    private readonly written: Buffer[],
    private readonly folded: string[],
    /** Per row: where it starts in its block's folded text, and in its written bytes. */
    private readonly starts: Int32Array,
    private readonly byteStarts: Int32Array,
    private readonly headers: string[],
    private readonly emailColumn: number,
  ) {}

  static async build(source: CellSource, signal?: AbortSignal): Promise<CellIndex> {
    const { input, inspected } = source;
    const before = await stat(input).catch(() => null);
    const checked = await source.checked;
    if (checked && (!before || before.size !== checked.size || before.mtimeMs !== checked.mtimeMs)) throw changed();
    const written: Buffer[] = [];
    const folded: string[] = [];
    const starts = new Int32Array(source.rows);
    const byteStarts = new Int32Array(source.rows);
    let block: string[] = [];
    let offset = 0;
    let bytes = 0;
    let row = 0;
    const flush = () => {
      const text = block.join('');
      written.push(Buffer.from(text, 'utf8'));
      folded.push(fold(text));
      block = [];
      offset = 0;
      bytes = 0;
    };
    await scanRecords(
      input,
      { encoding: inspected.encoding, delimiter: inspected.delimiter, signal, skipHeader: inspected.hasHeaderRow },
      (record) => {
        if (row >= source.rows) {
          row++;
          return;
        }
        // Copied whole (join makes a new string), so no read chunk stays alive.
        const text = toNfc(record.fields().join(CELL)) + ROW;
        starts[row] = offset;
        byteStarts[row] = bytes;
        block.push(text);
        offset += text.length;
        bytes += Buffer.byteLength(text, 'utf8');
        row++;
        if (row % BLOCK_ROWS === 0) flush();
      },
    ).catch((error: unknown) => {
      throw changed(error);
    });
    if (block.length) flush();
    const after = await stat(input).catch(() => null);
    if (row !== source.rows || !before || !after || before.mtimeMs !== after.mtimeMs || before.size !== after.size) throw changed();
    return new CellIndex(written, folded, starts, byteStarts, inspected.headers, source.emailColumn);
  }

  /** Every row with a cell containing `key` (searchKey: folded), in order. */
  find(key: string): Uint8Array {
    const hits = new Uint8Array(this.starts.length);
    if (key === '') return hits;
    for (let b = 0; b < this.folded.length; b++) {
      const text = this.folded[b]!;
      const first = b * BLOCK_ROWS;
      const last = Math.min(this.starts.length, first + BLOCK_ROWS) - 1;
      let at = text.indexOf(key);
      let row = first;
      while (at >= 0) {
        while (row < last && this.starts[row + 1]! <= at) row++;
        hits[row] = 1;
        if (row === last) break;
        at = text.indexOf(key, this.starts[row + 1]!);
      }
    }
    return hits;
  }

  /** The first cell of a row, other than the email, that contains `key`, with where. */
  matchIn(row: number, key: string): RowMatch | null {
    if (key === '' || row >= this.starts.length) return null;
    const b = Math.floor(row / BLOCK_ROWS);
    const lastInBlock = row + 1 >= this.starts.length || (row + 1) % BLOCK_ROWS === 0;
    const start = this.starts[row]!;
    const end = lastInBlock ? this.folded[b]!.length : this.starts[row + 1]!;
    const byteEnd = lastInBlock ? this.written[b]!.length : this.byteStarts[row + 1]!;
    const folded = this.folded[b]!.slice(start, end - 1);
    const written = this.written[b]!.toString('utf8', this.byteStarts[row]!, byteEnd - 1);
    let cellStart = 0;
    let column = 0;
    for (const cell of folded.split(CELL)) {
      const at = column === this.emailColumn ? -1 : cell.indexOf(key);
      if (at >= 0) {
        return {
          column: this.headers[column] ?? `Column ${column + 1}`,
          text: written.slice(cellStart, cellStart + cell.length),
          start: at,
          length: key.length,
        };
      }
      cellStart += cell.length + 1;
      column++;
    }
    return null;
  }
}

function changed(cause?: unknown): UserError {
  if (cause instanceof UserError && cause.code === 'cancelled') return cause;
  return new UserError(
    'file_unreadable',
    'The list changed since it was checked, so its other columns cannot be searched: check it again.',
  );
}
