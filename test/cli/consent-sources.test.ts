// Opt-outs, ESP statuses and earlier verifier results, end to end through `preflight
// check`, on exports written the way each system writes them (test/fixtures/consent,
// sources in docs/consent.md). What a user loses when this breaks: an unsubscribed,
// cleaned or verifier-invalid person is mailed.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, repoRoot, sha256, tempDir } from '../support/cli';
import type { ConsentSourceReport, Report } from '../../shared/model/check';

const fixture = (name: string) => join(repoRoot, 'test/fixtures/consent', name);

interface Outcome {
  code: number;
  stderr: string;
  stdout: string;
  report: Report;
  /** Normalised address → { verdict, reasons } from annotated.csv. */
  rows: Map<string, { verdict: string; reasons: string[] }>;
  send: string[];
}

async function check(file: string, extra: string[] = []): Promise<Outcome> {
  const out = join(await tempDir(), 'out');
  const before = await sha256(fixture(file));
  const result = await cli(['check', fixture(file), '--out', out, '--offline', '--now', '2026-12-01T00:00:00Z', ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(await sha256(fixture(file))).toBe(before);
  const annotated = await readCsv(join(out, 'annotated.csv'));
  const rows = new Map(
    annotated.rows.map((row) => [
      row['preflight_normalized']!,
      { verdict: row['preflight_verdict']!, reasons: row['preflight_reasons']!.split(';').filter(Boolean) },
    ]),
  );
  const send = (await readCsv(join(out, 'send.csv'))).rows.map((row) => row['preflight_normalized']!);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  // Every imported row is accounted for.
  expect(report.verdicts.send + report.verdicts.review + report.verdicts.remove).toBe(annotated.rows.length);
  return { ...result, report, rows, send };
}

function source(report: Report, column: string): ConsentSourceReport {
  const found = report.columns.consentSources.find((s) => s.column === column);
  if (!found) throw new Error(`no consent source "${column}" in ${JSON.stringify(report.columns.consentSources.map((s) => s.column))}`);
  return found;
}

function expectRemoved(outcome: Outcome, address: string, reason: string): void {
  expect(outcome.send).not.toContain(address);
  expect(outcome.rows.get(address)).toMatchObject({ verdict: 'remove' });
  expect(outcome.rows.get(address)!.reasons).toContain(reason);
}

describe('CRM opt-out flags keep opted-out people out of send.csv', () => {
  it('HubSpot: "Unsubscribed from all email" true is removed; "Non-marketing contact" gets no marketing', async () => {
    const outcome = await check('hubspot-contacts.csv');
    expectRemoved(outcome, 'ben.okafor@outlook.com', 'unsubscribed');
    expectRemoved(outcome, 'eva.novak@hotmail.com', 'unsubscribed');
    expectRemoved(outcome, 'chloe.martin@yahoo.com', 'no_consent');
    expect(outcome.send.sort()).toEqual(['ana.silva@gmail.com', 'dev.patel@gmail.com']);
    const optOut = source(outcome.report, 'Unsubscribed from all email');
    expect(optOut).toMatchObject({ role: 'opt-out', reasons: { unsubscribed: 2 } });
    expect(optOut.meaning).toMatch(
      /^"true" or "TRUE" means the person opted out \(removed\); "false" or blank means the person did not opt out\.$/,
    );
    expect(source(outcome.report, 'Marketing contact status')).toMatchObject({ role: 'status', reasons: { no_consent: 1 } });
    expect(outcome.report.columns.optOut).toEqual(['Unsubscribed from all email']);
    expect(outcome.report.reasons.unsubscribed).toBe(2);
  });

  it('Salesforce Data Loader: HasOptedOutOfEmail true is unsubscribed, IsEmailBounced true a known bounce', async () => {
    const outcome = await check('salesforce-contacts.csv');
    expectRemoved(outcome, 'gus.moreau@outlook.com', 'unsubscribed');
    expectRemoved(outcome, 'hana.sato@yahoo.com', 'previously_bounced');
    expect(outcome.send.sort()).toEqual(['fay.lund@gmail.com', 'ivo.petrov@gmail.com']);
    expect(source(outcome.report, 'IsEmailBounced')).toMatchObject({ role: 'opt-out', optOutKind: 'bounced' });
  });

  it('Salesforce report: "Email Opt Out" 1 is removed, 0 is sent', async () => {
    const outcome = await check('salesforce-report.csv');
    expectRemoved(outcome, 'kim.lee@outlook.com', 'unsubscribed');
    expect(outcome.send.sort()).toEqual(['jan.kowalski@gmail.com', 'lia.rossi@yahoo.com']);
  });

  it('Dynamics 365 saved by Excel (sep= line, semicolons, Windows-1252): "Do Not Allow" in either column removes', async () => {
    const outcome = await check('dynamics-contacts-1252.csv');
    expect(outcome.report.input).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expectRemoved(outcome, 'juergen.mueller@outlook.com', 'unsubscribed');
    expectRemoved(outcome, 'zoe.brun@yahoo.com', 'unsubscribed');
    expect(outcome.send.sort()).toEqual(['luc.moreau@gmail.com', 'renee.dubois@gmail.com']);
    expect(outcome.report.columns.optOut).toEqual(['Do not allow Bulk Emails', 'Do not allow Emails']);
  });

  it('Brevo: EMAIL_BLACKLISTED Yes is removed', async () => {
    const outcome = await check('brevo-contacts.csv');
    expectRemoved(outcome, 'yuri.gold@outlook.com', 'unsubscribed');
    expect(outcome.send).toHaveLength(2);
  });

  it('Mailchimp: an UNSUB_TIME means unsubscribed, a CLEAN_TIME a known bounce', async () => {
    const outcome = await check('mailchimp-members.csv');
    expectRemoved(outcome, 'noah.fox@outlook.com', 'unsubscribed');
    expectRemoved(outcome, 'olga.ivanova@yahoo.com', 'previously_bounced');
    expect(outcome.send).not.toContain('noah.fox@outlook.com');
    // UNSUB_REASON is free text about the opt-out, not a flag: it is neither used nor warned about.
    expect(outcome.report.columns.optOut).toEqual(['UNSUB_TIME', 'CLEAN_TIME']);
  });
});

describe('ESP member statuses', () => {
  it('ActiveCampaign: Unsubscribed removed, Bounced a known bounce, Unconfirmed reviewed, Active sent', async () => {
    const outcome = await check('activecampaign-contacts.csv');
    expectRemoved(outcome, 'rosa.diaz@outlook.com', 'unsubscribed');
    expectRemoved(outcome, 'sam.reed@yahoo.com', 'previously_bounced');
    expect(outcome.rows.get('tara.wu@gmail.com')).toMatchObject({ verdict: 'review', reasons: ['consent_unknown'] });
    expect(outcome.send).toEqual(['quinn.adams@gmail.com']);
    expect(outcome.report.columns.status).toBe('Status');
    // A list with a status column has a consent source: no "no opt-in column" warning.
    expect(outcome.report.warnings.join(' ')).not.toMatch(/opt-in/);
  });

  it('Klaviyo: UNSUBSCRIBED removed as unsubscribed, NEVER_SUBSCRIBED as no consent', async () => {
    const outcome = await check('klaviyo-profiles.csv');
    expectRemoved(outcome, 'vic.hart@outlook.com', 'unsubscribed');
    expectRemoved(outcome, 'wes.cole@yahoo.com', 'no_consent');
    expect(outcome.send).toEqual(['uma.roy@gmail.com']);
  });

  it('Constant Contact: "No Permissions Set" is no consent, "Awaiting Confirmation" review', async () => {
    const outcome = await check('constantcontact-contacts.csv');
    expectRemoved(outcome, 'bea.king@outlook.com', 'unsubscribed');
    expectRemoved(outcome, 'dee.wood@gmail.com', 'no_consent');
    expect(outcome.rows.get('cal.ross@yahoo.com')?.verdict).toBe('review');
    expect(outcome.send).toEqual(['abe.ford@gmail.com']);
  });
});

describe('earlier verifier results are evidence, and the verifier is named', () => {
  it('ZeroBounce: invalid, spamtrap and do_not_mail removed; catch-all and unknown reviewed; valid sent', async () => {
    const outcome = await check('zerobounce-results.csv');
    for (const address of ['fin.hale@outlook.com', 'hal.moss@gmail.com', 'ida.nash@hotmail.com'])
      expectRemoved(outcome, address, 'previously_bounced');
    expect(outcome.rows.get('gia.lamb@yahoo.com')).toMatchObject({ verdict: 'review', reasons: ['verifier_risky'] });
    expect(outcome.rows.get('joe.oak@gmail.com')).toMatchObject({ verdict: 'review', reasons: ['verifier_risky'] });
    expect(outcome.send).toEqual(['eli.grant@gmail.com']);
    expect(source(outcome.report, 'ZB Status')).toMatchObject({
      role: 'verifier',
      verifier: 'ZeroBounce',
      reasons: { previously_bounced: 3, verifier_risky: 2 },
    });
    // "ZB Sub Status" is the detail, not the verdict: not taken, not warned about.
    expect(outcome.report.columns.consentSources.map((s) => s.column)).toEqual(['ZB Status']);
    expect(outcome.stdout).toContain('verifier (ZeroBounce) "ZB Status"');
  });

  it('NeverBounce, Kickbox and MillionVerifier spellings', async () => {
    const never = await check('neverbounce-results.csv');
    expectRemoved(never, 'lou.quay@outlook.com', 'previously_bounced');
    expectRemoved(never, 'ned.shaw@gmail.com', 'previously_bounced');
    expect(never.rows.get('max.rowe@yahoo.com')?.reasons).toEqual(['verifier_risky']);
    expect(source(never.report, 'email_status').verifier).toBe('NeverBounce');

    const kickbox = await check('kickbox-results.csv');
    expectRemoved(kickbox, 'pam.ude@outlook.com', 'previously_bounced');
    expect(kickbox.rows.get('ray.vale@yahoo.com')?.reasons).toEqual(['verifier_risky']);
    expect(kickbox.send).toEqual(['ora.tate@gmail.com']);

    const million = await check('millionverifier-results.csv');
    expectRemoved(million, 'una.zane@yahoo.com', 'previously_bounced');
    expect(million.rows.get('tom.york@outlook.com')?.reasons).toEqual(['verifier_risky']);
    expect(source(million.report, 'result').verifier).toBe('MillionVerifier');
  });
});

describe('several consent sources on one list', () => {
  it('any opt-out wins over an opt-in that says yes', async () => {
    const outcome = await check('optin-and-optout.csv');
    expectRemoved(outcome, 'walt.beck@outlook.com', 'unsubscribed');
    expect(outcome.rows.get('walt.beck@outlook.com')!.reasons).not.toContain('no_consent');
    expectRemoved(outcome, 'xia.chen@yahoo.com', 'no_consent');
    expect(outcome.send).toEqual(['vera.abel@gmail.com']);
  });

  it('an opt-out column as the only consent source is not "no consent column found"', async () => {
    const outcome = await check('salesforce-report.csv');
    expect(outcome.report.columns.consent).toBeNull();
    expect(outcome.report.warnings.join(' ')).toContain('No opt-in column was found, only opt-outs');
    expect(outcome.report.warnings.join(' ')).not.toContain('so no row was removed for missing consent');
  });

  it('an opt-out value Preflight cannot read sends the row to review, never to send', async () => {
    const outcome = await check('optout-unknown-values.csv');
    expect(outcome.rows.get('zed.egan@outlook.com')).toMatchObject({ verdict: 'review', reasons: ['consent_unknown'] });
    expect(source(outcome.report, 'Email Opt Out').values).toContainEqual({ value: 'perhaps', reading: 'unreadable', rows: 1 });
  });
});

describe('column roles on the command line', () => {
  it('--opt-out-column reads a flag Preflight did not detect (HubSpot "Marketing Information")', async () => {
    const dir = await tempDir();
    const file = join(dir, 'hubspot-unsubscribes.csv');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(file, 'Email,Marketing Information\r\nann@gmail.com,TRUE\r\nbo@gmail.com,\r\n'),
    );
    const out = join(dir, 'out');
    const result = await cli(['check', file, '--out', out, '--offline', '--opt-out-column', 'Marketing Information']);
    expect(result.code).toBe(0);
    const send = (await readCsv(join(out, 'send.csv'))).rows.map((row) => row['preflight_normalized']);
    expect(send).toEqual(['bo@gmail.com']);
  });

  it('refuses an opt-out flag named as the opt-in column, which would invert it', async () => {
    const out = join(await tempDir(), 'out');
    const result = await cli([
      'check',
      fixture('hubspot-contacts.csv'),
      '--out',
      out,
      '--offline',
      '--consent-column',
      'Unsubscribed from all email',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('"Unsubscribed from all email" records opt-outs');
    expect(result.stderr).toContain('--opt-out-column');
  });

  it('--status-column and --verifier-column name columns with unusual headers', async () => {
    const dir = await tempDir();
    const file = join(dir, 'odd.csv');
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(
        file,
        'Email,Stand,Check\r\nann@gmail.com,unsubscribed,valid\r\nbo@gmail.com,subscribed,invalid\r\ncy@gmail.com,subscribed,valid\r\n',
      ),
    );
    const out = join(dir, 'out');
    const result = await cli(['check', file, '--out', out, '--offline', '--status-column', 'Stand', '--verifier-column', 'Check']);
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    expect(report.reasons).toMatchObject({ unsubscribed: 1, previously_bounced: 1 });
    expect(report.columns).toMatchObject({ status: 'Stand', verifier: 'Check' });
  });
});
