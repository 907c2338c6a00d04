// The Plan screen's fields as typed (text, as the inputs hold it), their
// defaults, and their reading into plan:create's request. Every value is read
// with the CLI's own readers (shared/plan/parameters.ts), so the sentence under
// a field is the one the main process would answer with, and the one the CLI
// prints for the same mistake.
import { isUserError } from '../../../shared/model/errors';
import type { PresetName } from '../../../shared/plan/policy';
import { PRESETS } from '../../../shared/plan/policy';
import {
  APP_LABELS,
  DEFAULT_HEADROOM,
  DEFAULT_POLICY,
  DEFAULT_WINDOW,
  SEND_RATE_EXAMPLE,
  checkStart,
  parseDailyQuota,
  parseGrowth,
  parseHeadroom,
  parseMoment,
  parsePositiveNumber,
  parseTimeZone,
  parseWholeNumber,
  parseWindow,
} from '../../../shared/plan/parameters';
import type { PlanQuotaChoice, PlanRequest } from '../../../shared/plan/parameters';
import { addDays, formatMinuteOfDay, pad, wallClock } from '../../../shared/plan/zone';

export interface PlanForm {
  /** 'ses': read from the account the check used, when planning; 'manual': the three numbers below. */
  quotaSource: 'ses' | 'manual';
  max24HourSend: string;
  maxSendRate: string;
  sentLast24Hours: string;
  /** Percent of the quota and of the rate kept free. */
  headroom: string;
  /** Wall time in `timeZone`, as <input type="datetime-local"> holds it: YYYY-MM-DDTHH:MM. */
  start: string;
  /** false while the start is the default: it then follows the clock and the zone. */
  startEdited: boolean;
  timeZone: string;
  windowStart: string;
  windowEnd: string;
  weekdaysOnly: boolean;
  policy: PresetName;
  /** Custom first-day volume and growth, starting from the preset's. */
  custom: boolean;
  firstDay: string;
  growth: string;
}

export type PlanField =
  'max24HourSend' | 'maxSendRate' | 'sentLast24Hours' | 'headroom' | 'start' | 'timeZone' | 'window' | 'firstDay' | 'growth';

/** The fields in screen order: the first one with a problem gets the focus. */
export const PLAN_FIELDS: readonly PlanField[] = [
  'max24HourSend',
  'maxSendRate',
  'sentLast24Hours',
  'headroom',
  'start',
  'timeZone',
  'window',
  'firstDay',
  'growth',
];

export type PlanProblems = Partial<Record<PlanField, string>>;

/** The computer's zone (the renderer's Intl knows it), UTC if it cannot say. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The next whole hour after `now` on the wall clock of `timeZone`, as YYYY-MM-DDTHH:00. */
export function nextWholeHour(now: number, timeZone: string): string {
  const clock = wallClock(now, timeZone);
  const date = `${clock.year}-${pad(clock.month)}-${pad(clock.day)}`;
  return clock.hour === 23 ? `${addDays(date, 1)}T00:00` : `${date}T${pad(clock.hour + 1)}:00`;
}

const trimNumber = (value: number) => String(Number(value.toFixed(4)));

export interface PlanFormDefaults {
  now: number;
  timeZone: string;
  /** The quota the check's SES account reported: the typed fields start from it. */
  accountQuota?: { max24HourSend: number; maxSendRate: number; sentLast24Hours: number } | null;
  /** The check used an SES account that can be asked again when planning. */
  ses: boolean;
}

export function defaultPlanForm({ now, timeZone, accountQuota, ses }: PlanFormDefaults): PlanForm {
  const preset = PRESETS[DEFAULT_POLICY];
  return {
    quotaSource: ses ? 'ses' : 'manual',
    max24HourSend: accountQuota ? String(accountQuota.max24HourSend) : '',
    maxSendRate: accountQuota ? trimNumber(accountQuota.maxSendRate) : '',
    sentLast24Hours: accountQuota ? String(accountQuota.sentLast24Hours) : '0',
    headroom: trimNumber(DEFAULT_HEADROOM * 100),
    start: nextWholeHour(now, timeZone),
    startEdited: false,
    timeZone,
    windowStart: formatMinuteOfDay(DEFAULT_WINDOW.start),
    windowEnd: formatMinuteOfDay(DEFAULT_WINDOW.end),
    // Off, as in the CLI (--weekdays): the same list gets the same plan from either face.
    weekdaysOnly: false,
    policy: DEFAULT_POLICY,
    custom: false,
    firstDay: String(preset.firstDay),
    growth: String(preset.growth),
  };
}

/** A change to the form; a default start moves with the zone, a changed preset brings its own custom values. */
export function changeForm(form: PlanForm, patch: Partial<PlanForm>, now: number): PlanForm {
  const next = { ...form, ...patch };
  if (patch.start !== undefined) next.startEdited = true;
  if (patch.timeZone !== undefined && !next.startEdited) {
    const zone = tryZone(patch.timeZone);
    if (zone) next.start = nextWholeHour(now, zone);
  }
  if (patch.policy !== undefined && !form.custom && patch.custom === undefined) {
    next.firstDay = String(PRESETS[patch.policy].firstDay);
    next.growth = String(PRESETS[patch.policy].growth);
  }
  return next;
}

/** A default start the clock has passed becomes the next whole hour again (what the user saw was "the next hour"). */
export function refreshStart(form: PlanForm, now: number): PlanForm {
  if (form.startEdited) return form;
  const zone = tryZone(form.timeZone);
  if (!zone) return form;
  const next = nextWholeHour(now, zone);
  return next === form.start ? form : { ...form, start: next };
}

function tryZone(text: string): string | null {
  try {
    return parseTimeZone(text.trim());
  } catch {
    return null;
  }
}

export interface ReadContext {
  now: number;
  /** The SES account to read the quota from when quotaSource is 'ses'. */
  ses: { profile?: string; region?: string } | null;
}

/**
 * The request the form describes, or what is wrong with it, field by field. An
 * empty field is asked for; anything typed goes through the CLI's readers.
 */
export function readPlanForm(form: PlanForm, context: ReadContext): { request: PlanRequest | null; problems: PlanProblems } {
  const problems: PlanProblems = {};
  const read = <T>(field: PlanField, text: string, empty: string, reader: (text: string) => T): T | undefined => {
    if (text.trim() === '') {
      problems[field] = empty;
      return undefined;
    }
    try {
      return reader(text.trim());
    } catch (error) {
      if (!isUserError(error)) throw error;
      problems[field] = error.message;
      return undefined;
    }
  };

  let quota: PlanQuotaChoice | undefined;
  if (form.quotaSource === 'ses' && context.ses) {
    quota = {
      source: 'ses',
      ...(context.ses.profile ? { profile: context.ses.profile } : {}),
      ...(context.ses.region ? { region: context.ses.region } : {}),
    };
  } else {
    const max24HourSend = read(
      'max24HourSend',
      form.max24HourSend,
      'Enter the daily sending quota (Max24HourSend on the SES Account dashboard).',
      (text) => parseDailyQuota(text, APP_LABELS.max24HourSend),
    );
    const maxSendRate = read(
      'maxSendRate',
      form.maxSendRate,
      'Enter the maximum send rate (MaxSendRate on the SES Account dashboard).',
      (text) => parsePositiveNumber(text, APP_LABELS.maxSendRate, SEND_RATE_EXAMPLE),
    );
    const sentLast24Hours = read(
      'sentLast24Hours',
      form.sentLast24Hours,
      'Enter how many messages the account sent in the last 24 hours (0 if none).',
      (text) => parseWholeNumber(text, APP_LABELS.sentLast24Hours, 0),
    );
    if (max24HourSend !== undefined && maxSendRate !== undefined && sentLast24Hours !== undefined) {
      quota = { source: 'manual', max24HourSend, maxSendRate, sentLast24Hours };
    }
  }

  // The field is in percent: "20" means 20%, as does "20%".
  const headroom = read('headroom', form.headroom, 'Enter the share of the quota to keep free, such as 20.', (text) =>
    parseHeadroom(text.endsWith('%') ? text : `${text}%`, APP_LABELS.headroom),
  );
  const timeZone = read('timeZone', form.timeZone, 'Enter a time zone, such as Europe/Berlin.', parseTimeZone);
  const start =
    timeZone === undefined
      ? undefined
      : read('start', form.start, 'Enter the date and time of the first send.', (text) => {
          checkStart(parseMoment(text, APP_LABELS.start, timeZone, APP_LABELS.timeZone), context.now, text, APP_LABELS.start, '');
          return text;
        });
  const window = read('window', `${form.windowStart.trim()}-${form.windowEnd.trim()}`, '', (text) => parseWindow(text, APP_LABELS.window));
  let firstDay: number | undefined;
  let growth: number | undefined;
  if (form.custom) {
    firstDay = read('firstDay', form.firstDay, 'Enter how many recipients the first day may have.', (text) =>
      parseWholeNumber(text, APP_LABELS.firstDay, 1),
    );
    growth = read('growth', form.growth, 'Enter the largest day-over-day growth, such as 1.4.', (text) =>
      parseGrowth(text, APP_LABELS.growth),
    );
  }

  if (Object.keys(problems).length > 0 || !quota || headroom === undefined || timeZone === undefined || start === undefined || !window) {
    return { request: null, problems };
  }
  const request: PlanRequest = { quota, start, timeZone, window, weekdaysOnly: form.weekdaysOnly, headroom, policy: form.policy };
  if (form.custom) Object.assign(request, { firstDay, growth });
  return { request, problems };
}

/** Whether two requests would make the same plan (the shown plan is out of date when not). */
export function sameRequest(a: PlanRequest, b: PlanRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
