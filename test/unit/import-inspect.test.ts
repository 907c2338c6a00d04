import { describe, expect, it, vi } from 'vitest';
import type { DetectedColumns } from '../../shared/model/check';
import { encodeText, useTempDir, writeTemp } from './import-test-files';
import { userErrorFrom } from '../support/user-error';

// Column detection is another module's job: here only what inspectFile hands it matters.
const detected: DetectedColumns = {
  email: null,
  consent: null,
  optInDate: null,
  lastActivity: [],
  doubleOptIn: null,
  optOut: [],
  status: null,
  verifier: null,
  unreadable: [],
};
const detectColumns = vi.fn((_headers: readonly string[], _sample: readonly (readonly string[])[]) => detected);
vi.mock('../../shared/columns/detect', () => ({ detectColumns }));

const { inspectFile, DETECTION_ROWS, PREVIEW_ROWS } = await import('../../electron/services/import/inspect');

const next = useTempDir('preflight-inspect-');

describe('inspectFile', () => {
  it('returns encoding, delimiter, headers, a 20-row preview and detection over the first 500 rows', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `person${i}@example.org;Name ${i};Zürich`);
    const text = ['E-Mail;Name;Ort', ...rows].join('\r\n') + '\r\n';
    const path = writeTemp(next, encodeText(text, 'windows-1252'), 'kontakte.csv');
    detectColumns.mockClear();
    const result = await inspectFile(path);
    expect(result).toMatchObject({
      path,
      fileName: 'kontakte.csv',
      bytes: encodeText(text, 'windows-1252').length,
      encoding: 'windows-1252',
      delimiter: ';',
      headers: ['E-Mail', 'Name', 'Ort'],
      detected,
    });
    expect(result.sample).toHaveLength(PREVIEW_ROWS);
    expect(result.sample[19]).toEqual(['person19@example.org', 'Name 19', 'Zürich']);
    expect(detectColumns).toHaveBeenCalledTimes(1);
    const [headers, sample] = detectColumns.mock.calls[0]!;
    expect(headers).toEqual(['E-Mail', 'Name', 'Ort']);
    expect(sample).toHaveLength(DETECTION_ROWS);
    expect(sample[DETECTION_ROWS - 1]).toEqual([`person${DETECTION_ROWS - 1}@example.org`, `Name ${DETECTION_ROWS - 1}`, 'Zürich']);
  });

  it('reads 10,000 columns, whose header alone is longer than the delimiter sample', async () => {
    const headers = Array.from({ length: 10_000 }, (_, i) => `column_${i}`);
    const row = Array.from({ length: 10_000 }, (_, i) => (i === 0 ? 'a@b.co' : `v${i}`));
    const result = await inspectFile(writeTemp(next, `${headers.join(';')}\n${row.join(';')}\n`));
    expect(result.delimiter).toBe(';');
    expect(result.headers).toHaveLength(10_000);
    expect(result.sample[0]![9_999]).toBe('v9999');
  });

  it('keeps duplicate header names as they are', async () => {
    const result = await inspectFile(writeTemp(next, 'email,name,name,Email\na@b.co,Ann,Lee,x@y.z\n'));
    expect(result.headers).toEqual(['email', 'name', 'name', 'Email']);
  });

  it('accepts a header-only file', async () => {
    const result = await inspectFile(writeTemp(next, 'email,first_name,opt_in\n'));
    expect(result.headers).toEqual(['email', 'first_name', 'opt_in']);
    expect(result.sample).toEqual([]);
  });

  it('refuses a file of blank lines', async () => {
    const error = await userErrorFrom(inspectFile(writeTemp(next, '\r\n\r\n   \r\n', 'blank.csv')));
    expect(error.code).toBe('file_empty');
    expect(error.message).toContain('"blank.csv"');
  });

  it('refuses a header row with no names in it', async () => {
    const error = await userErrorFrom(inspectFile(writeTemp(next, ',,\na@b.co,Ann,yes\n', 'noheader.csv')));
    expect(error.code).toBe('csv_malformed');
    expect(error.message).toMatch(/first row of "noheader\.csv" is empty/);
  });

  it('passes on refusals of the file itself', async () => {
    expect((await userErrorFrom(inspectFile(writeTemp(next, '')))).code).toBe('file_empty');
    expect((await userErrorFrom(inspectFile('/nonexistent/list.csv'))).code).toBe('file_not_found');
  });
});
