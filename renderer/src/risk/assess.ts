// What the forecast means for the user, in words and positions: rates as
// percentages, where a rate sits on a gauge, and whether the 90% interval's
// upper end crosses the user's target or one of SES's lines. Pure, so the
// wording is tested without a browser (test/ui/insights-logic.test.ts).
import type { ReportForecast } from '../../../shared/model/check';

/** A list rate as people read it: two significant digits ("1.4%", "0.08%", "12%"). */
export function formatRate(rate: number): string {
  if (!(rate > 0)) return '0%';
  if (rate < 0.0001) return '<0.01%';
  const percent = rate * 100;
  return `${percent >= 10 ? Math.round(percent) : Number(percent.toPrecision(2))}%`;
}

/** One row's probability, for the review table: "0.4%", "31%", "<0.1%". */
export function formatRisk(probability: number): string {
  if (!(probability > 0)) return '0%';
  if (probability < 0.001) return '<0.1%';
  const percent = probability * 100;
  if (percent >= 99.5) return probability >= 1 ? '100%' : '>99%';
  return `${percent >= 10 ? Math.round(percent) : percent.toFixed(1)}%`;
}

/** A factor's share of a row's risk, in the risk column's unit: "+28%", "+0.043%". */
export function formatEffect(effect: number): string {
  return `+${formatRate(effect)}`;
}

export type RiskTone = 'low' | 'medium' | 'high';

/** How a row's risk is coloured in the table: under 2%, under 10%, above. */
export function riskTone(probability: number): RiskTone {
  if (probability >= 0.1) return 'high';
  if (probability >= 0.02) return 'medium';
  return 'low';
}

/**
 * A gauge from 0 to `max` on a square-root scale: rates that matter (0.1%–2%)
 * get room, and SES's lines still sit visibly apart. The axis labels say where
 * the lines are, so the stretch never misleads.
 */
export interface GaugeScale {
  max: number;
  /** 0..1 along the track; values above max are pinned to the end. */
  position(rate: number): number;
}

export function gaugeScale(max: number): GaugeScale {
  return {
    max,
    position: (rate) => Math.sqrt(Math.min(Math.max(rate, 0), max) / max),
  };
}

/** Bounce gauge: a little beyond SES's pause line, and beyond a higher target. */
export function bounceScale(forecast: ReportForecast, target: number): GaugeScale {
  return gaugeScale(Math.max(forecast.sesThresholds.bouncePause * 1.5, target * 1.5));
}

export function complaintScale(forecast: ReportForecast): GaugeScale {
  return gaugeScale(forecast.sesThresholds.complaintPause * 1.6);
}

export type GaugeLevel = 'ok' | 'warning' | 'danger';

export interface Assessment {
  level: GaugeLevel;
  /** A few words for the gauge's status line. */
  headline: string;
  /** One sentence saying what it means. */
  detail: string;
}

interface Interval {
  rate: number;
  low: number;
  high: number;
}

export function bounceInterval(forecast: ReportForecast['send']): Interval {
  return { rate: forecast.bounceRate, low: forecast.bounceRateLow, high: forecast.bounceRateHigh };
}

export function complaintInterval(forecast: ReportForecast['send']): Interval {
  return { rate: forecast.complaintRate, low: forecast.complaintRateLow, high: forecast.complaintRateHigh };
}

/** The send list's bounce forecast against the user's target and SES's 5% and 10% lines. */
export function assessBounces(forecast: ReportForecast, target: number): Assessment {
  const { rate, high } = bounceInterval(forecast.send);
  const { bounceReview, bouncePause } = forecast.sesThresholds;
  const upper = formatRate(high);
  if (rate >= bouncePause) {
    return {
      level: 'danger',
      headline: `Expected above SES's ${formatRate(bouncePause)} pause line`,
      detail: `Sending this list would likely get sending paused. Remove the risky rows before you send.`,
    };
  }
  if (high >= bouncePause) {
    return {
      level: 'danger',
      headline: `Could reach SES's ${formatRate(bouncePause)} pause line`,
      detail: `At the high end of the forecast (${upper}), SES may pause sending from the account.`,
    };
  }
  if (high >= bounceReview) {
    return {
      level: 'danger',
      headline: `May cross SES's ${formatRate(bounceReview)} review line`,
      detail: `At the high end of the forecast (${upper}), SES would put the account under review.`,
    };
  }
  if (high >= target) {
    return {
      level: 'warning',
      headline: `May exceed your ${formatRate(target)} target`,
      detail: `The forecast reaches ${upper} at its high end: under SES's lines, above the limit you set.`,
    };
  }
  return {
    level: 'ok',
    headline: `Within your ${formatRate(target)} target`,
    detail: `Even at the high end of the forecast (${upper}), bounces stay under your target and SES's ${formatRate(bounceReview)} review line.`,
  };
}

/**
 * With most of the list removed (report.unusualRemoval), a low forecast for what
 * is left proves nothing: the rows that would have bounced may be the list's good
 * ones, removed by a lying resolver or a column read wrong. Never green then.
 */
export function assessBouncesAfterRemoval(assessment: Assessment, removedShare: number | null): Assessment {
  if (removedShare === null || assessment.level !== 'ok') return assessment;
  return {
    level: 'warning',
    headline: `${formatRate(removedShare)} of the list was removed`,
    detail: `The forecast covers only what is left; check why so much was removed (see the warning above) before trusting it.`,
  };
}

/** The send list's complaint forecast against SES's 0.1% and 0.5% lines. */
export function assessComplaints(forecast: ReportForecast): Assessment {
  const { rate, high } = complaintInterval(forecast.send);
  const { complaintReview, complaintPause } = forecast.sesThresholds;
  const upper = formatRate(high);
  if (rate >= complaintPause || high >= complaintPause) {
    return {
      level: 'danger',
      headline: `Could reach SES's ${formatRate(complaintPause)} pause line`,
      detail: `At the high end of the forecast (${upper}), SES may pause sending. Send only to people who asked for your mail recently.`,
    };
  }
  if (high >= complaintReview) {
    return {
      level: 'danger',
      headline: `May cross SES's ${formatRate(complaintReview)} review line`,
      detail: `At the high end of the forecast (${upper}), SES would put the account under review. Old or unclear consent is the usual cause.`,
    };
  }
  return {
    level: 'ok',
    headline: `Under SES's ${formatRate(complaintReview)} review line`,
    detail: `Even at the high end of the forecast (${upper}), complaints stay under the line.`,
  };
}

/**
 * A small send moves in big steps: one bounce among 10 rows is 10%. Said
 * whenever one event is at least half a percentage point of the send.
 */
export function smallSendNote(sendRows: number): string | null {
  if (sendRows <= 0 || 1 / sendRows < 0.005) return null;
  return `With ${sendRows.toLocaleString('en-US')} ${sendRows === 1 ? 'row' : 'rows'} to send, a single bounce is ${formatRate(1 / sendRows)}. SES judges rates over a representative volume of your sending, not one small send.`;
}

/** Expected bounces (or complaints) for a number of rows: "about 12", "under 1". */
export function expectedCount(rate: number, rows: number): string {
  const count = rate * rows;
  if (count === 0) return 'none';
  if (count < 1) return 'under 1';
  return `about ${Math.round(count).toLocaleString('en-US')}`;
}
