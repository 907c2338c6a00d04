// Rows selected on the Review screen become row decisions in the engine worker: "every
// row matching" is the filter, resolved over the whole list (not the pages the table
// loaded), a range is places in the filter's matches, and a row with a remove reason is
// never sent by a selection. Applied, they write preflight_decision as the per-row path does.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckOutcome } from '../../electron/engine/check';
import { DEFAULT_SETTINGS, type CheckSettings } from '../../shared/model/check';

const dir = mkdtempSync(join(tmpdir(), 'preflight-selection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECENT = '2026-11-01';
// 1,200 role accounts (review), one unsubscribed role account (remove), 30 typos on gmial.com, one on hotmial.com.
const lines = ['email,name,opt_in,last_open,unsubscribed'];
for (let i = 0; i < 1200; i++) lines.push(`info@widgets${i}.com,Info ${i},yes,${RECENT},no`);
lines.push(`info@initech.com,Initech,yes,${RECENT},yes`);
for (let i = 0; i < 30; i++) lines.push(`person${i}@gmial.com,Person ${i},yes,${RECENT},no`);
lines.push(`grace@hotmial.com,Grace,yes,${RECENT},no`);
const input = join(dir, 'list.csv');
writeFileSync(input, lines.join('\n') + '\n');

const settings: CheckSettings = { ...DEFAULT_SETTINGS, offline: true, now: '2026-12-07T00:00:00Z', optOutColumns: ['unsubscribed'] };
let first: CheckOutcome;
let runs = 0;
const check = (extra: Partial<CheckSettings> = {}) =>
  runCheck({ input, outDir: join(dir, `out-${++runs}`), settings: { ...settings, ...extra } });

beforeAll(async () => {
  first = await check();
}, 60_000);

describe('deciding the rows selected on the Review screen', () => {
  it('"select all matching" sends every matching row, far beyond the loaded pages', async () => {
    const page = await first.results.query({ reason: 'role_account', offset: 0, limit: 100 });
    expect(page.total).toBe(1201);
    const decided = await first.results.decide({ filter: { reason: 'role_account' } }, 'accepted');
    // The unsubscribed role account stays removed: it is left out and counted.
    expect(decided.rows).toHaveLength(1200);
    expect(decided.skipped).toBe(1);
    expect(decided.rows.every((row) => row.decision === 'accepted')).toBe(true);
    expect(decided.rows.map((row) => row.address)).not.toContain('info@initech.com');
    expect(decided.rows.at(-1)!.address).toBe('info@widgets1199.com');
  });

  it('a shift-click range and a ctrl-click row are the places in the filter, loaded or not', async () => {
    const decided = await first.results.decide(
      {
        filter: { verdict: 'review', search: 'widgets' },
        ranges: [
          [2, 4],
          [900, 901],
        ],
      },
      'excluded',
    );
    expect(decided.rows.map((row) => row.address)).toEqual(['info@widgets2.com', 'info@widgets3.com', 'info@widgets900.com']);
    expect(decided.skipped).toBe(0);
    // Remove is allowed on any row, a removed one too.
    expect((await first.results.decide({ filter: { search: 'initech' } }, 'excluded')).rows).toEqual([
      { address: 'info@initech.com', decision: 'excluded' },
    ]);
  });

  it('takes one suggested domain for all its rows, and only those', async () => {
    expect((await first.results.query({ suggestionDomain: 'gmail.com', offset: 0, limit: 1 })).total).toBe(30);
    const decided = await first.results.decide({ filter: { suggestionDomain: 'GMAIL.com' } }, 'corrected');
    expect(decided.rows).toHaveLength(30);
    expect(decided.rows[0]).toEqual({ address: 'person0@gmial.com', decision: 'corrected', corrected: 'person0@gmail.com' });
    expect(decided.rows.some((row) => row.address.includes('hotmial'))).toBe(false);
  });

  it('applied, the selection writes preflight_decision as row decisions do', async () => {
    const sent = await first.results.decide({ filter: { reason: 'role_account' }, ranges: [[0, 2]] }, 'accepted');
    const corrected = await first.results.decide({ filter: { suggestionDomain: 'gmail.com' } }, 'corrected');
    const outcome = await check({ decisions: { accept: [], exclude: [], rows: [...sent.rows, ...corrected.rows] } });
    expect(outcome.report.verdicts.send).toBe(2 + 30);
    const annotated = readFileSync(
      outcome.files.find((file) => file.endsWith('annotated.csv'))!,
      'utf8',
    );
    expect(annotated).toMatch(/^info@widgets0\.com,.*,send,role_account,.*,accepted$/m);
    expect(annotated).toMatch(/^info@widgets2\.com,.*,review,role_account,.*,$/m);
    expect(annotated).toMatch(/^person7@gmial\.com,.*,send,,,person7@gmail\.com,[\d.]*,corrected$/m);
  }, 60_000);
});
