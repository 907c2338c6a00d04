// How dates and times read on screen: one way on every screen, in the user's
// locale (the language the computer is set to: "7 Dec 2026" or "Dec 7, 2026"),
// times on the 24-hour clock the Plan screen's send window is typed in. A
// moment (a saved copy, an SES answer) is in the computer's zone, named; a
// plan's days and batch times are in the plan's zone.

/** The user's locale: undefined lets Intl use the computer's. Tests pass a locale to these functions to pin it. */
const USER_LOCALE: string | undefined = undefined;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** A local date (YYYY-MM-DD) as a moment that is that date in UTC, whatever the offset. */
function utcNoon(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

/**
 * A moment from the engine or SES (ISO 8601) as the user reads dates, in the computer's zone and naming it:
 * "7 Dec 2026, 15:58 UTC" (en-GB), "Dec 7, 2026, 15:58 UTC" (en-US). Text that is not a date is returned as it is.
 */
export function formatMoment(iso: string, locale = USER_LOCALE): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatter(locale, { ...DAY, year: 'numeric', ...CLOCK, timeZoneName: 'short' }).format(new Date(time));
}

/** A plan's local date: "Mon, 2 Mar" (en-GB), "Mon, Mar 2" (en-US), with the year when asked. */
export function formatDay(date: string, withYear = false, locale = USER_LOCALE): string {
  return formatter(locale, { weekday: 'short', ...DAY, ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(utcNoon(date));
}

/** A plan's local date on the chart's axis: "2 Mar", "Mar 2", with the year when asked. */
export function formatShortDay(date: string, withYear = false, locale = USER_LOCALE): string {
  return formatter(locale, { ...DAY, ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(utcNoon(date));
}

/** An instant as the clock in `timeZone` shows it, "09:05" (seconds dropped: batches start on whole seconds). */
export function formatClock(iso: string, timeZone: string, locale = USER_LOCALE): string {
  return formatter(locale, { ...CLOCK, timeZone }).format(new Date(iso));
}
