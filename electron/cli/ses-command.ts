// `preflight ses status [--all-regions] [--json] [--profile P] [--region R] [--cache-dir DIR]`
// `preflight ses sync [--profile P] [--region R] [--cache-dir DIR] [--full]`
// `preflight ses request-production …` (production-command.ts)
// The account card on a terminal, and the suppression-list refresh (progress on a terminal).
// Exit status: 0 done, 1 SES or the environment failed (one sentence), 2 bad usage.
import { autoValidationText } from '../../shared/model/mailbox';
import { isUserError, UserError } from '../../shared/model/errors';
import { SES_REGIONS, type AccountCard, type AccountStatus, type RegionAccountResult } from '../../shared/model/ses';
import { defaultCacheDir } from '../services/dns/cache-dir';
import { getAccountCard, getAccountStatusAllRegions } from '../services/ses/account';
import { formatWhen } from '../../shared/text/when';
import { readAccountEvidence } from '../services/ses/account-evidence';
import { accountKeyFor } from '../services/ses/client';
import { describeSesError } from '../services/ses/errors';
import { reviewAdvice } from '../../shared/ses/production-access';
import { parseOptions } from './options';
import { resolveFromCommandLine } from './working-folder';

export interface SesCommandIo {
  /** `request-production` asks for confirmation here when it is a terminal. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

const USAGE = `Usage:
  preflight ses status [--all-regions] [--json] [--profile P] [--region R] [--cache-dir DIR]
  preflight ses sync [--profile P] [--region R] [--cache-dir DIR] [--full]
  preflight ses request-production --mail-type marketing|transactional --website URL [--use-case-file FILE | --from-report FILE]
      [--dry-run] [--yes] … (preflight ses request-production --help)
`;

const OPTIONS = {
  'all-regions': { type: 'boolean' },
  json: { type: 'boolean' },
  profile: { type: 'string' },
  region: { type: 'string' },
  'cache-dir': { type: 'string' },
  full: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const number = (value: number) => value.toLocaleString('en-US');

function quotaLine(account: AccountStatus): string {
  if (account.max24HourSend < 0) return `unlimited (${number(account.sentLast24Hours)} sent in the last 24 hours)`;
  const left = Math.max(0, account.max24HourSend - account.sentLast24Hours);
  return `${number(account.max24HourSend)} recipients per rolling 24 hours (${number(account.sentLast24Hours)} sent, ${number(left)} left)`;
}

function snapshotLine(suppression: AccountCard['suppression']): string {
  return suppression
    ? `${number(suppression.entries)} addresses, saved ${formatWhen(suppression.snapshotAt)} (refresh: preflight ses sync)`
    : 'none saved yet: run `preflight ses sync`';
}

/** The account card for one region: a few aligned lines, then what to do in the sandbox. */
export function formatAccountCard(card: AccountCard): string {
  const { account, profile } = card;
  const rows: [string, string][] = [
    ['Access', account.productionAccessEnabled ? 'production' : 'sandbox (production access not granted in this region)'],
    ['Daily quota', quotaLine(account)],
    ['Send rate', `${number(account.maxSendRate)} message${account.maxSendRate === 1 ? '' : 's'} per second`],
    ['Sending', account.sendingEnabled ? 'enabled' : 'PAUSED: SES will not send from this account in this region'],
    ['Enforcement', account.enforcementStatus],
  ];
  if (account.reviewStatus) {
    rows.push(['Access review', `${account.reviewStatus}${account.reviewCaseId ? ` (case ${account.reviewCaseId})` : ''}`]);
    rows.push(['Next', reviewAdvice(account.reviewStatus, 'cli')]);
  }
  if (account.mailType) rows.push(['Mail type', account.mailType]);
  rows.push(['Auto Validation', autoValidationText(account.autoValidation)]);
  rows.push(['Suppression list', snapshotLine(card.suppression)]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = [
    `SES account in ${account.region} (profile ${profile})`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`),
  ];
  if (card.productionAccess) {
    lines.push('', 'In the sandbox:', ...card.productionAccess.map((sentence) => `  - ${sentence}`));
  }
  return `${lines.join('\n')}\n`;
}

/** One line per region; a failing region shows its sentence. */
export function formatRegionTable(results: RegionAccountResult[], profile: string): string {
  const header = ['Region', 'Access', '24 h quota', 'Rate/s', 'Sent 24 h', 'Sending', 'Enforcement'];
  const widths = [16, 12, 12, 8, 11, 9, 0];
  const cells = (values: string[]) =>
    values
      .map((value, index) =>
        index >= 2 && index <= 4 ? value.padStart(widths[index]! - 2).padEnd(widths[index]!) : value.padEnd(widths[index]!),
      )
      .join('')
      .trimEnd();
  const lines = [`SES account in ${results.length} regions (profile ${profile})`, '', cells(header)];
  for (const result of results) {
    if (!result.ok) {
      lines.push(`${result.region.padEnd(widths[0]!)}error: ${result.error}`);
      continue;
    }
    const { account } = result;
    lines.push(
      cells([
        result.region,
        account.productionAccessEnabled ? 'production' : 'sandbox',
        account.max24HourSend < 0 ? 'unlimited' : number(account.max24HourSend),
        number(account.maxSendRate),
        number(account.sentLast24Hours),
        account.sendingEnabled ? 'yes' : 'PAUSED',
        account.enforcementStatus,
      ]),
    );
  }
  const reviews = results.flatMap((result) => (result.ok && result.account.reviewStatus ? [result.account] : []));
  if (reviews.length > 0) {
    lines.push('', 'Production-access requests:');
    for (const account of reviews) {
      const caseText = account.reviewCaseId ? ` (case ${account.reviewCaseId})` : '';
      lines.push(
        `  ${account.region.padEnd(widths[0]! - 2)}${account.reviewStatus}${caseText}: ${reviewAdvice(account.reviewStatus!, 'cli')}`,
      );
    }
  }
  const sandboxed = results.filter((result) => result.ok && !result.account.productionAccessEnabled).length;
  if (sandboxed > 0) {
    lines.push(
      '',
      `In the sandbox in ${sandboxed} region${sandboxed === 1 ? '' : 's'}: production access is requested region by region (\`preflight ses request-production --region R\`, or SES console → Account dashboard → Request production access).`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Progress on stderr, on a terminal only: one rewritten line. In a pipe or a CI log
 * there is none (the result line on stdout says what was done), so stderr carries
 * only warnings and errors a pipeline may act on.
 */
function progressWriter(stderr: SesCommandIo['stderr']) {
  let open = false;
  return {
    update(message: string) {
      if (!stderr.isTTY) return;
      stderr.write(`\r\x1b[2K${message}`);
      open = true;
    },
    done() {
      if (open) stderr.write('\r\x1b[2K');
      open = false;
    },
  };
}

function parseSesArgs(args: string[], subcommand: string) {
  const parsed = parseOptions(args, OPTIONS, `preflight ses ${subcommand}`);
  if (parsed.positionals.length)
    throw new UserError('bad_argument', `\`ses ${subcommand}\` takes no file or word "${parsed.positionals[0]}"; only options.`);
  return parsed;
}

export async function runSesCommand(argv: string[], io: SesCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const args = argv[0] === 'ses' ? argv.slice(1) : argv;
  const [subcommand, ...rest] = args;
  const usage = (sentence: string) => {
    // One sentence, as every other usage error (the usage itself is `preflight ses --help`).
    io.stderr.write(`preflight: ${sentence}\n`);
    return 2;
  };
  if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') {
    io.stdout.write(USAGE);
    return subcommand === undefined ? 2 : 0;
  }
  if (subcommand === 'request-production') {
    try {
      return await (await import('./production-command')).runRequestProduction(rest, io);
    } catch (error) {
      const sentence = isUserError(error) ? error.message : describeSesError(error).message;
      io.stderr.write(`preflight: ${sentence}\n`);
      return isUserError(error) && error.code === 'bad_argument' ? 2 : 1;
    }
  }
  if (subcommand !== 'status' && subcommand !== 'sync')
    return usage(`unknown ses command "${subcommand}": use status, sync or request-production.`);

  let parsed: ReturnType<typeof parseSesArgs>;
  try {
    parsed = parseSesArgs(rest, subcommand);
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (subcommand === 'sync' && (values['all-regions'] || values.json))
    return usage('`ses sync` refreshes one region: drop --all-regions and --json.');
  if (subcommand === 'status' && values.full) return usage('--full belongs to `ses sync`.');
  if (values['all-regions'] && values.region) return usage('--all-regions and --region contradict each other.');

  const profile = values.profile;
  const cacheDir = resolveFromCommandLine(env, values['cache-dir'] ?? defaultCacheDir({ env }));
  try {
    if (subcommand === 'sync') return await runSync(io, { profile, region: values.region, cacheDir, full: values.full ?? false });
    if (values['all-regions']) return await runAllRegions(io, { profile, json: values.json ?? false });
    return await runStatus(io, { profile, region: values.region, cacheDir, json: values.json ?? false });
  } catch (error) {
    const sentence = isUserError(error) ? error.message : describeSesError(error).message;
    io.stderr.write(`preflight: ${sentence}\n`);
    return isUserError(error) && error.code === 'bad_argument' ? 2 : 1;
  }
}

async function runStatus(
  io: SesCommandIo,
  options: { profile?: string; region?: string; cacheDir: string; json: boolean },
): Promise<number> {
  const card = await getAccountCard(options);
  io.stdout.write(options.json ? `${JSON.stringify(card, null, 2)}\n` : formatAccountCard(card));
  return 0;
}

async function runAllRegions(io: SesCommandIo, options: { profile?: string; json: boolean }): Promise<number> {
  const progress = progressWriter(io.stderr);
  let done = 0;
  const results = await getAccountStatusAllRegions({
    profile: options.profile,
    onRegion: (result) => progress.update(`Asked ${++done} of ${SES_REGIONS.length} regions (last: ${result.region})`),
  });
  progress.done();
  const profile = accountKeyFor(options.profile);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ profile, regions: results }, null, 2)}\n`);
  } else {
    io.stdout.write(formatRegionTable(results, profile));
  }
  const firstFailure = results.find((result) => !result.ok);
  if (results.every((result) => !result.ok) && firstFailure && !firstFailure.ok) {
    io.stderr.write(`preflight: no region answered. ${firstFailure.error}\n`);
    return 1;
  }
  return 0;
}

async function runSync(io: SesCommandIo, options: { profile?: string; region?: string; cacheDir: string; full: boolean }): Promise<number> {
  const progress = progressWriter(io.stderr);
  const stage = await readAccountEvidence({
    profile: options.profile,
    region: options.region,
    cacheDir: options.cacheDir,
    fallbackToSaved: false,
    fullSync: options.full,
    onProgress: ({ message }) => progress.update(message),
  }).finally(() => progress.done());
  for (const warning of stage.warnings) io.stderr.write(`warning: ${warning}\n`);
  const { account, suppression, suppressionSync } = stage;
  if (!suppression || !suppressionSync) {
    io.stdout.write(`No suppression list was saved for ${account.region} (profile ${stage.accountKey}).\n`);
    return 0;
  }
  let bounces = 0;
  for (const entry of suppression.entries.values()) if (entry.reason === 'BOUNCE') bounces++;
  const complaints = suppression.entries.size - bounces;
  const how =
    suppressionSync.mode === 'full'
      ? `full read: ${number(suppressionSync.pages)} page${suppressionSync.pages === 1 ? '' : 's'}`
      : `${number(suppressionSync.received)} changed since ${formatWhen(suppressionSync.startDate!)}`;
  io.stdout.write(
    `Suppression list for ${account.region} (profile ${stage.accountKey}): ${number(suppression.entries.size)} addresses ` +
      `(${number(bounces)} bounces, ${number(complaints)} complaints), saved ${formatWhen(account.suppressionSnapshotAt!)} ` +
      `(${how}, ${(suppressionSync.durationMs / 1000).toFixed(1)} s${suppressionSync.throttled ? `, ${suppressionSync.throttled} throttled and retried` : ''}).\n`,
  );
  return 0;
}
