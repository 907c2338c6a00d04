// The SES account's own reputation metrics, as CloudWatch publishes them
// (namespace AWS/SES, Reputation.BounceRate and Reputation.ComplaintRate, rates
// from 0 to 1 over SES's "representative volume" of the account's recent mail:
// docs/ses.md, "Reputation metrics").

/** One UTC day of the chart: the day's last hourly value of each metric, or null when CloudWatch has none that day. */
export interface ReputationDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  bounceRate: number | null;
  complaintRate: number | null;
}

/**
 * - `read`: CloudWatch answered; a metric it has no datapoint for is null (said in `note`).
 * - `no_metrics`: CloudWatch answered with no datapoint for either metric (a new account: SES
 *   publishes them after the first bounce or complaint).
 * - `unverified`: an answer that cannot be a rate (outside 0–1, timestamps that do not pair
 *   with values): not used.
 * - `denied`: the identity may not call cloudwatch:GetMetricData.
 * - `failed`: CloudWatch could not be asked (network, throttled past the retries, …).
 * - `not_asked`: offline, or CloudWatch has no endpoint while SES has a custom one.
 */
export type ReputationStatus = 'read' | 'no_metrics' | 'unverified' | 'denied' | 'failed' | 'not_asked';

export interface ReportReputation {
  /** The latest Reputation.BounceRate (0–1), or null when there is none to use (never 0 for "none"). */
  bounceRate: number | null;
  complaintRate: number | null;
  /** When the latest value used was recorded (ISO 8601, the start of its hour), or null. */
  asOf: string | null;
  status: ReputationStatus;
  /** One sentence for anything less than both metrics read, else absent. */
  note?: string;
  /** The last 14 days, oldest first (empty when nothing was read). */
  history: ReputationDay[];
  /** "CloudWatch AWS/SES in eu-west-1". */
  source: string;
}

/** A rate as a percentage with enough digits to tell SES's lines apart: 3.1%, 2%, 0.45%, 0.040%. */
export function formatRate(rate: number): string {
  const percent = rate * 100;
  if (percent >= 1 || percent === 0) return `${Number(percent.toFixed(1))}%`;
  return `${percent.toFixed(percent >= 0.1 ? 2 : 3)}%`;
}

/** "as of 7 Dec 2026, 14:00 UTC". */
export function formatAsOf(iso: string): string {
  const at = new Date(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const hh = String(at.getUTCHours()).padStart(2, '0');
  const mm = String(at.getUTCMinutes()).padStart(2, '0');
  return `${at.getUTCDate()} ${months[at.getUTCMonth()]} ${at.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/** One line for the CLI and the app: the account's rates now, or why there are none. */
export function describeReputation(reputation: ReportReputation): string {
  if (reputation.status !== 'read') return reputation.note ?? "The account's bounce and complaint rates were not read.";
  const part = (name: string, rate: number | null) => (rate === null ? `${name} none yet` : `${name} ${formatRate(rate)}`);
  return `The account's own rates (${reputation.source}): ${part('bounces', reputation.bounceRate)}, ${part('complaints', reputation.complaintRate)}, as of ${formatAsOf(reputation.asOf!)}.`;
}
