// How the send plan reads on screen: the warm-up presets in one line each,
// days and clock times in the plan's zone, quotas and rates.
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

export const PROVIDER_ORDER: readonly ProviderGroup[] = PROVIDER_GROUPS;

const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayFormatLong = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

function utcNoon(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/** 2026-03-02 → "Mon 2 Mar" (a plan's local date). */
export function formatDay(date: string, withYear = false): string {
  return (withYear ? dayFormatLong : dayFormat).format(utcNoon(date));
}

/** 2026-03-02 → "2 Mar" (chart axis). */
export function formatShortDay(date: string): string {
  return shortDayFormat.format(utcNoon(date));
}

export function isWeekend(date: string): boolean {
  const day = utcNoon(date).getUTCDay();
  return day === 0 || day === 6;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the clock in `timeZone` shows it, "09:05" (seconds dropped: batches start on whole seconds). */
export function formatClock(iso: string, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
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
