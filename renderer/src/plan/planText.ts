// How the send plan reads on screen: the warm-up presets in one line each,
// days and clock times in the plan's zone, quotas and rates.
import type { PlanDocument } from '../../../shared/plan/document';
import type { PresetName, ProviderGroup } from '../../../shared/plan/policy';
import { PRESETS, PROVIDER_GROUPS, PROVIDER_GROUP_LABELS, WEEK_ONE_CAPS } from '../../../shared/plan/policy';
import { formatCount } from '../app/format';

const factor = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** What each preset is, from its numbers, and whose published schedule it follows (docs/plan.md). */
const PRESET_SOURCES: Record<PresetName, string> = {
  conservative: 'the pace of Amazon SES’s own auto warm-up (about 50,000 a day by day 45)',
  standard: 'the pace of SendGrid’s automatic warm-up',
  aggressive: 'SendGrid’s manual schedule; for a list you know engages',
};

export const PRESET_LABELS: Record<PresetName, string> = { conservative: 'Conservative', standard: 'Standard', aggressive: 'Aggressive' };

export function presetDescription(name: PresetName): string {
  const preset = PRESETS[name];
  return `${formatCount(preset.firstDay)} on day 1, then at most ×${factor.format(preset.growth)} a day: ${PRESET_SOURCES[name]}.`;
}

/** "Yahoo/AOL at most 5,000 and Microsoft 20,000 a day in the first week". */
export function weekOneCapsText(): string {
  const caps = PROVIDER_GROUPS.filter((group) => WEEK_ONE_CAPS[group] !== undefined).map(
    (group) => `${PROVIDER_GROUP_LABELS[group]} ${formatCount(WEEK_ONE_CAPS[group]!)}`,
  );
  return `Every preset also keeps each mailbox provider’s growth to the same factor, and in the first week caps ${caps.join(' and ')} a day.`;
}

/** A day with recipients is never drawn thinner than this (px of the chart), however small beside the quota; its count is then written on it. */
export const MIN_BAR_HEIGHT = 4;

export const PROVIDER_ORDER: readonly ProviderGroup[] = PROVIDER_GROUPS;

export { formatClock, formatDay, formatShortDay } from '../app/dates';

/** Whether a plan's local dates (YYYY-MM-DD) fall in more than one year. */
export function spansYears(dates: readonly string[]): boolean {
  return dates.length > 0 && dates[0]!.slice(0, 4) !== dates.at(-1)!.slice(0, 4);
}

export function isWeekend(date: string): boolean {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

/** A batch's length: "18 s", "20 min", "1 h 5 min". */
export function formatSpan(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

export function formatRate(perSecond: number): string {
  return `${factor.format(perSecond)}/s`;
}

/** "40,000 per 24 hours" or "no daily limit". */
export function dailyText(perDay: number | null): string {
  return perDay === null || perDay < 0 ? 'no daily limit' : `${formatCount(perDay)} per 24 hours`;
}

/** A plan longer than this gets a warning saying what would shorten it. */
export const LONG_PLAN_DAYS = 90;

function minutes(clock: string): number {
  const [hours, mins] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (mins ?? 0);
}

/**
 * For a plan of more than 90 days: how long it is and what would shorten it, by the controls of the Plan
 * screen, from what held its days back (the daily quota, the send rate in the window, or the warm-up).
 */
export function longPlanWarning(doc: PlanDocument): string | null {
  if (doc.days.length <= LONG_PLAN_DAYS) return null;
  const [opens = '00:00', closes = '24:00'] = doc.window.split('-');
  const windowSeconds = (minutes(closes) - minutes(opens)) * 60;
  const byRate = Math.floor(doc.usable.maxSendRate * windowSeconds);
  const byQuota = doc.usable.max24HourSend ?? Infinity;
  const busiest = Math.max(...doc.days.map((day) => day.recipients));
  const levers: string[] = [];
  if (byQuota <= byRate && busiest >= 0.95 * byQuota) {
    levers.push('a higher daily quota (ask AWS for an increase on the SES account dashboard, then type it in or read it again)');
    if (doc.headroom > 0) levers.push(`less Headroom (now ${Math.round(doc.headroom * 100)}%)`);
  } else if (byRate < byQuota && busiest >= 0.95 * byRate) {
    levers.push(`a longer Send window (now ${doc.window.replace('-', '–')})`);
    levers.push('a higher send rate');
  } else if (doc.policy.name !== 'aggressive') {
    levers.push('a faster Warm-up (Aggressive, or Custom first day and growth)');
  } else {
    levers.push('a larger first day or growth (Custom first day and growth)');
  }
  if (doc.weekdaysOnly) levers.push('turning Weekdays only off');
  levers.push('fewer recipients per plan (split the list into several sends)');
  const list = levers.length === 1 ? levers[0]! : `${levers.slice(0, -1).join(', ')} or ${levers.at(-1)!}`;
  return `This plan takes ${formatCount(doc.days.length)} days, more than ${LONG_PLAN_DAYS}, so its last recipients hear from you months after its first. What would shorten it: ${list}.`;
}
