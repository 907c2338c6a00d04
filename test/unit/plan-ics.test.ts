// plan.json, plan.csv rows and plan.ics built from a schedule.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchFileName, buildPlanDocument, escapeText, foldLine, formatIcs, planCsvRows, type PlanMeta } from '../../shared/plan/document';
import { priorityOrder } from '../../shared/plan/order';
import { resolvePolicy } from '../../shared/plan/policy';
import { planSchedule } from '../../shared/plan/schedule';
import { parseIcs, unescapeText } from '../support/ics';

const meta: PlanMeta = {
  version: '0.1.0',
  generatedAt: Date.parse('2026-03-01T10:00:00Z'),
  input: 'Empfänger März; Newsletter, Teil 1 ✓ — a long name that must fold somewhere.csv',
  quota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 0, source: 'manual' },
  quotaReadAt: Date.parse('2026-03-01T10:00:00Z'),
  headroom: 0.2,
  policy: resolvePolicy('standard'),
  timeZone: 'Europe/Berlin',
  window: { start: 9 * 60, end: 17 * 60 },
  weekdaysOnly: false,
  start: Date.parse('2026-03-02T00:00:00Z'),
  duplicatesRemoved: 0,
};

function samplePlan(count = 30_000) {
  const groups = Uint8Array.from({ length: count }, (_, i) => i % 4);
  const schedule = planSchedule({ count, groups, order: priorityOrder(count, null, null) }, { ...meta, maxBatchSeconds: 1800 });
  return buildPlanDocument(schedule, meta);
}

describe('plan.ics', () => {
  it('is a valid RFC 5545 calendar with one event per batch at the batch times', () => {
    const doc = samplePlan();
    const { calendar, events } = parseIcs(formatIcs(doc, 'abc123'));
    expect(unescapeText(calendar.get('X-WR-CALNAME')![0]!)).toBe(`Send plan: ${meta.input}`);
    expect(events).toHaveLength(doc.batches.length);
    events.forEach((event, i) => {
      const batch = doc.batches[i]!;
      expect(event.uid).toBe(`abc123-batch-${batch.id}@preflight`);
      expect(event.dtstamp).toBe('20260301T100000Z');
      expect(event.dtstart).toBe(Date.parse(batch.start));
      expect(event.dtend).toBe(Date.parse(batch.end));
      expect(event.summary).toBe(`Send batch ${batch.id} of ${doc.batches.length}: ${batch.recipients.toLocaleString('en-US')} recipients`);
      expect(event.description).toContain(batch.file);
      expect(event.description).toContain(meta.input);
    });
  });

  it('folds at 75 octets without splitting a character, and unfolding gives the line back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const line = `DESCRIPTION:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) expect(new TextEncoder().encode(physical).length).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
        expect(unescapeText(escapeText(text))).toBe(text.replace(/\r\n|\r/g, '\n'));
      }),
    );
  });
});

describe('plan.json and plan.csv', () => {
  it('names batch files so they sort, and lists times in UTC and local time', () => {
    expect(batchFileName(1, 17)).toBe('batch-0001.csv');
    expect(batchFileName(123, 10_000)).toBe('batch-00123.csv');
    const doc = samplePlan();
    expect(doc.batches[0]).toMatchObject({ id: 1, start: '2026-03-02T08:00:00Z', file: 'batches/batch-0001.csv', ratePerSecond: 11.2 });
    expect(doc.recipients).toBe(30_000);
    const [header, first] = planCsvRows(doc);
    expect(header).toEqual([
      'batch',
      'start (Europe/Berlin)',
      'end (Europe/Berlin)',
      'start_utc',
      'end_utc',
      'recipients',
      'rate_per_second',
      'duration_minutes',
      'Gmail',
      'Yahoo/AOL',
      'Microsoft',
      'Others',
      'file',
    ]);
    expect(first).toEqual([
      '1',
      '2026-03-02 09:00:00',
      '2026-03-02 09:00:45',
      '2026-03-02T08:00:00Z',
      '2026-03-02T08:00:45Z',
      '500',
      '11.2',
      '0.8',
      '125',
      '125',
      '125',
      '125',
      'batches/batch-0001.csv',
    ]);
  });
});
