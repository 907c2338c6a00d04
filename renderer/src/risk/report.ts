// The parts of report.json that later stages add (risk forecast and histogram,
// SES account, readiness), read with a check of their shape: a report from an
// older engine, or a check without the account, simply has none of them.
import type { Report } from '../../../shared/model/check';
import type { Readiness, ReportAccount } from '../../../shared/model/ses';
import type { ListForecast } from '../../../shared/risk/forecast';
import type { RiskHistogram } from '../../../shared/risk/histogram';

export interface ReportForecast {
  /** The send list (after cleaning). */
  send: ListForecast;
  /** The list as imported. */
  all: ListForecast;
  sesThresholds: { bounceReview: number; bouncePause: number; complaintReview: number; complaintPause: number };
  bounceTarget: number;
}

const FORECAST_FIELDS = ['bounceRate', 'bounceRateLow', 'bounceRateHigh', 'complaintRate', 'complaintRateLow', 'complaintRateHigh'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

function isListForecast(value: unknown): value is ListForecast {
  return isRecord(value) && FORECAST_FIELDS.every((field) => isRate(value[field]));
}

export function forecastOf(report: Report): ReportForecast | null {
  const forecast = report['forecast'];
  if (!isRecord(forecast) || !isListForecast(forecast['send']) || !isListForecast(forecast['all'])) return null;
  const lines = forecast['sesThresholds'];
  if (!isRecord(lines) || !['bounceReview', 'bouncePause', 'complaintReview', 'complaintPause'].every((key) => isRate(lines[key]))) return null;
  const target = forecast['bounceTarget'];
  return {
    send: forecast['send'],
    all: forecast['all'],
    sesThresholds: lines as ReportForecast['sesThresholds'],
    bounceTarget: isRate(target) ? target : 0.02,
  };
}

function isHistogram(value: unknown): value is RiskHistogram {
  if (!isRecord(value) || !Array.isArray(value['edges']) || !Array.isArray(value['counts'])) return false;
  const edges = value['edges'] as unknown[];
  const counts = value['counts'] as unknown[];
  return (
    edges.length === counts.length + 1 &&
    edges.every(isRate) &&
    counts.every((count) => typeof count === 'number' && count >= 0) &&
    typeof value['total'] === 'number'
  );
}

export function histogramsOf(report: Report): { send: RiskHistogram; all: RiskHistogram } | null {
  const histograms = report['riskHistogram'];
  if (!isRecord(histograms) || !isHistogram(histograms['send']) || !isHistogram(histograms['all'])) return null;
  // Both are drawn on one axis: they must share their bins.
  if (histograms['send'].edges.join() !== histograms['all'].edges.join()) return null;
  return { send: histograms['send'], all: histograms['all'] };
}

export function accountOf(report: Report): ReportAccount | null {
  const account = report['account'];
  if (!isRecord(account) || typeof account['region'] !== 'string' || typeof account['productionAccessEnabled'] !== 'boolean') return null;
  return account as unknown as ReportAccount;
}

export function readinessOf(report: Report): Readiness | null {
  const readiness = report['readiness'];
  if (!isRecord(readiness) || !Array.isArray(readiness['items']) || typeof readiness['identity'] !== 'string') return null;
  return readiness as unknown as Readiness;
}

export function productionAccessOf(report: Report): string[] | null {
  const advice = report['productionAccess'];
  return Array.isArray(advice) && advice.every((line) => typeof line === 'string') ? (advice as string[]) : null;
}
