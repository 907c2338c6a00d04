// The check pipeline, used by the CLI directly and by the app's engine worker. One module
// per stage, called once each, in this order (docs/architecture.md, "The check pipeline"):
//
//   1. inspect      inspect-stage.ts       encoding, delimiter, header, column roles
//   2. analyse      analyse-stage.ts       pass 1: address rules, duplicates, consent → RowStore
//   3. suppression  suppression-stage.ts   the suppression file (read before pass 1)
//   4. domains      domain-stage.ts        one DNS decision per unique domain
//   5. account      ses-account-stage.ts   with --ses: the account's snapshot, the sandbox gate;
//                   account-health-stage.ts  SES's VDM recommendations into readiness;
//                   contact-list-stage.ts  with --contact-list: its opt-outs
//   6. decisions    decision-stage.ts      a person's decisions set the verdicts
//   7. risk         risk-stage.ts          bounce and complaint probabilities, the forecast;
//      mailboxes    mailbox-stage.ts       with --verify-mailboxes: SES's verdicts become
//                                          reasons, then decisions and risk once more on them
//   8. write        write-stage.ts         pass 2: every row to annotated.csv and its verdict's file
//   9. report       reputation-stage.ts    with --ses: where send.csv takes the account's own rates;
//                   report-stage.ts        report.json; then the staging folder is committed
//
// Two passes over the file keep memory proportional to unique addresses, not to the width
// of the rows. What the Review screen asks of a finished check is in results.ts.

import type { CheckProgress, CheckSettings, Report } from '../../shared/model/check';
import { conflictingReasons, hasDecisions } from '../../shared/model/decisions';
import { UserError } from '../../shared/model/errors';
import { VERSION } from '../../shared/model/version';
import { createOutputStaging, type OutputStaging } from '../services/export/staging';
import { cancelledError } from '../services/import/file-errors';
import { readSuppressionFile } from '../services/suppression/file';
import type { AccountStageOutcome } from './ses-account-stage';
import { analyseRows } from './analyse-stage';
import type { ContactListOutcome } from './contact-list-stage';
import { applyDecisions, decisionWarnings } from './decision-stage';
import { openDomainCache, runDomainStage } from './domain-stage';
import { inspectStage, inspectionWarnings, type Inspection } from './inspect-stage';
import { buildReport, writeReportFile } from './report-stage';
import { checkResults, type CheckResults } from './results';
import { runRiskStage } from './risk-stage';
import { StageTimer } from './stage-timer';
import { applySuppression } from './suppression-stage';
import { writeOutputs } from './write-stage';

export type { CheckResults } from './results';
export { ANNOTATION_COLUMNS } from './write-stage';

export interface CheckRun {
  /** The input file: read, never written. */
  input: string;
  /** How report.json names the input when `input` is a copy of it (`check -`: "-", standard input). */
  inputName?: string;
  /** Where annotated.csv, send.csv, review.csv, remove.csv and report.json go (created if missing). */
  outDir: string;
  settings: CheckSettings;
  onProgress?: (progress: CheckProgress) => void;
  signal?: AbortSignal;
  /** Pass 2 copies plain rows as bytes where it can; false reads them as text (tests compare the two). */
  copyBytes?: boolean;
  /** Sentences the user must see as they happen (what SES Email Validation is about to be asked, and its cost). */
  onNotice?: (sentence: string) => void;
}

export interface CheckOutcome {
  report: Report;
  results: CheckResults;
  /** The files written, as absolute paths. */
  files: string[];
}

/** The files a check writes into its output folder. */
export const CHECK_OUTPUT_FILES = ['annotated.csv', 'send.csv', 'review.csv', 'remove.csv', 'report.json'] as const;

export async function runCheck(run: CheckRun): Promise<CheckOutcome> {
  const { settings, signal } = run;
  const conflict = settings.decisions ? conflictingReasons(settings.decisions) : null;
  if (conflict) throw new UserError('bad_argument', conflict);
  const inspection = await inspectStage(run.input, settings, signal);
  // Before any other work: the output folder is locked, and a name in it that Preflight did
  // not write (a folder, the user's file, the input itself) is refused now, never replaced.
  const staging = await createOutputStaging(run.outDir, { files: CHECK_OUTPUT_FILES, protect: [run.input] });
  try {
    return await checkInto(run, inspection, staging);
  } catch (error) {
    await staging.abort();
    throw error;
  }
}

async function checkInto(run: CheckRun, inspection: Inspection, staging: OutputStaging): Promise<CheckOutcome> {
  const { settings, signal } = run;
  const { inspected, columns } = inspection;
  const now = settings.now ? Date.parse(settings.now) : Date.now();
  const progress: CheckProgress = { phase: 'reading', bytesRead: 0, bytesTotal: inspected.bytes, rows: 0, domainsDone: 0, domainsTotal: 0 };
  const report = (update: Partial<CheckProgress>) => {
    Object.assign(progress, update);
    run.onProgress?.({ ...progress });
  };
  report({});
  const timings = new StageTimer();
  const warnings = inspectionWarnings(inspection);

  // Read before pass 1, so that a bad suppression file or an unusable DNS cache folder is
  // said now, not after the long pass.
  const suppressionFile = settings.suppressionFile ? await readSuppressionFile(settings.suppressionFile) : null;
  if (suppressionFile) timings.lap('suppression file');
  const dnsCache = await openDomainCache(settings);

  const analysis = await analyseRows(run.input, inspected, columns, settings, now, signal, (bytesRead, rows) =>
    report({ bytesRead, rows }),
  );
  const { store } = analysis;
  checkAborted(signal);
  timings.lap('inspect + analyse (pass 1)');

  const suppression = suppressionFile ? applySuppression(store, suppressionFile) : undefined;
  timings.lap('suppression match');

  const domains = await runDomainStage(store, settings, dnsCache, signal, (done, total) =>
    report({ phase: 'domains', domainsDone: done, domainsTotal: total }),
  );
  warnings.push(...domains.warnings);

  let account: AccountStageOutcome | null = null;
  let contactList: ContactListOutcome | null = null;
  if (settings.ses) {
    // Offline, the account stage works from the saved snapshot and sends nothing.
    report({ phase: 'account' });
    // Loaded on demand: the AWS SDK is large and most checks do not need it.
    const { runAccountStage } = await import('./ses-account-stage');
    account = await runAccountStage(store, settings, signal, (message) => report({ message }));
    warnings.push(...account.warnings);
    // VDM: SES's recommendations into readiness (account-health-stage.ts).
    const { runAccountHealthStage } = await import('./account-health-stage');
    warnings.push(...(await runAccountHealthStage(store, settings, account, signal, (message) => report({ message }))).warnings);
    if (settings.ses.contactList !== undefined) {
      const { runContactListStage } = await import('./contact-list-stage');
      contactList = await runContactListStage(store, settings, signal, (message) => report({ message }));
      warnings.push(...contactList.warnings);
    }
  }
  checkAborted(signal);
  timings.lap('domains + account');

  // Decisions, then risk: on the reasons every rule gave, and again after SES's mailbox verdicts.
  const decisions = hasDecisions(settings.decisions) ? settings.decisions : undefined;
  const hasConsentColumn = columns.consent !== null || columns.status !== null; // an ESP status says who subscribed too
  const decideAndRate = () => ({
    decided: decisions ? applyDecisions(store, decisions, analysis.unmatchedDecisions) : undefined,
    risk: runRiskStage(store, hasConsentColumn),
  });
  let { decided, risk } = decideAndRate();
  timings.lap('risk');
  let mailboxVerification: Report['mailboxVerification'];
  if (account && settings.ses?.verifyMailboxes) {
    // After the risk stage: the riskiest mailboxes are asked first.
    const { runMailboxStage, settleAutoValidation } = await import('./mailbox-stage');
    report({ phase: 'account', message: 'Choosing the mailboxes to verify' });
    const mailboxes = await runMailboxStage(store, settings, account.context, {
      signal,
      onMessage: (message) => report({ message }),
      onNotice: run.onNotice,
    });
    checkAborted(signal);
    // SES's verdicts are reasons too: a mailbox SES calls invalid is removed whatever was accepted.
    ({ decided, risk } = decideAndRate());
    // Auto Validation's count reads the final verdicts: a row a person accepted is in send.csv.
    settleAutoValidation(store, mailboxes, account.context.region);
    mailboxVerification = mailboxes.report;
    warnings.push(...mailboxes.warnings);
    timings.lap('mailbox verification + risk');
  }
  if (decided) warnings.push(...decisionWarnings(decided));

  report({ phase: 'writing', bytesRead: 0 });
  const rowsWritten = await writeOutputs({
    input: run.input,
    inspected,
    store,
    analysis,
    emailColumn: columns.email,
    copyBytes: run.copyBytes !== false,
    pathFor: staging.path.bind(staging),
    signal,
    onBytes: (bytesRead) => report({ bytesRead }),
  });

  // Where this send takes the account's own rates (with --ses and its reputation read).
  if (account) risk = (await import('./reputation-stage')).withAccountProjection(risk, account.report.account, rowsWritten.send);
  const fullReport = buildReport({
    input: run.inputName ?? run.input,
    inspected,
    columns,
    settings,
    store,
    raggedRows: analysis.raggedRows,
    consentSources: analysis.consent,
    warnings,
    suppression: suppression ?? account?.suppressionSummary,
    domains: domains.summary,
    account: account?.report,
    ...(contactList ? { contactList: contactList.report } : {}),
    risk,
    mailboxVerification,
    decisions: decided,
    rowsWritten,
    version: VERSION,
  });
  await writeReportFile(staging.path('report.json'), fullReport, run.outDir);
  checkAborted(signal);
  const files = await staging.commit();
  timings.lap('write (pass 2) + commit');
  timings.print();
  report({ phase: 'done', bytesRead: inspected.bytes });
  return {
    report: fullReport,
    files,
    results: checkResults(store, analysis, contactList, hasConsentColumn, {
      input: run.input,
      inspected,
      emailColumn: columns.email,
      rows: store.count,
    }),
  };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}
