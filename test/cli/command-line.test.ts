// How the command line reads what a person or a pipeline types: every mistake is one of
// Preflight's sentences and exit 2 (never Node's parser text, never "internal error"),
// and the values the help documents (`--max-24h -1`, ISO dates) are accepted.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, tempDir } from '../support/cli';

const sample = join(repoRoot, 'examples/recipients.csv');
let dir: string;
let sendCsv: string;

beforeAll(async () => {
  dir = await tempDir('preflight-command-line-');
  sendCsv = join(dir, 'send.csv');
  await writeFile(sendCsv, 'email\r\nada@gmail.com\r\ngrace@outlook.com\r\n');
});

const fresh = () => join(dir, `out-${Math.random().toString(36).slice(2)}`);

/** Exit 2, exactly one line on stderr saying `sentence`, and no output folder. */
async function expectUsageError(args: string[], sentence: RegExp, out?: string) {
  const result = await cli(args);
  expect(result.stderr).toMatch(sentence);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/To specify|ERR_PARSE_ARGS|internal error/);
  expect(result.code).toBe(2);
  if (out) await expect(stat(out)).rejects.toThrow();
}

describe('a mistyped or incomplete command line gets a sentence that says how to fix it', () => {
  it('a typo in an option names the option that was meant', async () => {
    const out = fresh();
    await expectUsageError(
      ['check', sample, '--out', out, '--ofline'],
      /^preflight: Unknown option --ofline\. Did you mean --offline\?$/m,
      out,
    );
    await expectUsageError(
      ['plan', sendCsv, '--out', out, '--max-24h', '50', '--max-rate', '1', '--weekday'],
      /Unknown option --weekday\. Did you mean --weekdays\?/,
      out,
    );
    await expectUsageError(['ses', 'status', '--jsn'], /Unknown option --jsn\. Did you mean --json\?/);
  });

  it('an option nothing resembles points to the help', async () => {
    await expectUsageError(
      ['check', sample, '--out', fresh(), '--frobnicate'],
      /Unknown option --frobnicate\. Run "preflight check --help" for the options\./,
    );
  });

  it('an option whose value was forgotten does not swallow the next option', async () => {
    // Before: `--out --offline` wrote the results into a folder named "--offline".
    const out = fresh();
    await expectUsageError(
      ['check', sample, '--offline', '--suppression', '--out', out],
      /--suppression needs a value \(the next word is the option --out\)\./,
      out,
    );
    await expectUsageError(['check', sample, '--offline', '--out'], /--out needs a value: --out DIR\./);
  });

  it('an option given twice is refused instead of one value silently winning', async () => {
    const first = fresh();
    const second = fresh();
    await expectUsageError(['check', sample, '--out', first, '--offline', '--out', second], /--out is given twice .*; give it once\./);
    await expect(stat(first)).rejects.toThrow();
    await expect(stat(second)).rejects.toThrow();
  });

  it('a switch given a value is refused rather than ignored', async () => {
    await expectUsageError(['check', sample, '--out', fresh(), '--offline=no'], /--offline is a switch and takes no value/);
  });

  it("a negative number where none makes sense gets the option's own sentence", async () => {
    await expectUsageError(
      ['check', sample, '--out', fresh(), '--offline', '--consent-max-age', '-5'],
      /--consent-max-age takes a whole number above 0 \(got "-5"\)/,
    );
    await expectUsageError(
      ['plan', sendCsv, '--out', fresh(), '--max-24h', '50', '--max-rate', '-3'],
      /--max-rate takes a number above 0.*\(got "-3"\)/,
    );
  });

  it('check --help prints the usage on stdout', async () => {
    const result = await cli(['check', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/preflight check <file> --out <dir>/);
  });
});

describe('the documented values are accepted', () => {
  it('--max-24h -1, the documented "unlimited", plans without a daily limit', async () => {
    const out = fresh();
    const result = await cli([
      'plan',
      sendCsv,
      '--out',
      out,
      '--max-24h',
      '-1',
      '--max-rate',
      '1',
      '--now',
      '2026-03-02T08:00:00Z',
      '--timezone',
      'UTC',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).quota.max24HourSend).toBe(-1);
    expect(JSON.parse(await readFile(join(out, 'plan.json'), 'utf8')).recipients).toBe(2);
  });
});

describe('dates on the command line are ISO 8601, within sane years', () => {
  it('--now "Dec 7" is refused instead of counting every age from the year 2001', async () => {
    const out = fresh();
    await expectUsageError(
      ['check', sample, '--out', out, '--offline', '--now', 'Dec 7'],
      /--now takes an ISO 8601 date such as 2026-01-31 .*\(got "Dec 7"\)/,
      out,
    );
  });

  it('check --now takes a date or a date and time', async () => {
    for (const now of ['2026-11-26', '2026-11-26T09:30:00Z', '2026-11-26T10:30+01:00']) {
      const result = await cli(['check', sample, '--out', fresh(), '--offline', '--now', now, '--quiet']);
      expect(result.stderr, now).toBe('');
      expect(result.code, now).toBe(0);
    }
  });

  it('a plan starting or planned in the year 9999 gets a sentence, not "internal error"', async () => {
    const out = fresh();
    const quota = ['--max-24h', '50', '--max-rate', '1'];
    await expectUsageError(
      ['plan', sendCsv, '--out', out, ...quota, '--start', '9999-12-31T16:00', '--timezone', 'Asia/Tokyo'],
      /--start 9999-12-31T16:00 is outside the years 2000 to 2099/,
      out,
    );
    await expectUsageError(
      ['plan', sendCsv, '--out', out, ...quota, '--now', '9999-12-31T23:00Z'],
      /--now 9999-12-31T23:00Z is outside the years 2000 to 2099/,
      out,
    );
    await expectUsageError(['plan', sendCsv, '--out', out, ...quota, '--now', 'Dec 7'], /--now takes an ISO 8601 date and time/, out);
  });

  it("a plan starting more than a year ahead is refused (today's quota says little about then)", async () => {
    const out = fresh();
    await expectUsageError(
      ['plan', sendCsv, '--out', out, '--max-24h', '50', '--max-rate', '1', '--now', '2026-03-02T08:00:00Z', '--start', '2028-01-01'],
      /--start 2028-01-01 is more than a year ahead/,
      out,
    );
  });
});
