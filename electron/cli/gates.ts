// Gates for a pipeline: `check --fail-above-bounce 2` exits 3 when the send list's
// forecast could reach 2% bounces. The forecast's upper bound (the 90% interval's
// high end) is compared, not its middle: a gate exists to stop a send that might
// cross the line, and SES reviews an account on what happened, not on the average.
// `--max-removed` catches a broken input or resolver (a column read wrong, DNS down
// answering NXDOMAIN), which shows as most of a list removed.
// The check itself is not changed by a gate: every output is written either way.

import type { Report } from '../../shared/model/check';
import { UserError } from '../../shared/model/errors';

export const GATE_OPTIONS = {
  'fail-above-bounce': { type: 'string', value: 'PCT' },
  'fail-above-complaint': { type: 'string', value: 'PCT' },
  'max-removed': { type: 'string', value: 'PCT' },
} as const;

export type GateName = keyof typeof GATE_OPTIONS;

/** The limits asked for, in percent (2 means 2%). */
export type GateLimits = Partial<Record<GateName, number>>;

export interface GateCheck {
  gate: GateName;
  limitPercent: number;
  /** The figure compared with the limit, in percent. */
  valuePercent: number;
  passed: boolean;
}

export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
}

/** "2", "2%", "0.05": a share in percent, 0 to 100. */
export function parsePercent(value: string, flag: string): number {
  const n = /^\d+(?:\.\d+)?%?$/.test(value) ? Number(value.replace('%', '')) : NaN;
  if (!(n >= 0 && n <= 100))
    throw new UserError('bad_argument', `${flag} takes a percentage from 0 to 100, such as 2 or 0.1% (got "${value}").`);
  return n;
}

export function readGateLimits(values: Partial<Record<GateName, string>>): GateLimits {
  const limits: GateLimits = {};
  for (const gate of Object.keys(GATE_OPTIONS) as GateName[]) {
    const value = values[gate];
    if (value !== undefined) limits[gate] = parsePercent(value, `--${gate}`);
  }
  return limits;
}

export function evaluateGates(report: Report, limits: GateLimits): GateResult | undefined {
  const gates = Object.keys(limits) as GateName[];
  if (gates.length === 0) return undefined;
  const forecast = report.forecast;
  if (!forecast) throw new Error('the report has no forecast to gate on');
  const value: Record<GateName, number> = {
    'fail-above-bounce': forecast.send.bounceRateHigh * 100,
    'fail-above-complaint': forecast.send.complaintRateHigh * 100,
    'max-removed': report.rows ? (report.verdicts.remove / report.rows) * 100 : 0,
  };
  const checks = gates.map((gate) => ({
    gate,
    limitPercent: limits[gate]!,
    valuePercent: value[gate],
    passed: value[gate] <= limits[gate]!,
  }));
  return { passed: checks.every((check) => check.passed), checks };
}

const percent = (x: number) => `${Number(x.toFixed(2))}%`;

/** A failed gate's figure with as many decimals as it takes to differ from the limit (2.004% is not "2%"). */
function above(value: number, limit: number): string {
  for (let digits = 2; digits < 6; digits++) if (Number(value.toFixed(digits)) > limit) return `${Number(value.toFixed(digits))}%`;
  return `${value}%`;
}

/** One line for every failed gate together, e.g. for stderr. */
export function describeFailedGates(result: GateResult, report: Report): string {
  const reasons = result.checks
    .filter((check) => !check.passed)
    .map((check) => {
      const limit = `--${check.gate} ${percent(check.limitPercent)}`;
      switch (check.gate) {
        case 'fail-above-bounce':
          return `send.csv's bounce forecast reaches ${above(check.valuePercent, check.limitPercent)} (top of the 90% interval), above ${limit}`;
        case 'fail-above-complaint':
          return `send.csv's complaint forecast reaches ${above(check.valuePercent, check.limitPercent)} (top of the 90% interval), above ${limit}`;
        case 'max-removed':
          return `${report.verdicts.remove.toLocaleString('en-US')} of ${report.rows.toLocaleString('en-US')} rows (${above(check.valuePercent, check.limitPercent)}) are removed, more than ${limit}`;
      }
    });
  return `Gate failed: ${reasons.join('; ')}. The results are written; the exit status is 3.`;
}
