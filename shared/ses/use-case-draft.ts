// The production-access use case, drafted from a check's report.json (and the
// warm-up plan's plan.json when there is one). It states only what those files
// show: numbers Preflight measured, columns it read. What only the user knows
// (where the list comes from, how people sign up, how bounces and complaints are
// handled) is left as a [[…]] gap, and a request with a gap left in it is
// refused (production-access.ts), so the draft is never sent unedited.

import type { ListForecast } from '../model/risk';
import { isReasonCode, REASONS } from '../model/reasons';
import type { Readiness } from '../model/ses';
import { FILL_IN_CLOSE, FILL_IN_OPEN, type MailType } from './production-access';

/** The parts of report.json the draft reads (checked by the reader before they get here). */
export interface DraftReport {
  rows: number;
  verdicts: { send: number; review: number; remove: number };
  reasons: Record<string, number>;
  input: { file: string };
  columns: {
    consent: string | null;
    doubleOptIn: string | null;
    consentSources: { column: string; role: string; values: { reading: string; rows: number }[] }[];
  };
  settings: { dns: string };
  domains?: { checked: number; rowsUnchecked: number };
  suppression?: { source: string; entries: number; matched: number };
  forecast?: { send: ListForecast };
  readiness?: Readiness;
}

/** The parts of plan.json the draft reads. */
export interface DraftPlan {
  days: { date: string; recipients: number }[];
  recipients: number;
}

const gap = (what: string) => `${FILL_IN_OPEN}${what}${FILL_IN_CLOSE}`;
const count = (value: number) => value.toLocaleString('en-US');
const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 && share > 0 ? 3 : share < 0.1 ? 2 : 1)}%`;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

function optInSentence(report: DraftReport): string {
  const source =
    report.columns.consentSources.find((candidate) => candidate.role === 'opt-in') ??
    report.columns.consentSources.find((candidate) => candidate.role === 'status');
  if (!source) {
    return `The list has no opt-in column, so Preflight could not confirm consent for any row. ${gap('Say how and when these people agreed to receive your email.')}`;
  }
  const agreed = source.values.filter((value) => value.reading === 'consent').reduce((sum, value) => sum + value.rows, 0);
  const share = report.rows > 0 ? agreed / report.rows : 0;
  const kind = source.role === 'status' ? 'subscription status' : 'opt-in';
  const doubleOptIn = report.columns.doubleOptIn
    ? ` A double opt-in confirmation is recorded in the column "${report.columns.doubleOptIn}".`
    : '';
  return (
    `The ${kind} of each person is recorded in the column "${source.column}": ${count(agreed)} of ${count(report.rows)} rows (${percent(share)}) record that the person agreed.${doubleOptIn} ` +
    gap('Describe how people opt in: the sign-up form or checkout box, what it promises them, and the confirmation email if you send one.')
  );
}

function cleaningSentences(report: DraftReport): string[] {
  const { send, review, remove } = report.verdicts;
  const reasons = Object.entries(report.reasons)
    .filter(([code, rows]) => isReasonCode(code) && rows > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([code, rows]) => `${REASONS[code as keyof typeof REASONS].label.toLowerCase()} ${count(rows)}`);
  const lines = [
    `The list was checked with Preflight: of ${count(report.rows)} rows, ${count(remove)} were removed, ${count(review)} held back for review and ${count(send)} kept to send` +
      (reasons.length ? ` (most common reasons: ${reasons.join(', ')}).` : '.'),
  ];
  if (report.suppression)
    lines.push(
      `${count(report.suppression.matched)} addresses on the suppression list (${count(report.suppression.entries)} entries) were removed.`,
    );
  if (report.settings.dns === 'off' || !report.domains || report.domains.checked === 0) {
    lines.push('The domains were not checked with DNS in this run.');
  } else {
    const unchecked = report.domains.rowsUnchecked > 0 ? ` (${count(report.domains.rowsUnchecked)} rows could not be checked)` : '';
    lines.push(
      `${count(report.domains.checked)} domains were asked in DNS whether they take mail; rows on domains that do not were removed${unchecked}.`,
    );
  }
  return lines;
}

function forecastSentence(forecast: ListForecast | undefined): string | null {
  if (!forecast) return null;
  return (
    `Preflight's forecast for the cleaned list: bounces ${percent(forecast.bounceRate)} (90% interval up to ${percent(forecast.bounceRateHigh)}), ` +
    `complaints ${percent(forecast.complaintRate)} (up to ${percent(forecast.complaintRateHigh)}), against SES's review levels of 5% and 0.1%.`
  );
}

function readinessSentence(readiness: Readiness | undefined): string {
  if (!readiness)
    return `Sender authentication: ${gap('say which domain you send from and whether SPF, DKIM and DMARC are set up for it.')}`;
  const state = (status: string) => (status === 'ok' ? 'in place' : status === 'unknown' ? 'not checked' : 'not yet in place');
  // The authentication checks only: SES's own deliverability recommendations (VDM) are for the sender, not for AWS's review.
  const items = readiness.items.filter((item) => item.id !== 'ses_recommendation').map((item) => `${item.title}: ${state(item.status)}`);
  return `Sender authentication for ${readiness.domain}, as Preflight checked it in ${readiness.region}: ${items.join('; ')}.`;
}

function warmUpSentence(plan: DraftPlan | null | undefined): string {
  if (!plan || plan.days.length === 0) return `Warm-up: ${gap('say how you will ramp up the volume over the first weeks.')}`;
  const week = (index: number) => plan.days.slice(index * 7, index * 7 + 7).reduce((sum, day) => sum + day.recipients, 0);
  const weeks = [week(0), week(1)].filter((total, index) => index === 0 || total > 0);
  const first = plan.days[0]!;
  return (
    `We warm up gradually: the send plan starts with ${count(first.recipients)} recipients on ${first.date}, ` +
    weeks.map((total, index) => `${count(total)} in week ${index + 1}`).join(' and ') +
    `, reaching all ${count(plan.recipients)} recipients over ${count(plan.days.length)} sending days.`
  );
}

/** The drafted use case: plain paragraphs, [[…]] where only the user can say what is true. */
export function draftUseCase(report: DraftReport, options: { mailType: MailType; plan?: DraftPlan | null }): string {
  const what =
    options.mailType === 'MARKETING' ? 'marketing email (newsletters and offers)' : 'transactional email (account and order messages)';
  const paragraphs = [
    `We send ${what} to people who signed up with us. ${gap('Say what your business is and what the messages contain.')}`,
    `Our list has ${count(report.rows)} addresses (file ${baseName(report.input.file)}). ${gap('Name where the list comes from, for example your shop or CRM.')}`,
    optInSentence(report),
    cleaningSentences(report).join(' '),
    ...[forecastSentence(report.forecast?.send)].filter((line): line is string => line !== null),
    readinessSentence(report.readiness),
    warmUpSentence(options.plan),
    `Bounces and complaints: ${gap('say how you receive them (SES notifications to SNS, or an event destination) and that bounced and complaining addresses are never mailed again.')}`,
    options.mailType === 'MARKETING'
      ? `Unsubscribing: ${gap('say how people unsubscribe: a link in every message and the one-click List-Unsubscribe header, and how fast you honour it.')}`
      : `Unsubscribing: ${gap('say whether these messages carry any marketing, and if so how people unsubscribe from it.')}`,
  ];
  return `${paragraphs.join('\n\n')}\n`;
}
