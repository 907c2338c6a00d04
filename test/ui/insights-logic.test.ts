// The renderer's rules behind the insights, without a browser: how rates and
// risks read, when the forecast warns, where the gauge puts a rate, which DNS
// servers are accepted, and what the Columns screen sends and remembers.
import { describe, expect, it } from 'vitest';
import type { InspectResult, Report } from '../../shared/model/check';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { reducer, initialState } from '../../renderer/src/app/state';
import { overallFraction, planPhases } from '../../renderer/src/check/progress';
import { checkRequestFrom, draftFromDetection, draftProblems, preferencesFromDraft } from '../../renderer/src/columns/draft';
import { dnsServerProblem, parseConcurrency, parseDnsServers } from '../../renderer/src/domains/servers';
import {
  assessBounces,
  assessBouncesAfterRemoval,
  assessComplaints,
  formatEffect,
  formatRate,
  formatRisk,
  gaugeScale,
  smallSendNote,
} from '../../renderer/src/risk/assess';
import type { ReportForecast } from '../../shared/model/check';

const LINES = { bounceReview: 0.05, bouncePause: 0.1, complaintReview: 0.001, complaintPause: 0.005 };

function forecast(bounce: [number, number, number], complaint: [number, number, number] = [0.0002, 0, 0.0005]): ReportForecast {
  const list = {
    bounceRate: bounce[0],
    bounceRateLow: bounce[1],
    bounceRateHigh: bounce[2],
    complaintRate: complaint[0],
    complaintRateLow: complaint[1],
    complaintRateHigh: complaint[2],
  };
  return { send: list, all: list, sesThresholds: LINES, bounceTarget: 0.02 };
}

const list: InspectResult = {
  path: '/home/sam/list.csv',
  fileName: 'list.csv',
  bytes: 100,
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
};

describe('rates and risks on screen', () => {
  it('writes list rates with two significant digits and never a misleading 0%', () => {
    expect(formatRate(0.014243)).toBe('1.4%');
    expect(formatRate(0.00080918)).toBe('0.081%');
    expect(formatRate(0.05)).toBe('5%');
    expect(formatRate(0.1)).toBe('10%');
    expect(formatRate(0.505)).toBe('51%');
    expect(formatRate(0.00004)).toBe('<0.01%');
    expect(formatRate(0)).toBe('0%');
  });

  it('writes a row’s risk as the review table shows it', () => {
    expect(formatRisk(0.0043)).toBe('0.4%');
    expect(formatRisk(0.31)).toBe('31%');
    expect(formatRisk(0.0004)).toBe('<0.1%');
    expect(formatRisk(0.998)).toBe('>99%');
    expect(formatRisk(1)).toBe('100%');
    expect(formatEffect(0.28)).toBe('+28%');
  });
});

describe('the forecast’s warnings', () => {
  it('follows the upper end of the interval: target, then SES’s review line, then its pause line', () => {
    expect(assessBounces(forecast([0.005, 0.002, 0.01]), 0.02)).toMatchObject({ level: 'ok', headline: 'Within your 2% target' });
    expect(assessBounces(forecast([0.012, 0.006, 0.025]), 0.02)).toMatchObject({ level: 'warning', headline: 'May exceed your 2% target' });
    expect(assessBounces(forecast([0.03, 0.02, 0.055]), 0.02)).toMatchObject({
      level: 'danger',
      headline: "May cross SES's 5% review line",
    });
    expect(assessBounces(forecast([0.06, 0.04, 0.11]), 0.02)).toMatchObject({
      level: 'danger',
      headline: "Could reach SES's 10% pause line",
    });
    expect(assessBounces(forecast([0.12, 0.1, 0.14]), 0.02).headline).toBe("Expected above SES's 10% pause line");
    // The user's own target moves the first line.
    expect(assessBounces(forecast([0.005, 0.002, 0.01]), 0.005).level).toBe('warning');
    expect(assessBounces(forecast([0.005, 0.002, 0.01]), 0.005).detail).toContain('1%');
  });

  it('never says “within your target” when most of the list was removed (a lying resolver leaves nothing to bounce)', () => {
    const clean = assessBounces(forecast([0.001, 0.0005, 0.002]), 0.02);
    expect(clean.level).toBe('ok');
    const afterRemoval = assessBouncesAfterRemoval(clean, 0.97);
    expect(afterRemoval.level).toBe('warning');
    expect(afterRemoval.headline).not.toMatch(/within/i);
    expect(afterRemoval.headline).toContain('97%');
    // A forecast that already warns keeps its own, stronger words.
    const risky = assessBounces(forecast([0.06, 0.04, 0.08]), 0.02);
    expect(assessBouncesAfterRemoval(risky, 0.97)).toEqual(risky);
    expect(assessBouncesAfterRemoval(clean, null)).toEqual(clean);
  });

  it('warns on complaints at SES’s 0.1% and 0.5% lines', () => {
    expect(assessComplaints(forecast([0, 0, 0], [0.0002, 0, 0.0008])).level).toBe('ok');
    expect(assessComplaints(forecast([0, 0, 0], [0.0005, 0, 0.0012])).headline).toBe("May cross SES's 0.1% review line");
    expect(assessComplaints(forecast([0, 0, 0], [0.003, 0.001, 0.006])).headline).toBe("Could reach SES's 0.5% pause line");
  });

  it('explains that a small send moves in big steps', () => {
    expect(smallSendNote(30)).toContain('a single bounce is 3.3%');
    expect(smallSendNote(1000)).toBeNull();
    expect(smallSendNote(0)).toBeNull();
  });

  it('places rates on a gauge in order, pinning those beyond its end', () => {
    const scale = gaugeScale(0.15);
    const rates = [0, 0.001, 0.01, 0.02, 0.05, 0.1, 0.15];
    const positions = rates.map((rate) => scale.position(rate));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(rates.length);
    expect(positions[0]).toBe(0);
    expect(scale.position(0.15)).toBe(1);
    expect(scale.position(0.6)).toBe(1);
    // The low end gets room: 1% is a quarter of the way along, not a fifteenth.
    expect(scale.position(0.01)).toBeGreaterThan(0.25);
  });
});

describe('DNS servers as typed', () => {
  it('accepts IP addresses with optional ports, the way the engine does', () => {
    for (const ok of ['192.0.2.53', '192.0.2.53:5353', '2001:db8::53', '[2001:db8::53]:5353', '[::1]', '::1'])
      expect(dnsServerProblem(ok), ok).toBeNull();
    expect(dnsServerProblem('dns.example.com')).toContain('is not an IP address');
    expect(dnsServerProblem('192.0.2.300')).toContain('is not an IP address');
    expect(dnsServerProblem('192.0.2.1:0')).toContain('port');
    expect(dnsServerProblem('192.0.2.1:99999')).toContain('port');
    expect(dnsServerProblem('[192.0.2.1]:53')).toContain('IPv6');
  });

  it('splits a list on commas, spaces or lines, at most eight', () => {
    expect(parseDnsServers('192.0.2.1, 192.0.2.2\n[::1]:53')).toEqual({ servers: ['192.0.2.1', '192.0.2.2', '[::1]:53'], problem: null });
    expect(parseDnsServers('  ').problem).toContain('at least one');
    expect(parseDnsServers(Array.from({ length: 9 }, (_, i) => `192.0.2.${i}`).join(',')).problem).toContain('at most 8');
  });

  it('takes 1 to 256 queries in flight', () => {
    expect(parseConcurrency('64')).toBe(64);
    expect(parseConcurrency('256')).toBe(256);
    expect(parseConcurrency('0')).toBeNull();
    expect(parseConcurrency('257')).toBeNull();
    expect(parseConcurrency('8.5')).toBeNull();
  });
});

describe('the Columns screen’s DNS and SES settings', () => {
  it('starts from the saved servers and sends them, with the concurrency', () => {
    const draft = draftFromDetection(list, {
      consentMaxAgeDays: 730,
      inactiveAfterDays: 365,
      dnsServers: ['127.0.0.1:5353'],
      dnsConcurrency: 8,
    });
    expect(draft.dnsMode).toBe('servers');
    const { settings } = checkRequestFrom(list, draft);
    expect(settings.dns).toEqual({ ...DEFAULT_SETTINGS.dns, mode: 'servers', servers: ['127.0.0.1:5353'], concurrency: 8 });
    expect(settings).not.toHaveProperty('ses');
  });

  it('keeps the system’s resolvers when the user chose them, even with servers listed', () => {
    const draft = draftFromDetection(list, {
      consentMaxAgeDays: 730,
      inactiveAfterDays: 365,
      dnsServers: ['127.0.0.1:5353'],
      dnsMode: 'system',
    });
    expect(checkRequestFrom(list, draft).settings.dns).toMatchObject({ mode: 'system', servers: [] });
    expect(draftFromDetection(list, { consentMaxAgeDays: 730, inactiveAfterDays: 365, dnsMode: 'off' }).checkDomains).toBe(false);
  });

  it('will not start with a bad server or concurrency, unless domain checks are off', () => {
    const draft = { ...draftFromDetection(list), dnsMode: 'servers' as const, dnsServers: 'dns.example.com', dnsConcurrency: '0' };
    expect(Object.keys(draftProblems(draft)).sort()).toEqual(['dnsConcurrency', 'dnsServers']);
    expect(draftProblems({ ...draft, checkDomains: false })).toEqual({});
  });

  it('sends the SES profile, region and From identity when the account is used, and remembers them', () => {
    const draft = {
      ...draftFromDetection(list),
      useSes: true,
      awsProfile: 'marketing',
      awsRegion: 'eu-west-1',
      fromIdentity: ' news@example.org ',
    };
    expect(checkRequestFrom(list, draft).settings.ses).toEqual({
      profile: 'marketing',
      region: 'eu-west-1',
      fromIdentity: 'news@example.org',
    });
    expect(checkRequestFrom(list, { ...draft, awsProfile: null, awsRegion: null, fromIdentity: '' }).settings.ses).toEqual({});
    expect(draftProblems({ ...draft, fromIdentity: 'not an address' })).toHaveProperty('fromIdentity');
    expect(preferencesFromDraft({ ...draft, checkDomains: false })).toMatchObject({
      dnsMode: 'off',
      useSes: true,
      awsProfile: 'marketing',
      awsRegion: 'eu-west-1',
      sesFromIdentity: 'news@example.org',
      dnsConcurrency: 64,
      consentMaxAgeDays: 730,
    });
  });
});

describe('the check and its re-run', () => {
  it('gives the SES account its own part of the progress bar, which still only moves forward', () => {
    const plan = planPhases(true, true);
    expect(plan.map((step) => step.phase)).toEqual(['reading', 'domains', 'account', 'writing']);
    expect(plan.reduce((sum, step) => sum + step.weight, 0)).toBeCloseTo(1);
    const at = (phase: 'reading' | 'domains' | 'account' | 'writing', done = 0, total = 1) =>
      overallFraction(plan, { phase, bytesRead: done, bytesTotal: total, rows: 0, domainsDone: done, domainsTotal: total });
    const steps = [at('reading'), at('reading', 1), at('domains', 1), at('account'), at('writing', 1)];
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('keeps the request with the result, for Retry, and the Review part across a re-run', () => {
    const imported = reducer(initialState, { type: 'imported', list });
    const request = checkRequestFrom(list, imported.draft!);
    const running = reducer(reducer(imported, { type: 'check-requested', request, fileName: 'list.csv', at: 0 }), {
      type: 'check-started',
      jobId: 'job-1',
    });
    const finished = reducer(running, { type: 'finished', event: { jobId: 'job-1', report: { rows: 1 } as Report } });
    expect(finished.result?.request).toBe(request);
    const onDomains = reducer(finished, { type: 'review-view', view: 'domains' });
    const rerun = reducer(reducer(onDomains, { type: 'check-requested', request, fileName: 'list.csv', at: 1 }), {
      type: 'check-started',
      jobId: 'job-2',
    });
    const again = reducer(rerun, { type: 'finished', event: { jobId: 'job-2', report: { rows: 1 } as Report } });
    expect(again.step).toBe('review');
    expect(again.reviewView).toBe('domains');
    expect(again.result?.jobId).toBe('job-2');
  });
});
