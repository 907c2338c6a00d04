// report.json as the app's screens receive it (renderer/src/app/read-report.ts): what the
// engine writes arrives whole, a later part of the wrong shape is dropped on its own, and
// a report without its base is refused with one sentence instead of a half-drawn screen.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../electron/engine/check';
import { DEFAULT_SETTINGS, type Report, type ReportForecast } from '../../shared/model/check';
import type { ReportAccount } from '../../shared/model/ses';
import { readReport, UnreadableReport } from '../../renderer/src/app/read-report';

const list = {
  bounceRate: 0.01,
  bounceRateLow: 0,
  bounceRateHigh: 0.02,
  complaintRate: 0.0002,
  complaintRateLow: 0,
  complaintRateHigh: 0.0005,
};
const forecast: ReportForecast = {
  send: list,
  all: list,
  sesThresholds: { bounceReview: 0.05, bouncePause: 0.1, complaintReview: 0.001, complaintPause: 0.005 },
  bounceTarget: 0.02,
};

const account: ReportAccount = {
  region: 'eu-west-1',
  max24HourSend: 50_000,
  maxSendRate: 14,
  sentLast24Hours: 1_200,
  productionAccessEnabled: true,
  sendingEnabled: true,
  enforcementStatus: 'HEALTHY',
  suppressionSnapshotAt: '2026-12-07T10:00:00.000Z',
  vdmEnabled: true,
  recommendations: [
    { type: 'DMARC', impact: 'HIGH', resource: 'arn:aws:ses:eu-west-1:111122223333:identity/example.com', description: 'No DMARC record.' },
  ],
  providers: [
    {
      isp: 'Gmail',
      provider: 'gmail',
      sent: 900,
      bounces: 9,
      complaints: 0,
      bounceRate: 0.01,
      complaintRate: 0,
      verified: true,
      bounceFactor: 1.2,
    },
  ],
  providerHistory: { status: 'read', from: '2026-11-07', to: '2026-12-07', message: 'Your own mail over the last 30 days.' },
  reputation: {
    bounceRate: 0.031,
    complaintRate: null,
    asOf: '2026-12-07T09:00:00.000Z',
    status: 'read',
    note: 'No complaint rate yet.',
    history: [{ day: '2026-12-07', bounceRate: 0.031, complaintRate: null }],
    source: 'CloudWatch AWS/SES in eu-west-1',
  },
};

let checked: Report;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'preflight-read-report-'));
  const outcome = await runCheck({
    input: join(__dirname, '../../examples/recipients.csv'),
    outDir: join(folder, 'out'),
    settings: { ...DEFAULT_SETTINGS, offline: true, now: '2026-12-01T00:00:00Z' },
  });
  // As it crosses IPC: plain JSON.
  checked = JSON.parse(JSON.stringify(outcome.report)) as Report;
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('the report as the screens receive it', () => {
  it('arrives whole: nothing the engine wrote is dropped or changed', () => {
    expect(checked.forecast).toBeDefined();
    expect(checked.riskHistogram).toBeDefined();
    expect(readReport(checked)).toEqual(checked);
  });

  it("keeps the SES account's reputation, per-provider history and recommendations", () => {
    const withAccount = { ...checked, account, forecast: { ...forecast, account: undefined } };
    const read = readReport(withAccount);
    expect(read.account).toEqual(account);
    expect(read.account?.reputation?.bounceRate).toBe(0.031);
    expect(read.account?.providers?.[0]?.bounceFactor).toBe(1.2);
  });

  it('drops a later part of the wrong shape and keeps the rest', () => {
    const odd = readReport({ ...checked, riskHistogram: { send: { edges: [0, 1], counts: [1, 2], total: 3 } } });
    expect(odd.riskHistogram).toBeUndefined();
    expect(odd.forecast).toEqual(checked.forecast);
    const wrongRate = readReport({ ...checked, forecast: { ...forecast, send: { ...list, bounceRate: 7 } } });
    expect(wrongRate.forecast).toBeUndefined();
    expect(readReport({ ...checked, account: { region: 'eu-west-1' } }).account).toBeUndefined();
    // A malformed part inside a part goes alone: the account stays without its reputation.
    const badReputation = readReport({ ...checked, account: { ...account, reputation: { ...account.reputation, bounceRate: 3 } } });
    expect(badReputation.account?.region).toBe('eu-west-1');
    expect(badReputation.account?.reputation).toBeUndefined();
    // An older report has none of the later parts: it is still read.
    const { forecast: _f, riskHistogram: _h, domains: _d, ...older } = checked;
    expect(readReport(older).forecast).toBeUndefined();
  });

  it('refuses a report without its counts with one sentence naming what is wrong', () => {
    const { verdicts: _v, ...broken } = checked;
    expect(() => readReport(broken)).toThrow(UnreadableReport);
    expect(() => readReport(broken)).toThrow('The check finished, but its report could not be read (verdicts): run the check again.');
    expect(() => readReport('not a report')).toThrow(UnreadableReport);
  });
});
