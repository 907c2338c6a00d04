// Dates as list exports write them: ISO 8601, Mailchimp's "YYYY-MM-DD HH:MM:SS",
// Shopify's "… -0500", US M/D/YYYY, European D.M.YYYY and D/M/YYYY, English month
// names, and HubSpot-style epoch seconds or milliseconds.
//
// A date without a time zone is read as UTC: consent and activity ages are counted
// in days against limits of months or years, where a few hours never matter.
import { memoize } from './memo';

/** How an ambiguous numeric date such as 03/04/2024 is read: month first (US) or day first. */
export type DateOrder = 'mdy' | 'dmy';

const DAY_MS = 86_400_000;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** YYYY-MM-DD, then optionally T or space + HH:MM[:SS[.fff]], then optionally Z, UTC or ±HH[:]MM. */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
/** 1/2/2024, 01.02.2024, 1-2-24, with an optional time (and AM/PM). */
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;
/** 15 Jan 2024, 15 January, 2024 */
const DAY_MONTH_NAME = /^(\d{1,2})\.?\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i;
/** Jan 15, 2024, January 15 2024 */
const MONTH_NAME_DAY = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
/** Epoch seconds (9–10 digits) or milliseconds (12–13 digits): 2001-09-09 … 2286. */
const EPOCH = /^(\d{9,10}|\d{12,13})$/;

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  // Date.UTC would roll 31 April over to 1 May: such a date does not exist. (Date.UTC
  // reads years 0–99 as 1900–1999, so their leap years are those.)
  if (day > 28 && day > daysInMonth(year >= 0 && year <= 99 ? 1900 + year : year, month)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const fullYear = (text: string): number => {
  const year = Number(text);
  if (text.length === 4) return year;
  // Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (the POSIX/Excel pivot).
  return year < 70 ? 2000 + year : 1900 + year;
};

function monthNumber(name: string): number | null {
  const key = name.toLowerCase();
  return MONTHS[key] ?? MONTHS[key.slice(0, 3)] ?? null;
}

/**
 * The moment a cell names, in epoch milliseconds, or null when it is not a date.
 * `order` settles numeric dates that read both ways (03/04/2024); a date that reads
 * only one way (13/04/2024) is read that way. Dates with dots (D.M.YYYY) are always
 * day first.
 */
function readDate(cell: string, order: DateOrder): number | null {
  const text = cell.trim();
  if (text.length < 6 || text.length > 40) return null;

  let match = ISO.exec(text);
  if (match) {
    const [, y, mo, d, h, mi, s, frac, zone] = match;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    const local = utc(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
    if (local === null) return null;
    return local - zoneOffsetMs(zone);
  }

  match = NUMERIC.exec(text);
  if (match) {
    const [, a, separator, b, y, h, mi, s, meridiem] = match;
    const first = Number(a);
    const second = Number(b);
    let dayFirst: boolean;
    if (separator === '.') dayFirst = true;
    else if (first > 12) dayFirst = true;
    else if (second > 12) dayFirst = false;
    else dayFirst = order === 'dmy';
    let hour = Number(h ?? 0);
    if (meridiem) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
    }
    return utc(fullYear(y!), dayFirst ? second : first, dayFirst ? first : second, hour, Number(mi ?? 0), Number(s ?? 0));
  }

  match = DAY_MONTH_NAME.exec(text);
  if (match) {
    const month = monthNumber(match[2]!);
    return month === null ? null : utc(Number(match[3]), month, Number(match[1]));
  }
  match = MONTH_NAME_DAY.exec(text);
  if (match) {
    const month = monthNumber(match[1]!);
    return month === null ? null : utc(Number(match[3]), month, Number(match[2]));
  }

  if (EPOCH.test(text)) return text.length <= 10 ? Number(text) * 1000 : Number(text);
  return null;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || /^(?:z|utc|gmt)$/i.test(zone)) return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || 0);
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * How a column writes ambiguous numeric dates, decided from its values: a first field
 * above 12 (25/03/2024) proves day-first, a second field above 12 (03/25/2024) proves
 * month-first; the side with more proof wins. With no proof, dotted dates are day-first
 * and slashed or dashed ones month-first (US spreadsheets are the common case).
 */
export function detectDateOrder(values: readonly string[]): DateOrder {
  let dayFirst = 0;
  let monthFirst = 0;
  let dotted = 0;
  let slashed = 0;
  for (const value of values) {
    const match = NUMERIC.exec(value.trim());
    if (!match) continue;
    if (match[2] === '.') dotted++;
    else slashed++;
    const first = Number(match[1]);
    const second = Number(match[3]);
    if (first > 12 && second <= 12) dayFirst++;
    else if (second > 12 && first <= 12) monthFirst++;
  }
  if (dayFirst !== monthFirst) return dayFirst > monthFirst ? 'dmy' : 'mdy';
  return dotted > slashed ? 'dmy' : 'mdy';
}

/** Whole days from `then` to `now`. */
export function daysBetween(then: number, now: number): number {
  return Math.floor((now - then) / DAY_MS);
}

export { DAY_MS };

const datesByOrder: Record<DateOrder, (cell: string) => number | null> = {
  mdy: memoize((cell) => readDate(cell, 'mdy')),
  dmy: memoize((cell) => readDate(cell, 'dmy')),
};

/**
 * The moment a cell names, in epoch milliseconds, or null when it is not a date.
 * `order` settles numeric dates that read both ways (03/04/2024); a date that reads
 * only one way (13/04/2024) is read that way. Dates with dots (D.M.YYYY) are always
 * day first. Readings are remembered per cell (memo.ts).
 */
export function parseDate(cell: string, order: DateOrder = 'mdy'): number | null {
  const day = isoDay(cell);
  return day !== undefined ? day : datesByOrder[order](cell);
}

const DIGIT_0 = 0x30;

/** Two or four digits at `from` as a number, or -1. */
function digitsAt(cell: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = cell.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * YYYY-MM-DD, the commonest export format, read directly: a memo look-up costs more
 * than reading it. The same reading as readDate (dates.test.ts compares them);
 * undefined for any other shape.
 */
function isoDay(cell: string): number | null | undefined {
  if (cell.length !== 10 || cell.charCodeAt(4) !== 0x2d || cell.charCodeAt(7) !== 0x2d) return undefined;
  const year = digitsAt(cell, 0, 4);
  const month = digitsAt(cell, 5, 2);
  const day = digitsAt(cell, 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  return utc(year, month, day);
}

/** readDate without the fast path, for tests that compare the two. */
export function readDateSlowly(cell: string, order: DateOrder = 'mdy'): number | null {
  return readDate(cell, order);
}
