// The risk parts of report.json: the forecast per list, the account's projected rates,
// the risk histogram and the unusual-removal warning (computed in shared/risk/, typed here with the rest of the report).

import type { ReasonCode } from './reasons';

/** The shape report.json carries per list (send list, whole list). */
export interface ListForecast {
  bounceRate: number;
  bounceRateLow: number;
  bounceRateHigh: number;
  complaintRate: number;
  complaintRateLow: number;
  complaintRateHigh: number;
}

/** Rows by bounce probability (shared/risk/histogram.ts). */
export interface RiskHistogram {
  /** The edges used (length = counts.length + 1). */
  edges: readonly number[];
  counts: number[];
  /** Rows counted. */
  total: number;
}

/** Far more rows removed than a list normally loses (shared/risk/unusual-removal.ts). */
export interface UnusualRemoval {
  /** Removed rows ÷ all rows. */
  share: number;
  removed: number;
  /** The remove reasons on most rows, largest first (at most three). */
  leading: { code: ReasonCode; rows: number }[];
  /** The sentence for report.json, the CLI and the app. */
  warning: string;
}

/** How the account's representative volume was estimated (shared/risk/projection.ts). */
export type VolumeMethod = 'vdm-send-counts' | 'sent-last-24-hours' | 'quota';

/** report.json forecast.account. */
export interface AccountProjection {
  /** The account's rates now (CloudWatch), or null when it has none yet (then taken as 0 in the window). */
  bounceRateNow: number | null;
  bounceRateAfter: number;
  bounceRateAfterHigh: number;
  complaintRateNow: number | null;
  complaintRateAfter: number;
  complaintRateAfterHigh: number;
  representativeVolume: number;
  method: VolumeMethod;
  /** Messages in send.csv. */
  sendCount: number;
  /** How the volume was estimated, and what a missing metric was taken as. */
  explanation: string;
}
