// Command dispatch, usage text and exit codes. Every expected failure is one
// sentence on stderr and a non-zero exit; nothing prints a stack trace.

import { isUserError } from '../../shared/model/errors';
import { redactCredentials } from '../services/ses/credential-redaction';
import { runCheckCommand } from './check-command';
import { VERSION } from '../../shared/model/version';

export interface CliIo {
  /** `check -` reads the list from here (default: process.stdin). */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, gate: 3, internal: 70 } as const;

export const USAGE = `Preflight: check a recipient list before sending it through Amazon SES.

Usage:
  preflight check <file> --out <dir> [options]   Check a CSV/TSV list and write the results (<file> "-": stdin)
  preflight plan <send.csv> --out <dir> [--ses | --max-24h N --max-rate R] [options]
                                                 Plan a staged warm-up send within the SES quotas
  preflight ses status [--all-regions] [--json] [--profile P] [--region R] [--cache-dir DIR]
                                                 Show the SES account: sandbox, quotas, sending
  preflight ses sync [--full] [--profile P] [--region R] [--cache-dir DIR]
                                                 Refresh the local copy of the SES suppression list
  preflight ses request-production --mail-type marketing|transactional --website URL
      [--use-case-file FILE | --from-report out/report.json] [--dry-run] [--yes] [--profile P] [--region R]
                                                 Ask AWS for production access (leave the sandbox) in one region
  preflight --help | --version

check options:
  --out DIR               Folder for annotated.csv, send.csv, review.csv, remove.csv, report.json
  --email-column NAME     The column of addresses (default: detected)
  --consent-column NAME   The opt-in column: a yes there means the person agreed (default: detected)
  --opt-out-column NAME   An opt-out column: a yes there means never mail (repeatable; adds to the detected ones)
  --status-column NAME    An email service's member status: subscribed, unsubscribed, cleaned, pending … (default: detected)
  --verifier-column NAME  An earlier verifier's results: ZeroBounce, NeverBounce, Kickbox … (default: detected)
  --consent-max-age DAYS  Opt-in older than this is consent_stale (default 730)
  --inactive-after DAYS   No open or click for this long is inactive (default 365)
  --suppression FILE      A suppression list: CSV "email,reason" or JSON lines {"emailAddress","reason"}
  --offline               No network at all: no DNS look-ups, no SES calls (with --ses: the saved snapshot)
  --no-dns                Skip the domain (MX) checks
  --dns-server HOST[:PORT]  Ask this DNS server instead of the system's (repeatable)
  --dns-concurrency N     DNS queries in flight (default 64)
  --dns-timeout MS        Time-out per DNS query (default 2500)
  --cache-dir DIR         Where the DNS cache and SES snapshots live (or PREFLIGHT_CACHE_DIR)
  --ses                   Use the SES account: its suppression list, the sandbox gate, readiness
  --profile NAME          AWS profile for --ses (or AWS_PROFILE)
  --region REGION         AWS region for --ses (or AWS_REGION)
  --from IDENTITY         With --ses: the From address or domain whose readiness to check
  --verify-mailboxes      With --ses: ask SES Email Validation about the riskiest mailboxes (billed per address)
  --verify-limit N        At most N distinct addresses asked (default 1000; 0 asks none)
  --verify-dry-run        Count and price the addresses --verify-mailboxes would ask; ask none
  --verify-price USD      The price of one validation for the estimate (default 0.01, AWS's list price)
  --configuration-set NAME  With --verify-mailboxes: the set you send with, for its Auto Validation
  --contact-list NAME     With --ses: remove the SES contact list's opt-outs (UnsubscribeAll)
  --topic TOPIC           With --contact-list: the campaign's topic; its opt-outs are removed too
  --now DATE              Count opt-in and activity ages from this ISO 8601 date (default: today)
  --accept REASON[,…]     Send the rows whose every review reason is accepted (e.g. role_account,consent_stale)
  --exclude REASON[,…]    Remove the rows with any of these review reasons
  --decisions FILE        Re-apply a person's row decisions: CSV address,decision[,corrected] (accepted, excluded, corrected)
                          A remove reason (unsubscribed, bounced …) is never overridden by any decision
  --json                  Print report.json on stdout instead of the summary (only JSON on stdout)
  --quiet                 No progress and no summary
  --fail-above-bounce PCT     Exit 3 if send.csv's bounce forecast (top of its 90% interval) is above PCT%
  --fail-above-complaint PCT  Exit 3 if send.csv's complaint forecast (top of its 90% interval) is above PCT%
  --max-removed PCT           Exit 3 if more than PCT% of the rows are removed (a broken input or resolver)

plan options (see "preflight plan --help"):
  --ses [--profile P] [--region R]   Read the quota from the SES account
  --max-24h N --max-rate R [--sent-last-24h S]   Or give it by hand
  --start ISO8601  --timezone IANA  --window HH:MM-HH:MM  --weekdays
  --headroom F (default 0.2)  --policy conservative|standard|aggressive  --first-day N --growth F

Exit status: 0 done, 1 the input or the environment is wrong (one sentence on stderr), 2 bad usage,
3 a gate failed (the results are written), 70 an internal error (a bug in Preflight).
Example:
  npm run preflight -- check examples/recipients.csv --out out/ --offline
`;

/**
 * The stream with every write redacted: whatever a command prints (a sentence
 * quoting SES, report.json with --json) passes here, so no credential reaches the
 * terminal or a pipe. Commands write whole lines or documents, never a value cut
 * across two writes.
 */
function redacting<S extends NodeJS.WritableStream>(stream: S): S {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : chunk;
          return (target.write as (...args: unknown[]) => boolean)(typeof text === 'string' ? redactCredentials(text) : text, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function runCli(argv: string[], unredacted: CliIo): Promise<number> {
  const io: CliIo = { ...unredacted, stdout: redacting(unredacted.stdout), stderr: redacting(unredacted.stderr) };
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case '-v':
      case '--version':
        io.stdout.write(`preflight ${VERSION}\n`);
        return EXIT.ok;
      case 'check':
        return await runCheckCommand(rest, io);
      case 'plan':
        return await (await import('./plan-command')).runPlanCommand(rest, io);
      case 'ses':
        return await (await import('./ses-command')).runSesCommand(rest, io);
      default:
        io.stderr.write(`preflight: unknown command "${command}". Run "preflight --help" for the commands.\n`);
        return EXIT.usage;
    }
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`preflight: ${error.message}\n`);
      return error.code === 'bad_argument' ? EXIT.usage : EXIT.failed;
    }
    io.stderr.write(`preflight: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.internal;
  }
}
