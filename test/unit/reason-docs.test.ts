// docs/architecture.md, "Where each reason is decided": a newcomer finds the one file that
// decides any reason code. Every code has exactly one row, and the file it names exists and
// speaks of the code, so the table cannot quietly go stale when a rule moves.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../shared/model/reasons';

const ROOT = join(__dirname, '../..');
const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
const section = doc.slice(doc.indexOf('## Where each reason is decided'), doc.indexOf('## The IPC contract'));
const rows = section
  .split('\n')
  .filter((line) => /^\| `[a-z_]+` \|/.test(line))
  .map((line) => {
    const [code, decidedIn] = line
      .split('|')
      .slice(1, 3)
      .map((cell) => cell.trim());
    return { code: code!.replace(/`/g, ''), file: /`([^`]+\.ts)`/.exec(decidedIn!)?.[1] ?? decidedIn! };
  });

describe('where each reason is decided (docs/architecture.md)', () => {
  it('has one row for every reason code, and no row for a code that does not exist', () => {
    expect(rows.map((row) => row.code).sort()).toEqual([...REASON_CODES].sort());
  });

  it('names one file per code that exists and speaks of the code', () => {
    for (const { code, file } of rows) {
      expect(existsSync(join(ROOT, file)), `${code}: ${file}`).toBe(true);
      expect(readFileSync(join(ROOT, file), 'utf8'), `${code}: ${file}`).toContain(code);
    }
  });
});
