// Decisions: a person turns the review rows into send or remove (--accept, --exclude,
// --decisions FILE) and a pipeline re-applies them. What must never happen: a remove
// reason lifted by a decision, a row sent with a review reason nobody accepted, the
// user's cells changed, or a forecast that is not for the send.csv written.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, readCsv, tempDir } from '../support/cli';

let dir: string;
let list: string;

// Opt-in yes and recent activity unless said otherwise: each row's reasons are the ones named.
const ROWS = [
  ['email', 'first_name', 'company', 'opt_in', 'last_open', 'unsubscribed'],
  ['ada@gmail.com', 'Ada', 'Engines', 'yes', '2026-11-01', 'no'], // send
  ['info@acme-widgets.co.uk', 'Info', 'Acme', 'yes', '2026-11-01', 'no'], // role_account
  ['sales@northwind.com', 'Sales', 'Northwind', 'yes', '2026-11-01', 'no'], // role_account
  ['support@initech.com', 'Support', 'Initech', 'yes', '2026-11-01', 'yes'], // role_account + unsubscribed
  ['office@globex.com', 'Office', 'Globex', 'yes', '2020-01-01', 'no'], // role_account + inactive
  ['donald@stanford.edu', 'Donald', 'Stanford', 'yes', '2020-01-01', 'no'], // inactive
  ['barbara@gmial.com', 'Barbara', 'MIT', 'yes', '2026-11-01', 'no'], // typo_suspected
  ['grace@hotmial.com', 'Grace', 'Navy', 'yes', '2026-11-01', 'no'], // typo_suspected, corrected to a row below
  ['grace@hotmail.com', 'Grace', 'Navy', 'yes', '2026-11-01', 'no'], // send
  ['Søren Lefèvre <soren@yahoo.com>', 'Søren', 'Lefèvre SA', 'yes', '2026-11-01', 'yes'], // unsubscribed
];

beforeAll(async () => {
  dir = await tempDir('preflight-decisions-');
  list = join(dir, 'list.csv');
  await writeFile(list, ROWS.map((cells) => cells.map((c) => (/[",<]/.test(c) ? `"${c}"` : c)).join(',')).join('\r\n') + '\r\n');
});

interface DecisionsReport {
  verdicts: { send: number; review: number; remove: number };
  warnings: string[];
  forecast: { send: { bounceRate: number } };
  riskHistogram: { send: { counts?: number[] } };
  decisions?: {
    accept: string[];
    exclude: string[];
    file: string | null;
    rowDecisions: number;
    verdictsBefore: { send: number; review: number; remove: number };
    moved: { toSend: number; toRemove: number; corrected: number };
    byReason: Record<string, number>;
    unmatched: number;
    overruled: number;
  };
}

async function check(...extra: string[]) {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const result = await cli([
    'check',
    list,
    '--out',
    out,
    '--offline',
    '--json',
    '--now',
    '2026-12-07',
    '--opt-out-column',
    'unsubscribed',
    ...extra,
  ]);
  const report = (result.stdout ? JSON.parse(result.stdout) : undefined) as DecisionsReport | undefined;
  const rows = async (file: string) => (existsSync(join(out, file)) ? (await readCsv(join(out, file))).rows : []);
  return { ...result, out, report, rows };
}

const emails = (rows: Record<string, string>[]) => rows.map((row) => row['email']);

describe('decisions by reason', () => {
  it('the list reads as the tests expect before any decision', async () => {
    const { code, rows } = await check();
    expect(code).toBe(0);
    const annotated = await rows('annotated.csv');
    const reasons = Object.fromEntries(annotated.map((row) => [row['email'], row['preflight_reasons']]));
    expect(reasons).toMatchObject({
      'info@acme-widgets.co.uk': 'role_account',
      'support@initech.com': 'role_account;unsubscribed',
      'office@globex.com': 'role_account;inactive',
      'donald@stanford.edu': 'inactive',
      'barbara@gmial.com': 'typo_suspected',
    });
    // No decision: the column is there and empty, and report.json has no decisions.
    expect(annotated.every((row) => row['preflight_decision'] === '')).toBe(true);
  });

  it('an unsubscribed row stays removed even when every review reason is accepted', async () => {
    const { code, rows, report } = await check('--accept', 'role_account,inactive,typo_suspected');
    expect(code).toBe(0);
    const send = emails(await rows('send.csv'));
    expect(send).not.toContain('support@initech.com');
    expect(send).not.toContain('Søren Lefèvre <soren@yahoo.com>');
    expect(emails(await rows('remove.csv'))).toContain('support@initech.com');
    const annotated = await rows('annotated.csv');
    expect(annotated.find((row) => row['email'] === 'support@initech.com')).toMatchObject({
      preflight_verdict: 'remove',
      preflight_decision: '',
    });
    expect(report!.decisions!.verdictsBefore.remove).toBe(report!.verdicts.remove);
  });

  it('an unsubscribed row stays removed when a person chose to send it, and the report says so', async () => {
    const decisions = join(dir, 'send-unsubscribed.csv');
    await writeFile(decisions, 'address,decision,corrected\r\nsupport@initech.com,accepted,\r\nsoren@yahoo.com,accepted,\r\n');
    const { code, rows, report } = await check('--decisions', decisions);
    expect(code).toBe(0);
    expect(emails(await rows('send.csv'))).toEqual(['ada@gmail.com', 'grace@hotmail.com']);
    expect(report!.decisions!.overruled).toBe(2);
    expect(report!.warnings).toContain(
      '2 rows chosen for sending stay removed: a remove reason (such as an unsubscribe or a bounce) is never overridden.',
    );
  });

  it('accepted role accounts reach send.csv, and the forecast is for that send.csv', async () => {
    const before = (await check()).report!;
    const { code, rows, report } = await check('--accept', 'role_account');
    expect(code).toBe(0);
    const send = emails(await rows('send.csv'));
    expect(send).toEqual(['ada@gmail.com', 'info@acme-widgets.co.uk', 'sales@northwind.com', 'grace@hotmail.com']);
    const annotated = await rows('annotated.csv');
    expect(annotated.filter((row) => row['preflight_decision'] === 'accepted').map((row) => row['email'])).toEqual([
      'info@acme-widgets.co.uk',
      'sales@northwind.com',
    ]);
    expect(report!.verdicts).toEqual({ send: 4, review: before.verdicts.review - 2, remove: before.verdicts.remove });
    expect(report!.decisions).toMatchObject({
      accept: ['role_account'],
      exclude: [],
      file: null,
      verdictsBefore: before.verdicts,
      moved: { toSend: 2, toRemove: 0, corrected: 0 },
      byReason: { role_account: 2 },
    });
    // Role accounts bounce more often than a fresh Gmail row: the send list's forecast moves with them.
    expect(report!.forecast.send.bounceRate).not.toBe(before.forecast.send.bounceRate);
    expect((await rows('send.csv')).length).toBe(report!.verdicts.send);
  });

  it('a row with two review reasons stays for review unless both are accepted', async () => {
    const one = await check('--accept', 'role_account');
    expect(emails(await one.rows('review.csv'))).toContain('office@globex.com');
    const both = await check('--accept', 'role_account', '--accept', 'inactive');
    expect(emails(await both.rows('send.csv'))).toContain('office@globex.com');
    expect(both.report!.decisions!.byReason).toEqual({ role_account: 3, inactive: 2 });
  });

  it('an excluded reason removes its rows, even rows with another reason that was accepted', async () => {
    const { rows, report } = await check('--accept', 'role_account', '--exclude', 'inactive');
    const removed = (await rows('remove.csv')).filter((row) => row['preflight_decision'] === 'excluded');
    expect(emails(removed)).toEqual(['office@globex.com', 'donald@stanford.edu']);
    expect(report!.decisions!.moved).toEqual({ toSend: 2, toRemove: 2, corrected: 0 });
  });
});

describe('decisions row by row (the file the app exports)', () => {
  it('a taken typo suggestion is checked and sent as corrected, with the input cell unchanged', async () => {
    const decisions = join(dir, 'corrected.csv');
    await writeFile(decisions, 'address,decision,corrected\r\nbarbara@gmial.com,corrected,barbara@gmail.com\r\n');
    const { code, rows, report } = await check('--decisions', decisions);
    expect(code).toBe(0);
    const row = (await rows('send.csv')).find((r) => r['first_name'] === 'Barbara');
    expect(row).toMatchObject({
      email: 'barbara@gmial.com',
      preflight_normalized: 'barbara@gmail.com',
      preflight_decision: 'corrected',
      preflight_reasons: '',
    });
    expect(report!.decisions).toMatchObject({ rowDecisions: 1, moved: { toSend: 0, toRemove: 0, corrected: 1 }, unmatched: 0 });
    // Before the correction the row was for review; as corrected it has no reason left.
    expect(report!.verdicts.send).toBe((await check()).report!.verdicts.send + 1);
    expect(report!.decisions!.file).toBe(decisions);
  });

  it('a correction to an address already on the list is removed as its duplicate, not sent twice', async () => {
    const decisions = join(dir, 'corrected-duplicate.csv');
    // The corrected row comes first, so the later grace@hotmail.com row is the duplicate.
    await writeFile(decisions, 'grace@hotmial.com,corrected,grace@hotmail.com\r\n');
    const { rows } = await check('--decisions', decisions);
    const send = await rows('send.csv');
    expect(send.filter((row) => row['preflight_normalized'] === 'grace@hotmail.com')).toHaveLength(1);
    const removed = (await rows('remove.csv')).find((row) => row['email'] === 'grace@hotmail.com');
    expect(removed?.['preflight_reasons']).toBe('duplicate');
  });

  it("a person's send and remove choices are applied to their rows and win over the reasons'", async () => {
    const decisions = join(dir, 'rows.csv');
    await writeFile(
      decisions,
      'address,decision\r\nINFO@acme-widgets.co.uk,excluded\r\ndonald@stanford.edu,accepted\r\nada@gmail.com,excluded\r\nnobody@nowhere.org,accepted\r\n',
    );
    const { rows, report } = await check('--decisions', decisions, '--accept', 'role_account');
    const annotated = Object.fromEntries((await rows('annotated.csv')).map((row) => [row['email'], row]));
    expect(annotated['info@acme-widgets.co.uk']).toMatchObject({ preflight_verdict: 'remove', preflight_decision: 'excluded' });
    expect(annotated['donald@stanford.edu']).toMatchObject({ preflight_verdict: 'send', preflight_decision: 'accepted' });
    // A send row can be removed by hand too.
    expect(annotated['ada@gmail.com']).toMatchObject({ preflight_verdict: 'remove', preflight_decision: 'excluded' });
    expect(annotated['sales@northwind.com']).toMatchObject({ preflight_verdict: 'send', preflight_decision: 'accepted' });
    expect(report!.decisions!.unmatched).toBe(1);
    expect(report!.warnings).toContain('1 row decision in the decisions given match no address of this list and changed nothing.');
  });

  it('a decisions file the check cannot read writes nothing and says which line is wrong', async () => {
    const decisions = join(dir, 'bad.csv');
    await writeFile(decisions, 'address,decision\r\nada@gmail.com,maybe\r\n');
    const { code, stderr, out } = await check('--decisions', decisions);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'preflight: The decisions file "bad.csv", line 2: "maybe" is not a decision; write accepted, excluded or corrected.\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('one address given two different decisions is refused rather than guessed', async () => {
    const decisions = join(dir, 'twice.csv');
    await writeFile(decisions, 'ada@gmail.com,accepted\r\nADA@gmail.com,excluded\r\n');
    const { code, stderr } = await check('--decisions', decisions);
    expect(code).toBe(1);
    expect(stderr).toMatch(/line 2: ADA@gmail.com already has a different decision on line 1; keep one\.\n$/);
  });
});

describe('decisions a pipeline gets wrong are refused with one sentence', () => {
  it('an unknown reason code is refused with exit 2 and the review reasons listed', async () => {
    const { code, stderr, out } = await check('--accept', 'role_acount');
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^preflight: --accept takes review reason codes; "role_acount" is not a reason code \(the review reasons: alias_duplicate, role_account, /,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a remove reason given to --accept is refused: an unsubscribe cannot be accepted', async () => {
    const { code, stderr } = await check('--accept', 'role_account,unsubscribed');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^preflight: --accept takes review reasons only; unsubscribed is a remove reason, and a row with a remove reason is always removed/,
    );
  });

  it('a reason both accepted and excluded is refused', async () => {
    const { code, stderr } = await check('--accept', 'inactive', '--exclude', 'inactive');
    expect(code).toBe(2);
    expect(stderr).toBe('preflight: --accept and --exclude disagree: inactive cannot be both accepted and excluded: choose one for it.\n');
  });
});

describe('the report of a check with decisions', () => {
  it('the summary says what the decisions moved', async () => {
    const out = join(dir, `out-summary`);
    const { code, stdout } = await cli([
      'check',
      list,
      '--out',
      out,
      '--offline',
      '--now',
      '2026-12-07',
      '--opt-out-column',
      'unsubscribed',
      '--accept',
      'role_account',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('Decisions: 2 sent, 0 removed, 0 corrected (before them: send 2, review 6, remove 2).');
  });

  it('report.json on disk is the one printed, decisions included', async () => {
    const { out, report } = await check('--exclude', 'typo_suspected');
    const written = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as DecisionsReport;
    expect(written.decisions).toEqual(report!.decisions);
    expect(written.decisions!.byReason).toEqual({ typo_suspected: 2 });
  });
});
