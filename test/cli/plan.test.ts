// `preflight plan` end to end on a generated send.csv: the acceptance case of issue 6
// (120,000 recipients on a 50,000/day, 14/s account with 20% headroom), the quota
// read from a fake SES endpoint (sandbox refused), and the bad inputs people give it.
// Every constraint is checked through the files the user gets.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runPlanCommand } from '../../electron/cli/plan-command';
import { isUserError } from '../../shared/model/errors';
import type { PlanDocument } from '../../shared/plan/document';
import { providerGroupIndex } from '../../shared/plan/policy';
import { providerOf } from '../../shared/address/providers';
import { readCsv } from '../support/cli';
import { parseIcs } from '../support/ics';
import {
  GROUPS,
  orderViolations,
  rateViolations,
  rollingWindowViolations,
  warmupViolations,
  windowViolations,
  type OracleBatch,
  type OracleSettings,
} from '../support/plan-oracle';
import { isolatedAwsEnv, productionAccount, sandboxAccount, startSesServer, type RunningSesServer } from '../support/ses-server';
import { SEND_LIST_HEADER, writeSendList } from '../support/send-list';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  error?: { code: string; message: string };
}

/** The plan command as the CLI runs it: a UserError becomes one line on stderr and exit 2 (usage) or 1. */
async function plan(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  try {
    const code = await runPlanCommand(args, { stdout, stderr, env });
    return { code, stdout: out, stderr: err };
  } catch (error) {
    if (!isUserError(error)) throw error;
    return {
      code: error.code === 'bad_argument' ? 2 : 1,
      stdout: out,
      stderr: `${err}preflight: ${error.message}\n`,
      error: { code: error.code, message: error.message },
    };
  }
}

const NOW = '2026-03-01T12:00:00Z';
let dir: string;
let sendCsv: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-plan-cli-'));
  sendCsv = join(dir, 'send.csv');
  await writeSendList(sendCsv, 120_000);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const groupOfAddress = (address: string) => providerGroupIndex(providerOf(address.slice(address.lastIndexOf('@') + 1)).provider);

/** The expected priority of each input row: risk ↑, Last Open ↓ (blank last), then row order. */
function expectedRanks(rows: Record<string, string>[]): Int32Array {
  const key = rows.map((row, i) => ({
    i,
    risk: Number(row['preflight_risk']),
    open: row['Last Open'] ? Date.parse(row['Last Open']) : -Infinity,
  }));
  key.sort((a, b) => a.risk - b.risk || (b.open === a.open ? 0 : b.open > a.open ? 1 : -1) || a.i - b.i);
  const rank = new Int32Array(rows.length);
  key.forEach((k, position) => (rank[k.i] = position));
  return rank;
}

describe('the acceptance plan: 120,000 recipients, 50,000 a day, 14 per second, 20% headroom', () => {
  let out: string;
  let result: Result;
  let doc: PlanDocument;
  let elapsedMs: number;

  beforeAll(async () => {
    out = join(dir, 'plan');
    const started = performance.now();
    result = await plan([
      sendCsv,
      '--out',
      out,
      '--max-24h',
      '50000',
      '--max-rate',
      '14',
      '--headroom',
      '0.2',
      '--timezone',
      'America/New_York',
      '--window',
      '09:00-17:00',
      '--start',
      '2026-03-02T09:00',
      '--now',
      NOW,
    ]);
    elapsedMs = performance.now() - started;
    console.info(`plan of 120,000 recipients (all files written): ${Math.round(elapsedMs)} ms`);
    doc = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8'));
  }, 120_000);

  it('succeeds and says what it planned', () => {
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Plan for send\.csv: 120,000 recipients in \d+ batches on \d+ days, 2026-03-02 to 2026-03-\d\d \(America\/New_York, 09:00-17:00\)\./,
    );
    expect(result.stdout).toContain('Usable       40,000 per rolling 24 hours, 11.2 per second (20% kept free)');
    expect(elapsedMs).toBeGreaterThan(0);
  });

  it('records the quota, the headroom and the policy in plan.json', () => {
    expect(doc.quota).toEqual({ max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0, source: 'manual', readAt: NOW });
    expect(doc.headroom).toBe(0.2);
    expect(doc.usable).toEqual({ max24HourSend: 40_000, maxSendRate: 11.2 });
    expect(doc.policy).toMatchObject({ name: 'standard', firstDay: 500, growth: 1.4 });
    expect(doc.recipients).toBe(120_000);
    expect(doc.batches.reduce((n, b) => n + b.recipients, 0)).toBe(120_000);
    expect(doc.days.reduce((n, d) => n + d.recipients, 0)).toBe(120_000);
  });

  it('meets every constraint', () => {
    const settings: OracleSettings = {
      max24HourSend: 50_000,
      maxSendRate: 14,
      sentLast24Hours: 0,
      quotaReadAt: Date.parse(NOW),
      headroom: 0.2,
      firstDay: doc.policy.firstDay,
      growth: doc.policy.growth,
      weekOneCaps: doc.policy.weekOneCaps,
      timeZone: 'America/New_York',
      window: { start: 540, end: 1020 },
      weekdaysOnly: false,
      start: Date.parse('2026-03-02T14:00:00Z'),
    };
    const batches: OracleBatch[] = doc.batches.map((b) => ({ ...b, start: Date.parse(b.start), end: Date.parse(b.end) }));
    expect(rollingWindowViolations(batches, settings)).toEqual([]);
    expect(rateViolations(batches, settings)).toEqual([]);
    expect(windowViolations(batches, settings)).toEqual([]);
    expect(warmupViolations(batches, settings).violations).toEqual([]);
    // The DST change on 8 March moves 09:00 New York from 14:00Z to 13:00Z.
    expect(doc.batches.find((b) => b.date === '2026-03-07')!.start).toBe('2026-03-07T14:00:00Z');
    expect(doc.batches.find((b) => b.date === '2026-03-08')!.start).toBe('2026-03-08T13:00:00Z');
  });

  it('puts every recipient in exactly one batch file, rows unchanged, providers and priority as planned', async () => {
    const input = await readCsv(sendCsv);
    const rowOf = new Map(input.raw.map((cells, i) => [cells.join('\u0000'), i]));
    const seen = new Uint8Array(input.raw.length);
    const members: (OracleBatch & { members: number[] })[] = [];
    const rank = expectedRanks(input.rows);
    expect((await readdir(join(out, 'batches'))).length).toBe(doc.batches.length);
    for (const batch of doc.batches) {
      const path = join(out, batch.file);
      const bytes = await readFile(path);
      expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const file = await readCsv(path);
      expect(file.header).toEqual(SEND_LIST_HEADER);
      expect(file.raw).toHaveLength(batch.recipients);
      const providers = { gmail: 0, yahoo_aol: 0, microsoft: 0, other: 0 };
      const indices: number[] = [];
      const foreign: string[] = [];
      for (const cells of file.raw) {
        const row = rowOf.get(cells.join('\u0000'));
        if (row === undefined) {
          foreign.push(cells.join(','));
          continue;
        }
        seen[row]!++;
        indices.push(row);
        providers[GROUPS[groupOfAddress(cells[8]!)]!]++;
      }
      expect(foreign, `rows of ${batch.file} that are not in send.csv as they are`).toEqual([]);
      expect(providers).toEqual(batch.providers);
      // Inside a file rows keep the list's order; the plan's priority is between batches.
      members.push({
        ...batch,
        start: Date.parse(batch.start),
        end: Date.parse(batch.end),
        members: indices.sort((a, b) => rank[a]! - rank[b]!),
      });
    }
    expect(seen.every((n) => n === 1)).toBe(true);
    const groups = Uint8Array.from(input.rows, (row) => groupOfAddress(row['preflight_normalized']!));
    const settings = { firstDay: doc.policy.firstDay, growth: doc.policy.growth, weekOneCaps: doc.policy.weekOneCaps } as OracleSettings;
    expect(orderViolations(members, rank, groups, warmupViolations(members, settings).capped)).toEqual([]);
  }, 60_000);

  it('writes plan.csv with one line per batch, ready for a spreadsheet', async () => {
    const bytes = await readFile(join(out, 'plan.csv'));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8').split('\r\n').length).toBe(doc.batches.length + 2);
    const csv = await readCsv(join(out, 'plan.csv'));
    expect(csv.rows).toHaveLength(doc.batches.length);
    csv.rows.forEach((row, i) => {
      const batch = doc.batches[i]!;
      expect(row).toMatchObject({
        batch: String(batch.id),
        start_utc: batch.start,
        end_utc: batch.end,
        recipients: String(batch.recipients),
        file: batch.file,
      });
      expect(row['start (America/New_York)']).toMatch(/^2026-03-\d\d 09:\d\d:\d\d$/);
    });
  });

  it('writes plan.ics with one valid event per batch', async () => {
    const { events } = parseIcs(await readFile(join(out, 'plan.ics'), 'utf8'));
    expect(events.map((e) => [e.dtstart, e.dtend])).toEqual(doc.batches.map((b) => [Date.parse(b.start), Date.parse(b.end)]));
    expect(events.every((e, i) => e.summary.includes(doc.batches[i]!.recipients.toLocaleString('en-US')))).toBe(true);
  });
});

describe('a plan that reaches the quota: aggressive policy, 10,000 already sent, weekdays only', () => {
  it('keeps every rolling 24-hour window within 40,000 and sends nothing on weekends', async () => {
    const out = join(dir, 'aggressive');
    const args = [sendCsv, '--out', out, '--max-24h', '50000', '--max-rate', '14', '--sent-last-24h', '10000', '--policy', 'aggressive'];
    const result = await plan([
      ...args,
      '--timezone',
      'Europe/London',
      '--weekdays',
      '--start',
      '2026-03-20T16:00',
      '--now',
      '2026-03-20T15:00:00Z',
    ]);
    expect(result.error).toBeUndefined();
    const doc: PlanDocument = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8'));
    const batches: OracleBatch[] = doc.batches.map((b) => ({ ...b, start: Date.parse(b.start), end: Date.parse(b.end) }));
    const settings: OracleSettings = {
      max24HourSend: 50_000,
      maxSendRate: 14,
      sentLast24Hours: 10_000,
      quotaReadAt: Date.parse('2026-03-20T15:00:00Z'),
      headroom: 0.2,
      firstDay: 1_000,
      growth: 2,
      weekOneCaps: doc.policy.weekOneCaps,
      timeZone: 'Europe/London',
      window: { start: 540, end: 1020 },
      weekdaysOnly: true,
      start: Date.parse('2026-03-20T16:00:00Z'),
    };
    expect(rollingWindowViolations(batches, settings)).toEqual([]);
    expect(rateViolations(batches, settings)).toEqual([]);
    expect(windowViolations(batches, settings)).toEqual([]);
    expect(warmupViolations(batches, settings).violations).toEqual([]);
    // Friday 20 March: only 16:00–17:00 is left, and the weekend is skipped.
    expect(doc.days.slice(0, 4).map((d) => [d.date, d.recipients])).toEqual([
      ['2026-03-20', 1_000],
      ['2026-03-21', 0],
      ['2026-03-22', 0],
      ['2026-03-23', 2_000],
    ]);
    expect(Math.max(...doc.days.map((d) => d.recipients))).toBe(40_000);
    let files = 0;
    for (const batch of doc.batches) files += (await readCsv(join(out, batch.file))).raw.length;
    expect(files).toBe(120_000);
  }, 60_000);
});

describe('the quota read from SES', () => {
  let server: RunningSesServer;
  let small: string;

  beforeAll(async () => {
    small = join(dir, 'small.csv');
    await writeSendList(small, 2_000);
  });

  beforeEach(async () => {
    server = await startSesServer({ account: productionAccount({ sentLast24Hours: 1_234 }), rateLimit: null });
    for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_ENDPOINT_URL_SESV2: server.endpoint }))) vi.stubEnv(name, value);
  });

  afterEach(async () => {
    await server.stop();
    vi.unstubAllEnvs();
  });

  it('plans with the account quota and counts what was sent in the last 24 hours', async () => {
    const out = join(dir, 'ses-plan');
    const result = await plan([small, '--out', out, '--ses', '--region', 'eu-west-1', '--timezone', 'UTC', '--now', NOW]);
    expect(result.error).toBeUndefined();
    const doc: PlanDocument = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8'));
    expect(doc.quota).toMatchObject({
      max24HourSend: 50_000,
      maxSendRate: 14,
      sentLast24Hours: 1_234,
      source: 'ses',
      region: 'eu-west-1',
      readAt: NOW,
    });
    expect(server.requests.map((r) => [r.operation, r.region])).toEqual([['GetAccount', 'eu-west-1']]);
    expect(result.stdout).toContain('(SES, eu-west-1); 1,234 sent in the last 24 hours');
  });

  it('refuses a sandbox account, explaining production access, and writes nothing', async () => {
    server.setState({ account: sandboxAccount() });
    const out = join(dir, 'sandbox-plan');
    const result = await plan([small, '--out', out, '--ses', '--region', 'eu-west-1', '--now', NOW]);
    expect(result.code).toBe(1);
    expect(result.error?.code).toBe('ses_sandbox');
    expect(result.error?.message).toMatch(/^The SES account in eu-west-1 is in the sandbox/);
    expect(result.error?.message).toMatch(/request production access for eu-west-1 in the SES console/);
    expect(result.error?.message).toMatch(/SPF, DKIM and DMARC/);
    await expect(stat(out)).rejects.toThrow();
  });
});

describe('bad input gets one sentence and no output', () => {
  it.each([
    ['no send list', ['--out', 'OUT', '--max-24h', '50000', '--max-rate', '14'], 'bad_argument', /^Name the send list to plan/],
    ['a missing file', ['DIR/nope.csv', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14'], 'file_not_found', /does not exist/],
    ['no quota', ['SEND', '--out', 'OUT'], 'bad_argument', /^Give the account's quota: --ses .* or --max-24h N --max-rate R/],
    ['half a quota', ['SEND', '--out', 'OUT', '--max-24h', '50000'], 'bad_argument', /^Give both --max-24h and --max-rate/],
    ['--ses with a given quota', ['SEND', '--out', 'OUT', '--ses', '--max-24h', '5'], 'bad_argument', /^--ses reads the quota from SES/],
    [
      'a bad time zone',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14', '--timezone', 'Mars/Base'],
      'bad_argument',
      /"Mars\/Base" is not an IANA time zone/,
    ],
    [
      'a bad window',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14', '--window', '9-5'],
      'bad_argument',
      /--window takes two 24-hour times/,
    ],
    [
      'a window ending before it starts',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14', '--window', '17:00-09:00'],
      'bad_argument',
      /ends before it starts/,
    ],
    [
      'headroom of 100%',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14', '--headroom', '1'],
      'bad_argument',
      /--headroom takes a share/,
    ],
    [
      'an unknown policy',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14', '--policy', 'yolo'],
      'bad_argument',
      /--policy takes conservative, standard or aggressive/,
    ],
    [
      'a start in the past',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14', '--start', '2020-01-01T00:00Z', '--now', NOW],
      'bad_argument',
      /is in the past/,
    ],
    [
      'a negative rate',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate=-3'],
      'bad_argument',
      /--max-rate takes a number above 0/,
    ],
    [
      'an unknown option',
      ['SEND', '--out', 'OUT', '--max-24h', '50000', '--max-rate', '14', '--fast'],
      'bad_argument',
      /^Unknown option --fast\. Run "preflight plan --help" for the options\.$/,
    ],
  ])('%s', async (_, args, code, message) => {
    const out = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    const result = await plan(args.map((arg) => arg.replace('OUT', out).replace('SEND', sendCsv).replace('DIR', dir)));
    expect(result.error?.code).toBe(code);
    expect(result.error?.message).toMatch(message);
    expect(result.code).toBe(code === 'bad_argument' ? 2 : 1);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    await expect(stat(out)).rejects.toThrow();
  });

  it('a list without preflight_normalized or an email column', async () => {
    const path = join(dir, 'names.csv');
    await writeFile(path, 'Name,City\r\nAda,London\r\n');
    const result = await plan([path, '--out', join(dir, 'names-out'), '--max-24h', '100', '--max-rate', '1']);
    expect(result.error).toEqual({
      code: 'no_email_column',
      message: expect.stringMatching(/neither a preflight_normalized column nor a column of email addresses/),
    });
    // The output folder this run created for its staging is gone again.
    await expect(stat(join(dir, 'names-out'))).rejects.toThrow();
  });

  it('prints the usage with --help', async () => {
    const result = await plan(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:\n {2}preflight plan <send\.csv> --out <dir>/);
  });
});

describe('a send list that names someone twice', () => {
  it('plans every recipient once, so no one gets the mail twice, and says how many rows it left out', async () => {
    const single = join(dir, 'once.csv');
    await writeSendList(single, 2_000);
    const text = await readFile(single, 'utf8');
    // Every data row again, after the first copy (the header line has no line break inside).
    const twice = join(dir, 'twice.csv');
    await writeFile(twice, text + text.slice(text.indexOf('\r\n') + 2));
    const out = join(dir, 'plan-twice');
    const result = await plan([twice, '--out', out, '--max-24h', '50000', '--max-rate', '14', '--start', '2026-03-02T09:00', '--now', NOW]);
    expect(result.error).toBeUndefined();
    const doc = JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')) as PlanDocument;
    expect(doc.recipients).toBe(2_000);
    expect(doc.duplicatesRemoved).toBe(2_000);
    const planned: string[] = [];
    for (const batch of doc.batches)
      planned.push(...(await readCsv(join(out, batch.file))).rows.map((row) => row['preflight_normalized']!));
    expect(planned).toHaveLength(2_000);
    expect(new Set(planned).size).toBe(2_000);
    expect(result.stdout).toContain(
      'Warning: 2,000 rows of twice.csv repeated an address already planned and were left out: each recipient is planned once.',
    );
  }, 60_000);
});
