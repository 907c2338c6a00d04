// The mailbox providers' bulk-sender rules, for the From domain. Gmail (from
// February 2024), Yahoo (the same date) and Microsoft's Outlook.com (from May
// 2025) require of anyone sending them about 5,000 or more messages a day: SPF
// and DKIM, a DMARC record of at least p=none that passes through SPF or DKIM
// aligned with the From domain, and one-click unsubscribe (RFC 8058:
// List-Unsubscribe plus List-Unsubscribe-Post) on marketing mail. Gmail counts a
// sender as bulk for good once it has sent 5,000 in a day (docs/sources.md).
// Pure: the facts come from the readiness check (electron/services/ses/readiness.ts).

import { getDomain } from 'tldts';
import type { BulkRequirement, BulkSenderReadiness } from '../model/ses';
import { PROVIDER_GROUP_LABELS, type ProviderGroup } from '../plan/policy';

/** Messages a day to one provider from which its bulk-sender rules apply. */
export const BULK_SENDER_DAILY_THRESHOLD = 5_000;

/** The providers whose consumer domains set the rules (PROVIDER_GROUPS without 'other'). */
export const BULK_RULE_PROVIDERS: readonly ProviderGroup[] = ['gmail', 'yahoo_aol', 'microsoft'];

/** What the readiness check found, as far as the bulk-sender rules need it. */
export interface BulkSenderFacts {
  /** The From domain. */
  domain: string;
  /** The domain SES signs DKIM with (d=), when SES signs for this sender; null when it does not. */
  dkimSigningDomain: string | null;
  /** The custom MAIL FROM domain when SES reports it set up (SUCCESS), else null (SES then uses amazonses.com). */
  mailFromDomain: string | null;
  /** The SPF item of the checklist: 'ok' when the MAIL FROM domain's SPF allows SES. */
  spf: 'ok' | 'fix' | 'unknown';
  /** The DMARC item: 'ok' when a record with p=none, quarantine or reject was found. */
  dmarc: 'ok' | 'fix' | 'unknown';
}

/** Relaxed alignment (RFC 7489 §3.1): the same organisational domain. */
export function organisationalDomain(domain: string): string {
  const name = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(name) ?? name;
}

const aligned = (a: string, b: string) => organisationalDomain(a) === organisationalDomain(b);

export function bulkSenderReadiness(facts: BulkSenderFacts): BulkSenderReadiness {
  const { domain } = facts;
  const organisational = organisationalDomain(domain);
  const requirements: BulkRequirement[] = [];

  const spfTitle = 'SPF passes for a domain aligned with the From domain';
  if (!facts.mailFromDomain) {
    requirements.push({
      id: 'spf_aligned',
      status: 'fix',
      title: spfTitle,
      fix: `Without a custom MAIL FROM domain SPF passes for amazonses.com, not ${organisational}: set one up, such as mail.${domain}.`,
    });
  } else if (!aligned(facts.mailFromDomain, domain)) {
    requirements.push({
      id: 'spf_aligned',
      status: 'fix',
      title: spfTitle,
      fix: `The MAIL FROM domain ${facts.mailFromDomain} is not under ${organisational}, so SPF does not align with the From domain: use a subdomain of ${organisational}.`,
    });
  } else if (facts.spf !== 'ok') {
    requirements.push({
      id: 'spf_aligned',
      status: facts.spf,
      title: spfTitle,
      fix:
        facts.spf === 'unknown'
          ? `The SPF record of ${facts.mailFromDomain} could not be checked.`
          : `Fix the SPF record of ${facts.mailFromDomain} (see "SPF allows Amazon SES").`,
    });
  } else {
    requirements.push({ id: 'spf_aligned', status: 'ok', title: spfTitle, fix: '' });
  }

  const dkimTitle = 'DKIM signs with the From domain';
  if (!facts.dkimSigningDomain) {
    requirements.push({
      id: 'dkim_aligned',
      status: 'fix',
      title: dkimTitle,
      fix: `SES does not sign with a DKIM key of ${organisational}: set up Easy DKIM for ${domain} (or ${organisational}).`,
    });
  } else if (!aligned(facts.dkimSigningDomain, domain)) {
    requirements.push({
      id: 'dkim_aligned',
      status: 'fix',
      title: dkimTitle,
      fix: `SES signs with ${facts.dkimSigningDomain}, which does not align with ${domain}: set up Easy DKIM for ${organisational} or a domain under it.`,
    });
  } else {
    requirements.push({ id: 'dkim_aligned', status: 'ok', title: dkimTitle, fix: '' });
  }

  const dmarcTitle = 'DMARC is published (at least p=none)';
  requirements.push(
    facts.dmarc === 'ok'
      ? { id: 'dmarc_policy', status: 'ok', title: dmarcTitle, fix: '' }
      : {
          id: 'dmarc_policy',
          status: facts.dmarc,
          title: dmarcTitle,
          fix:
            facts.dmarc === 'unknown'
              ? `The DMARC record of ${organisational} could not be checked.`
              : `Publish a DMARC record at _dmarc.${organisational} (see "DMARC is published").`,
        },
  );

  requirements.push({
    id: 'one_click_unsubscribe',
    status: 'reminder',
    title: 'Marketing mail has one-click unsubscribe',
    fix:
      'Every marketing message needs the List-Unsubscribe and List-Unsubscribe-Post: List-Unsubscribe=One-Click headers (RFC 8058), honoured within two days; ' +
      'SES subscription management (a contact list with topics) adds both for you. Preflight cannot see your messages: check one.',
  });

  return { domain, met: requirements.every((item) => item.status === 'ok' || item.status === 'reminder'), requirements };
}

/** A planned day, as plan.json gives it. */
export interface PlannedDay {
  date: string;
  providers: Record<ProviderGroup, number>;
}

const count = (value: number) => value.toLocaleString('en-US');

/**
 * Warnings for a plan whose days reach a provider's bulk-sender threshold while
 * a requirement is not met (or not known to be). One line per provider, naming
 * its first such day.
 */
export function bulkSenderPlanWarnings(
  days: readonly PlannedDay[],
  readiness: BulkSenderReadiness | null,
  audience: 'cli' | 'app' = 'app',
): string[] {
  const unmet = readiness?.requirements.filter((item) => item.status === 'fix' || item.status === 'unknown') ?? null;
  if (unmet !== null && unmet.length === 0) return [];
  const over = BULK_RULE_PROVIDERS.flatMap((provider) => {
    const day = days.find((candidate) => (candidate.providers[provider] ?? 0) >= BULK_SENDER_DAILY_THRESHOLD);
    return day ? [`${PROVIDER_GROUP_LABELS[provider]} ${count(day.providers[provider])} on ${day.date}`] : [];
  });
  if (over.length === 0) return [];
  const state =
    unmet === null
      ? audience === 'cli'
        ? 'Preflight has not checked them for your From domain: check the list with the SES account and the From address first (`check --ses --from`)'
        : 'Preflight has not checked them for your From domain: check the list with Use my SES account on and a From address first'
      : `not met for ${readiness!.domain}: ${unmet.map((item) => `${item.title} (${item.fix})`).join('; ')}`;
  return [
    `The plan sends ${count(BULK_SENDER_DAILY_THRESHOLD)} or more messages in a day to a mailbox provider (${over.join(', ')}): from that many, Gmail, Yahoo and Microsoft require SPF and DKIM aligned with the From domain, ` +
      `DMARC (at least p=none) and one-click unsubscribe on marketing mail, and Gmail counts the sender as bulk for good. ${state}.`,
  ];
}
