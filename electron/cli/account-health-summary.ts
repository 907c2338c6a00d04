// The CLI summary's account-health lines: SES's open recommendations, and what
// Virtual Deliverability Manager would add when it is off.
import type { Report } from '../../shared/model/check';
import { resourceName } from '../../shared/ses/recommendations';

/** Recommendations printed in full; the rest are counted (every one is in report.json). */
const SHOWN = 5;

export function accountHealthLines(report: Report): string[] {
  const account = report.account;
  if (!account) return [];
  const lines: string[] = [];
  const recommendations = account.recommendations ?? [];
  if (recommendations.length > 0) {
    const high = recommendations.filter((item) => item.impact === 'HIGH').length;
    lines.push(`SES recommendations: ${recommendations.length} open${high ? ` (${high} HIGH impact)` : ''}, in the readiness checklist:`);
    for (const item of recommendations.slice(0, SHOWN)) {
      lines.push(`  ${item.impact.padEnd(4)} ${item.type}${item.resource ? ` (${resourceName(item.resource)})` : ''}: ${item.description}`);
    }
    if (recommendations.length > SHOWN)
      lines.push(`  … and ${recommendations.length - SHOWN} more in report.json (account.recommendations).`);
  } else if (account.recommendations) {
    lines.push('SES recommendations: none open.');
  }
  const history = account.providerHistory;
  if (history && history.status !== 'read') lines.push(history.message);
  return lines;
}
