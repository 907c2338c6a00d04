// Wall-clock time in an IANA time zone, with nothing but ECMAScript's Intl: the
// planner's send windows are local times ("09:00–17:00 in Europe/Berlin") and its
// batches are instants (UTC). DST is handled by asking Intl for the offset at each
// instant instead of assuming one per zone.
//
// Calendar dates are plain 'YYYY-MM-DD' strings; arithmetic on them uses the
// proleptic Gregorian calendar through Date.UTC, which no time zone affects.

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's canonical name, or null when Intl does not know it (e.g. 'Mars/Base', 'CEST'). */
export function canonicalTimeZone(name: string): string | null {
  if (!name || /\s/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What a clock on the wall in `timeZone` reads at `instant` (epoch ms; milliseconds are ignored). */
export function wallClock(instant: number, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const value = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

/** The wall clock at `instant` written as if it were UTC: the offset is wallMs(t) − t. */
function wallMs(instant: number, timeZone: string): number {
  const c = wallClock(instant, timeZone);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
}

/** The zone's offset from UTC at `instant`, in milliseconds (Berlin in summer: +7,200,000). */
export function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallMs(whole, timeZone) - whole;
}

/** The local calendar date of `instant` in `timeZone`, as YYYY-MM-DD. */
export function localDate(instant: number, timeZone: string): string {
  const c = wallClock(instant, timeZone);
  return formatDate(c.year, c.month, c.day);
}

/** The local date and time of `instant`, as 'YYYY-MM-DD HH:MM:SS' (what a spreadsheet reads as a date-time). */
export function localDateTime(instant: number, timeZone: string): string {
  const c = wallClock(instant, timeZone);
  return `${formatDate(c.year, c.month, c.day)} ${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
}

/**
 * The first instant at which a clock in `timeZone` reads `minuteOfDay` minutes after
 * midnight on `date` or later (1440 = midnight at the end of the day).
 * - In a DST gap (02:30 on a spring-forward night never shows) it is the moment of
 *   the jump, when the clock first reads a later time.
 * - In a DST overlap (01:30 shows twice on a fall-back night) it is the first time.
 */
export function instantAt(date: string, minuteOfDay: number, timeZone: string): number {
  const [year, month, day] = parseDate(date);
  const wall = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
  // Offsets in force around that wall time: any instant showing it lies within a day of it.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  // No change of offset in sight (all but a few days a year): one offset, one answer.
  if (before === after && offsetAt(wall - before, timeZone) === before) return wall - before;
  const candidates = [...new Set([before, offsetAt(wall, timeZone), after])].map((offset) => wall - offset);
  const exact = candidates.filter((instant) => wallMs(instant, timeZone) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // A gap: find the first second whose wall clock reads `wall` or later. Between the
  // earliest and the latest candidate the wall clock only moves forward.
  let low = Math.min(...candidates); // reads before `wall`
  let high = Math.max(...candidates); // reads after `wall`
  if (wallMs(low, timeZone) >= wall) return low;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (wallMs(middle, timeZone) >= wall) high = middle;
    else low = middle;
  }
  return high;
}

/** 'YYYY-MM-DD' → [year, month, day]. */
export function parseDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`Not a calendar date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The date `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = parseDate(date);
  const moved = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return formatDate(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parseDate(from);
  const [y2, m2, d2] = parseDate(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [year, month, day] = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Minutes after midnight as HH:MM (1440 → 24:00). */
export function formatMinuteOfDay(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
