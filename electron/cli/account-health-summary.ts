// The CLI summary's account-health lines: SES's open recommendations, the
// sender's own rates per mailbox provider, or what Virtual Deliverability
// Manager would add when it is off.
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
  if (history) lines.push(history.message);
  if (history?.status === 'read') {
    const providers = account.providers ?? [];
    const p = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(2)}%`);
    for (const provider of providers) {
      const list = provider.listRows ? `; this list: ${provider.listRows.toLocaleString('en-US')} rows` : '';
      const factors =
        provider.bounceFactor !== undefined && provider.complaintFactor !== undefined
          ? `; forecast ×${provider.bounceFactor.toFixed(2)} bounces, ×${provider.complaintFactor.toFixed(2)} complaints`
          : '';
      lines.push(
        provider.verified
          ? `  ${provider.isp.padEnd(8)} ${provider.sent.toLocaleString('en-US').padStart(9)} sent  bounces ${p(provider.bounceRate).padStart(6)}  complaints ${p(provider.complaintRate).padStart(6)}${list}${factors}`
          : `  ${provider.isp.padEnd(8)} not used: ${provider.problem}`,
      );
    }
  }
  return lines;
}
