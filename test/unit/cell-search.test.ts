// The Review screen's search finds a row by any of its cells (name, company, any column),
// ignoring case and accents, and says which cell and where, so the table can highlight it.
// The row store keeps no cells: they are read again from the list on the first search.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type CheckOutcome } from '../../electron/engine/check';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { fold } from '../../shared/text/fold';

const dir = mkdtempSync(join(tmpdir(), 'preflight-cell-search-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = [
  'email,first_name,last_name,company',
  'ada@gmail.com,Ada,Lovelace,Analytical Engines',
  'soren@yahoo.com,Søren,Lefèvre,Lefèvre SA',
  // The same name typed with a combining accent (NFD), as some exports write it.
  'marie@outlook.com,Marie,Lefe\u0300vre,Curie Labs',
  'lukasz@wp.pl,Łukasz,Nowak,"Nowak, Kowalski & Co"',
  'grace@hotmail.com,Grace,Hopper,Navy',
];
const input = join(dir, 'list.csv');
let outcome: CheckOutcome;

beforeAll(async () => {
  writeFileSync(input, ROWS.join('\r\n') + '\r\n');
  outcome = await runCheck({ input, outDir: join(dir, 'out'), settings: { ...DEFAULT_SETTINGS, offline: true } });
}, 60_000);

const emails = async (search: string) => (await outcome.results.query({ search, offset: 0, limit: 100 })).rows.map((row) => row.email);

describe('searching every column of the review rows', () => {
  it('"Lefèvre" finds the rows whose name or company is Lefèvre, typed with or without the accent, in any case', async () => {
    expect(await emails('Lefèvre')).toEqual(['soren@yahoo.com', 'marie@outlook.com']);
    expect(await emails('lefevre')).toEqual(['soren@yahoo.com', 'marie@outlook.com']);
    expect(await emails('LEFÈVRE')).toEqual(['soren@yahoo.com', 'marie@outlook.com']);
    expect(await emails('lukasz nowak')).toEqual([]);
    expect(await emails('Łukasz')).toEqual(['lukasz@wp.pl']);
    expect(await emails('soren')).toEqual(['soren@yahoo.com']);
  });

  it('says which cell matched and where, as written, for the highlight', async () => {
    const page = await outcome.results.query({ search: 'lefevre', offset: 0, limit: 100 });
    expect(page.rows[0]!.match).toEqual({ column: 'last_name', text: 'Lefèvre', start: 0, length: 7 });
    expect(page.rows[1]!.match).toEqual({ column: 'last_name', text: 'Lefèvre', start: 0, length: 7 });
    const company = await outcome.results.query({ search: 'kowalski', offset: 0, limit: 1 });
    expect(company.rows[0]!.match).toEqual({ column: 'company', text: 'Nowak, Kowalski & Co', start: 7, length: 8 });
    // A hit in the address is shown in the address cells, not as a cell match.
    const address = await outcome.results.query({ search: 'hotmail', offset: 0, limit: 1 });
    expect(address.total).toBe(1);
    expect(address.rows[0]!.match).toBeUndefined();
  });

  it('works with the other filters, and a search selection is resolved over every column too', async () => {
    expect((await outcome.results.query({ search: 'lefevre', verdict: 'remove', offset: 0, limit: 10 })).total).toBe(0);
    const decided = await outcome.results.decide({ filter: { search: 'navy' } }, 'excluded');
    expect(decided.rows).toEqual([{ address: 'grace@hotmail.com', decision: 'excluded' }]);
  });

  it('folds one code unit to one, so a hit in the folded text is at its place in the text', () => {
    for (const text of ['Lefèvre', 'ŁUKASZ', 'Ærøskøbing', 'İstanbul', 'straße', '😀 Zoë']) expect(fold(text)).toHaveLength(text.length);
    expect(fold('Ærøskøbing İstanbul Zoë')).toBe('æroskobing istanbul zoe');
  });

  it('a list changed since the check is still searched by address, and says so', async () => {
    const changed = join(dir, 'changed.csv');
    writeFileSync(changed, ROWS.join('\n') + '\n');
    const other = await runCheck({ input: changed, outDir: join(dir, 'out-changed'), settings: { ...DEFAULT_SETTINGS, offline: true } });
    writeFileSync(changed, ROWS.slice(0, 3).join('\n') + '\n');
    const page = await other.results.query({ search: 'grace', offset: 0, limit: 10 });
    expect(page.rows.map((row) => row.email)).toEqual(['grace@hotmail.com']);
    expect(page.note).toBe('The list changed since it was checked, so its other columns cannot be searched: check it again.');
  });
});
