// The CLI summary's lines about the SES account's own reputation (CloudWatch).
import type { Report } from '../../shared/model/check';
import { describeReputation } from '../../shared/model/reputation';

export function accountReputationLines(report: Report): string[] {
  const reputation = report.account?.reputation;
  if (!reputation) return [];
  // A refusal or failure is also among the warnings: said once, there.
  if (report.warnings.includes(reputation.note ?? '')) return [];
  return [describeReputation(reputation)];
}
