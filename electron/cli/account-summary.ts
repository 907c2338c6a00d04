// The CLI summary's lines about the SES account's own reputation (CloudWatch)
// and where this send takes it (report.json forecast.account).
import type { Report } from '../../shared/model/check';
import { describeReputation, formatRate } from '../../shared/model/reputation';

export function accountReputationLines(report: Report): string[] {
  const reputation = report.account?.reputation;
  if (!reputation) return [];
  const lines: string[] = [];
  // A refusal or failure is also among the warnings: said once, there.
  if (!report.warnings.includes(reputation.note ?? '')) lines.push(describeReputation(reputation));
  const projection = report.forecast?.account;
  if (projection) {
    const now = (rate: number | null) => (rate === null ? 'none yet' : `${formatRate(rate)} now`);
    lines.push(
      `Account bounces ${now(projection.bounceRateNow)} → ${formatRate(projection.bounceRateAfter)} after this send (up to ${formatRate(projection.bounceRateAfterHigh)}); ` +
        `complaints ${now(projection.complaintRateNow)} → ${formatRate(projection.complaintRateAfter)} (up to ${formatRate(projection.complaintRateAfterHigh)}). ${projection.explanation}`,
    );
  }
  return lines;
}
