// A check that removes most of a list is more likely broken than the list: a
// resolver answering NXDOMAIN for everything removed every row as
// domain_not_found, and the send list's forecast then looked perfect (nothing
// left to bounce) under a green "within your target". The engine puts this
// warning first in report.json's warnings; the CLI prints it under the verdict
// counts and the Review screen shows it above the forecast, whose bounce gauge
// then never says "within your target".
import type { UnusualRemoval } from '../model/risk';
import { REASONS, REASON_CODES, type ReasonCode } from '../model/reasons';

/**
 * Half the rows. An assumption, not a measurement: lists decay by roughly a
 * fifth to a quarter a year (the figure vendors quote), so a first clean of an
 * old list may lose a third; more than half is past what decay explains.
 */
export const UNUSUAL_REMOVAL_SHARE = 0.5;

/** Below this many rows a share says little (3 of 4 removed is a test file, not an alarm). */
export const UNUSUAL_REMOVAL_MIN_ROWS = 20;

const DOMAIN_REASONS: ReadonlySet<ReasonCode> = new Set(['domain_not_found', 'null_mx', 'no_mail_host']);

export function unusualRemoval(rows: number, removed: number, reasons: Partial<Record<ReasonCode, number>>): UnusualRemoval | null {
  if (rows < UNUSUAL_REMOVAL_MIN_ROWS || removed / rows <= UNUSUAL_REMOVAL_SHARE) return null;
  const share = removed / rows;
  const leading = REASON_CODES.filter((code) => REASONS[code].verdict === 'remove' && (reasons[code] ?? 0) > 0)
    .map((code) => ({ code, rows: reasons[code] ?? 0 }))
    .sort((a, b) => b.rows - a.rows)
    .slice(0, 3);
  const n = (x: number): string => x.toLocaleString('en-US');
  const top = leading[0]?.code;
  const check =
    top !== undefined && DOMAIN_REASONS.has(top)
      ? 'the network’s DNS (a captive portal, VPN or DNS filter can answer that every domain is gone) and the email column'
      : top !== undefined && REASONS[top].stage === 'consent'
        ? 'that the consent, opt-out and status columns were read the right way round'
        : 'that the right column was read as the email address';
  const warning =
    `${Math.round(share * 100)}% of the rows (${n(removed)} of ${n(rows)}) are marked remove, far more than a list normally loses` +
    `${leading.length > 0 ? ` (mostly ${leading.map((entry) => `${entry.code} ${n(entry.rows)}`).join(', ')})` : ''}: ` +
    `check ${check} before acting on remove.csv; the forecast for what is left says nothing about this.`;
  return { share, removed, leading, warning };
}
