import { describe, expect, it } from 'vitest';
import { detectDateOrder, parseDate } from '../../shared/consent/consent';

const utc = (iso: string) => Date.parse(iso);

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05T00:00:00Z'],
    ['2024-03-05T14:30', '2024-03-05T14:30:00Z'],
    ['2024-03-05T14:30:15Z', '2024-03-05T14:30:15Z'],
    ['2024-03-05T14:30:15.250Z', '2024-03-05T14:30:15.250Z'],
    ['2024-03-05T14:30:15+02:00', '2024-03-05T12:30:15Z'],
    ['2024-03-05T14:30:15-0500', '2024-03-05T19:30:15Z'],
    ['2024-03-05 14:30:15', '2024-03-05T14:30:15Z'], // Mailchimp OPTIN_TIME
    ['2024-03-05 14:30:15 -0500', '2024-03-05T19:30:15Z'], // Shopify
    ['2024-03-05 14:30:15 UTC', '2024-03-05T14:30:15Z'],
    ['  2024-03-05  ', '2024-03-05T00:00:00Z'],
    ['3/5/2024', '2024-03-05T00:00:00Z'], // US by default
    ['03/05/2024 2:30 PM', '2024-03-05T14:30:00Z'],
    ['12/31/2023 11:59:59 pm', '2023-12-31T23:59:59Z'],
    ['25/03/2024', '2024-03-25T00:00:00Z'], // only day-first reads
    ['05.03.2024', '2024-03-05T00:00:00Z'], // dots are always day-first
    ['5.3.24', '2024-03-05T00:00:00Z'],
    ['5-3-2024', '2024-05-03T00:00:00Z'],
    ['15 Jan 2024', '2024-01-15T00:00:00Z'],
    ['15 January, 2024', '2024-01-15T00:00:00Z'],
    ['Jan 15, 2024', '2024-01-15T00:00:00Z'],
    ['September 3rd 2024', '2024-09-03T00:00:00Z'],
    ['1709649015', '2024-03-05T14:30:15Z'], // epoch seconds
    ['1709649015250', '2024-03-05T14:30:15.250Z'], // epoch milliseconds (HubSpot)
  ])('%s', (cell, iso) => {
    expect(parseDate(cell)).toBe(utc(iso));
  });

  it('reads ambiguous numeric dates in the given order', () => {
    expect(parseDate('03/05/2024', 'dmy')).toBe(utc('2024-05-03T00:00:00Z'));
    expect(parseDate('03/05/2024', 'mdy')).toBe(utc('2024-03-05T00:00:00Z'));
    // A date that reads one way only is read that way, whatever the order.
    expect(parseDate('03/25/2024', 'dmy')).toBe(utc('2024-03-25T00:00:00Z'));
    expect(parseDate('25/03/2024', 'mdy')).toBe(utc('2024-03-25T00:00:00Z'));
  });

  it.each([
    '',
    'yes',
    '1',
    '0',
    '12',
    'n/a',
    'never',
    '2024-02-30',
    '2023-02-29',
    '31/04/2024',
    '13/13/2024',
    '2024-13-01',
    '99:99',
    '1/2',
    '2024-03-05T25:00',
    '13:00 PM 1/1/2024',
    '12345',
    'Foo 15, 2024',
  ])('not a date: %j', (cell) => {
    expect(parseDate(cell)).toBeNull();
  });

  it('knows leap years', () => {
    expect(parseDate('2024-02-29')).toBe(utc('2024-02-29T00:00:00Z'));
  });
});

describe('detectDateOrder', () => {
  it('is day-first when any first field is above 12', () => {
    expect(detectDateOrder(['01/02/2024', '25/12/2023', '', '03/04/2024'])).toBe('dmy');
  });

  it('is month-first when any second field is above 12', () => {
    expect(detectDateOrder(['01/02/2024', '12/25/2023'])).toBe('mdy');
  });

  it('lets the side with more proof win when a column is mixed', () => {
    expect(detectDateOrder(['25/12/2023', '26/12/2023', '12/27/2023'])).toBe('dmy');
  });

  it('falls back to the separator: dotted dates are European, slashed ones US', () => {
    expect(detectDateOrder(['01.02.2024', '03.04.2024'])).toBe('dmy');
    expect(detectDateOrder(['01/02/2024', '03/04/2024'])).toBe('mdy');
    expect(detectDateOrder(['2024-01-02', 'yes', ''])).toBe('mdy');
    expect(detectDateOrder([])).toBe('mdy');
  });
});

describe('the YYYY-MM-DD fast path', () => {
  it('reads every YYYY-MM-DD cell exactly as the general reader does, impossible days included', async () => {
    const { readDateSlowly } = await import('../../shared/consent/dates');
    const fc = (await import('fast-check')).default;
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (year, month, day) => {
          const cell = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
          expect(parseDate(cell, 'mdy')).toBe(readDateSlowly(cell, 'mdy'));
          expect(parseDate(cell, 'dmy')).toBe(readDateSlowly(cell, 'dmy'));
        },
      ),
      { numRuns: 3000 },
    );
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('2023-02-29')).toBeNull();
  });
});
