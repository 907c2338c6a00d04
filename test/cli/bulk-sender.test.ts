// Gmail, Yahoo and Microsoft's bulk-sender rules for the From domain: checked by
// `check --ses --from` through the check's DNS settings (the test DNS server
// answers the SPF and DMARC TXT records) and the fake SES endpoint (DKIM, MAIL
// FROM), and warned about by `plan` when a planned day reaches 5,000 messages to
// one of them while a rule is not met.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cli } from '../support/cli';
import { startDnsServer, type RunningDnsServer, type Zones } from '../support/dns-server';
import { isolatedAwsEnv, productionAccount, startSesServer, type FakeIdentity, type RunningSesServer } from '../support/ses-server';

let dir: string;
let ses: RunningSesServer;
let dns: RunningDnsServer;

const SIGNED: FakeIdentity = {
  name: 'bikeshop.com',
  type: 'DOMAIN',
  dkim: { signingEnabled: true, status: 'SUCCESS', tokens: ['t1', 't2', 't3'] },
  mailFrom: { domain: 'mail.bikeshop.com', status: 'SUCCESS' },
};
const READY_ZONES: Zones = {
  'gmail.com': { mx: [{ priority: 5, exchange: 'gmail-smtp-in.l.google.com' }] },
  'gmail-smtp-in.l.google.com': { a: ['192.0.2.5'] },
  'mail.bikeshop.com': { txt: [['v=spf1 include:amazonses.com ~all']] },
  '_dmarc.bikeshop.com': { txt: [['v=DMARC1; p=none; rua=mailto:dmarc@bikeshop.com']] },
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-bulk-'));
  ses = await startSesServer({
    account: productionAccount({ max24HourSend: 200_000, maxSendRate: 100, sentLast24Hours: 0 }),
    identities: [SIGNED],
    rateLimit: null,
  });
  dns = await startDnsServer(READY_ZONES);
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir, { AWS_ENDPOINT_URL_SESV2: ses.endpoint, AWS_REGION: 'eu-west-1' })))
    vi.stubEnv(name, value);
  const rows = Array.from({ length: 6_000 }, (_, i) => `reader${String(i).padStart(5, '0')}@gmail.com,yes`);
  await writeFile(join(dir, 'list.csv'), ['email,opt_in', ...rows].join('\n') + '\n');
});

afterEach(async () => {
  await ses.stop();
  await dns.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

async function checkAndPlan() {
  const out = join(dir, 'out');
  const check = await cli([
    'check',
    join(dir, 'list.csv'),
    '--out',
    out,
    '--ses',
    '--from',
    'news@bikeshop.com',
    '--dns-server',
    dns.server,
    '--cache-dir',
    join(dir, 'cache'),
    '--now',
    '2026-12-07',
  ]);
  expect(check.code, check.stderr).toBe(0);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as {
    readiness: { bulkSender: { met: boolean; requirements: { id: string; status: string; fix: string }[] } };
  };
  const plan = await cli(planArgs(join(out, 'send.csv')));
  return { report, plan };
}

const planArgs = (sendList: string) => [
  'plan',
  sendList,
  '--out',
  join(dir, 'plan'),
  '--max-24h',
  '200000',
  '--max-rate',
  '100',
  '--first-day',
  '6000',
  '--growth',
  '2',
  '--now',
  '2026-12-07T08:00Z',
  '--timezone',
  'UTC',
  '--window',
  '00:00-24:00',
];

describe('bulk-sender rules', () => {
  it('a From domain that meets them is reported so, and its plan carries no warning', async () => {
    const { report, plan } = await checkAndPlan();
    expect(report.readiness.bulkSender.met).toBe(true);
    expect(report.readiness.bulkSender.requirements.map((item) => [item.id, item.status])).toEqual([
      ['spf_aligned', 'ok'],
      ['dkim_aligned', 'ok'],
      ['dmarc_policy', 'ok'],
      ['one_click_unsubscribe', 'reminder'],
    ]);
    expect(report.readiness.bulkSender.requirements[3]!.fix).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(dns.queries.byName['_dmarc.bikeshop.com TXT']).toBeGreaterThan(0);
    expect(plan.code).toBe(0);
    expect(plan.stdout).not.toContain('Warning');
  });

  it('a plan sending 5,000 a day to Gmail warns while SPF is not aligned and DMARC is missing', async () => {
    ses.setState({ identities: [{ ...SIGNED, mailFrom: undefined }] });
    dns.setZones({ ...READY_ZONES, '_dmarc.bikeshop.com': {} });
    const { report, plan } = await checkAndPlan();
    expect(report.readiness.bulkSender.met).toBe(false);
    const status = Object.fromEntries(report.readiness.bulkSender.requirements.map((item) => [item.id, item.status]));
    expect(status).toEqual({ spf_aligned: 'fix', dkim_aligned: 'ok', dmarc_policy: 'fix', one_click_unsubscribe: 'reminder' });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'Warning: The plan sends 5,000 or more messages in a day to a mailbox provider (Gmail 6,000 on 2026-12-07)',
    );
    expect(plan.stdout).toContain('Gmail counts the sender as bulk for good');
    expect(plan.stdout).toContain(
      'not met for bikeshop.com: SPF passes for a domain aligned with the From domain (Without a custom MAIL FROM domain SPF passes for amazonses.com',
    );
    expect(plan.stdout).toContain('DMARC is published (at least p=none)');
  });

  it('a send list not from a check is warned about as not checked, never as meeting the rules', async () => {
    const folder = join(dir, 'elsewhere');
    await mkdir(folder);
    const rows = Array.from({ length: 6_000 }, (_, i) => `reader${i}@gmail.com`);
    await writeFile(join(folder, 'send.csv'), ['email', ...rows].join('\n') + '\n');
    const plan = await cli(planArgs(join(folder, 'send.csv')));
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(
      'Preflight has not checked them for your From domain: check the list with the SES account and the From address first (`check --ses --from`).',
    );
  });
});

describe('bulk-sender rules through the check’s DNS', () => {
  it('a resolver that answers NXDOMAIN to everything leaves DMARC not checked instead of “publish a DMARC record”', async () => {
    // The list's one domain is saved from a first check; the second runs behind a lying resolver
    // (a captive portal): the domain comes from the cache, SPF and DMARC must not be judged by the liar.
    const first = await checkAndPlan();
    expect(first.report.readiness.bulkSender.met).toBe(true);
    const liar = await startDnsServer(READY_ZONES, { lie: 'nxdomain' });
    try {
      const out = join(dir, 'out-liar');
      const check = await cli([
        'check',
        join(dir, 'list.csv'),
        '--out',
        out,
        '--ses',
        '--from',
        'news@bikeshop.com',
        '--dns-server',
        liar.server,
        '--cache-dir',
        join(dir, 'cache'),
        '--now',
        '2026-12-07',
      ]);
      expect(check.code, check.stderr).toBe(0);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as {
        readiness: { items: { id: string; status: string; fix: string }[]; bulkSender: { requirements: { id: string; status: string }[] } };
      };
      const dmarc = report.readiness.items.find((entry) => entry.id === 'dmarc')!;
      expect(dmarc.status).toBe('unknown');
      expect(dmarc.fix).toContain('false answers to test questions');
      expect(report.readiness.bulkSender.requirements.find((entry) => entry.id === 'dmarc_policy')?.status).toBe('unknown');
    } finally {
      await liar.stop();
    }
  });
});
