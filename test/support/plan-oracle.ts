// An independent checker for send plans: every constraint of issue 6, recomputed
// from the plan's batches alone (times, counts, providers) with its own arithmetic
// and its own time-zone reading. Each check returns the violations it found, as
// sentences, so a failing test says which constraint broke and where.
import type { ProviderGroup } from '../../shared/plan/policy';

export const GROUPS: ProviderGroup[] = ['gmail', 'yahoo_aol', 'microsoft', 'other'];
const DAY = 86_400_000;

export interface OracleBatch {
  start: number;
  end: number;
  recipients: number;
  ratePerSecond: number;
  providers: Record<ProviderGroup, number>;
  date: string;
}

export interface OracleSettings {
  max24HourSend: number;
  maxSendRate: number;
  sentLast24Hours: number;
  quotaReadAt: number;
  headroom: number;
  firstDay: number;
  growth: number;
  weekOneCaps: Partial<Record<ProviderGroup, number>>;
  timeZone: string;
  window: { start: number; end: number };
  weekdaysOnly: boolean;
  /** The earliest send allowed. */
  start: number;
}

/** Every rolling 24-hour window that holds any part of a batch stays within the usable quota. */
export function rollingWindowViolations(batches: OracleBatch[], s: OracleSettings): string[] {
  if (s.max24HourSend < 0) return [];
  const usable = Math.floor(s.max24HourSend * (1 - s.headroom) + 1e-9);
  const out: string[] = [];
  // The total of a window (t − 24 h, t] only rises when a batch starts, so checking the
  // windows ending at each batch start (and, for good measure, at each end) covers all.
  const ends = batches.flatMap((b) => [b.start, b.end, b.end + DAY - 1]);
  for (const t of ends) {
    let total = t < s.quotaReadAt + DAY ? s.sentLast24Hours : 0;
    let touched = false;
    for (const b of batches) {
      if (b.start <= t && b.end > t - DAY) {
        total += b.recipients;
        touched = true;
      }
    }
    if (touched && total > usable) out.push(`window ending ${new Date(t).toISOString()} holds ${total} > ${usable}`);
  }
  return out;
}

/** No batch faster than the usable rate; batches never overlap; the whole plan starts no earlier than allowed. */
export function rateViolations(batches: OracleBatch[], s: OracleSettings): string[] {
  const usableRate = s.maxSendRate * (1 - s.headroom) + 1e-9;
  const out: string[] = [];
  batches.forEach((b, i) => {
    const seconds = (b.end - b.start) / 1000;
    if (!(seconds > 0)) out.push(`batch ${i + 1} has no duration`);
    if (b.recipients / seconds > usableRate) out.push(`batch ${i + 1}: ${b.recipients} in ${seconds}s is over ${usableRate}/s`);
    if (b.ratePerSecond > usableRate) out.push(`batch ${i + 1} announces ${b.ratePerSecond}/s > ${usableRate}`);
    if (b.recipients < 1) out.push(`batch ${i + 1} is empty`);
    const next = batches[i + 1];
    if (next && next.start < b.end) out.push(`batch ${i + 2} starts before batch ${i + 1} ends`);
    if (b.start % 1000 !== 0 || b.end % 1000 !== 0) out.push(`batch ${i + 1} is not on whole seconds`);
  });
  if (batches[0] && batches[0].start < s.start) out.push('the first batch starts before --start');
  return out;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();
/** Local date and minutes (with seconds as a fraction) of an instant: the oracle's own reading of the zone. */
export function localParts(instant: number, timeZone: string): { date: string; minutes: number; weekday: string } {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    wallFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minutes: Number(parts['hour']) * 60 + Number(parts['minute']) + Number(parts['second']) / 60,
    weekday: parts['weekday']!,
  };
}

/** Both ends of every batch read, on a wall clock in the plan's zone, as inside the day's window. */
export function windowViolations(batches: OracleBatch[], s: OracleSettings): string[] {
  const out: string[] = [];
  batches.forEach((b, i) => {
    const start = localParts(b.start, s.timeZone);
    const end = localParts(b.end, s.timeZone);
    if (start.date !== b.date) out.push(`batch ${i + 1} starts on ${start.date}, not its date ${b.date}`);
    if (start.minutes < s.window.start) out.push(`batch ${i + 1} starts at minute ${start.minutes} before the window`);
    const endsAtMidnight = s.window.end === 1440 && end.minutes === 0 && end.date > b.date;
    if (!endsAtMidnight && (end.date !== b.date || end.minutes > s.window.end)) {
      out.push(`batch ${i + 1} ends at ${end.date} minute ${end.minutes}, after the window of ${b.date}`);
    }
    if (s.weekdaysOnly && (start.weekday === 'Sat' || start.weekday === 'Sun')) out.push(`batch ${i + 1} is on a ${start.weekday}`);
  });
  return out;
}

/**
 * Windows of a day found by brute force, minute by minute: the first instant whose
 * wall clock shows the day and at least the opening time, and likewise the closing time.
 */
export function bruteForceWindows(
  date: string,
  windows: { start: number; end: number }[],
  timeZone: string,
): { open: number; close: number }[] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const from = Date.UTC(y, m - 1, d) - 16 * 3_600_000;
  const found = windows.map(() => ({ open: Number.NaN, close: Number.NaN }));
  for (let t = from; t < from + 3 * DAY && found.some((w) => Number.isNaN(w.close)); t += 60_000) {
    const local = localParts(t, timeZone);
    const reached = (minute: number) => local.date > date || (local.date === date && local.minutes >= minute);
    windows.forEach((window, i) => {
      if (Number.isNaN(found[i]!.open) && reached(window.start)) found[i]!.open = t;
      if (Number.isNaN(found[i]!.close) && reached(window.end)) found[i]!.close = t;
    });
  }
  return found;
}

interface DayTotals {
  date: string;
  recipients: number;
  providers: Record<ProviderGroup, number>;
}

export function dayTotals(batches: OracleBatch[]): DayTotals[] {
  const days = new Map<string, DayTotals>();
  for (const b of batches) {
    const day = days.get(b.date) ?? { date: b.date, recipients: 0, providers: { gmail: 0, yahoo_aol: 0, microsoft: 0, other: 0 } };
    day.recipients += b.recipients;
    for (const g of GROUPS) day.providers[g] += b.providers[g];
    days.set(b.date, day);
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
}

const daysApart = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

export interface ProviderCapDay {
  date: string;
  /** Per group: whether it received exactly as many as it could that day. */
  capped: Record<ProviderGroup, boolean>;
}

/** Day-over-day growth for the plan and each provider, and the week-one provider caps. */
export function warmupViolations(batches: OracleBatch[], s: OracleSettings): { violations: string[]; capped: ProviderCapDay[] } {
  const days = dayTotals(batches);
  const out: string[] = [];
  const capped: ProviderCapDay[] = [];
  days.forEach((day, i) => {
    const previous = days[i - 1];
    const limit = previous ? Math.max(s.firstDay, previous.recipients * s.growth) : s.firstDay;
    if (day.recipients > limit + 1e-6) out.push(`${day.date}: ${day.recipients} recipients > ${limit}`);
    const inWeekOne = daysApart(days[0]!.date, day.date) < 7;
    const cap = { gmail: false, yahoo_aol: false, microsoft: false, other: false };
    for (const g of GROUPS) {
      let groupLimit = previous ? Math.max(s.firstDay, previous.providers[g] * s.growth) : s.firstDay;
      const weekOne = s.weekOneCaps[g];
      if (inWeekOne && weekOne !== undefined) groupLimit = Math.min(groupLimit, weekOne);
      if (day.providers[g] > groupLimit + 1e-6) out.push(`${day.date}: ${g} got ${day.providers[g]} > ${groupLimit}`);
      cap[g] = day.providers[g] >= Math.floor(groupLimit + 1e-9);
    }
    capped.push({ date: day.date, capped: cap });
  });
  return { violations: out, capped };
}

/**
 * Priority order: `rank` is each recipient's place in the expected order (0 = first).
 * Inside a day recipients leave in rank order; a better-ranked recipient of provider g
 * may wait for a later day only if g had reached its cap that day.
 */
export function orderViolations(
  batches: (OracleBatch & { members: number[] })[],
  rank: ArrayLike<number>,
  groupOf: ArrayLike<number>,
  capped: ProviderCapDay[],
): string[] {
  const out: string[] = [];
  const cappedOn = new Map(capped.map((day) => [day.date, day.capped]));
  const byDay = new Map<string, number[]>();
  for (const b of batches) {
    const day = byDay.get(b.date) ?? [];
    for (const r of b.members) day.push(r);
    byDay.set(b.date, day);
  }
  const dates = [...byDay.keys()].sort();
  // The first recipient of each group still unsent after each day.
  const later: number[][] = GROUPS.map(() => []);
  for (const date of dates) for (const r of byDay.get(date)!) later[groupOf[r]!]!.push(r);
  GROUPS.forEach((g, gi) => {
    const sequence = later[gi]!;
    for (let i = 1; i < sequence.length; i++) {
      if (rank[sequence[i]!]! < rank[sequence[i - 1]!]!) {
        out.push(`${g}: recipient ${sequence[i]} is sent after a lower-priority recipient of the same provider`);
        break;
      }
    }
  });
  const nextOf = GROUPS.map(() => 0);
  for (const date of dates) {
    const members = byDay.get(date)!;
    for (let i = 1; i < members.length; i++) {
      if (rank[members[i]!]! < rank[members[i - 1]!]!) {
        out.push(`${date}: recipient ${members[i]} leaves after a lower-priority one`);
        break;
      }
    }
    for (const r of members) nextOf[groupOf[r]!]!++;
    let worstToday = -1;
    for (const r of members) worstToday = Math.max(worstToday, rank[r]!);
    GROUPS.forEach((g, gi) => {
      const waiting = later[gi]![nextOf[gi]!];
      if (waiting !== undefined && rank[waiting]! < worstToday && !cappedOn.get(date)![g]) {
        out.push(`${date}: ${g} recipient ${waiting} waits although ${g} had room and a lower-priority recipient was sent`);
      }
    });
  }
  return out;
}
