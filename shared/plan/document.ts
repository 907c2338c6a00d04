// plan.json, plan.csv rows and plan.ics, built from a schedule. Pure: the files are
// written by electron/services/plan/.

import type { PlanAccountCap } from './account-cap';
import { PROVIDER_GROUP_LABELS, PROVIDER_GROUPS, type ProviderGroup, type WarmupPolicy } from './policy';
import type { PlanQuota, Schedule, ScheduledBatch, SendWindow } from './schedule';
import { formatMinuteOfDay, localDateTime } from './zone';

export interface PlanBatchEntry {
  id: number;
  /** ISO 8601 UTC. */
  start: string;
  end: string;
  recipients: number;
  ratePerSecond: number;
  /** Relative to the plan folder, e.g. batches/batch-0001.csv. */
  file: string;
  providers: Record<ProviderGroup, number>;
  /** The local date (plan time zone) of the batch. */
  date: string;
}

export interface PlanDocument {
  tool: { name: 'preflight'; version: string };
  generatedAt: string;
  /** The send list's file name. */
  input: string;
  quota: PlanQuota & { readAt: string };
  headroom: number;
  /** What the plan may use after headroom: max24HourSend null = unlimited. */
  usable: { max24HourSend: number | null; maxSendRate: number };
  policy: WarmupPolicy;
  timeZone: string;
  /** HH:MM-HH:MM local time. */
  window: string;
  weekdaysOnly: boolean;
  /** The earliest moment the plan was allowed to start (ISO 8601 UTC). */
  start: string;
  /** How batches count against the rolling 24-hour quota (docs/plan.md). */
  rollingWindowModel: string;
  batches: PlanBatchEntry[];
  days: {
    date: string;
    recipients: number;
    providers: Record<ProviderGroup, number>;
    /** With an account-rate cap: the day sent all of it, so that rate (not the warm-up or the quota) bound the day. */
    limitedBy?: 'bounce-rate' | 'complaint-rate';
  }[];
  recipients: number;
  /** Rows of the send list left out because an earlier row has the same address: no one is planned twice. */
  duplicatesRemoved: number;
  /** With the check's account projection: the daily cap that keeps the account's projected bounce and complaint rates under their targets (shared/plan/account-cap.ts). */
  accountCap?: PlanAccountCap;
}

export interface PlanMeta {
  version: string;
  generatedAt: number;
  input: string;
  quota: PlanQuota;
  quotaReadAt: number;
  headroom: number;
  policy: WarmupPolicy;
  timeZone: string;
  window: SendWindow;
  weekdaysOnly: boolean;
  start: number;
  duplicatesRemoved: number;
}

export const ROLLING_WINDOW_MODEL =
  'Each batch counts in full in every rolling 24-hour window that touches any moment between its start and end; SentLast24Hours counts in every window that begins within 24 hours of the quota reading.';

/** batch-0001.csv … (more digits past 9,999 batches, so names still sort). */
export function batchFileName(id: number, total: number): string {
  return `batch-${String(id).padStart(Math.max(4, String(total).length), '0')}.csv`;
}

export const BATCHES_FOLDER = 'batches';

export function iso(instant: number): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

export function formatWindow(window: SendWindow): string {
  return `${formatMinuteOfDay(window.start)}-${formatMinuteOfDay(window.end)}`;
}

export function buildPlanDocument(schedule: Schedule, meta: PlanMeta): PlanDocument {
  const total = schedule.batches.length;
  return {
    tool: { name: 'preflight', version: meta.version },
    generatedAt: iso(meta.generatedAt),
    input: meta.input,
    quota: { ...meta.quota, readAt: iso(meta.quotaReadAt) },
    headroom: meta.headroom,
    usable: { max24HourSend: schedule.usable.daily, maxSendRate: schedule.usable.ratePerSecond },
    policy: meta.policy,
    timeZone: meta.timeZone,
    window: formatWindow(meta.window),
    weekdaysOnly: meta.weekdaysOnly,
    start: iso(meta.start),
    rollingWindowModel: ROLLING_WINDOW_MODEL,
    batches: schedule.batches.map((batch) => batchEntry(batch, total)),
    days: schedule.days.map((day) => ({ date: day.date, recipients: day.recipients, providers: { ...day.providers } })),
    recipients: schedule.sendOrder.length,
    duplicatesRemoved: meta.duplicatesRemoved,
  };
}

function batchEntry(batch: ScheduledBatch, total: number): PlanBatchEntry {
  return {
    id: batch.id,
    start: iso(batch.start),
    end: iso(batch.end),
    recipients: batch.recipients,
    ratePerSecond: batch.ratePerSecond,
    file: `${BATCHES_FOLDER}/${batchFileName(batch.id, total)}`,
    providers: { ...batch.providers },
    date: batch.date,
  };
}

/** plan.csv: a header and one row per batch, local times next to UTC for a spreadsheet. */
export function planCsvRows(doc: PlanDocument): string[][] {
  const header = [
    'batch',
    `start (${doc.timeZone})`,
    `end (${doc.timeZone})`,
    'start_utc',
    'end_utc',
    'recipients',
    'rate_per_second',
    'duration_minutes',
    ...PROVIDER_GROUPS.map((group) => PROVIDER_GROUP_LABELS[group]),
    'file',
  ];
  const rows = doc.batches.map((batch) => {
    const start = Date.parse(batch.start);
    const end = Date.parse(batch.end);
    return [
      String(batch.id),
      localDateTime(start, doc.timeZone),
      localDateTime(end, doc.timeZone),
      batch.start,
      batch.end,
      String(batch.recipients),
      String(batch.ratePerSecond),
      ((end - start) / 60_000).toFixed(1),
      ...PROVIDER_GROUPS.map((group) => String(batch.providers[group])),
      batch.file,
    ];
  });
  return [header, ...rows];
}

const number = new Intl.NumberFormat('en-US');

/**
 * plan.ics (RFC 5545): one VEVENT per batch with UID, DTSTAMP, DTSTART/DTEND in
 * UTC and the recipient count in SUMMARY; CRLF line ends, lines folded at 75 octets.
 * @param uidPrefix unique per plan, so two plans imported into one calendar never collide
 */
export function formatIcs(doc: PlanDocument, uidPrefix: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Preflight//Send plan ${doc.tool.version}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`Send plan: ${doc.input}`)}`,
  ];
  const stamp = icsTime(doc.generatedAt);
  const total = doc.batches.length;
  for (const batch of doc.batches) {
    const providers = PROVIDER_GROUPS.filter((group) => batch.providers[group] > 0)
      .map((group) => `${PROVIDER_GROUP_LABELS[group]} ${number.format(batch.providers[group])}`)
      .join(', ');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uidPrefix}-batch-${batch.id}@preflight`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icsTime(batch.start)}`,
      `DTEND:${icsTime(batch.end)}`,
      `SUMMARY:${escapeText(`Send batch ${batch.id} of ${total}: ${number.format(batch.recipients)} recipients`)}`,
      `DESCRIPTION:${escapeText(
        `Send ${batch.file} from ${doc.input}: ${number.format(batch.recipients)} recipients at no more than ${batch.ratePerSecond} per second, finishing by the end of this event.\n${providers}.`,
      )}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** 2026-03-02T09:00:00Z → 20260302T090000Z */
function icsTime(isoTime: string): string {
  return isoTime.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon and comma escaped, line breaks as \n. */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1: lines longer than 75 octets continue on lines starting with a space; never inside a UTF-8 character. */
export function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > limit) {
      out += '\r\n ';
      octets = 0;
      limit = 74; // the leading space is the 75th octet
    }
    out += char;
    octets += size;
  }
  return out;
}
