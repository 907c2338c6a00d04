// Gates for CI: a pipeline stops a send by exit status 3 when the send list's
// forecast could cross a limit (the top of its 90% interval) or when a check removes
// more of a list than is plausible. The results are written either way.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, readCsv, repoRoot, tempDir } from '../support/cli';

const sample = join(repoRoot, 'examples/recipients.csv');
let dir: string;
let freemail: string;

interface Forecast {
  bounceRate: number;
  bounceRateHigh: number;
  complaintRate: number;
  complaintRateHigh: number;
}
interface GatedReport {
  rows: number;
  verdicts: { send: number; remove: number };
  forecast: { send: Forecast };
  gates?: { passed: boolean; checks: { gate: string; limitPercent: number; valuePercent: number; passed: boolean }[] };
}

beforeAll(async () => {
  dir = await tempDir('preflight-gates-');
  // 400 addresses whose domains go unchecked offline: a forecast with a wide interval.
  freemail = join(dir, 'freemail.csv');
  await writeFile(freemail, ['email', ...Array.from({ length: 400 }, (_, i) => `person${i}@gmail.com`)].join('\r\n') + '\r\n');
});

const fresh = () => join(dir, `out-${Math.random().toString(36).slice(2)}`);

async function gated(list: string, gates: string[]) {
  const out = fresh();
  const result = await cli(['check', list, '--out', out, '--offline', '--json', '--now', '2026-12-07', ...gates]);
  return { ...result, out, report: (result.stdout ? JSON.parse(result.stdout) : undefined) as GatedReport | undefined };
}

describe('a pipeline can stop a send on the forecast', () => {
  it('a send list whose bounce forecast could pass the limit fails the gate, even when its middle is under it', async () => {
    const { code, stderr, report, out } = await gated(freemail, ['--fail-above-bounce', '2']);
    const forecast = report!.forecast.send;
    // The case a gate exists for: on average fine, possibly over.
    expect(forecast.bounceRate).toBeLessThan(0.02);
    expect(forecast.bounceRateHigh).toBeGreaterThan(0.02);
    expect(code).toBe(3);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^preflight: Gate failed: send\.csv's bounce forecast reaches [\d.]+% \(top of the 90% interval\), above --fail-above-bounce 2%/,
    );
    expect(report!.gates).toEqual({
      passed: false,
      checks: [{ gate: 'fail-above-bounce', limitPercent: 2, valuePercent: forecast.bounceRateHigh * 100, passed: false }],
    });
    // The results are written, so the pipeline can show what to fix.
    expect((await readCsv(join(out, 'send.csv'))).rows).toHaveLength(400);
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8'))).toMatchObject({ rows: 400 });
  });

  it('the complaint gate fails on the top of the complaint interval', async () => {
    const { code, report, stderr } = await gated(freemail, ['--fail-above-complaint', '0.3%']);
    expect(report!.forecast.send.complaintRate).toBeLessThan(0.003);
    expect(report!.forecast.send.complaintRateHigh).toBeGreaterThan(0.003);
    expect(code).toBe(3);
    expect(stderr).toMatch(/complaint forecast reaches [\d.]+% .*above --fail-above-complaint 0\.3%/);
  });

  it('a list within every limit passes with exit 0, and the JSON says which gates were checked', async () => {
    const { code, stderr, report } = await gated(sample, [
      '--fail-above-bounce',
      '5',
      '--fail-above-complaint',
      '0.1',
      '--max-removed',
      '50',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(report!.gates!.passed).toBe(true);
    expect(report!.gates!.checks.map((check) => [check.gate, check.passed])).toEqual([
      ['fail-above-bounce', true],
      ['fail-above-complaint', true],
      ['max-removed', true],
    ]);
  });

  it('a check that removes more of the list than allowed (a broken input or resolver) fails the gate', async () => {
    const broken = join(dir, 'broken.csv');
    await writeFile(broken, 'email\r\nnot an address\r\nalso@not@one\r\nada@example.com\r\ngrace@outlook.com\r\n');
    const { code, stderr, report, out } = await gated(broken, ['--max-removed', '50']);
    expect(report!.verdicts.remove).toBe(3);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^preflight: Gate failed: 3 of 4 rows \(75%\) are removed, more than --max-removed 50%\./);
    await stat(join(out, 'remove.csv'));
  });

  it('without --json the summary stays on stdout and the reason on stderr', async () => {
    const result = await cli(['check', sample, '--out', fresh(), '--offline', '--max-removed', '10']);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^26 rows checked/);
    expect(result.stderr).toMatch(
      /^preflight: Gate failed: 12 of 26 rows \(46\.15%\) are removed, more than --max-removed 10%\. The results are written; the exit status is 3\.\n$/,
    );
  });

  it('a limit that is not a percentage is a usage error, before anything is checked', async () => {
    const out = fresh();
    const result = await cli(['check', sample, '--out', out, '--offline', '--fail-above-bounce', 'five']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--fail-above-bounce takes a percentage from 0 to 100, such as 2 or 0\.1% \(got "five"\)/);
    await expect(stat(out)).rejects.toThrow();
  });
});
