// The few lines the CLI prints when a check is done.

import type { Report } from '../../shared/model/check';
import { formatUsd } from '../../shared/model/mailbox';
import { accountReputationLines } from './account-summary';
import { REASONS, REASON_CODES } from '../../shared/model/reasons';
import { accountHealthLines } from './account-health-summary';

const ROLE_NAMES = { 'opt-in': 'opt-in', 'opt-out': 'opt-out', status: 'status', verifier: 'verifier' } as const;

export function formatSummary(report: Report, files: string[]): string {
  const pct = (n: number) => (report.rows ? `${((n / report.rows) * 100).toFixed(1)}%` : '0%');
  const lines = [
    `${report.rows.toLocaleString('en-US')} rows checked (${report.input.encoding}, delimiter ${JSON.stringify(report.input.delimiter)}, email column "${report.columns.email}")`,
    `  send    ${report.verdicts.send.toLocaleString('en-US').padStart(9)}  ${pct(report.verdicts.send)}`,
    `  review  ${report.verdicts.review.toLocaleString('en-US').padStart(9)}  ${pct(report.verdicts.review)}`,
    `  remove  ${report.verdicts.remove.toLocaleString('en-US').padStart(9)}  ${pct(report.verdicts.remove)}`,
  ];
  // Right under the counts, not among the warnings at the end: most of the list removed is the first thing to know.
  const unusual = report.unusualRemoval?.warning;
  if (unusual !== undefined) lines.push(`!! WARNING: ${unusual}`);
  const reasons = REASON_CODES.filter((code) => report.reasons[code]);
  if (reasons.length) {
    lines.push('Reasons:');
    for (const code of reasons) lines.push(`  ${code.padEnd(22)} ${String(report.reasons[code]).padStart(9)}  ${REASONS[code].label}`);
  }
  const decided = report.decisions;
  if (decided) {
    const n = (x: number) => x.toLocaleString('en-US');
    lines.push(
      `Decisions: ${n(decided.moved.toSend)} sent, ${n(decided.moved.toRemove)} removed, ${n(decided.moved.corrected)} corrected (before them: send ${n(decided.verdictsBefore.send)}, review ${n(decided.verdictsBefore.review)}, remove ${n(decided.verdictsBefore.remove)}).`,
    );
  }
  const sources = report.columns.consentSources ?? [];
  if (sources.length) {
    lines.push('Consent columns:');
    for (const source of sources) {
      const given = REASON_CODES.filter((code) => source.reasons[code]).map(
        (code) => `${code} ${source.reasons[code]!.toLocaleString('en-US')}`,
      );
      const who = source.verifier ? ` (${source.verifier})` : '';
      lines.push(
        `  ${ROLE_NAMES[source.role]}${who} "${source.column}": ${source.meaning}${given.length ? ` Gave: ${given.join(', ')}.` : ''}`,
      );
    }
  }
  const forecast = report.forecast;
  if (forecast) {
    const f = forecast.send;
    const p = (x: number) => `${(x * 100).toFixed(2)}%`;
    lines.push(
      `Forecast for send.csv: bounces ${p(f.bounceRate)} (90%: ${p(f.bounceRateLow)}–${p(f.bounceRateHigh)}), complaints ${p(f.complaintRate)} (90%: ${p(f.complaintRateLow)}–${p(f.complaintRateHigh)}); SES reviews an account at 5% bounces or 0.1% complaints.`,
    );
  }
  lines.push(...accountReputationLines(report));
  const mailboxes = report.mailboxVerification;
  if (mailboxes) {
    const n = (x: number) => x.toLocaleString('en-US');
    const spent =
      mailboxes.mode === 'asked'
        ? `asked ${n(mailboxes.asked)} (about ${formatUsd(mailboxes.estimatedCostUsd)})`
        : `asked none (${mailboxes.mode})`;
    lines.push(
      `SES Email Validation: ${n(mailboxes.candidates)} mailboxes were to send or review; ${spent}, ${n(mailboxes.fromCache)} from saved answers, ${n(mailboxes.notVerified)} not verified. ` +
        `Verdicts: HIGH ${n(mailboxes.verdicts.HIGH)}, MEDIUM ${n(mailboxes.verdicts.MEDIUM)}, LOW ${n(mailboxes.verdicts.LOW)}; expected bounces avoided ${mailboxes.expectedBouncesAvoided}.`,
    );
  }
  lines.push(...accountHealthLines(report));
  for (const warning of report.warnings) if (warning !== unusual) lines.push(`Warning: ${warning}`);
  lines.push('Wrote:');
  for (const file of files) lines.push(`  ${file}`);
  return lines.join('\n') + '\n';
}
