// The send plan's inputs as people give them — options on the command line
// (electron/cli/plan-command.ts) or fields on the app's Plan screen
// (renderer/src/plan/, checked again by the main process) — read and checked in
// one place, so both say the same sentence about the same mistake. Each reader
// takes the name the user knows the value by: the CLI passes its option
// ("--window"), the app its field ("The send window", APP_LABELS).

import { UserError } from '../model/errors';
import { GROWTH_RANGE, PRESET_NAMES, resolvePolicy, type PresetName, type WarmupPolicy } from './policy';
import type { SendWindow } from './schedule';
import { canonicalTimeZone, formatMinuteOfDay, instantAt, parseDate } from './zone';

export const DEFAULT_WINDOW: SendWindow = { start: 9 * 60, end: 17 * 60 };
export const DEFAULT_HEADROOM = 0.2;
export const DEFAULT_POLICY: PresetName = 'standard';

/** What planning reports while it runs (the CLI's progress line, the app's progress bar). */
export interface PlanProgress {
  phase: 'reading' | 'planning' | 'writing' | 'done';
  bytesRead: number;
  bytesTotal: number;
}

const bad = (sentence: string) => new UserError('bad_argument', sentence);

/** The names the app's fields go by in these sentences (the CLI uses its option names, the defaults below). */
export const APP_LABELS = {
  window: 'The send window',
  headroom: 'The headroom',
  max24HourSend: 'The daily quota',
  maxSendRate: 'The send rate',
  sentLast24Hours: 'The number already sent',
  start: 'The start',
  timeZone: 'the time zone',
  firstDay: 'The first-day volume',
  growth: 'The growth',
  policy: 'The warm-up policy',
} as const;

/** "09:00-17:00" → minutes after midnight; 24:00 is the end of the day. */
export function parseWindow(text: string, label = '--window'): SendWindow {
  const match = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(text.trim());
  const minute = (hours: string, minutes: string) => (Number(minutes) < 60 ? Number(hours) * 60 + Number(minutes) : Number.NaN);
  const start = match ? minute(match[1]!, match[2]!) : Number.NaN;
  const end = match ? minute(match[3]!, match[4]!) : Number.NaN;
  if (!(start >= 0 && start < 1440) || !(end > 0 && end <= 1440)) {
    throw bad(`${label} takes two 24-hour times such as 09:00-17:00 (00:00-24:00 for all day), not "${text}".`);
  }
  return checkWindow({ start, end });
}

/** A window given as minutes (the app's request): inside the day, and ending after it starts. */
export function checkWindow(window: SendWindow, label = '--window'): SendWindow {
  const { start, end } = window;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < 1440 && end > 0 && end <= 1440)) {
    throw bad(`${label} takes two 24-hour times such as 09:00-17:00 (00:00-24:00 for all day).`);
  }
  if (end <= start) {
    throw bad(
      `The send window ${formatMinuteOfDay(start)}-${formatMinuteOfDay(end)} ends before it starts; windows across midnight are not supported, so use 00:00-24:00 or two plans.`,
    );
  }
  return { start, end };
}

/** "0.2" or "20%": the share of the quota and of the rate kept free, 0 ≤ h < 1. */
export function parseHeadroom(text: string, label = '--headroom'): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed) / (percent ? 100 : 1);
  if (trimmed === '' || trimmed === '%' || !(value >= 0 && value < 1)) {
    throw bad(`${label} takes a share of the quota to keep free, from 0 up to (not including) 1, such as 0.2 or 20% (got "${text}").`);
  }
  return value;
}

/** Recipients per rolling 24 hours; "-1" or "unlimited" is no daily limit (-1, as SES says it). */
export function parseDailyQuota(text: string, label = '--max-24h'): number {
  if (/^(?:-1|unlimited)$/i.test(text.trim())) return -1;
  return parseWholeNumber(text, label, 1);
}

/** A whole number from min to max; "50,000" and "50_000" are read as 50000. */
export function parseWholeNumber(text: string, label: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const cleaned = text.trim().replace(/[_,](?=\d{3}\b)/g, '');
  const value = /^\d+$/.test(cleaned) ? Number(cleaned) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw bad(
      `${label} takes a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` of at least ${min}`} (got "${text}").`,
    );
  }
  return value;
}

/** A decimal number above 0; `example` says its unit, e.g. "messages per second, such as 14". */
export function parsePositiveNumber(text: string, label: string, example: string): number {
  const value = /^\d+(?:\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value > 0)) throw bad(`${label} takes a number above 0, in ${example} (got "${text}").`);
  return value;
}

export const SEND_RATE_EXAMPLE = 'messages per second, such as 14';

/** The largest day-over-day growth factor of a custom warm-up. */
export function parseGrowth(text: string, label = '--growth'): number {
  const value = /^\d+(?:\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= GROWTH_RANGE.min && value <= GROWTH_RANGE.max)) {
    throw bad(
      `${label} takes a daily growth factor from ${GROWTH_RANGE.min} to ${GROWTH_RANGE.max}, such as 1.4 for at most 40% more each day (got "${text}").`,
    );
  }
  return value;
}

export function parsePreset(text: string, label = '--policy'): PresetName {
  if (!(PRESET_NAMES as readonly string[]).includes(text)) {
    throw bad(`${label} takes ${PRESET_NAMES.slice(0, -1).join(', ')} or ${PRESET_NAMES.at(-1)} (got "${text}").`);
  }
  return text as PresetName;
}

/** An IANA zone name, as Intl spells it (e.g. "europe/berlin" → "Europe/Berlin"). */
export function parseTimeZone(text: string): string {
  const zone = canonicalTimeZone(text);
  if (!zone) throw bad(`"${text}" is not an IANA time zone; use a name such as Europe/Berlin, America/New_York or UTC.`);
  return zone;
}

/**
 * An ISO 8601 moment, or undefined for anything else (Date.parse would read "Dec 7" as
 * 2001-12-07). 2026-03-02 and 2026-03-02T09:00[:SS] are wall-clock times in `timeZone`;
 * with Z or ±HH:MM they are absolute.
 */
export function readIsoMoment(text: string, timeZone: string): number | undefined {
  const local = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (local) {
    const [, date, hours, minutes, seconds] = local;
    const valid = (() => {
      try {
        const [y, m, d] = parseDate(date!);
        const probe = new Date(Date.UTC(y, m - 1, d));
        return (
          probe.getUTCDate() === d &&
          probe.getUTCMonth() === m - 1 &&
          Number(hours ?? 0) < 24 &&
          Number(minutes ?? 0) < 60 &&
          Number(seconds ?? 0) < 60
        );
      } catch {
        return false;
      }
    })();
    if (valid) return instantAt(date!, Number(hours ?? 0) * 60 + Number(minutes ?? 0), timeZone) + Number(seconds ?? 0) * 1000;
  } else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) {
    const instant = Date.parse(text.trim().replace(' ', 'T'));
    if (!Number.isNaN(instant)) return instant;
  }
  return undefined;
}

/**
 * The years a date given to Preflight may fall in. Beyond them a date is a typo, and the
 * calendar arithmetic of a plan would run past year 9999 (`--start 9999-12-31T16:00` ended
 * in "internal error").
 */
export const MOMENT_YEARS = { first: 2000, last: 2099 } as const;

/** `instant` (read from `text`) within MOMENT_YEARS, else the sentence that says so. */
export function checkMomentRange(instant: number, text: string, label: string): number {
  const year = new Date(instant).getUTCFullYear();
  if (!(year >= MOMENT_YEARS.first && year <= MOMENT_YEARS.last)) {
    throw bad(`${label} ${text.trim()} is outside the years ${MOMENT_YEARS.first} to ${MOMENT_YEARS.last}; give a date in that range.`);
  }
  return instant;
}

/**
 * An ISO 8601 moment within MOMENT_YEARS (readIsoMoment), else a sentence.
 * @param zoneLabel how the sentence names the time zone setting
 */
export function parseMoment(text: string, label: string, timeZone: string, zoneLabel = '--timezone'): number {
  const instant = readIsoMoment(text, timeZone);
  if (instant === undefined) {
    throw bad(
      `${label} takes an ISO 8601 date and time such as 2026-03-02T09:00 (in ${zoneLabel}) or 2026-03-02T08:00:00Z (got "${text}").`,
    );
  }
  return checkMomentRange(instant, text, label);
}

/** A minute's grace: "now" typed a moment ago is not in the past. */
export const START_GRACE_MS = 60_000;

/** The latest start: a year after now (a quota read today says little about next year). */
export const MAX_START_AHEAD_MS = 366 * 86_400_000;

/**
 * The earliest send, never before now.
 * @param remedy what to do instead, appended to the sentence (the CLI: leave --start out)
 */
export function checkStart(
  start: number,
  now: number,
  text: string,
  label = '--start',
  remedy = ' (leave --start out to start now)',
): number {
  if (start < now - START_GRACE_MS) throw bad(`${label} ${text} is in the past; a plan starts now or later${remedy}.`);
  if (start > now + MAX_START_AHEAD_MS) {
    throw bad(`${label} ${text} is more than a year ahead; a plan follows today's quota and warm-up, so make it nearer the time.`);
  }
  return Math.max(start, now);
}

/** Where the quota comes from in the app's request: read from SES when planning, or typed in. */
export type PlanQuotaChoice =
  | { source: 'ses'; profile?: string; region?: string }
  | { source: 'manual'; max24HourSend: number; maxSendRate: number; sentLast24Hours: number };

/** What the app's Plan screen asks for (plan:create). The CLI reads the same from its options. */
export interface PlanRequest {
  quota: PlanQuotaChoice;
  /** Earliest send, wall time in `timeZone` (YYYY-MM-DDTHH:MM); absent: now. */
  start?: string;
  timeZone: string;
  window: SendWindow;
  weekdaysOnly: boolean;
  headroom: number;
  policy: PresetName;
  /** Custom warm-up values: the policy becomes 'custom', based on `policy`. */
  firstDay?: number;
  growth?: number;
  /** The bounce rate the account's projected rate must stay under (the Review screen's target; docs/plan.md). */
  accountTarget?: number;
}

export interface ResolvedPlanRequest {
  quota: PlanQuotaChoice;
  start: number;
  timeZone: string;
  window: SendWindow;
  weekdaysOnly: boolean;
  headroom: number;
  policy: WarmupPolicy;
  accountTarget?: number;
}

/**
 * The app's request checked value by value with the readers above (numbers go
 * through them as text, so a value out of range gets the same sentence as a typed one).
 */
export function resolvePlanRequest(request: PlanRequest, now: number): ResolvedPlanRequest {
  const labels = APP_LABELS;
  const timeZone = parseTimeZone(request.timeZone);
  const window = checkWindow(request.window, labels.window);
  const start =
    request.start === undefined
      ? now
      : checkStart(parseMoment(request.start, labels.start, timeZone, labels.timeZone), now, request.start, labels.start, '');
  const headroom = parseHeadroom(String(request.headroom), labels.headroom);
  const preset = parsePreset(request.policy, labels.policy);
  const policy = resolvePolicy(preset, {
    firstDay: request.firstDay === undefined ? undefined : parseWholeNumber(String(request.firstDay), labels.firstDay, 1),
    growth: request.growth === undefined ? undefined : parseGrowth(String(request.growth), labels.growth),
  });
  let quota = request.quota;
  if (quota.source === 'manual') {
    quota = {
      source: 'manual',
      max24HourSend: parseDailyQuota(String(quota.max24HourSend), labels.max24HourSend),
      maxSendRate: parsePositiveNumber(String(quota.maxSendRate), labels.maxSendRate, SEND_RATE_EXAMPLE),
      sentLast24Hours: parseWholeNumber(String(quota.sentLast24Hours), labels.sentLast24Hours, 0),
    };
  }
  const accountTarget =
    request.accountTarget !== undefined && request.accountTarget > 0 && request.accountTarget <= 0.1 ? request.accountTarget : undefined;
  return {
    quota,
    start,
    timeZone,
    window,
    weekdaysOnly: request.weekdaysOnly,
    headroom,
    policy,
    ...(accountTarget !== undefined ? { accountTarget } : {}),
  };
}
