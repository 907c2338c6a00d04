// `preflight check --ses --contact-list NAME [--topic TOPIC]` against the local
// SESv2 endpoint (test/support/ses-server.ts) through the real SDK: opt-outs kept
// in an SES contact list, which the CSV does not carry, are never mailed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';
import { isolatedAwsEnv, productionAccount, startSesServer, type FakeContact, type RunningSesServer } from '../support/ses-server';

let dir: string;
let server: RunningSesServer | undefined;

beforeEach(async () => {
  dir = await tempDir('preflight-contact-list-');
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.unstubAllEnvs();
});

async function list(addresses: string[]): Promise<string> {
  const path = join(dir, 'list.csv');
  // Every row says yes: the CSV carries none of the opt-outs.
  await writeFile(path, ['email,opt_in', ...addresses.map((address) => `${address},yes`)].join('\n') + '\n');
  return path;
}

async function check(input: string, extra: string[], out = join(dir, 'out')) {
  vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server!.endpoint);
  const result = await cli([
    'check',
    input,
    '--out',
    out,
    '--ses',
    '--region',
    'eu-west-1',
    '--no-dns',
    '--cache-dir',
    join(dir, 'cache'),
    ...extra,
  ]);
  return { result, out };
}

async function reasons(out: string): Promise<[string, string][]> {
  const { rows } = await readCsv(join(out, 'annotated.csv'));
  return rows.map((row) => [row['email']!, row['preflight_reasons']!]);
}

async function sendList(out: string): Promise<string[]> {
  const { rows } = await readCsv(join(out, 'send.csv'));
  return rows.map((row) => row['email']!);
}

const TOPICS = [
  { name: 'newsletter', defaultStatus: 'OPT_IN' as const },
  { name: 'offers', defaultStatus: 'OPT_OUT' as const },
];

/** 1,200 subscribed contacts (two pages of 1,000), with the interesting ones among them. */
function contacts(special: FakeContact[]): FakeContact[] {
  const filler = Array.from({ length: 1200 - special.length }, (_, i) => ({
    email: `reader${i}@example-mail.com`,
    preferences: { newsletter: 'OPT_IN' as const },
  }));
  return [...filler.slice(0, 700), ...special, ...filler.slice(700)];
}

describe('check --ses --contact-list', () => {
  it('a contact who unsubscribed from everything in the SES contact list never reaches send.csv, read through empty pages and paging', async () => {
    server = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      // AWS has been seen answering empty pages with a NextToken: every page is followed.
      emptyContactPages: 2,
      contactLists: [{ name: 'Customers', topics: TOPICS, contacts: contacts([{ email: 'Gone@Example-Mail.com', unsubscribeAll: true }]) }],
    });
    const input = await list(['gone@example-mail.com', 'reader5@example-mail.com', 'stranger@example-mail.com']);
    const { result, out } = await check(input, ['--contact-list', 'Customers']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await reasons(out)).toEqual([
      ['gone@example-mail.com', 'unsubscribed'],
      ['reader5@example-mail.com', ''],
      // Not on the list: the list says nothing about them.
      ['stranger@example-mail.com', ''],
    ]);
    expect(await sendList(out)).not.toContain('gone@example-mail.com');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.contactList).toMatchObject({ name: 'Customers', topic: null, contacts: 1200, optedOut: 1, matched: 1 });
    expect(report.contactList.source).toMatch(/^SES contact list Customers \(eu-west-1, read \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/);
    const pages = server.requests.filter((request) => request.operation === 'ListContacts');
    expect(pages.map((request) => request.status)).toEqual([200, 200, 200, 200]);
    // Bounded pages, and no OPT_OUT filter: it is not documented to include UnsubscribeAll contacts.
    for (const request of pages) expect(request.body).toMatchObject({ PageSize: 1000 });
    for (const request of pages) expect(request.body).not.toHaveProperty('Filter');
  }, 60_000);

  it("an opt-out of the campaign's topic never reaches send.csv, nor a contact who never chose a topic that is off by default", async () => {
    server = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      contactLists: [
        {
          name: 'Customers',
          topics: TOPICS,
          contacts: [
            { email: 'no-news@example-mail.com', preferences: { newsletter: 'OPT_OUT' } },
            { email: 'news-only@example-mail.com', preferences: { newsletter: 'OPT_IN', offers: 'OPT_OUT' } },
            { email: 'wants-offers@example-mail.com', preferences: { offers: 'OPT_IN' } },
            { email: 'silent@example-mail.com' },
          ],
        },
      ],
    });
    const input = await list([
      'no-news@example-mail.com',
      'news-only@example-mail.com',
      'wants-offers@example-mail.com',
      'silent@example-mail.com',
    ]);
    const news = await check(input, ['--contact-list', 'Customers', '--topic', 'newsletter'], join(dir, 'news'));
    expect(news.result.code).toBe(0);
    expect(await reasons(news.out)).toEqual([
      ['no-news@example-mail.com', 'unsubscribed'],
      ['news-only@example-mail.com', ''],
      ['wants-offers@example-mail.com', ''],
      ['silent@example-mail.com', ''],
    ]);
    const offers = await check(input, ['--contact-list', 'Customers', '--topic', 'offers'], join(dir, 'offers'));
    expect(offers.result.code).toBe(0);
    expect(await reasons(offers.out)).toEqual([
      // No choice for offers, whose default is OPT_OUT: not subscribed to it.
      ['no-news@example-mail.com', 'unsubscribed'],
      ['news-only@example-mail.com', 'unsubscribed'],
      ['wants-offers@example-mail.com', ''],
      ['silent@example-mail.com', 'unsubscribed'],
    ]);
  }, 60_000);

  it('without --topic, a contact who opted out of one topic is kept and the warning says to name the topic', async () => {
    server = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      contactLists: [
        { name: 'Customers', topics: TOPICS, contacts: [{ email: 'no-news@example-mail.com', preferences: { newsletter: 'OPT_OUT' } }] },
      ],
    });
    const { result, out } = await check(await list(['no-news@example-mail.com']), ['--contact-list', 'Customers']);
    expect(result.code).toBe(0);
    expect(await reasons(out)).toEqual([['no-news@example-mail.com', '']]);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.warnings).toContain(
      '1 contact on the SES contact list Customers opted out of a topic but not of everything, and were kept: check again with this campaign\'s topic ("newsletter", "offers") so their choice is honoured.',
    );
  }, 60_000);

  it('a misspelt topic stops the check, naming the topics, instead of honouring no opt-out', async () => {
    server = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      contactLists: [{ name: 'Customers', topics: TOPICS, contacts: [] }],
    });
    const { result, out } = await check(await list(['a@example-mail.com']), ['--contact-list', 'Customers', '--topic', 'newsleter']);
    // A wrong argument: exit 2.
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The SES contact list Customers has no topic "newsleter": its topics are "newsletter", "offers".');
    expect(existsSync(join(out, 'send.csv'))).toBe(false);
  }, 60_000);

  it('a contact list that does not exist stops the check and names the lists the account has', async () => {
    server = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      contactLists: [{ name: 'Customers', topics: TOPICS, contacts: [] }],
    });
    const { result, out } = await check(await list(['a@example-mail.com']), ['--contact-list', 'Custmers']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('The SES account in eu-west-1 has no contact list named "Custmers". Its contact lists: "Customers".');
    expect(existsSync(join(out, 'send.csv'))).toBe(false);
  }, 60_000);

  it('when SES refuses the contact list later, the opt-outs saved by the last read are still removed; with none saved the check stops', async () => {
    server = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      contactLists: [{ name: 'Customers', topics: TOPICS, contacts: [{ email: 'gone@example-mail.com', unsubscribeAll: true }] }],
    });
    const input = await list(['gone@example-mail.com', 'kept@example-mail.com']);
    expect((await check(input, ['--contact-list', 'Customers'], join(dir, 'first'))).result.code).toBe(0);

    server.injectFaults('AccessDenied', 1, { operation: 'GetContactList' });
    const second = await check(input, ['--contact-list', 'Customers'], join(dir, 'second'));
    expect(second.result.code).toBe(0);
    expect(await reasons(second.out)).toEqual([
      ['gone@example-mail.com', 'unsubscribed'],
      ['kept@example-mail.com', ''],
    ]);
    const report = JSON.parse(await readFile(join(second.out, 'report.json'), 'utf8'));
    expect(
      report.warnings.some(
        (warning: string) =>
          /ses:GetContactList/.test(warning) && /The check used the SES contact list Customers as read on /.test(warning),
      ),
    ).toBe(true);

    // Offline, the saved copy too.
    const offline = await check(input, ['--contact-list', 'Customers', '--offline'], join(dir, 'offline'));
    expect(offline.result.code).toBe(0);
    expect(await reasons(offline.out)).toEqual([
      ['gone@example-mail.com', 'unsubscribed'],
      ['kept@example-mail.com', ''],
    ]);

    server.injectFaults('AccessDenied', 1, { operation: 'GetContactList' });
    const fresh = await cli([
      'check',
      input,
      '--out',
      join(dir, 'fresh'),
      '--ses',
      '--region',
      'eu-west-1',
      '--no-dns',
      '--cache-dir',
      join(dir, 'other-cache'),
      '--contact-list',
      'Customers',
    ]);
    expect(fresh.code).toBe(1);
    expect(fresh.stderr).toMatch(/ses:GetContactList/);
    expect(existsSync(join(dir, 'fresh', 'send.csv'))).toBe(false);
  }, 60_000);

  it('a damaged saved contact list is refused, never taken as a list without opt-outs', async () => {
    server = await startSesServer({
      account: productionAccount(),
      rateLimit: null,
      contactLists: [{ name: 'Customers', topics: TOPICS, contacts: [{ email: 'gone@example-mail.com', unsubscribeAll: true }] }],
    });
    const input = await list(['gone@example-mail.com']);
    expect((await check(input, ['--contact-list', 'Customers'], join(dir, 'first'))).result.code).toBe(0);
    const folder = join(dir, 'cache', 'ses', 'default', 'eu-west-1');
    const file = join(
      folder,
      (await readdir(folder)).find((name) => name.startsWith('contact-list-'))!,
    );
    const saved = await readFile(file, 'utf8');
    await writeFile(file, saved.slice(0, saved.length - 20));
    const offline = await check(input, ['--contact-list', 'Customers', '--offline'], join(dir, 'offline'));
    expect(offline.result.code).toBe(1);
    expect(offline.result.stderr).toContain(`The saved SES contact list ${file} is damaged (it is cut short or garbled)`);
    expect(existsSync(join(dir, 'offline', 'send.csv'))).toBe(false);
  }, 60_000);

  it('--topic without --contact-list, and --contact-list without --ses, are refused', async () => {
    const input = await list(['a@example-mail.com']);
    const noList = await cli(['check', input, '--out', join(dir, 'o1'), '--ses', '--topic', 'newsletter']);
    expect(noList.code).toBe(2);
    expect(noList.stderr).toContain('--topic names a topic of the --contact-list: give the list too.');
    const noSes = await cli(['check', input, '--out', join(dir, 'o2'), '--contact-list', 'Customers']);
    expect(noSes.code).toBe(2);
  });
});
