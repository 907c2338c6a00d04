// A stand-in for electron/engine/check.ts, bundled into a test copy of the
// engine worker so the job plumbing (progress, cancel, paging, export) is tested
// on its own. The input file is a JSON plan saying how the fake check behaves.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckOutcome, CheckRun } from '../../../electron/engine/check';
import type { Report, ReviewRow } from '../../../shared/model/check';
import { UserError } from '../../../shared/model/errors';
import type { Verdict } from '../../../shared/model/reasons';

export interface FakePlan {
  rows: number;
  steps: number;
  stepMs: number;
  /** Simulates an engine stuck in a synchronous loop: it never sees the abort. */
  hang?: boolean;
  fail?: 'user' | 'bug';
}

const VERDICT_CYCLE: Verdict[] = ['send', 'review', 'remove'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCheck(run: CheckRun): Promise<CheckOutcome> {
  const plan = JSON.parse(await readFile(run.input, 'utf8')) as FakePlan;
  for (let step = 1; step <= plan.steps; step++) {
    if (plan.hang && step === 2) {
      const until = Date.now() + 60_000;
      while (Date.now() < until) {
        // busy: only terminate() can stop this
      }
    }
    if (run.signal?.aborted) throw new UserError('cancelled', 'The check was cancelled.');
    await sleep(plan.stepMs);
    run.onProgress?.({ phase: 'reading', bytesRead: step, bytesTotal: plan.steps, rows: step, domainsDone: 0, domainsTotal: 0 });
    if (plan.fail && step === 2) {
      if (plan.fail === 'user') throw new UserError('no_email_column', 'No column of this file looks like email addresses.');
      throw new TypeError('fake engine bug\n    at internals (engine.ts:1:1)');
    }
  }
  const rows: ReviewRow[] = Array.from({ length: plan.rows }, (_, i) => ({
    row: i + 1,
    email: `person${i + 1}@mail.test`,
    normalized: `person${i + 1}@mail.test`,
    verdict: VERDICT_CYCLE[i % 3]!,
    reasons: [],
    suggestion: '',
  }));
  const count = (v: Verdict) => rows.filter((r) => r.verdict === v).length;
  const report = {
    tool: { name: 'preflight', version: 'fake' },
    rows: rows.length,
    verdicts: { send: count('send'), review: count('review'), remove: count('remove') },
    receivedCacheDir: run.settings.cacheDir,
  } as unknown as Report;
  const files = ['annotated.csv', 'send.csv', 'review.csv', 'remove.csv', 'report.json'].map((name) => join(run.outDir, name));
  for (const file of files.slice(0, 4)) await writeFile(file, `email\n${rows.map((r) => r.email).join('\n')}\n`);
  await writeFile(files[4]!, JSON.stringify(report));
  // Something the engine left in its folder that is not an output: never exported.
  await writeFile(join(run.outDir, 'scratch.bin'), 'internal');
  return {
    report,
    files,
    results: {
      async query(query) {
        const matching = rows.filter(
          (r) => (!query.verdict || r.verdict === query.verdict) && (!query.search || r.email.includes(query.search.toLowerCase())),
        );
        return { total: matching.length, offset: query.offset, rows: matching.slice(query.offset, query.offset + query.limit) };
      },
      domains: (limit) => [{ domain: 'mail.test', rows: rows.length, status: 'ok' }].slice(0, limit),
      preview: () => {
        const rate = { bounceRate: 0, bounceRateLow: 0, bounceRateHigh: 0, complaintRate: 0, complaintRateLow: 0, complaintRateHigh: 0 };
        return { verdicts: report.verdicts, send: rate, reviewRows: {}, corrections: 0 };
      },
      decisionRows: () => [],
      decide: async () => ({ rows: [], skipped: 0 }),
    },
  };
}
