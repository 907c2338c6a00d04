// The Plan screen's rules that need no browser: the form's defaults and
// reading (with the CLI's own sentences), and the plan's place in the step
// state machine (stale answers ignored, a failed plan keeps the one before it).
import { describe, expect, it } from 'vitest';
import type { PlanResult } from '../../shared/ipc/contract';
import type { InspectResult, Report } from '../../shared/model/check';
import { isUserError } from '../../shared/model/errors';
import type { PlanDocument } from '../../shared/plan/document';
import type { PlanRequest } from '../../shared/plan/parameters';
import { resolvePlanRequest } from '../../shared/plan/parameters';
import { instantAt } from '../../shared/plan/zone';
import { parsePlanArgs } from '../../electron/cli/plan-command';
import type { AppState } from '../../renderer/src/app/state';
import { canVisit, initialState, isDone, reducer } from '../../renderer/src/app/state';
import { checkRequestFrom } from '../../renderer/src/columns/draft';
import type { PlanForm } from '../../renderer/src/plan/planForm';
import { changeForm, defaultPlanForm, nextWholeHour, readPlanForm, refreshStart } from '../../renderer/src/plan/planForm';

// 2026-03-02 14:25 UTC, a Monday.
const NOW = Date.parse('2026-03-02T14:25:00Z');
const ctx = { now: NOW, ses: null };

function form(patch: Partial<PlanForm> = {}): PlanForm {
  return { ...defaultPlanForm({ now: NOW, timeZone: 'Europe/Berlin', ses: false }), max24HourSend: '50000', maxSendRate: '14', ...patch };
}

/** The sentence the CLI prints for these options (a send list and --out are given; `options` replace the defaults). */
function cliSentence(options: string[]): string {
  const defaults = ['--max-24h', '50000', '--max-rate', '14', '--timezone', 'Europe/Berlin', '--now', '2026-03-02T14:25:00Z'];
  const kept = defaults.flatMap((token, i) => (i % 2 === 0 && !options.includes(token) ? [token, defaults[i + 1]!] : []));
  try {
    parsePlanArgs(['send.csv', '--out', 'plan', ...kept, ...options], {}, () => NOW);
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  throw new Error(`the CLI accepted ${options.join(' ')}`);
}

describe('the Plan screen’s form', () => {
  it('starts at the next whole hour in the zone, 09:00–17:00, 20% headroom, the standard warm-up', () => {
    const defaults = defaultPlanForm({ now: NOW, timeZone: 'Europe/Berlin', ses: false });
    // 14:25 UTC is 15:25 in Berlin (CET).
    expect(defaults).toMatchObject({
      start: '2026-03-02T16:00',
      timeZone: 'Europe/Berlin',
      windowStart: '09:00',
      windowEnd: '17:00',
      headroom: '20',
      policy: 'standard',
      quotaSource: 'manual',
    });
    expect(defaults).toMatchObject({ max24HourSend: '', maxSendRate: '', sentLast24Hours: '0', firstDay: '500', growth: '1.4' });
    expect(nextWholeHour(Date.parse('2026-03-02T23:30:00Z'), 'UTC')).toBe('2026-03-03T00:00');
    // With the check's SES account: read from it, the typed fields start from its numbers.
    const fromSes = defaultPlanForm({
      now: NOW,
      timeZone: 'UTC',
      ses: true,
      accountQuota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 1_234 },
    });
    expect(fromSes).toMatchObject({ quotaSource: 'ses', max24HourSend: '50000', maxSendRate: '14', sentLast24Hours: '1234' });
  });

  it('reads a complete form into the request the main process checks the same way', () => {
    const { request, problems } = readPlanForm(form({ headroom: '25', weekdaysOnly: false, sentLast24Hours: '1,234' }), ctx);
    expect(problems).toEqual({});
    expect(request).toEqual({
      quota: { source: 'manual', max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 1_234 },
      start: '2026-03-02T16:00',
      timeZone: 'Europe/Berlin',
      window: { start: 540, end: 1020 },
      weekdaysOnly: false,
      headroom: 0.25,
      policy: 'standard',
    } satisfies PlanRequest);
    const resolved = resolvePlanRequest(request!, NOW);
    expect(resolved.start).toBe(instantAt('2026-03-02', 16 * 60, 'Europe/Berlin'));
    expect(resolved.policy.name).toBe('standard');
    // "25%" means the same as "25"; custom values make the policy custom.
    expect(readPlanForm(form({ headroom: '25%' }), ctx).request?.headroom).toBe(0.25);
    const custom = readPlanForm(form({ custom: true, firstDay: '800', growth: '1.25' }), ctx).request!;
    expect(resolvePlanRequest(custom, NOW).policy).toMatchObject({ name: 'custom', basedOn: 'standard', firstDay: 800, growth: 1.25 });
    // From SES: only the account, no numbers.
    expect(readPlanForm(form({ quotaSource: 'ses' }), { now: NOW, ses: { region: 'eu-west-1' } }).request?.quota).toEqual({
      source: 'ses',
      region: 'eu-west-1',
    });
  });

  it.each([
    [
      'a window across midnight',
      { windowStart: '17:00', windowEnd: '09:00' },
      'window',
      ['--window', '17:00-09:00'],
      '--window',
      'The send window',
    ],
    ['a malformed window', { windowStart: '9', windowEnd: '17:00' }, 'window', ['--window', '9-17:00'], '--window', 'The send window'],
    ['an unknown zone', { timeZone: 'Mars/Base' }, 'timeZone', ['--timezone', 'Mars/Base'], '', ''],
    ['headroom of 100%', { headroom: '100' }, 'headroom', ['--headroom', '100%'], '--headroom', 'The headroom'],
    ['a daily quota of 0', { max24HourSend: '0' }, 'max24HourSend', ['--max-24h', '0'], '--max-24h', 'The daily quota'],
    ['a rate of "fast"', { maxSendRate: 'fast' }, 'maxSendRate', ['--max-rate', 'fast'], '--max-rate', 'The send rate'],
    ['a growth of 12', { custom: true, growth: '12' }, 'growth', ['--growth', '12'], '--growth', 'The growth'],
    ['a first day of 0', { custom: true, firstDay: '0' }, 'firstDay', ['--first-day', '0'], '--first-day', 'The first-day volume'],
    [
      'a start in the past',
      { start: '2026-03-01T09:00', startEdited: true },
      'start',
      ['--start', '2026-03-01T09:00'],
      '--start',
      'The start',
    ],
  ] as [string, Partial<PlanForm>, keyof ReturnType<typeof readPlanForm>['problems'], string[], string, string][])(
    'says what the CLI says about %s, in the field’s own name',
    (_, patch, field, options, cliLabel, appLabel) => {
      const { request, problems } = readPlanForm(form(patch), ctx);
      expect(request).toBeNull();
      const cli = cliSentence(options).replace(' (leave --start out to start now)', '');
      expect(problems[field]).toBe(cliLabel ? cli.replace(cliLabel, appLabel) : cli);
      expect(Object.keys(problems)).toEqual([field]);
    },
  );

  it('asks for a field left empty', () => {
    const { problems } = readPlanForm(form({ max24HourSend: ' ', maxSendRate: '' }), ctx);
    expect(problems.max24HourSend).toMatch(/^Enter the daily sending quota/);
    expect(problems.maxSendRate).toMatch(/^Enter the maximum send rate/);
  });

  it('moves a default start with the zone and the clock, never one the user typed', () => {
    const moved = changeForm(form(), { timeZone: 'America/New_York' }, NOW);
    expect(moved.start).toBe('2026-03-02T10:00');
    const typed = changeForm(form(), { start: '2026-03-05T08:00' }, NOW);
    expect(changeForm(typed, { timeZone: 'UTC' }, NOW).start).toBe('2026-03-05T08:00');
    const later = NOW + 3 * 3_600_000;
    expect(refreshStart(form(), later).start).toBe('2026-03-02T19:00');
    expect(refreshStart(typed, later)).toBe(typed);
    // A preset brings its own custom values until the user turns custom on.
    expect(changeForm(form(), { policy: 'aggressive' }, NOW)).toMatchObject({ firstDay: '1000', growth: '2' });
    expect(changeForm(form({ custom: true, firstDay: '42' }), { policy: 'aggressive' }, NOW).firstDay).toBe('42');
  });
});

const list = {
  path: '/home/sam/list.csv',
  fileName: 'list.csv',
  bytes: 10,
  notes: [],
  encoding: 'utf-8',
  delimiter: ',',
  headers: ['Email'],
  sample: [['a@b.com']],
  detected: {
    email: { index: 0, name: 'Email', confidence: 1, why: 'header' },
    consent: null,
    optInDate: null,
    lastActivity: [],
    doubleOptIn: null,
    optOut: [],
    status: null,
    verifier: null,
    unreadable: [],
  },
} as unknown as InspectResult;

function reviewed(jobId = 'job-1'): AppState {
  const imported = reducer(initialState, { type: 'imported', list });
  const requested = reducer(imported, {
    type: 'check-requested',
    request: checkRequestFrom(list, imported.draft!),
    fileName: 'list.csv',
    at: 0,
  });
  const started = reducer(requested, { type: 'check-started', jobId });
  return reducer(started, { type: 'finished', event: { jobId, report: { rows: 1, verdicts: { send: 1 } } as Report } });
}

const planResult = (batches: number) =>
  ({
    document: { batches: Array.from({ length: batches }) } as unknown as PlanDocument,
    riskColumn: false,
    engagementColumns: [],
    files: [],
  }) satisfies PlanResult;
const request = { policy: 'standard' } as PlanRequest;

describe('the plan in the step state machine', () => {
  it('puts Plan between Review and Export, reachable once the check has finished, done once a plan is made', () => {
    const state = reviewed();
    expect(canVisit(state, 'plan')).toBe(true);
    expect(canVisit(initialState, 'plan')).toBe(false);
    const onPlan = reducer(state, { type: 'navigate', step: 'plan' });
    expect(onPlan.step).toBe('plan');
    expect(isDone(onPlan, 'review')).toBe(true);
    expect(isDone(onPlan, 'plan')).toBe(false);
    const asked = reducer(onPlan, { type: 'plan-requested', jobId: 'job-1', token: 1, request });
    const planned = reducer(asked, { type: 'planned', jobId: 'job-1', token: 1, plan: planResult(3) });
    expect(isDone(planned, 'plan')).toBe(true);
    expect(planned.result?.plan).toMatchObject({ running: null, error: null, result: { request } });
  });

  it('keeps only the newest plan’s answer, and nothing for another job', () => {
    let state = reducer(reviewed(), { type: 'plan-requested', jobId: 'job-1', token: 1, request });
    state = reducer(state, { type: 'plan-requested', jobId: 'job-1', token: 2, request });
    const stale = reducer(state, { type: 'planned', jobId: 'job-1', token: 1, plan: planResult(1) });
    expect(stale).toBe(state);
    expect(reducer(state, { type: 'plan-failed', jobId: 'job-1', token: 1, message: 'replaced' })).toBe(state);
    expect(reducer(state, { type: 'planned', jobId: 'job-9', token: 2, plan: planResult(1) })).toBe(state);
    expect(
      reducer(state, { type: 'plan-progress', jobId: 'job-1', progress: { phase: 'reading', bytesRead: 5, bytesTotal: 10 } }).result?.plan
        .running?.progress?.bytesRead,
    ).toBe(5);
  });

  it('keeps the previous plan when a newer one fails, and asks for a new export after a new plan', () => {
    let state = reducer(reviewed(), { type: 'plan-requested', jobId: 'job-1', token: 1, request });
    state = reducer(state, { type: 'planned', jobId: 'job-1', token: 1, plan: planResult(2) });
    state = reducer(state, { type: 'exported', result: { folder: '/out', files: ['plan.json'] } });
    expect(isDone(state, 'export')).toBe(true);
    state = reducer(state, { type: 'plan-requested', jobId: 'job-1', token: 2, request });
    const failed = reducer(state, {
      type: 'plan-failed',
      jobId: 'job-1',
      token: 2,
      message: 'The send window 17:00-09:00 ends before it starts.',
    });
    expect(failed.result?.plan.result?.plan.document.batches).toHaveLength(2);
    expect(failed.result?.plan.error).toMatch(/ends before it starts/);
    expect(isDone(failed, 'export')).toBe(true);
    const replanned = reducer(state, { type: 'planned', jobId: 'job-1', token: 2, plan: planResult(4) });
    expect(isDone(replanned, 'export')).toBe(false);
  });

  it('starts a new check without a plan', () => {
    let state = reducer(reviewed(), { type: 'plan-requested', jobId: 'job-1', token: 1, request });
    state = reducer(state, { type: 'planned', jobId: 'job-1', token: 1, plan: planResult(2) });
    const again = reducer(state, { type: 'check-requested', request: state.result!.request, fileName: 'list.csv', at: 1 });
    const rerun = reducer(reducer(again, { type: 'check-started', jobId: 'job-2' }), {
      type: 'finished',
      event: { jobId: 'job-2', report: { rows: 1, verdicts: { send: 1 } } as Report },
    });
    expect(rerun.result?.plan).toEqual({ form: null, running: null, result: null, error: null });
  });
});
