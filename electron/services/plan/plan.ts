// A send plan from a send list, end to end: read the list once (keeping per
// recipient only provider, risk and engagement, and spooling the formatted rows to
// disk), order it, fit it to the quota, the windows and the warm-up policy, and
// write the files from the spool. Everything is staged and committed at the end.
// The CLI (electron/cli/plan-command.ts) and the app both call createPlan.
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { BATCHES_FOLDER, buildPlanDocument, type PlanDocument } from '../../../shared/plan/document';
import { priorityOrder } from '../../../shared/plan/order';
import type { PlanProgress } from '../../../shared/plan/parameters';
import type { WarmupPolicy } from '../../../shared/plan/policy';
import { planSchedule, type PlanQuota, type SendWindow } from '../../../shared/plan/schedule';
import { VERSION } from '../../../shared/model/version';
import { createOutputStaging } from '../export/staging';
import { readSendList } from './send-list';
import { checkFactsOf } from './check-readiness';
import { accountCap } from '../../../shared/plan/account-cap';
import { PLAN_FILES, RowSpool, writePlanFiles } from './write-plan';

/** 30 minutes: at full quota each day's sending starts at most this much later than the day before (docs/plan.md). */
export const DEFAULT_MAX_BATCH_MINUTES = 30;

export type { PlanProgress };

export interface PlanRun {
  input: string;
  outDir: string;
  quota: PlanQuota;
  /** When the quota (its SentLast24Hours) was read, epoch ms. */
  quotaReadAt: number;
  headroom: number;
  policy: WarmupPolicy;
  timeZone: string;
  window: SendWindow;
  weekdaysOnly: boolean;
  /** Earliest send, epoch ms. */
  start: number;
  maxBatchMinutes?: number;
  /** The plan's creation time (DTSTAMP, generatedAt); default now. */
  now?: number;
  signal?: AbortSignal;
  onProgress?: (progress: PlanProgress) => void;
  /** Batch files open at once (tests lower it to exercise several passes). */
  maxOpenFiles?: number;
  /** The bounce rate the account's projected rate must stay under (default: the check's report, 2%). */
  accountTarget?: number;
  /** The complaint rate the account's projected rate must stay under (default: SES's review line, 0.1%). */
  complaintTarget?: number;
}

export interface PlanOutcome {
  document: PlanDocument;
  /** Absolute paths: plan.json, plan.csv, plan.ics and the batches folder. */
  files: string[];
  addressColumn: string;
  engagementColumns: string[];
  riskColumn: boolean;
}

export async function createPlan(run: PlanRun): Promise<PlanOutcome> {
  const generatedAt = run.now ?? Date.now();
  const outDir = resolve(run.outDir);
  const input = resolve(run.input);
  const progress = (phase: PlanProgress['phase'], bytesRead: number, bytesTotal: number) =>
    run.onProgress?.({ phase, bytesRead, bytesTotal });

  // Before any work: the folder is locked, and a name in it Preflight did not write (a
  // folder called plan.json, a file of the user's in batches/, the send list) is refused.
  const staging = await createOutputStaging(outDir, { files: PLAN_FILES, folders: [BATCHES_FOLDER], protect: [input] });
  let spool: RowSpool | null = null;
  try {
    spool = await RowSpool.create(staging, outDir);
    const rows = spool;
    const list = await readSendList(input, {
      signal: run.signal,
      onBytes: (read, total) => progress('reading', read, total),
      onRecord: (fields, index) => {
        if (index > 0) rows.add(fields);
      },
    });
    await rows.close();
    const total = list.inspected.bytes;
    progress('planning', 0, total);
    const order = priorityOrder(list.count, list.risk, list.engagedAt);
    // The check send.csv came from, when it projected the account's rate: a risky list is spread so no day takes it over the target.
    const accountRate = (await checkFactsOf(input))?.accountRate ?? null;
    const cap = accountRate
      ? accountCap({
          ...accountRate,
          target: run.accountTarget ?? accountRate.target,
          complaintTarget: run.complaintTarget ?? accountRate.complaintTarget,
        })
      : null;
    const schedule = planSchedule(
      { count: list.count, groups: list.groups, order },
      {
        quota: run.quota,
        headroom: run.headroom,
        policy: run.policy,
        timeZone: run.timeZone,
        window: run.window,
        weekdaysOnly: run.weekdaysOnly,
        start: run.start,
        quotaReadAt: run.quotaReadAt,
        maxBatchSeconds: (run.maxBatchMinutes ?? DEFAULT_MAX_BATCH_MINUTES) * 60,
        ...(cap?.maxPerDay ? { maxPerDay: cap.maxPerDay } : {}),
      },
    );
    const document = buildPlanDocument(schedule, {
      version: VERSION,
      generatedAt,
      input: basename(input),
      quota: run.quota,
      quotaReadAt: run.quotaReadAt,
      headroom: run.headroom,
      policy: run.policy,
      timeZone: run.timeZone,
      window: run.window,
      weekdaysOnly: run.weekdaysOnly,
      start: run.start,
      duplicatesRemoved: list.duplicatesRemoved,
    });
    if (cap) {
      document.accountCap = cap;
      // Which limit bound each day: a day that sent the whole account cap, when the cap was below the warm-up's own limit.
      schedule.days.forEach((day, i) => {
        if (day.atMaxPerDay && cap.boundBy) document.days[i]!.limitedBy = cap.boundBy === 'bounce' ? 'bounce-rate' : 'complaint-rate';
      });
    }
    const uidPrefix = createHash('sha256').update(`${input}\n${generatedAt}\n${process.pid}`).digest('hex').slice(0, 16);
    progress('writing', 0, total);
    const files = await writePlanFiles({
      staging,
      outDir,
      inspected: list.inspected,
      spool: rows,
      schedule,
      document,
      uidPrefix,
      signal: run.signal,
      maxOpenFiles: run.maxOpenFiles,
      onBytes: (done, all) => progress('writing', (done / all) * total, total),
    });
    progress('done', total, total);
    return {
      document,
      files,
      addressColumn: list.addressColumn,
      engagementColumns: list.engagementColumns,
      riskColumn: list.risk !== null,
    };
  } catch (error) {
    await spool?.abort();
    await staging.abort();
    throw error;
  }
}
