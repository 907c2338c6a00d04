// `preflight plan <send.csv> --out <dir> …`: a staged warm-up send plan that fits
// the SES account's quotas. Argument checking, progress on a terminal and a summary;
// the work is createPlan (electron/services/plan). Usage errors throw
// UserError('bad_argument'), every other expected failure a UserError with its code.
import { UserError } from '../../shared/model/errors';
import { PROVIDER_GROUP_LABELS, resolvePolicy, type ProviderGroup, type WarmupPolicy } from '../../shared/plan/policy';
import type { PlanDocument } from '../../shared/plan/document';
import {
  DEFAULT_HEADROOM,
  DEFAULT_POLICY,
  DEFAULT_WINDOW,
  SEND_RATE_EXAMPLE,
  checkStart,
  parseDailyQuota,
  parseGrowth,
  parseHeadroom,
  parseMoment,
  parsePositiveNumber,
  parsePreset,
  parseTimeZone,
  parseWholeNumber,
  parseWindow,
  type PlanProgress,
} from '../../shared/plan/parameters';
import type { PlanQuota, SendWindow } from '../../shared/plan/schedule';
import { canonicalTimeZone } from '../../shared/plan/zone';
import { createPlan, DEFAULT_MAX_BATCH_MINUTES, type PlanOutcome } from '../services/plan/plan';
import { checkFactsOf } from '../services/plan/check-readiness';
import { autoValidationPlanWarning } from '../../shared/model/mailbox';
import { bulkSenderPlanWarnings } from '../../shared/ses/bulk-sender';
import { parseOptions } from './options';
import { resolveFromCommandLine } from './working-folder';

export interface PlanCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export const PLAN_USAGE = `Usage:
  preflight plan <send.csv> --out <dir> (--ses [--profile P] [--region R] | --max-24h N --max-rate R [--sent-last-24h S]) [options]

Writes plan.json, plan.csv, plan.ics and batches/batch-0001.csv … : every recipient in exactly one batch,
no rolling 24-hour window over the quota, no batch faster than the send rate.

Quota (one of):
  --ses                   Read the quota from the SES account (GetAccount); refused in the sandbox
  --profile NAME          AWS profile for --ses (or AWS_PROFILE)
  --region REGION         AWS region for --ses (or AWS_REGION)
  --max-24h N             Recipients per rolling 24 hours (-1 or "unlimited" for no daily limit)
  --max-rate R            Messages per second
  --sent-last-24h S       Already sent in the last 24 hours (default 0): counted as used for the first 24 hours

Schedule:
  --start WHEN            Earliest send: 2026-03-02, 2026-03-02T09:00 (in --timezone) or 2026-03-02T08:00Z (default: now)
  --timezone IANA         Time zone of the send window, e.g. Europe/Berlin (default: this computer's)
  --window HH:MM-HH:MM    Daily send window in that zone (default 09:00-17:00; 00:00-24:00 for all day)
  --weekdays              Send Monday to Friday only
  --headroom F            Share of the quota and the rate kept free for other mail (default 0.2, or 20%)
  --policy NAME           Warm-up: conservative, standard (default) or aggressive
  --first-day N           Custom warm-up: recipients on the first day
  --growth F              Custom warm-up: largest day-over-day growth factor (1-10)
  --batch-minutes N       Longest batch in minutes (default ${DEFAULT_MAX_BATCH_MINUTES})
  --account-target PCT    When send.csv's check projected the SES account's bounce rate: keep it under PCT
                          (e.g. 2%; default the check's bounce target) by capping recipients a day
  --complaint-target PCT  The same for the account's complaint rate: keep it under PCT (e.g. 0.1%;
                          default 0.1%, SES's review line); the day cap is the smaller of the two
  --now WHEN              Plan as if it were this moment (reproducible plans)
  --json                  Print plan.json on stdout instead of the summary
  --quiet                 No progress and no summary
`;

const OPTIONS = {
  out: { type: 'string', value: 'DIR' },
  ses: { type: 'boolean' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'max-24h': { type: 'string' },
  'max-rate': { type: 'string' },
  'sent-last-24h': { type: 'string' },
  start: { type: 'string' },
  now: { type: 'string' },
  timezone: { type: 'string' },
  window: { type: 'string' },
  weekdays: { type: 'boolean' },
  headroom: { type: 'string' },
  policy: { type: 'string' },
  'first-day': { type: 'string' },
  growth: { type: 'string' },
  'batch-minutes': { type: 'string' },
  'account-target': { type: 'string' },
  'complaint-target': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What the command line asked for, checked. The quota is either given or to be read from SES. */
export interface PlanArguments {
  input: string;
  outDir: string;
  quota: { from: 'manual'; quota: PlanQuota } | { from: 'ses'; profile?: string; region?: string };
  now: number;
  /** --now was given: the plan is computed as if it were that moment. */
  nowGiven: boolean;
  start: number;
  timeZone: string;
  window: SendWindow;
  weekdaysOnly: boolean;
  headroom: number;
  policy: WarmupPolicy;
  maxBatchMinutes: number;
  /** --account-target as a rate (0–1), when given. */
  accountTarget?: number;
  /** --complaint-target as a rate (0–1), when given. */
  complaintTarget?: number;
  json: boolean;
  quiet: boolean;
}

const bad = (sentence: string) => new UserError('bad_argument', sentence);

export function parsePlanArgs(argv: string[], env: NodeJS.ProcessEnv, clock: () => number = Date.now): PlanArguments | 'help' {
  const { values, positionals } = parseOptions(argv, OPTIONS, 'preflight plan');
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw bad(
      positionals.length === 0
        ? 'Name the send list to plan: preflight plan <send.csv> --out <dir>.'
        : `Plan one send list at a time (got ${positionals.length}).`,
    );
  }
  if (!values.out) throw bad('Say where the plan goes with --out <dir>.');

  const manual = values['max-24h'] !== undefined || values['max-rate'] !== undefined || values['sent-last-24h'] !== undefined;
  let quota: PlanArguments['quota'];
  if (values.ses) {
    if (manual) throw bad('--ses reads the quota from SES: drop --max-24h, --max-rate and --sent-last-24h, or drop --ses.');
    quota = {
      from: 'ses',
      profile: values.profile ?? env['AWS_PROFILE'],
      region: values.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'],
    };
  } else {
    if (values.profile !== undefined || values.region !== undefined) throw bad('--profile and --region belong to --ses.');
    if (values['max-24h'] === undefined || values['max-rate'] === undefined) {
      throw bad(
        manual
          ? 'Give both --max-24h and --max-rate (the SES console shows them on the Account dashboard), or read them with --ses.'
          : "Give the account's quota: --ses to read it from Amazon SES, or --max-24h N --max-rate R as the SES console shows them.",
      );
    }
    quota = {
      from: 'manual',
      quota: {
        max24HourSend: parseDailyQuota(values['max-24h']),
        maxSendRate: parsePositiveNumber(values['max-rate'], '--max-rate', SEND_RATE_EXAMPLE),
        sentLast24Hours: values['sent-last-24h'] === undefined ? 0 : parseWholeNumber(values['sent-last-24h'], '--sent-last-24h', 0),
        source: 'manual',
      },
    };
  }

  const timeZone = pickTimeZone(values.timezone, env);
  const now = values.now === undefined ? clock() : parseMoment(values.now, '--now', timeZone);
  const start = values.start === undefined ? now : checkStart(parseMoment(values.start, '--start', timeZone), now, values.start);

  const preset = parsePreset(values.policy ?? DEFAULT_POLICY);
  const policy = resolvePolicy(preset, {
    firstDay: values['first-day'] === undefined ? undefined : parseWholeNumber(values['first-day'], '--first-day', 1),
    growth: values.growth === undefined ? undefined : parseGrowth(values.growth),
  });

  return {
    input: resolveFromCommandLine(env, positionals[0]!),
    outDir: resolveFromCommandLine(env, values.out),
    quota,
    now,
    nowGiven: values.now !== undefined,
    start,
    timeZone,
    window: values.window === undefined ? DEFAULT_WINDOW : parseWindow(values.window),
    weekdaysOnly: values.weekdays ?? false,
    headroom: values.headroom === undefined ? DEFAULT_HEADROOM : parseHeadroom(values.headroom),
    policy,
    maxBatchMinutes:
      values['batch-minutes'] === undefined
        ? DEFAULT_MAX_BATCH_MINUTES
        : parseWholeNumber(values['batch-minutes'], '--batch-minutes', 1, 1440),
    ...(values['account-target'] === undefined ? {} : { accountTarget: parseAccountTarget(values['account-target']) }),
    ...(values['complaint-target'] === undefined ? {} : { complaintTarget: parseComplaintTarget(values['complaint-target']) }),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
}

export async function runPlanCommand(argv: string[], io: PlanCommandIo): Promise<number> {
  const args = parsePlanArgs(argv, io.env);
  if (args === 'help') {
    io.stdout.write(PLAN_USAGE);
    return 0;
  }
  let quota: PlanQuota;
  let quotaReadAt = args.now;
  if (args.quota.from === 'ses') {
    // Loaded on demand: the AWS SDK is large and a plan with a given quota does not need it.
    const { readSesQuota } = await import('../services/plan/quota');
    const read = await readSesQuota({ profile: args.quota.profile, region: args.quota.region });
    quota = read.quota;
    // SentLast24Hours counts up to the moment SES answered; --now plans as if that were then.
    quotaReadAt = args.nowGiven ? args.now : read.readAt;
  } else quota = args.quota.quota;

  const progress = args.quiet || args.json ? null : progressLine(io.stderr);
  let outcome: PlanOutcome;
  try {
    outcome = await createPlan({
      input: args.input,
      outDir: args.outDir,
      quota,
      quotaReadAt,
      headroom: args.headroom,
      policy: args.policy,
      timeZone: args.timeZone,
      window: args.window,
      weekdaysOnly: args.weekdaysOnly,
      start: args.start,
      maxBatchMinutes: args.maxBatchMinutes,
      ...(args.accountTarget === undefined ? {} : { accountTarget: args.accountTarget }),
      ...(args.complaintTarget === undefined ? {} : { complaintTarget: args.complaintTarget }),
      now: args.now,
      onProgress: progress?.update,
    });
  } finally {
    progress?.done();
  }
  // Gmail, Yahoo and Microsoft's bulk-sender rules, against the readiness of the check send.csv came from,
  // and SES Auto Validation's silent drops at send time, by that check's answers.
  const facts = await checkFactsOf(args.input);
  const autoValidation = autoValidationPlanWarning(outcome.document.recipients, facts?.autoValidation ?? null);
  const bulkWarnings = [
    ...bulkSenderPlanWarnings(outcome.document.days, facts?.bulkSender ?? null, 'cli'),
    ...(autoValidation ? [autoValidation] : []),
  ];
  if (args.json) {
    io.stdout.write(JSON.stringify(outcome.document, null, 2) + '\n');
    for (const warning of bulkWarnings) io.stderr.write(`warning: ${warning}\n`);
  } else if (!args.quiet) io.stdout.write(formatPlanSummary(outcome, args.outDir, bulkWarnings));
  else for (const warning of bulkWarnings) io.stderr.write(`warning: ${warning}\n`);
  return 0;
}

const number = (value: number) => value.toLocaleString('en-US');

/** A target rate given as a percentage from min to max, "2" or "2%". */
function parseTargetPercent(text: string, option: string, min: number, max: number, example: string): number {
  const trimmed = text.trim();
  const value = Number(trimmed.replace(/%$/, ''));
  if (!/^\d+(\.\d+)?%?$/.test(trimmed) || !(value >= min && value <= max)) {
    throw bad(`${option} must be a percentage from ${min} to ${max} (e.g. ${example} or ${example}%), not '${text}'.`);
  }
  return Math.round(value * 1000) / 100_000;
}

/** --account-target: a percentage from 0.1% to 10% (SES pauses at 10%), "2" or "2%". */
function parseAccountTarget(text: string): number {
  return parseTargetPercent(text, '--account-target', 0.1, 10, '2');
}

/** --complaint-target: a percentage from 0.01% to 0.5% (SES pauses at 0.5%), "0.1" or "0.1%". */
function parseComplaintTarget(text: string): number {
  return parseTargetPercent(text, '--complaint-target', 0.01, 0.5, '0.1');
}

export function formatPlanSummary(outcome: PlanOutcome, outDir: string, warnings: readonly string[] = []): string {
  const doc: PlanDocument = outcome.document;
  const { quota, usable, policy } = doc;
  const first = doc.days[0]?.date ?? '';
  const last = doc.days.at(-1)?.date ?? '';
  const busiest = doc.days.reduce((best, day) => (day.recipients > best.recipients ? day : best), doc.days[0]!);
  const sendingDays = doc.days.filter((day) => day.recipients > 0).length;
  const perDay = (value: number | null) => (value === null || value < 0 ? 'unlimited' : `${number(value)} per rolling 24 hours`);
  const caps = Object.entries(policy.weekOneCaps)
    .map(([group, cap]) => `${PROVIDER_GROUP_LABELS[group as ProviderGroup]} ≤ ${number(cap)}`)
    .join(', ');
  const order = [
    outcome.riskColumn ? 'lowest preflight_risk' : '',
    outcome.engagementColumns.length ? `most recent ${outcome.engagementColumns.join(' / ')}` : '',
  ]
    .filter(Boolean)
    .join(', then ');
  const rows: [string, string][] = [
    [
      'Quota',
      `${perDay(quota.max24HourSend)}, ${number(quota.maxSendRate)} per second (${quota.source === 'ses' ? `SES, ${quota.region}` : 'given'}); ${number(quota.sentLast24Hours)} sent in the last 24 hours`,
    ],
    ['Usable', `${perDay(usable.max24HourSend)}, ${usable.maxSendRate} per second (${Math.round(doc.headroom * 100)}% kept free)`],
    [
      'Warm-up',
      `${policy.name === 'custom' ? `custom (from ${policy.basedOn})` : policy.name}: ${number(policy.firstDay)} on the first day, at most ×${policy.growth} a day` +
        (caps ? `; in week one ${caps} a day` : ''),
    ],
    ['Order', order ? `${order}, then list order` : 'list order (no preflight_risk or engagement column)'],
    ['Busiest day', `${number(busiest.recipients)} on ${busiest.date}`],
    ...(doc.accountCap ? ([['Account rate', doc.accountCap.sentence]] as [string, string][]) : []),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return (
    [
      `Plan for ${doc.input}: ${number(doc.recipients)} recipient${doc.recipients === 1 ? '' : 's'} in ${number(doc.batches.length)} batch${doc.batches.length === 1 ? '' : 'es'} on ${sendingDays} day${sendingDays === 1 ? '' : 's'}, ` +
        `${first} to ${last} (${doc.timeZone}, ${doc.window}${doc.weekdaysOnly ? ', weekdays' : ''}).`,
      ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`),
      ...(doc.duplicatesRemoved
        ? [
            `Warning: ${number(doc.duplicatesRemoved)} row${doc.duplicatesRemoved === 1 ? '' : 's'} of ${doc.input} repeated an address already planned and ${doc.duplicatesRemoved === 1 ? 'was' : 'were'} left out: each recipient is planned once.`,
          ]
        : []),
      ...warnings.map((warning) => `Warning: ${warning}`),
      `Wrote plan.json, plan.csv, plan.ics and ${number(doc.batches.length)} batch file${doc.batches.length === 1 ? '' : 's'} (batches/) to ${outDir}.`,
    ].join('\n') + '\n'
  );
}

function progressLine(stderr: PlanCommandIo['stderr']) {
  let shown = false;
  let lastAt = 0;
  const labels: Record<PlanProgress['phase'], string> = {
    reading: 'Reading the send list',
    planning: 'Planning',
    writing: 'Writing the batch files',
    done: '',
  };
  return {
    update: (progress: PlanProgress) => {
      if (!stderr.isTTY || progress.phase === 'done') return;
      const now = Date.now();
      if (now - lastAt < 100 && progress.phase !== 'planning') return;
      lastAt = now;
      const percent = progress.bytesTotal ? Math.min(100, Math.floor((progress.bytesRead / progress.bytesTotal) * 100)) : 0;
      stderr.write(`\r\x1b[2K${labels[progress.phase]}${progress.phase === 'planning' ? '…' : `: ${percent}%`}`);
      shown = true;
    },
    done: () => {
      if (shown) stderr.write('\r\x1b[2K');
    },
  };
}

function pickTimeZone(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (option !== undefined) return parseTimeZone(option);
  const fromEnv = env['TZ'] ? canonicalTimeZone(env['TZ']) : null;
  return fromEnv ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
}
