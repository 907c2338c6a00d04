// `preflight check` end to end on files a user would have: the sample list that
// ships in examples/, suppression files, and the bad inputs people feed it.
import { describe, expect, it, beforeAll } from 'vitest';
import { copyFile, readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, cliProcess, readCsv, repoRoot, sha256, tempDir } from '../support/cli';
import { REASON_CODES } from '../../shared/model/reasons';

const sample = join(repoRoot, 'examples/recipients.csv');
// The five outputs, and the manifest that marks them as Preflight's.
const OUTPUTS = ['.preflight-manifest.json', 'annotated.csv', 'remove.csv', 'report.json', 'review.csv', 'send.csv'];

/** Run the check with a fixed "now" so consent ages do not drift with the calendar. */
async function check(args: string[]) {
  return cli(['check', ...args, '--now', '2026-11-26T00:00:00Z']);
}

describe('check on the shipped sample list', () => {
  let out: string;
  let annotated: Awaited<ReturnType<typeof readCsv>>;
  let report: Record<string, unknown> & { rows: number; verdicts: Record<string, number>; reasons: Record<string, number> };
  let inputHash: string;

  beforeAll(async () => {
    out = join(await tempDir(), 'out');
    inputHash = await sha256(sample);
    const result = await check([sample, '--out', out, '--offline']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    annotated = await readCsv(join(out, 'annotated.csv'));
    report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
  });

  const byNormalized = (address: string) => annotated.rows.find((r) => r['preflight_normalized'] === address);
  const byOriginal = (cell: string) => annotated.rows.find((r) => r['Email Address'] === cell);

  it('writes every output and leaves the input file untouched', async () => {
    expect((await readdir(out)).sort()).toEqual(OUTPUTS);
    expect(await sha256(sample)).toBe(inputHash);
  });

  it('accounts for every row exactly once, in input order, with the original columns unchanged', async () => {
    const input = await readCsv(sample);
    expect(annotated.rows).toHaveLength(input.rows.length);
    expect(report.rows).toBe(input.rows.length);
    annotated.raw.forEach((cells, i) => {
      const original = input.raw[i]!;
      const expected = original.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell));
      expect(cells.slice(0, original.length)).toEqual(expected);
    });
    const split = await Promise.all(['send', 'review', 'remove'].map((v) => readCsv(join(out, `${v}.csv`))));
    const splitTotal = split.reduce((n, f) => n + f.rows.length, 0);
    expect(splitTotal).toBe(input.rows.length);
    expect(split.map((f) => f.rows.length)).toEqual([report.verdicts['send'], report.verdicts['review'], report.verdicts['remove']]);
    for (const [i, verdict] of ['send', 'review', 'remove'].entries()) {
      expect(split[i]!.rows.every((r) => r['preflight_verdict'] === verdict)).toBe(true);
      expect(split[i]!.header).toEqual(annotated.header);
    }
  });

  it('adds the preflight columns after the original ones', () => {
    expect(annotated.header.slice(-6)).toEqual([
      'preflight_verdict',
      'preflight_reasons',
      'preflight_suggestion',
      'preflight_normalized',
      'preflight_risk',
      'preflight_decision',
    ]);
  });

  it.each([
    ['ada.lovelace@gmail.com', 'send', ''],
    ['grace.hopper@outlook.com', 'send', ''],
    ['alan.turing@yahoo.com', 'send', ''],
    ['katherine.johnson@icloud.com', 'send', ''],
    ['linus@kernel.org', 'send', ''],
    ['a.d.a.lovelace+news@gmail.com', 'review', 'alias_duplicate'],
    ['barbara.liskov@gmial.com', 'review', 'typo_suspected'],
    ['info@acme-widgets.co.uk', 'review', 'role_account'],
    ['sales@northwind-traders.com', 'review', 'role_account'],
    ['tim.berners-lee@example.com', 'remove', 'reserved_domain'],
    ['radia.perlman@test.invalid', 'remove', 'reserved_domain'],
    ['someone@mailinator.com', 'remove', 'disposable'],
    ['dennis.ritchie@bell-labs.com', 'remove', 'no_consent'],
    ['ken.thompson@bell-labs.com', 'remove', 'no_consent'],
    ['frances.allen@ibm.com', 'review', 'consent_unknown'],
    ['edsger.dijkstra@tue.nl', 'review', 'consent_stale'],
    ['donald.knuth@stanford.edu', 'review', 'inactive'],
    ['hedy.lamarr@xn--mller-gmbh-9db.de', 'send', ''],
  ])('%s → %s %s', (address, verdict, reasons) => {
    const row = byNormalized(address);
    expect(row, `no row normalised to ${address}`).toBeDefined();
    expect(row!['preflight_verdict']).toBe(verdict);
    expect(row!['preflight_reasons']).toBe(reasons);
  });

  it('keeps the first of two equal addresses and removes the later one as a duplicate', () => {
    const rows = annotated.rows.filter((r) => (r['preflight_normalized'] ?? '').toLowerCase() === 'ada.lovelace@gmail.com');
    expect(rows.map((r) => r['preflight_reasons'])).toEqual(['', 'duplicate']);
    expect(rows[1]!['Email Address']).toBe('ADA.LOVELACE@GMAIL.COM');
  });

  it('suggests the corrected address for a typo', () => {
    expect(byNormalized('barbara.liskov@gmial.com')!['preflight_suggestion']).toBe('barbara.liskov@gmail.com');
  });

  it('removes what cannot be sent, with the reason', () => {
    expect(byOriginal('not-an-address')!['preflight_reasons']).toBe('syntax_invalid');
    expect(byOriginal('john..smith@hotmail.com')!['preflight_reasons']).toBe('syntax_invalid');
    expect(byOriginal('Shafi Goldwasser')!['preflight_reasons']).toBe('syntax_invalid');
    expect(byOriginal('')!['preflight_reasons']).toBe('no_address');
    expect(byOriginal('josé@correo.es')!['preflight_reasons']).toBe('ses_unsupported');
    for (const cell of ['not-an-address', '', 'josé@correo.es']) expect(byOriginal(cell)!['preflight_verdict']).toBe('remove');
  });

  it('keeps the original cell as it was: display names and spaces stay in the original column', () => {
    expect(byNormalized('grace.hopper@outlook.com')!['Email Address']).toBe('Grace Hopper <grace.hopper@outlook.com>');
    expect(byNormalized('alan.turing@yahoo.com')!['Email Address']).toBe(' alan.turing@yahoo.com ');
  });

  it('neutralises formula cells in every CSV export', async () => {
    const raw = await readFile(join(out, 'annotated.csv'), 'utf8');
    expect(raw).toContain(`'=HYPERLINK`);
    expect(raw).not.toMatch(/(^|,)=HYPERLINK/m);
    const removed = await readFile(join(out, 'remove.csv'), 'utf8');
    expect(removed).toContain(`'=HYPERLINK`);
  });

  it('puts a bounce probability on every row; undeliverable rows score far above send rows', () => {
    const risks = annotated.rows.map((r) => Number(r['preflight_risk']));
    for (const [i, risk] of risks.entries()) {
      expect(annotated.rows[i]!['preflight_risk'], `row ${i + 1}`).not.toBe('');
      expect(risk).toBeGreaterThanOrEqual(0);
      expect(risk).toBeLessThanOrEqual(1);
    }
    const mean = (verdict: string, reason?: string) => {
      const picked = annotated.rows.filter(
        (r) => r['preflight_verdict'] === verdict && (!reason || (r['preflight_reasons'] ?? '').includes(reason)),
      );
      return picked.reduce((sum, r) => sum + Number(r['preflight_risk']), 0) / picked.length;
    };
    expect(mean('remove', 'syntax_invalid')).toBeGreaterThan(10 * mean('send'));
    expect(mean('remove', 'reserved_domain')).toBeGreaterThan(10 * mean('send'));
    // The dormant subscriber (last open almost three years ago) scores above the fresh one.
    expect(Number(byNormalized('donald.knuth@stanford.edu')!['preflight_risk'])).toBeGreaterThan(
      Number(byNormalized('linus@kernel.org')!['preflight_risk']),
    );
  });

  it('forecasts the list as imported worse than the send list, against the SES lines', () => {
    const forecast = report['forecast'] as {
      send: Record<string, number>;
      all: Record<string, number>;
      sesThresholds: Record<string, number>;
    };
    expect(forecast.sesThresholds).toEqual({ bounceReview: 0.05, bouncePause: 0.1, complaintReview: 0.001, complaintPause: 0.005 });
    expect(forecast.all['bounceRate']).toBeGreaterThan(forecast.send['bounceRate']!);
    for (const list of [forecast.send, forecast.all]) {
      expect(list['bounceRateLow']).toBeLessThanOrEqual(list['bounceRate']!);
      expect(list['bounceRateHigh']).toBeGreaterThanOrEqual(list['bounceRate']!);
      expect(list['complaintRateLow']).toBeLessThanOrEqual(list['complaintRate']!);
      expect(list['complaintRateHigh']).toBeGreaterThanOrEqual(list['complaintRate']!);
    }
  });

  it('reports counts that match the rows, the columns it used and the input format', () => {
    const reasonTotal = annotated.rows.reduce<Record<string, number>>((acc, row) => {
      for (const code of row['preflight_reasons'] ? row['preflight_reasons'].split(';') : []) acc[code] = (acc[code] ?? 0) + 1;
      return acc;
    }, {});
    expect(report.reasons).toEqual(reasonTotal);
    expect(report.verdicts['send']! + report.verdicts['review']! + report.verdicts['remove']!).toBe(report.rows);
    expect(report['columns']).toMatchObject({
      email: 'Email Address',
      consent: 'Opt-in',
      optInDate: 'Opt-in Date',
      lastActivity: ['Last Open'],
    });
    expect(report['input']).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    for (const code of Object.keys(report.reasons)) expect(REASON_CODES).toContain(code);
  });
});

describe('suppression file', () => {
  it('removes suppressed addresses with the reason SES recorded, ignoring case', async () => {
    const dir = await tempDir();
    const suppression = join(dir, 'suppressed.csv');
    await writeFile(suppression, 'LINUS@kernel.org,BOUNCE\nmargaret.hamilton@protonmail.com,COMPLAINT\n');
    const out = join(dir, 'out');
    const result = await check([sample, '--out', out, '--offline', '--suppression', suppression]);
    expect(result.code, result.stderr).toBe(0);
    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.find((r) => r['preflight_normalized'] === 'linus@kernel.org')!['preflight_reasons']).toBe('suppressed_bounce');
    expect(rows.find((r) => r['preflight_normalized'] === 'margaret.hamilton@protonmail.com')!['preflight_reasons']).toBe(
      'suppressed_complaint',
    );
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.suppression).toMatchObject({ entries: 2, matched: 2 });
  });

  it('reads JSON lines as SES bulk import writes them', async () => {
    const dir = await tempDir();
    const suppression = join(dir, 'suppressed.jsonl');
    await writeFile(suppression, '{"emailAddress":"linus@kernel.org","reason":"COMPLAINT"}\n');
    const out = join(dir, 'out');
    expect((await check([sample, '--out', out, '--offline', '--suppression', suppression])).code).toBe(0);
    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.find((r) => r['preflight_normalized'] === 'linus@kernel.org')!['preflight_reasons']).toBe('suppressed_complaint');
  });
});

describe('duplicates and provider aliases', () => {
  it('tells the same address (duplicate) from the same mailbox written another way (alias_duplicate)', async () => {
    const dir = await tempDir();
    const input = join(dir, 'aliases.csv');
    const addresses = [
      'john.smith@gmail.com',
      'johnsmith@gmail.com', // Gmail ignores dots: the same mailbox
      'JohnSmith@gmail.com', // the same address as the row above, ignoring case
      'john.smith+news@googlemail.com', // +tag and googlemail: the same mailbox again
      'john.smith@company-mail.com', // another domain: a different mailbox
      'j.o.h.n.smith@company-mail.com', // dots matter outside Gmail
      'JOHN.SMITH@COMPANY-MAIL.COM', // but case does not
    ];
    await writeFile(input, ['email', ...addresses].join('\n') + '\n');
    const out = join(dir, 'out');
    expect((await check([input, '--out', out, '--offline'])).code).toBe(0);
    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.map((r) => r['preflight_reasons'])).toEqual(['', 'alias_duplicate', 'duplicate', 'alias_duplicate', '', '', 'duplicate']);
  });
});

describe('column choices', () => {
  it('uses the columns named on the command line', async () => {
    const dir = await tempDir();
    const input = join(dir, 'two-emails.csv');
    await writeFile(input, 'Work email,Private email,Agreed\nwork@acme-corp.com,me@gmail.com,no\nboss@acme-corp.com,boss@yahoo.com,yes\n');
    const out = join(dir, 'out');
    const result = await check([input, '--out', out, '--offline', '--email-column', 'private email', '--consent-column', 'Agreed']);
    expect(result.code, result.stderr).toBe(0);
    const { rows } = await readCsv(join(out, 'annotated.csv'));
    expect(rows.map((r) => [r['preflight_normalized'], r['preflight_verdict']])).toEqual([
      ['me@gmail.com', 'remove'],
      ['boss@yahoo.com', 'send'],
    ]);
  });

  it('says so prominently when there is no consent column', async () => {
    const dir = await tempDir();
    const input = join(dir, 'no-consent.csv');
    await writeFile(input, 'email,name\nsomeone@gmail.com,Some One\n');
    const out = join(dir, 'out');
    const result = await check([input, '--out', out, '--offline']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Warning: No opt-in \(consent\) column/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.columns.consent).toBeNull();
    expect(report.warnings.join(' ')).toMatch(/consent/i);
  });
});

describe('bad input: one sentence, a non-zero exit, no outputs', () => {
  async function expectRefused(inputPath: string, args: string[], message: RegExp) {
    const out = join(await tempDir(), 'out');
    const result = await check([inputPath, '--out', out, '--offline', ...args]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const leftovers = await readdir(out).catch(() => []);
    expect(leftovers).toEqual([]);
  }

  it('a missing file', async () => {
    await expectRefused('/nonexistent/list.csv', [], /list\.csv/);
  });

  it('a binary file', async () => {
    const dir = await tempDir();
    const input = join(dir, 'photo.csv');
    await writeFile(input, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]));
    await expectRefused(input, [], /not a text|binary|image|CSV/i);
  });

  it('an Excel workbook', async () => {
    const dir = await tempDir();
    const input = join(dir, 'list.xlsx');
    await writeFile(input, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 1)]));
    await expectRefused(input, [], /Excel|workbook|CSV/i);
  });

  it('a file with no email column', async () => {
    const dir = await tempDir();
    const input = join(dir, 'names.csv');
    await writeFile(input, 'first,last\nAda,Lovelace\nAlan,Turing\n');
    await expectRefused(input, [], /email column|--email-column/i);
  });

  it('an email column that is not there', async () => {
    await expectRefused(sample, ['--email-column', 'Telefon'], /no email column named "Telefon"/i);
  });

  it('an empty file', async () => {
    const dir = await tempDir();
    const input = join(dir, 'empty.csv');
    await writeFile(input, '');
    await expectRefused(input, [], /empty/i);
  });

  it('a suppression file that cannot be read', async () => {
    await expectRefused(sample, ['--suppression', '/nonexistent/suppressed.csv'], /suppressed\.csv/);
  });

  it('an output folder under a plain file', async () => {
    const dir = await tempDir();
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'not a folder');
    const result = await check([sample, '--out', join(blocker, 'out'), '--offline']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/blocker/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('unknown options and missing arguments are usage errors (exit 2)', async () => {
    expect((await cli(['check', sample, '--out', '/tmp/x', '--frobnicate'])).code).toBe(2);
    expect((await cli(['check', '--out', '/tmp/x'])).code).toBe(2);
    expect((await cli(['check', sample])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
});

describe('the CLI as a separate process', () => {
  it('runs with npm run preflight semantics: exit 0, files written, summary on stdout', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    const result = await cliProcess(['check', sample, '--out', out, '--offline']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/rows checked/);
    expect((await readdir(out)).sort()).toEqual(OUTPUTS);
  });

  it('fails a missing file with one line on stderr and no stack trace', async () => {
    const result = await cliProcess(['check', '/nonexistent/list.csv', '--out', join(await tempDir(), 'o'), '--offline']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\bat .*\(/);
  });

  it('prints usage with --help', async () => {
    const result = await cliProcess(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/preflight check <file> --out <dir>/);
  });
});

describe('outputs in a folder that already has files', () => {
  it('replaces earlier outputs and leaves other files alone', async () => {
    const dir = await tempDir();
    const out = join(dir, 'out');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'mine');
    const earlier = join(dir, 'earlier.csv');
    await writeFile(earlier, 'email\nearlier@example.org\n');
    expect((await check([earlier, '--out', out, '--offline'])).code).toBe(0);
    const earlierSend = await readFile(join(out, 'send.csv'), 'utf8');
    const copy = join(dir, 'list.csv');
    await copyFile(sample, copy);
    expect((await check([copy, '--out', out, '--offline'])).code).toBe(0);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(join(out, 'send.csv'), 'utf8')).not.toBe(earlierSend);
    expect((await readdir(out)).sort()).toEqual([...OUTPUTS, 'notes.txt'].sort());
  });
});
