// `preflight check <file> --out <dir> …`: argument parsing, progress on a
// terminal, a summary at the end. The work itself is the engine's runCheck.

import { DEFAULT_SETTINGS, type CheckProgress, type CheckSettings } from '../../shared/model/check';
import { conflictingReasons, readReviewReasons } from '../../shared/model/decisions';
import type { ReasonCode } from '../../shared/model/reasons';
import { UserError } from '../../shared/model/errors';
import { DEFAULT_VERIFY_LIMIT, type VerifyMailboxSettings } from '../../shared/model/mailbox';
import { checkMomentRange, readIsoMoment } from '../../shared/plan/parameters';
import { runCheck } from '../engine/check';
import { readDecisionsFile } from '../services/decisions/decisions-file';
import type { CliIo } from './cli';
import { EXIT, USAGE } from './cli';
import { describeFailedGates, evaluateGates, GATE_OPTIONS, readGateLimits, type GateLimits } from './gates';
import { parseOptions } from './options';
import { formatSummary } from './summary';
import { spoolStdin, type SpooledList } from './stdin-list';
import { resolveFromCommandLine } from './working-folder';

const OPTIONS = {
  out: { type: 'string', value: 'DIR' },
  'email-column': { type: 'string' },
  'consent-column': { type: 'string' },
  'opt-out-column': { type: 'string', multiple: true },
  'status-column': { type: 'string' },
  'verifier-column': { type: 'string' },
  'consent-max-age': { type: 'string' },
  'inactive-after': { type: 'string' },
  suppression: { type: 'string' },
  offline: { type: 'boolean' },
  'no-dns': { type: 'boolean' },
  'dns-server': { type: 'string', multiple: true },
  'dns-concurrency': { type: 'string' },
  'dns-timeout': { type: 'string' },
  'cache-dir': { type: 'string' },
  ses: { type: 'boolean' },
  profile: { type: 'string' },
  region: { type: 'string' },
  from: { type: 'string' },
  'verify-mailboxes': { type: 'boolean' },
  'verify-limit': { type: 'string', value: 'N' },
  'verify-dry-run': { type: 'boolean' },
  'verify-price': { type: 'string', value: 'USD' },
  'configuration-set': { type: 'string', value: 'NAME' },
  'contact-list': { type: 'string', value: 'NAME' },
  topic: { type: 'string', value: 'TOPIC' },
  now: { type: 'string' },
  accept: { type: 'string', multiple: true, value: 'REASON[,REASON…]' },
  exclude: { type: 'string', multiple: true, value: 'REASON[,REASON…]' },
  decisions: { type: 'string', value: 'FILE' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  ...GATE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export interface CheckArguments {
  /** An absolute path, or "-" for standard input. */
  input: string;
  outDir: string;
  settings: CheckSettings;
  gates: GateLimits;
  /** --decisions: a person's row decisions (address,decision[,corrected]), read when the check starts. */
  decisionsFile?: string;
  json: boolean;
  quiet: boolean;
}

export function parseCheckArgs(argv: string[], env: NodeJS.ProcessEnv): CheckArguments | 'help' {
  const { values, positionals } = parseOptions(argv, OPTIONS, 'preflight check');
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new UserError(
      'bad_argument',
      positionals.length === 0
        ? 'Name the list to check: preflight check <file> --out <dir>.'
        : `Check one file at a time (got ${positionals.length}).`,
    );
  }
  if (!values.out) throw new UserError('bad_argument', 'Say where the results go with --out <dir>.');
  if (values['no-dns'] && values['dns-server']) throw new UserError('bad_argument', '--no-dns and --dns-server contradict each other.');

  const here = (path: string) => resolveFromCommandLine(env, path);
  const servers = values['dns-server'] ?? [];
  const settings: CheckSettings = {
    ...DEFAULT_SETTINGS,
    consentMaxAgeDays: positiveInteger(values['consent-max-age'], '--consent-max-age', DEFAULT_SETTINGS.consentMaxAgeDays),
    inactiveAfterDays: positiveInteger(values['inactive-after'], '--inactive-after', DEFAULT_SETTINGS.inactiveAfterDays),
    offline: values.offline ?? false,
    dns: {
      ...DEFAULT_SETTINGS.dns,
      mode: values.offline || values['no-dns'] ? 'off' : servers.length ? 'servers' : 'system',
      servers,
      concurrency: positiveInteger(values['dns-concurrency'], '--dns-concurrency', DEFAULT_SETTINGS.dns.concurrency),
      timeoutMs: positiveInteger(values['dns-timeout'], '--dns-timeout', DEFAULT_SETTINGS.dns.timeoutMs),
    },
  };
  if (values.now !== undefined) {
    // A date alone is midnight UTC: ages are counted in whole days.
    const now = readIsoMoment(values.now, 'UTC');
    if (now === undefined)
      throw new UserError('bad_argument', `--now takes an ISO 8601 date such as 2026-01-31 or 2026-01-31T09:00:00Z (got "${values.now}").`);
    settings.now = new Date(checkMomentRange(now, values.now, '--now')).toISOString();
  }
  if (values['email-column'] !== undefined) settings.emailColumn = values['email-column'];
  if (values['consent-column'] !== undefined) settings.consentColumn = values['consent-column'];
  if (values['opt-out-column'] !== undefined) settings.optOutColumns = values['opt-out-column'];
  if (values['status-column'] !== undefined) settings.statusColumn = values['status-column'];
  if (values['verifier-column'] !== undefined) settings.verifierColumn = values['verifier-column'];
  if (values.suppression !== undefined) settings.suppressionFile = here(values.suppression);
  const cacheDir = values['cache-dir'] ?? env['PREFLIGHT_CACHE_DIR'];
  if (cacheDir) settings.cacheDir = here(cacheDir);
  if (values.ses) {
    settings.ses = {};
    const profile = values.profile ?? env['AWS_PROFILE'];
    const region = values.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (profile) settings.ses.profile = profile;
    if (region) settings.ses.region = region;
    if (values.from) settings.ses.fromIdentity = values.from;
    const verify = verifySettings(values);
    if (verify) settings.ses.verifyMailboxes = verify;
    if (values['contact-list'] !== undefined) {
      if (values['contact-list'].trim() === '')
        throw new UserError('bad_argument', '--contact-list takes the name of an SES contact list.');
      settings.ses.contactList = values['contact-list'];
    }
    if (values.topic !== undefined) {
      if (values['contact-list'] === undefined)
        throw new UserError('bad_argument', '--topic names a topic of the --contact-list: give the list too.');
      settings.ses.topic = values.topic;
    }
  } else if (values.profile || values.region || values.from || values['contact-list'] !== undefined || values.topic !== undefined) {
    throw new UserError('bad_argument', '--profile, --region, --from, --contact-list and --topic go with --ses.');
  } else if (values['verify-mailboxes'] || values['verify-dry-run']) {
    throw new UserError('bad_argument', '--verify-mailboxes asks your own SES account: add --ses.');
  }
  const accept = reviewReasons(values.accept, '--accept');
  const exclude = reviewReasons(values.exclude, '--exclude');
  if (accept.length || exclude.length || values.decisions !== undefined) {
    settings.decisions = { accept, exclude, rows: [] };
    const conflict = conflictingReasons(settings.decisions);
    if (conflict) throw new UserError('bad_argument', `--accept and --exclude disagree: ${conflict}`);
  }
  // "-": the list comes on standard input (electron/cli/stdin-list.ts).
  const input = positionals[0] === '-' ? '-' : here(positionals[0]!);
  const parsed: CheckArguments = {
    input,
    outDir: here(values.out),
    settings,
    gates: readGateLimits(values),
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
  if (values.decisions !== undefined) parsed.decisionsFile = here(values.decisions);
  return parsed;
}

function reviewReasons(values: string[] | undefined, option: string): ReasonCode[] {
  if (values === undefined) return [];
  const read = readReviewReasons(values, option);
  if ('problem' in read) throw new UserError('bad_argument', read.problem);
  return read.codes;
}

/** --verify-mailboxes (ask, billed), --verify-dry-run (count and price only), their limit, price and configuration set. */
function verifySettings(values: { [K in keyof typeof OPTIONS]?: unknown }): VerifyMailboxSettings | undefined {
  const wanted = values['verify-mailboxes'] === true || values['verify-dry-run'] === true;
  const extras = (['verify-limit', 'verify-price', 'configuration-set'] as const).filter((name) => values[name] !== undefined);
  if (!wanted) {
    if (extras.length) throw new UserError('bad_argument', `--${extras[0]} goes with --verify-mailboxes (or --verify-dry-run).`);
    return undefined;
  }
  const rawLimit = values['verify-limit'] as string | undefined;
  const limit = rawLimit === undefined ? DEFAULT_VERIFY_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 1_000_000) {
    throw new UserError('bad_argument', `--verify-limit takes a whole number of addresses from 0 to 1000000 (got "${rawLimit}").`);
  }
  const verify: VerifyMailboxSettings = { limit, ask: values['verify-dry-run'] !== true };
  const rawPrice = values['verify-price'] as string | undefined;
  if (rawPrice !== undefined) {
    const price = Number(rawPrice.replace(/^\$/, ''));
    if (!Number.isFinite(price) || price < 0 || price > 1 || rawPrice.trim() === '') {
      throw new UserError(
        'bad_argument',
        `--verify-price takes the price of one validation in US dollars, such as 0.01 (got "${rawPrice}").`,
      );
    }
    verify.usdPerAddress = price;
  }
  const set = values['configuration-set'] as string | undefined;
  if (set !== undefined) {
    if (!/^[\w-]{1,64}$/.test(set))
      throw new UserError(
        'bad_argument',
        `--configuration-set takes an SES configuration set name (letters, digits, - and _), not "${set}".`,
      );
    verify.configurationSet = set;
  }
  return verify;
}

function positiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UserError('bad_argument', `${flag} takes a whole number above 0 (got "${value}").`);
  return n;
}

export async function runCheckCommand(argv: string[], io: CliIo): Promise<number> {
  const args = parseCheckArgs(argv, io.env);
  if (args === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = !args.quiet && io.stderr.isTTY ? terminalProgress(io) : null;
  let spooled: SpooledList | undefined;
  try {
    if (args.decisionsFile && args.settings.decisions) {
      args.settings.decisions.rows = await readDecisionsFile(args.decisionsFile);
      args.settings.decisions.file = args.decisionsFile;
    }
    if (args.input === '-') spooled = await spoolStdin(io.stdin ?? process.stdin, controller.signal);
    const outcome = await runCheck({
      input: spooled?.path ?? args.input,
      inputName: spooled ? '-' : undefined,
      outDir: args.outDir,
      settings: args.settings,
      signal: controller.signal,
      onProgress: progress?.update,
      // Before any money is spent, whatever --json or --quiet say: how many addresses SES is asked about, and the cost.
      onNotice: (sentence) => {
        progress?.clear();
        io.stderr.write(`${sentence}\n`);
      },
    });
    progress?.clear();
    const gates = evaluateGates(outcome.report, args.gates);
    // --json: report.json as written, plus the gates' result when any were asked for.
    if (args.json) io.stdout.write(JSON.stringify(gates ? { ...outcome.report, gates } : outcome.report, null, 2) + '\n');
    else if (!args.quiet) io.stdout.write(formatSummary(outcome.report, outcome.files));
    if (gates && !gates.passed) {
      io.stderr.write(`preflight: ${describeFailedGates(gates, outcome.report)}\n`);
      return EXIT.gate;
    }
    return EXIT.ok;
  } catch (error) {
    progress?.clear();
    throw error;
  } finally {
    await spooled?.remove();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** One line on stderr, redrawn at most ten times a second. */
function terminalProgress(io: CliIo): { update: (p: CheckProgress) => void; clear: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.phase !== 'done') return;
      last = now;
      const line =
        p.phase === 'domains'
          ? `Checking domains ${p.domainsDone.toLocaleString('en-US')}/${p.domainsTotal.toLocaleString('en-US')}`
          : p.phase === 'account'
            ? (p.message ?? 'Reading the SES account…')
            : `${p.phase === 'writing' ? 'Writing results' : 'Reading'} ${percent(p.bytesRead, p.bytesTotal)} · ${p.rows.toLocaleString('en-US')} rows`;
      io.stderr.write(`\r${line.padEnd(Math.min(io.stderr.columns ?? 80, 80) - 1)}`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr.write(`\r${' '.repeat(Math.min(io.stderr.columns ?? 80, 80) - 1)}\r`);
    },
  };
}

function percent(done: number, total: number): string {
  return total > 0 ? `${Math.min(100, Math.floor((done / total) * 100))}%` : '';
}
