// The renderer's rules that need no browser: the step state machine, what the
// Columns screen sends to the engine, the progress bar and number formats.
import { describe, expect, it } from 'vitest';
import type { CheckFinished } from '../../shared/ipc/contract';
import type { CheckProgress, InspectResult, Report } from '../../shared/model/check';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { formatClock, formatDay, formatMoment, formatShortDay } from '../../renderer/src/app/dates';
import { formatBytes, formatPercent, plural } from '../../renderer/src/app/format';
import type { AppState } from '../../renderer/src/app/state';
import { canVisit, initialState, needsDiscardConfirmation, reducer } from '../../renderer/src/app/state';
import { overallFraction, planPhases } from '../../renderer/src/check/progress';
import { checkRequestFrom, columnLabels, draftFromDetection, draftProblems } from '../../renderer/src/columns/draft';
import { rovingTarget } from '../../renderer/src/app/roving';

const list: InspectResult = {
  path: '/home/sam/list.csv',
  fileName: 'list.csv',
  bytes: 1200,
  notes: [],
  encoding: 'utf-8',
  delimiter: ',',
  headers: ['Email', 'Subscribed', 'Signed up', 'Last open', 'Last click'],
  sample: [['a@b.com', 'yes', '2025-01-01', '2025-02-01', '2025-03-01']],
  detected: {
    email: { index: 0, name: 'Email', confidence: 0.99, why: 'header' },
    consent: { index: 1, name: 'Subscribed', confidence: 0.9, why: 'header' },
    optInDate: { index: 2, name: 'Signed up', confidence: 0.8, why: 'dates' },
    lastActivity: [
      { index: 3, name: 'Last open', confidence: 0.8, why: 'dates' },
      { index: 4, name: 'Last click', confidence: 0.8, why: 'dates' },
    ],
    doubleOptIn: null,
    optOut: [],
    status: null,
    verifier: null,
    unreadable: [],
  },
};

const report = { rows: 1, verdicts: { send: 1, review: 0, remove: 0 } } as Report;

function progress(phase: CheckProgress['phase'], done: number, total: number): CheckProgress {
  return phase === 'domains'
    ? { phase, bytesRead: 0, bytesTotal: 0, rows: 0, domainsDone: done, domainsTotal: total }
    : { phase, bytesRead: done, bytesTotal: total, rows: 0, domainsDone: 0, domainsTotal: 0 };
}

function running(): AppState {
  const imported = reducer(initialState, { type: 'imported', list });
  const request = checkRequestFrom(list, imported.draft!);
  return reducer(imported, { type: 'check-requested', request, fileName: 'list.csv', at: 0 });
}

describe('the step state machine', () => {
  it('goes to Review when the job finishes, even if check:finished beats check:start’s answer', () => {
    const early = reducer(running(), { type: 'finished', event: { jobId: 'job-1', report } satisfies CheckFinished });
    expect(early.step).toBe('check');
    const started = reducer(early, { type: 'check-started', jobId: 'job-1' });
    expect(started.step).toBe('review');
    expect(started.result?.jobId).toBe('job-1');
  });

  it('ignores events from another job', () => {
    const started = reducer(running(), { type: 'check-started', jobId: 'job-2' });
    const stale = reducer(started, { type: 'finished', event: { jobId: 'job-1', report } });
    expect(stale.step).toBe('check');
    const staleProgress = reducer(started, { type: 'progress', jobId: 'job-1', progress: progress('reading', 1, 2) });
    expect(staleProgress.run?.progress).toBeNull();
  });

  it('returns to Columns with a note after a cancel, and with the message after a failure', () => {
    const started = reducer(running(), { type: 'check-started', jobId: 'job-3' });
    const cancelled = reducer(started, { type: 'failed', event: { jobId: 'job-3', message: 'Cancelled.', cancelled: true } });
    expect(cancelled.step).toBe('columns');
    expect(cancelled.notice).toEqual({ tone: 'info', text: expect.stringContaining('Check cancelled') });
    expect(cancelled.draft).toEqual(started.draft);
    const failed = reducer(started, {
      type: 'failed',
      event: { jobId: 'job-3', message: 'The suppression file is a PNG image.', cancelled: false },
    });
    expect(failed.notice).toEqual({ tone: 'error', text: 'The suppression file is a PNG image.' });
  });

  it('asks before discarding a running or unexported check, not an exported one', () => {
    const started = reducer(running(), { type: 'check-started', jobId: 'job-4' });
    expect(needsDiscardConfirmation(started)).toBe('running');
    const finished = reducer(started, { type: 'finished', event: { jobId: 'job-4', report } });
    expect(needsDiscardConfirmation(finished)).toBe('unexported');
    const exported = reducer(finished, { type: 'exported', result: { folder: '/out', files: ['/out/send.csv'] } });
    expect(needsDiscardConfirmation(exported)).toBeNull();
  });

  it('keeps the stepper to reachable steps: only Check while a check runs', () => {
    const state = running();
    expect(['import', 'columns', 'check', 'review', 'export'].filter((step) => canVisit(state, step as never))).toEqual(['check']);
    expect(reducer(state, { type: 'navigate', step: 'columns' }).step).toBe('check');
  });
});

describe('the Columns screen’s request', () => {
  it('starts from the detection and the default limits, and sends the chosen indices', () => {
    const draft = draftFromDetection(list);
    expect(draft).toMatchObject({ email: 0, consent: 1, optInDate: 2, lastActivity: [3, 4], doubleOptIn: null });
    const request = checkRequestFrom(list, { ...draft, optInDate: null, lastActivity: [4] });
    expect(request.path).toBe(list.path);
    expect(request.settings.columns).toEqual({
      email: 0,
      consent: 1,
      optInDate: null,
      lastActivity: [4],
      doubleOptIn: null,
      optOut: [],
      status: null,
      verifier: null,
    });
    expect(request.settings.consentMaxAgeDays).toBe(DEFAULT_SETTINGS.consentMaxAgeDays);
    expect(request.settings.dns).toEqual(DEFAULT_SETTINGS.dns);
    expect(request.settings).not.toHaveProperty('suppressionFile');
  });

  it('turns domain checks off with the switch and carries the suppression file and limits', () => {
    const draft = {
      ...draftFromDetection(list, { consentMaxAgeDays: 400, inactiveAfterDays: 90 }),
      checkDomains: false,
      suppressionFile: '/home/sam/bounces.csv',
    };
    const { settings } = checkRequestFrom(list, draft);
    expect(settings.dns.mode).toBe('off');
    expect(settings.suppressionFile).toBe('/home/sam/bounces.csv');
    expect(settings.consentMaxAgeDays).toBe(400);
    expect(settings.inactiveAfterDays).toBe(90);
  });

  it('will not start without an email column or with a limit that is not a whole number of days', () => {
    const draft = draftFromDetection(list);
    expect(draftProblems(draft)).toEqual({});
    expect(Object.keys(draftProblems({ ...draft, email: null, consentMaxAgeDays: '2 years', inactiveAfterDays: '0' })).sort()).toEqual([
      'consentMaxAgeDays',
      'email',
      'inactiveAfterDays',
    ]);
  });

  it('sends the SES contact list and topic chosen, none by default, and none without the SES account', () => {
    const draft = { ...draftFromDetection(list, { consentMaxAgeDays: 730, inactiveAfterDays: 365, useSes: true }) };
    expect(checkRequestFrom(list, draft).settings.ses).toEqual({});
    const chosen = { ...draft, contactList: 'Newsletter', contactTopic: 'weekly' };
    expect(checkRequestFrom(list, chosen).settings.ses).toEqual({ contactList: 'Newsletter', topic: 'weekly' });
    expect(checkRequestFrom(list, { ...chosen, contactTopic: null }).settings.ses).toEqual({ contactList: 'Newsletter' });
    expect(checkRequestFrom(list, { ...chosen, useSes: false }).settings).not.toHaveProperty('ses');
  });

  it('names blank and repeated headers by position', () => {
    expect(columnLabels(['Email', '', 'Date', 'Date'])).toEqual(['Email', 'Column 2 (no header)', 'Date (column 3)', 'Date (column 4)']);
  });
});

describe('the progress bar', () => {
  it('only moves forward across phases, reaching 100% when done', () => {
    const plan = planPhases(true);
    const steps = [
      progress('reading', 0, 100),
      progress('reading', 100, 100),
      progress('domains', 0, 10),
      progress('domains', 10, 10),
      progress('writing', 50, 100),
      progress('done', 0, 0),
    ].map((step) => overallFraction(plan, step));
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)).toBe(1);
  });
});

describe('numbers on screen', () => {
  it('never shows a non-zero share as 0%', () => {
    expect(formatPercent(1, 5000)).toBe('<0.1%');
    expect(formatPercent(0, 5000)).toBe('0%');
    expect(formatPercent(812, 1000)).toBe('81.2%');
    expect(formatPercent(3, 3)).toBe('100%');
  });

  it('writes counts and sizes the way people read them', () => {
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(1204, 'row')).toBe('1,204 rows');
    expect(formatBytes(56)).toBe('56 bytes');
    expect(formatBytes(12_400_000)).toBe('12 MB');
  });
});

describe('dates on screen: one format, in the user’s locale', () => {
  it('writes a moment, a plan day, an axis day and a clock time the same way in each locale', () => {
    const moment = '2026-12-07T15:58:30Z';
    expect(formatMoment(moment, 'en-GB')).toBe('7 Dec 2026, 15:58 UTC');
    expect(formatMoment(moment, 'en-US')).toBe('Dec 7, 2026, 15:58 UTC');
    expect(formatMoment(moment, 'de-DE')).toBe('7. Dez. 2026, 15:58 UTC');
    expect(formatDay('2026-12-31', false, 'en-GB')).toBe('Thu 31 Dec');
    expect(formatDay('2026-12-31', true, 'en-US')).toBe('Thu, Dec 31, 2026');
    expect(formatShortDay('2027-01-01', true, 'en-GB')).toBe('1 Jan 2027');
    // Times are on the 24-hour clock the send window is typed in, in every locale.
    expect(formatClock(moment, 'America/New_York', 'en-US')).toBe('10:58');
    // Text that is not a moment is shown as it is.
    expect(formatMoment('never', 'en-GB')).toBe('never');
  });
});

describe('tabs moved by the keyboard', () => {
  it('Left and Right wrap around, Home and End go to the ends, other keys leave the tab alone', () => {
    expect(rovingTarget('ArrowRight', 0, 4)).toBe(1);
    expect(rovingTarget('ArrowRight', 3, 4)).toBe(0);
    expect(rovingTarget('ArrowLeft', 0, 4)).toBe(3);
    expect(rovingTarget('Home', 2, 4)).toBe(0);
    expect(rovingTarget('End', 1, 4)).toBe(3);
    expect(rovingTarget('ArrowDown', 1, 4)).toBeNull();
    expect(rovingTarget('Enter', 1, 4)).toBeNull();
    expect(rovingTarget('ArrowRight', 0, 0)).toBeNull();
  });
});
