// Send windows in a time zone: the first instant the wall clock shows a local time,
// across daylight-saving changes (gaps and overlaps, 30- and 45-minute offsets).
import { describe, expect, it } from 'vitest';
import { addDays, canonicalTimeZone, daysBetween, instantAt, localDate, localDateTime, weekdayOf } from '../../shared/plan/zone';
import { bruteForceWindows } from '../support/plan-oracle';

const at = (iso: string) => Date.parse(iso);

describe('instantAt', () => {
  it.each([
    // zone, date, local time, expected UTC instant, why
    ['America/New_York', '2026-03-07', '09:00', '2026-03-07T14:00:00Z', 'EST, UTC−5'],
    ['America/New_York', '2026-03-08', '09:00', '2026-03-08T13:00:00Z', 'EDT from 8 March'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00Z', 'does not exist: the moment the clock jumps to 03:00'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00Z', 'shows twice: the first time, still EDT'],
    ['America/New_York', '2026-11-01', '24:00', '2026-11-02T05:00:00Z', 'midnight at the end of a 25-hour day'],
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:00:00Z', 'EU gap, 02:00 → 03:00'],
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00Z', 'EU overlap: first 02:30 is CEST'],
    ['Australia/Lord_Howe', '2026-10-04', '02:10', '2026-10-03T15:30:00Z', 'a 30-minute DST jump, 02:00 → 02:30'],
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00Z', '01:30–02:00 shows twice'],
    ['Pacific/Chatham', '2026-09-27', '03:15', '2026-09-26T14:00:00Z', 'UTC+12:45 jumps to +13:45 at 02:45'],
    ['America/Santiago', '2026-09-06', '00:30', '2026-09-06T04:00:00Z', 'the day starts at 01:00: midnight does not exist'],
    ['Asia/Kolkata', '2026-03-02', '09:00', '2026-03-02T03:30:00Z', 'UTC+5:30, no DST'],
    ['UTC', '2026-01-01', '00:00', '2026-01-01T00:00:00Z', 'UTC'],
  ])('%s %s %s → %s (%s)', (zone, date, time, expected) => {
    const [hours, minutes] = time.split(':').map(Number) as [number, number];
    expect(new Date(instantAt(date, hours * 60 + minutes, zone)).toISOString().replace('.000Z', 'Z')).toBe(expected);
  });

  it('agrees with a minute-by-minute search on every day around the DST changes of many zones', () => {
    // Each zone on the days its clocks change in 2026 (Kathmandu: none, for contrast).
    const days: Record<string, string[]> = {
      'America/New_York': ['2026-03-08', '2026-11-01'],
      'America/St_Johns': ['2026-03-08', '2026-11-01'],
      'Europe/London': ['2026-03-29', '2026-10-25'],
      'Australia/Lord_Howe': ['2026-04-05', '2026-10-04'],
      'Pacific/Chatham': ['2026-04-05', '2026-09-27'],
      'America/Santiago': ['2026-04-04', '2026-09-06'],
      'Asia/Kathmandu': ['2026-03-08'],
    };
    const windows = [
      { start: 0, end: 1440 },
      { start: 90, end: 150 }, // inside the small hours where clocks change
      { start: 120, end: 180 },
      { start: 9 * 60, end: 17 * 60 },
    ];
    for (const [zone, dates] of Object.entries(days)) {
      for (const date of dates) {
        const expected = bruteForceWindows(date, windows, zone);
        const actual = windows.map((window) => ({ open: instantAt(date, window.start, zone), close: instantAt(date, window.end, zone) }));
        expect(actual, `${zone} ${date}`).toEqual(expected);
      }
    }
  });
});

describe('calendar helpers', () => {
  it('knows IANA names and refuses others', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('utc')).toBe('UTC');
    for (const bad of ['Mars/Base', 'CEST+2', 'Europe/Berln', '', 'Europe / Berlin']) expect(canonicalTimeZone(bad)).toBeNull();
  });

  it('reads local dates and times and walks the calendar', () => {
    expect(localDate(at('2026-03-01T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-02');
    expect(localDate(at('2026-03-01T23:30:00Z'), 'America/New_York')).toBe('2026-03-01');
    expect(localDateTime(at('2026-07-01T07:05:09Z'), 'Europe/Berlin')).toBe('2026-07-01 09:05:09');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect([weekdayOf('2026-03-07'), weekdayOf('2026-03-08'), weekdayOf('2026-03-09')]).toEqual([6, 0, 1]);
  });
});
