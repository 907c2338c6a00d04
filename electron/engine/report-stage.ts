// The last stage, report: report.json, the counts a pipeline or a person reads first, from
// the row store and what each stage said, written into the staging folder with the CSVs.

import { writeFile } from 'node:fs/promises';
import type { CheckSettings, ColumnSelection, ConsentSourceReport, DomainSummary, InspectResult, Report } from '../../shared/model/check';
import type { ReportDecisions } from '../../shared/model/decisions';
import { UserError } from '../../shared/model/errors';
import { REASON_CODES, type ReasonCode } from '../../shared/model/reasons';
import { unusualRemoval } from '../../shared/risk/unusual-removal';
import { redactDeep } from '../services/ses/credential-redaction';
import { reasonsOf, type RowStore } from './row-store';
import type { SuppressionSummary } from './suppression-stage';
import type { RiskReport } from './risk-stage';

export interface ReportInput {
  input: string;
  inspected: InspectResult;
  columns: ColumnSelection;
  settings: CheckSettings;
  store: RowStore;
  raggedRows: number;
  /** How each consent column was read (consent-sources.ts). */
  consentSources: ConsentSourceReport[];
  warnings: string[];
  suppression?: SuppressionSummary;
  domains: DomainSummary;
  account?: Pick<Report, 'account' | 'readiness' | 'productionAccess'>;
  contactList?: Report['contactList'];
  risk?: RiskReport;
  mailboxVerification?: Report['mailboxVerification'];
  /** What the person decided and the rows it moved (decision-stage.ts); verdicts are counted after it. */
  decisions?: ReportDecisions;
  rowsWritten: Record<'send' | 'review' | 'remove', number>;
  version: string;
}

export function buildReport(input: ReportInput): Report {
  const { store, inspected, columns, settings } = input;
  const verdicts = { send: 0, review: 0, remove: 0 };
  const reasonCounts = new Map<ReasonCode, number>();
  for (let row = 0; row < store.count; row++) {
    const mask = store.mask(row);
    verdicts[store.verdict(row)]++;
    for (const code of reasonsOf(mask)) reasonCounts.set(code, (reasonCounts.get(code) ?? 0) + 1);
  }
  const reasons: Report['reasons'] = {};
  for (const code of REASON_CODES) {
    const count = reasonCounts.get(code);
    if (count) reasons[code] = count;
  }
  // Far more removed than a list loses: said first, before any other warning (unusual-removal.ts).
  // Rows a person chose to remove are their decision, not a sign of a broken check.
  const unusual = unusualRemoval(store.count, verdicts.remove - (input.decisions?.moved.toRemove ?? 0), reasons);
  const name = (index: number | null) => (index === null ? null : (inspected.headers[index] ?? `column ${index + 1}`));
  const report: Report = {
    tool: { name: 'preflight', version: input.version },
    generatedAt: new Date().toISOString(),
    rows: store.count,
    verdicts,
    reasons,
    columns: {
      email: name(columns.email)!,
      consent: name(columns.consent),
      optInDate: name(columns.optInDate),
      lastActivity: columns.lastActivity.map((i) => name(i)!),
      doubleOptIn: name(columns.doubleOptIn),
      optOut: columns.optOut.map((i) => name(i)!),
      status: name(columns.status),
      verifier: name(columns.verifier),
      consentSources: input.consentSources,
    },
    input: {
      file: input.input,
      bytes: inspected.bytes,
      encoding: inspected.encoding,
      delimiter: inspected.delimiter,
      raggedRows: input.raggedRows,
    },
    warnings: unusual ? [unusual.warning, ...input.warnings] : input.warnings,
    settings: {
      consentMaxAgeDays: settings.consentMaxAgeDays,
      inactiveAfterDays: settings.inactiveAfterDays,
      offline: settings.offline,
      dns: settings.offline ? 'off' : settings.dns.mode,
      suppressionFile: settings.suppressionFile ?? null,
    },
    domains: input.domains,
  };
  if (unusual) report.unusualRemoval = unusual;
  if (input.suppression) report.suppression = input.suppression;
  if (input.account) Object.assign(report, input.account);
  if (input.contactList) report.contactList = input.contactList;
  if (input.risk) Object.assign(report, input.risk);
  if (input.mailboxVerification) report.mailboxVerification = input.mailboxVerification;
  if (input.decisions) report.decisions = input.decisions;
  if (
    input.rowsWritten.send !== verdicts.send ||
    input.rowsWritten.review !== verdicts.review ||
    input.rowsWritten.remove !== verdicts.remove
  ) {
    // Every row is written exactly once; a mismatch is a bug, never a result to hand out.
    throw new Error(`Row accounting failed: wrote ${JSON.stringify(input.rowsWritten)} for ${JSON.stringify(verdicts)}`);
  }
  // Warnings and account fields quote SES: no credential an endpoint echoed reaches the file.
  return redactDeep(report);
}

/** report.json as the check leaves it: two-space JSON and a final newline. */
export async function writeReportFile(path: string, report: Report, outDir: string): Promise<void> {
  await writeFile(path, JSON.stringify(report, null, 2) + '\n', 'utf8').catch((error: unknown) => {
    throw new UserError('output_unwritable', `Could not write report.json in ${outDir}: ${(error as Error).message}.`);
  });
}
