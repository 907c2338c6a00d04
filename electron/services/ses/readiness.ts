// Sender readiness of the From identity: is it verified in SES, does SES sign
// with DKIM, do SPF and DMARC exist, is a custom MAIL FROM set up. AWS looks for
// SPF, DKIM and preferably DMARC before granting production access, and the big
// mailbox providers require them of bulk senders (docs/sources.md). The DNS part
// goes through an injected TXT look-up: the engine gives Preflight's own DNS client
// (electron/services/dns/txt-lookup.ts), so the check's servers and resolver checks apply.
import { GetEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { z } from 'zod';
import { getDomain } from 'tldts';
import type { Readiness, ReadinessItem } from '../../../shared/model/ses';
import { bulkSenderReadiness } from '../../../shared/ses/bulk-sender';
import { UserError } from '../../../shared/model/errors';
import { GET_IDENTITY_ANSWER, readAnswer } from './answers';
import { resolveRegion } from './client';
import { sesCall, type SesCallOptions } from './call';
import { isSesUserError } from './errors';
import type { TxtLookup } from '../dns/txt-lookup';

/** TXT records of a name, each as its character-strings; null = DNS is off. */
export type { TxtLookup } from '../dns/txt-lookup';

/** The order the checklist is shown in. */
const ITEM_ORDER: readonly ReadinessItem['id'][] = ['identity_verified', 'dkim', 'spf', 'dmarc', 'mail_from'];

/** Codes that mean "no such record" rather than "could not ask". */
const NO_RECORD_CODES = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN', 'ENONAME']);

type TxtAnswer = { ok: true; records: string[] } | { ok: false; code: string };

async function txtRecords(lookup: TxtLookup | null, name: string): Promise<TxtAnswer> {
  if (!lookup) return { ok: false, code: 'DNS off' };
  try {
    return { ok: true, records: (await lookup(name)).map((chunks) => chunks.join('')) };
  } catch (error) {
    if (error instanceof UserError && error.code === 'cancelled') throw error;
    const code = (error as { code?: string }).code ?? 'ERROR';
    return NO_RECORD_CODES.has(code) ? { ok: true, records: [] } : { ok: false, code };
  }
}

async function getIdentity(
  client: SESv2Client,
  name: string,
  options: SesCallOptions,
): Promise<z.infer<typeof GET_IDENTITY_ANSWER> | null> {
  try {
    return await sesCall(
      client,
      'ses:GetEmailIdentity',
      async (abortSignal) =>
        readAnswer(
          GET_IDENTITY_ANSWER,
          await client.send(new GetEmailIdentityCommand({ EmailIdentity: name }), { abortSignal }),
          'GetEmailIdentity',
        ),
      options,
    );
  } catch (error) {
    if (isSesUserError(error) && error.kind === 'not_found') return null;
    throw error;
  }
}

const ok = (id: ReadinessItem['id'], title: string, detail?: string): ReadinessItem => ({
  id,
  ok: true,
  status: 'ok',
  title,
  fix: '',
  ...(detail ? { detail } : {}),
});
const toFix = (id: ReadinessItem['id'], title: string, fix: string, detail?: string): ReadinessItem => ({
  id,
  ok: false,
  status: 'fix',
  title,
  fix,
  ...(detail ? { detail } : {}),
});
const unknown = (id: ReadinessItem['id'], title: string, why: string): ReadinessItem => ({
  id,
  ok: false,
  status: 'unknown',
  title,
  fix: why,
});

function dnsUnknown(id: ReadinessItem['id'], title: string, name: string, code: string): ReadinessItem {
  return code === 'DNS off'
    ? unknown(id, title, 'Not checked: DNS look-ups are off for this check.')
    : unknown(id, title, `Could not look up the TXT records of ${name} (${code}): check again when DNS answers.`);
}

/**
 * The checklist for `fromIdentity` (an address like news@example.com, or a
 * domain). SES calls fail as SesUserError (the caller decides whether that is
 * fatal); DNS failures only make their items 'unknown'.
 */
export async function checkReadiness(
  client: SESv2Client,
  fromIdentity: string,
  txtLookup: TxtLookup | null,
  options: SesCallOptions = {},
): Promise<Readiness> {
  const identity = fromIdentity.trim().toLowerCase();
  const at = identity.lastIndexOf('@');
  const address = at >= 0 ? identity : null;
  const domain = (at >= 0 ? identity.slice(at + 1) : identity).replace(/\.$/, '');
  if (!domain || /\s/.test(domain)) {
    throw new UserError(
      'bad_argument',
      `'${fromIdentity}' is neither an address nor a domain: give the From address (news@example.com) or its domain.`,
    );
  }
  const region = await resolveRegion(client);
  const addressIdentity = address ? await getIdentity(client, address, options) : null;
  const domainIdentity = await getIdentity(client, domain, options);
  const items: ReadinessItem[] = [];

  // 1. Verified identity.
  const verifiedTitle = 'The From identity is verified in SES';
  const verifiedName = domainIdentity?.VerifiedForSendingStatus ? domain : addressIdentity?.VerifiedForSendingStatus ? address : null;
  if (verifiedName) {
    items.push(ok('identity_verified', verifiedTitle, `${verifiedName} is verified in ${region}.`));
  } else if (domainIdentity || addressIdentity) {
    const pending = domainIdentity ? domain : address!;
    const status = (domainIdentity ?? addressIdentity)?.VerificationStatus ?? 'NOT_STARTED';
    items.push(
      toFix(
        'identity_verified',
        verifiedTitle,
        domainIdentity
          ? `${pending} is not verified yet (${status}) in ${region}: publish the DNS records SES gave for it, and SES verifies it within a few hours.`
          : `${pending} is not verified yet (${status}) in ${region}: click the link in the verification email SES sent to it, or verify the whole domain ${domain}.`,
        `Verification status: ${status}.`,
      ),
    );
  } else {
    items.push(
      toFix(
        'identity_verified',
        verifiedTitle,
        `Neither ${address ? `${address} nor ` : ''}${domain} is an SES identity in ${region}: create the domain identity ${domain} in the SES console (Configuration → Identities) and publish the records it gives.`,
      ),
    );
  }

  // 2. DKIM: the domain identity's, else the address identity's.
  const dkimTitle = 'SES signs with DKIM';
  const dkim = (domainIdentity ?? addressIdentity)?.DkimAttributes;
  const dkimRecords = (dkim?.Tokens ?? []).map((token) => `${token}._domainkey.${domain} CNAME ${token}.dkim.amazonses.com`).join('; ');
  if (dkim?.Status === 'SUCCESS' && dkim.SigningEnabled) {
    items.push(ok('dkim', dkimTitle, `DKIM status SUCCESS, signing on for ${domain}.`));
  } else if (!domainIdentity && !addressIdentity) {
    items.push(toFix('dkim', dkimTitle, `Create the domain identity ${domain} with Easy DKIM and publish its three CNAME records.`));
  } else if (dkim?.Status === 'SUCCESS') {
    items.push(
      toFix(
        'dkim',
        dkimTitle,
        `DKIM signing is turned off for ${domain}: turn it on in the SES console (the identity's Authentication tab).`,
      ),
    );
  } else if (dkim?.Status === 'PENDING') {
    items.push(
      toFix(
        'dkim',
        dkimTitle,
        `Publish the DKIM CNAME records SES gave for ${domain} and wait for SES to find them.`,
        dkimRecords || undefined,
      ),
    );
  } else if (dkim?.Status === 'FAILED' || dkim?.Status === 'TEMPORARY_FAILURE') {
    items.push(
      toFix(
        'dkim',
        dkimTitle,
        `SES could not find the DKIM records of ${domain} (${dkim.Status}): check that its CNAME records are published exactly as SES gives them.`,
        dkimRecords || undefined,
      ),
    );
  } else {
    items.push(
      toFix(
        'dkim',
        dkimTitle,
        `DKIM is not set up for ${domain}: ${domainIdentity ? 'turn on Easy DKIM' : `verify the domain ${domain} with Easy DKIM`} and publish its CNAME records.`,
      ),
    );
  }

  // 3. Custom MAIL FROM (lets SPF align with the From domain under DMARC).
  const mailFromTitle = 'A custom MAIL FROM domain is set up';
  const mailFrom = (domainIdentity ?? addressIdentity)?.MailFromAttributes;
  const mailFromDomain = mailFrom?.MailFromDomain?.trim().toLowerCase() || null;
  if (mailFromDomain && mailFrom?.MailFromDomainStatus === 'SUCCESS') {
    items.push(ok('mail_from', mailFromTitle, `MAIL FROM ${mailFromDomain} is set up.`));
  } else if (mailFromDomain) {
    items.push(
      toFix(
        'mail_from',
        mailFromTitle,
        `MAIL FROM ${mailFromDomain} is ${mailFrom?.MailFromDomainStatus ?? 'not ready'}: publish its MX record (10 feedback-smtp.${region}.amazonses.com) and its TXT record (v=spf1 include:amazonses.com ~all).`,
      ),
    );
  } else {
    items.push(
      toFix(
        'mail_from',
        mailFromTitle,
        `Set a custom MAIL FROM domain such as mail.${domain} for ${domain}: without it SPF passes only for amazonses.com and does not align with your From domain under DMARC.`,
      ),
    );
  }

  // 4. SPF on the MAIL FROM domain (or the domain itself), mentioning amazonses.com.
  const spfTitle = 'SPF allows Amazon SES';
  const spfDomain = mailFromDomain ?? domain;
  const spf = await txtRecords(txtLookup, spfDomain);
  if (!spf.ok) {
    items.push(dnsUnknown('spf', spfTitle, spfDomain, spf.code));
  } else {
    const spfRecords = spf.records.filter((record) => /^v=spf1(\s|$)/i.test(record.trim()));
    if (spfRecords.length === 0) {
      items.push(toFix('spf', spfTitle, `Publish a TXT record on ${spfDomain}: v=spf1 include:amazonses.com ~all`));
    } else if (spfRecords.length > 1) {
      items.push(
        toFix(
          'spf',
          spfTitle,
          `${spfDomain} has ${spfRecords.length} SPF records; receivers reject all of them when there is more than one: merge them into one record.`,
          spfRecords.join(' | '),
        ),
      );
    } else if (!/amazonses\.com/i.test(spfRecords[0]!)) {
      items.push(toFix('spf', spfTitle, `Add include:amazonses.com to the SPF record of ${spfDomain}.`, spfRecords[0]));
    } else {
      items.push(ok('spf', spfTitle, spfRecords[0]));
    }
  }

  // 5. DMARC at _dmarc.<domain>, falling back to the organisational domain as receivers do.
  const dmarcTitle = 'DMARC is published';
  const organisational = getDomain(domain) ?? domain;
  const dmarcNames = organisational !== domain ? [`_dmarc.${domain}`, `_dmarc.${organisational}`] : [`_dmarc.${domain}`];
  let dmarcItem: ReadinessItem | null = null;
  for (const name of dmarcNames) {
    const answer = await txtRecords(txtLookup, name);
    if (!answer.ok) {
      dmarcItem = dnsUnknown('dmarc', dmarcTitle, name, answer.code);
      break;
    }
    const record = answer.records.find((candidate) => /^v=DMARC1\s*(;|$)/i.test(candidate.trim()));
    if (record) {
      const policy = /(?:^|;)\s*p\s*=\s*([a-z]+)/i.exec(record)?.[1]?.toLowerCase() ?? null;
      if (policy === 'none' || policy === 'quarantine' || policy === 'reject') {
        dmarcItem = ok(
          'dmarc',
          dmarcTitle,
          `${name}: p=${policy}${policy === 'none' ? ' (monitoring only: tighten to quarantine once reports look clean)' : ''}.`,
        );
      } else {
        dmarcItem = toFix(
          'dmarc',
          dmarcTitle,
          `The DMARC record at ${name} has no valid policy (p=none, quarantine or reject): fix its p= tag.`,
          record,
        );
      }
      break;
    }
  }
  items.push(
    dmarcItem ??
      toFix(
        'dmarc',
        dmarcTitle,
        `Publish a TXT record at _dmarc.${organisational}: start with v=DMARC1; p=none; rua=mailto:dmarc-reports@${organisational} and tighten the policy once reports look clean.`,
      ),
  );

  items.sort((a, b) => ITEM_ORDER.indexOf(a.id) - ITEM_ORDER.indexOf(b.id));

  // The bulk-sender rules ask for alignment: the domain SES signs DKIM with, and the
  // MAIL FROM domain SPF passes for, must share the From domain's organisational domain.
  // A From on a subdomain with no identity of its own is signed with the parent's key.
  const signs = (found: z.infer<typeof GET_IDENTITY_ANSWER> | null) =>
    found?.DkimAttributes?.Status === 'SUCCESS' && found.DkimAttributes.SigningEnabled === true;
  let dkimSigningDomain: string | null = signs(domainIdentity) || (!domainIdentity && signs(addressIdentity)) ? domain : null;
  if (!dkimSigningDomain && !domainIdentity && organisational !== domain && signs(await getIdentity(client, organisational, options)))
    dkimSigningDomain = organisational;
  const status = (id: ReadinessItem['id']) => items.find((item) => item.id === id)?.status ?? 'unknown';
  const bulkSender = bulkSenderReadiness({
    domain,
    dkimSigningDomain,
    mailFromDomain: mailFromDomain && mailFrom?.MailFromDomainStatus === 'SUCCESS' ? mailFromDomain : null,
    spf: status('spf'),
    dmarc: status('dmarc'),
  });
  return { identity, domain, region, ready: items.every((item) => item.ok), items, bulkSender };
}
