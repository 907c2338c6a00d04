// The first look at a recipient file, enough for the Columns screen and for the
// engine to start: encoding (whole-file check, see encoding.ts), delimiter (first
// 64 KB), the header, a preview, and the column roles detected from the header and
// the first DETECTION_ROWS rows. Only the start of the file is parsed.
import { basename } from 'node:path';
import { detectColumns } from '../../../shared/columns/detect';
import type { InspectResult } from '../../../shared/model/check';
import { UserError } from '../../../shared/model/errors';
import { readTextHead } from './decode';
import { DELIMITER_SAMPLE_CHARS, sniffDelimiter } from './delimiter';
import { detectEncoding } from './encoding';
import { fileLabel } from './file-errors';
import { readRecords } from './records';

/** Data rows shown in the preview. */
export const PREVIEW_ROWS = 20;
/** Data rows the column detection looks at. */
export const DETECTION_ROWS = 500;

export async function inspectFile(path: string, options: { signal?: AbortSignal } = {}): Promise<InspectResult> {
  const { signal } = options;
  const label = fileLabel(path);
  const { encoding, bytes, note } = await detectEncoding(path, { signal });
  const head = await readTextHead(path, encoding, DELIMITER_SAMPLE_CHARS);
  const delimiter = sniffDelimiter(head.text, head.complete);

  let headers: string[] | null = null;
  const rows: string[][] = [];
  await readRecords(path, { encoding, delimiter, signal, limit: DETECTION_ROWS + 1 }, (fields, index) => {
    if (index === 0) headers = fields;
    else rows.push(fields);
  });
  if (headers === null) throw new UserError('file_empty', `${label} has no rows: it holds only blank lines.`);
  if ((headers as string[]).every((name) => name.trim() === '')) {
    throw new UserError('csv_malformed', `The first row of ${label} is empty: Preflight needs a header row that names the columns.`);
  }
  return {
    path,
    fileName: basename(path),
    bytes,
    encoding,
    delimiter,
    headers,
    sample: rows.slice(0, PREVIEW_ROWS),
    detected: detectColumns(headers, rows),
    notes: note ? [note] : [],
  };
}
