// The planning service on real files: reading a send list (pass 1), writing the
// batch files (pass 2, streamed, in as many passes as open files allow), and
// replacing a previous plan atomically.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../shared/model/errors';
import { resolvePolicy } from '../../shared/plan/policy';
import { createPlan, type PlanRun } from '../../electron/services/plan/plan';
import { domainOf, readSendList } from '../../electron/services/plan/send-list';
import { createCsvWriter } from '../../electron/services/export/csv-writer';
import { CsvByteWriter } from '../../electron/services/export/byte-writer';
import { readCsv, tempDir } from '../support/cli';
import { SEND_LIST_HEADER, writeSendList } from '../support/send-list';

let dir: string;
let list: string;
const COUNT = 3_000;

beforeAll(async () => {
  dir = await tempDir('preflight-plan-');
  list = join(dir, 'send.csv');
  await writeSendList(list, COUNT);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (outDir: string, overrides: Partial<PlanRun> = {}): Promise<Awaited<ReturnType<typeof createPlan>>> =>
  createPlan({
    input: list,
    outDir,
    quota: { max24HourSend: 10_000, maxSendRate: 5, sentLast24Hours: 0, source: 'manual' },
    quotaReadAt: Date.parse('2026-03-01T00:00:00Z'),
    headroom: 0.2,
    policy: resolvePolicy('aggressive'),
    timeZone: 'Europe/Paris',
    window: { start: 9 * 60, end: 17 * 60 },
    weekdaysOnly: false,
    start: Date.parse('2026-03-02T00:00:00Z'),
    maxBatchMinutes: 1,
    now: Date.parse('2026-03-01T00:00:00Z'),
    ...overrides,
  });

async function filesOf(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(join(folder, 'batches'))).sort())
    files.set(name, await readFile(join(folder, 'batches', name), 'utf8'));
  return files;
}

describe('readSendList', () => {
  it('reads provider, risk and last engagement per recipient from a send.csv', async () => {
    const sendList = await readSendList(list);
    expect(sendList.count).toBe(COUNT);
    expect(sendList.addressColumn).toBe('preflight_normalized');
    expect(sendList.engagementColumns).toEqual(['Last Open']);
    const input = await readCsv(list);
    const groupOf = { 'gmail.com': 0, 'yahoo.com': 1, 'aol.com': 1, 'outlook.com': 2, 'hotmail.com': 2 } as Record<string, number>;
    const expectedGroups = input.rows.map((row) => groupOf[row['preflight_normalized']!.split('@')[1]!] ?? 3);
    const expectedRisk = input.rows.map((row) => Number(row['preflight_risk']));
    const expectedEngaged = input.rows.map((row) => (row['Last Open'] ? Date.parse(`${row['Last Open']}T00:00:00Z`) : Number.NaN));
    expect(Array.from(sendList.groups)).toEqual(expectedGroups);
    expect(Array.from(sendList.risk!)).toEqual(expectedRisk);
    expect(Array.from(sendList.engagedAt!)).toEqual(expectedEngaged);
    expect(expectedGroups.filter((g) => g === 1).length).toBeGreaterThan(0);
  });

  it('finds the domain in the cells people have', () => {
    expect(domainOf(' Ann@Example.COM ')).toBe('example.com');
    expect(domainOf('Ann Lee <ann@mail.example.org>')).toBe('mail.example.org');
    expect(domainOf('"a@b"@gmail.com')).toBe('gmail.com');
    for (const none of ['', 'ann', '@example.com', 'ann@']) expect(domainOf(none)).toBeNull();
  });

  it.each([
    [
      'a list without addresses',
      'Name,City\r\nAda,London\r\n',
      'no_email_column',
      /neither a preflight_normalized column nor a column of email addresses/,
    ],
    [
      'annotated.csv',
      'Email,preflight_verdict,preflight_normalized\r\nada@gmail.com,send,ada@gmail.com\r\nbad@,remove,\r\n',
      'not_a_send_list',
      /Line 3 .* is marked "remove"/,
    ],
    [
      'a row without an address',
      'Email,preflight_normalized\r\nada@gmail.com,ada@gmail.com\r\n,\r\n',
      'not_a_send_list',
      /Line 3 .* has no email address in "preflight_normalized"/,
    ],
    ['only a header', 'Email,preflight_normalized\r\n', 'file_empty', /no recipients/],
  ])('refuses %s in one sentence', async (_, text, code, message) => {
    const path = join(dir, `bad-${code}.csv`);
    await writeFile(path, text);
    const error = await readSendList(path).catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe(code);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.trim().split(/(?<=[.!?])\s+(?=[A-Z])/)).toHaveLength(1);
  });

  it('plans a raw list by its detected email column when preflight_normalized is missing', async () => {
    const path = join(dir, 'raw.csv');
    await writeFile(path, 'Name,E-mail\r\nAda,Ada Lovelace <ada@gmail.com>\r\nBob,bob@yahoo.com\r\n');
    const sendList = await readSendList(path);
    expect(sendList.addressColumn).toBe('E-mail');
    expect(Array.from(sendList.groups)).toEqual([0, 1]);
    expect(sendList.risk).toBeNull();
  });
});

describe('writing the plan', () => {
  it('writes the same batch files in one pass or in many, every row in exactly one of them', async () => {
    const one = join(dir, 'one-pass');
    const many = join(dir, 'many-passes');
    const a = await run(one);
    await run(many, { maxOpenFiles: 4 });
    expect(a.document.batches.length).toBeGreaterThan(6);
    const first = await filesOf(one);
    expect(await filesOf(many)).toEqual(first);
    expect([...first.keys()]).toEqual(a.document.batches.map((b) => b.file.replace('batches/', '')));

    const input = await readCsv(list);
    const seen = new Map<string, number>();
    for (const batch of a.document.batches) {
      const file = await readCsv(join(one, batch.file));
      expect(file.header).toEqual(SEND_LIST_HEADER);
      expect(file.rows).toHaveLength(batch.recipients);
      for (const cells of file.raw) seen.set(cells.join('\u0000'), (seen.get(cells.join('\u0000')) ?? 0) + 1);
    }
    expect(seen.size).toBe(COUNT);
    for (const cells of input.raw) expect(seen.get(cells.join('\u0000'))).toBe(1);
    // Nothing left behind but the plan.
    expect((await readdir(one)).sort()).toEqual(['.preflight-manifest.json', 'batches', 'plan.csv', 'plan.ics', 'plan.json']);
  });

  it('replaces a previous plan whole: no stale batch files, no staging folder', async () => {
    const out = join(dir, 'replaced');
    const big = await run(out, { maxBatchMinutes: 1 });
    const small = await run(out, { maxBatchMinutes: 60 });
    expect(big.document.batches.length).toBeGreaterThan(small.document.batches.length);
    expect((await readdir(join(out, 'batches'))).sort()).toEqual(small.document.batches.map((b) => b.file.replace('batches/', '')));
    expect((await readdir(out)).sort()).toEqual(['.preflight-manifest.json', 'batches', 'plan.csv', 'plan.ics', 'plan.json']);
    expect(JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')).batches).toHaveLength(small.document.batches.length);
  });

  it('leaves the previous plan untouched when a run is cancelled while writing', async () => {
    const out = join(dir, 'cancelled');
    await run(out);
    const before = await filesOf(out);
    const planBefore = await readFile(join(out, 'plan.json'), 'utf8');
    const controller = new AbortController();
    const error = await run(out, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'writing' && progress.bytesRead > 0) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('cancelled');
    expect(await filesOf(out)).toEqual(before);
    expect(await readFile(join(out, 'plan.json'), 'utf8')).toBe(planBefore);
    expect((await readdir(out)).sort()).toEqual(['.preflight-manifest.json', 'batches', 'plan.csv', 'plan.ics', 'plan.json']);
  });

  it('refuses to write the plan over the send list it reads', async () => {
    const out = join(dir, 'self');
    await mkdir(join(out, 'batches'), { recursive: true });
    const inside = join(out, 'batches', 'send.csv');
    await writeFile(inside, await readFile(list));
    const error = await run(out, { input: inside }).catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('output_unwritable');
    expect((await stat(inside)).size).toBe((await stat(list)).size);
  });

  it('carries rows of any size through the spool: cells of 100 KB and 1.5 MB, across read chunks', async () => {
    const path = join(dir, 'wide.csv');
    const writer = createCsvWriter(path);
    writer.write(['Email', 'Notes', 'preflight_normalized']);
    const notes = (i: number) => (i % 97 === 0 ? 'ü"x,\n'.repeat(i === 97 ? 250_000 : 17_000) : `note ${i}`);
    for (let i = 0; i < 1_200; i++) writer.write([`r${i}@gmail.com`, notes(i), `r${i}@gmail.com`]);
    await writer.close();
    const out = join(dir, 'wide-out');
    const { document } = await run(out, { input: path, maxOpenFiles: 2 });
    const rows = new Map<string, string>();
    for (const batch of document.batches) for (const cells of (await readCsv(join(out, batch.file))).raw) rows.set(cells[0]!, cells[1]!);
    expect(rows.size).toBe(1_200);
    for (let i = 0; i < 1_200; i++) expect(rows.get(`r${i}@gmail.com`) === notes(i), `row ${i}`).toBe(true);
  });
});

describe('CsvByteWriter', () => {
  it('writes exactly the bytes createCsvWriter writes for the same rows', async () => {
    const rows = [
      ['Email', 'Name', 'Note'],
      ['ada@gmail.com', 'Ada "Countess" Lovelace', '=HYPERLINK("x")'],
      ['  padded  ', 'Zoë, Søren', 'two\nlines\r\nhere'],
      ['-5', '+44 20 7946 0958', '@SUM(A1)'],
      ['emoji 🎉', '\uD800 lone surrogate', 'x'.repeat(70_000)],
      ['', '', ''],
    ];
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const reference = createCsvWriter(a);
    for (const row of rows) reference.write(row);
    await reference.close();
    const bytes = new CsvByteWriter(b, dir, { bom: true });
    for (const row of rows) bytes.write(row);
    expect(bytes.bytesWritten).toBe((await readFile(a)).length);
    await bytes.close();
    expect(await readFile(b)).toEqual(await readFile(a));
  });

  it('turns a disk error into one sentence naming the output folder', async () => {
    const writer = new CsvByteWriter(join(dir, 'no-such-folder', 'batch-0001.csv'), '/plans/march', { bom: true });
    writer.write(['Email']);
    const error = await writer.close().catch((e: unknown) => e);
    expect(isUserError(error) && error.code).toBe('output_unwritable');
    expect((error as Error).message).toMatch(/^Cannot write to the folder "\/plans\/march"/);
  });
});
