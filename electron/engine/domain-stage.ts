// Domains: one DNS decision per unique domain (never per row), applied to every
// row on that domain. A dead domain that is a near miss of a known provider gets
// the corrected address as its suggestion.

import { suggestDomain } from '../../shared/address/analyzer';
import type { CheckSettings, DomainSummary } from '../../shared/model/check';
import type { ReasonCode } from '../../shared/model/reasons';
import { checkDomains, type DomainStatus } from '../services/dns/domain-checker';
import { openDnsCache, type DnsCache } from '../services/dns/cache';
import { defaultCacheDir } from '../services/dns/cache-dir';
import { reasonBit, type RowStore } from './row-store';

/** Rows with one of these have no use for a DNS answer: they are removed already. */
const ADDRESS_FAILURES =
  reasonBit('no_address') |
  reasonBit('syntax_invalid') |
  reasonBit('ses_unsupported') |
  reasonBit('reserved_domain') |
  reasonBit('disposable');

const STATUS_REASON: Record<DomainStatus, ReasonCode | null> = {
  deliverable: null,
  null_mx: 'null_mx',
  no_mail_host: 'no_mail_host',
  domain_not_found: 'domain_not_found',
  dns_unresolved: 'dns_unresolved',
};

export interface DomainStageOutcome {
  summary: DomainSummary;
  warnings: string[];
}

/** Will this check ask DNS at all? */
function domainsSkipped(settings: CheckSettings): boolean {
  return settings.offline || settings.dns.mode === 'off';
}

/**
 * Open the DNS cache before the long first pass, so a cache folder that cannot
 * be written stops the check at once with its sentence. Null when DNS is skipped.
 */
export async function openDomainCache(settings: CheckSettings): Promise<DnsCache | null> {
  if (domainsSkipped(settings)) return null;
  return openDnsCache(settings.cacheDir ?? defaultCacheDir());
}

export async function runDomainStage(
  store: RowStore,
  settings: CheckSettings,
  cache: DnsCache | null,
  signal: AbortSignal | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<DomainStageOutcome> {
  const wanted = new Set<number>();
  let rowsWanting = 0;
  for (let row = 0; row < store.count; row++) {
    const domain = store.domainOf(row);
    if (domain < 0 || store.mask(row) & ADDRESS_FAILURES) continue;
    wanted.add(domain);
    rowsWanting++;
  }
  const skip = domainsSkipped(settings);
  if (skip || cache === null || wanted.size === 0) {
    return {
      summary: { checked: 0, fromCache: 0, byStatus: {}, rowsUnchecked: skip ? rowsWanting : 0 },
      warnings:
        skip && rowsWanting > 0
          ? [
              `Domains were not checked (${settings.offline ? 'offline' : 'DNS checks off'}): ${rowsWanting.toLocaleString('en-US')} ${rowsWanting === 1 ? 'row' : 'rows'} may still bounce on domains that take no mail.`,
            ]
          : [],
    };
  }

  const names = [...wanted].map((id) => store.domains[id]!);
  const result = await checkDomains(names, {
    servers: settings.dns.mode === 'servers' ? settings.dns.servers : undefined,
    concurrency: settings.dns.concurrency,
    timeoutMs: settings.dns.timeoutMs,
    attempts: settings.dns.attempts,
    cache,
    signal,
    onProgress,
  });

  const byStatus: Record<string, number> = {};
  const reasonById = new Map<number, ReasonCode>();
  for (const id of wanted) {
    const verdict = result.verdicts.get(store.domains[id]!);
    const status = verdict?.status ?? 'dns_unresolved';
    store.domainStatus[id] = status;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const reason = STATUS_REASON[status];
    if (reason) reasonById.set(id, reason);
  }
  for (let row = 0; row < store.count; row++) {
    const id = store.domainOf(row);
    const reason = reasonById.get(id);
    if (!reason || store.mask(row) & ADDRESS_FAILURES) continue;
    store.addReason(row, reason);
    if ((reason === 'domain_not_found' || reason === 'no_mail_host') && !store.suggestion(row)) {
      const better = suggestDomain(store.domains[id]!);
      if (better) {
        const address = store.normalized[row]!;
        store.setSuggestion(row, address.slice(0, address.lastIndexOf('@') + 1) + better);
      }
    }
  }
  const unresolved = byStatus['dns_unresolved'] ?? 0;
  const warnings: string[] = [];
  if (result.resolverWarning !== undefined) warnings.push(result.resolverWarning);
  if (unresolved) {
    warnings.push(
      `${unresolved === 1 ? '1 domain' : `${unresolved} domains`} did not answer DNS (time-out or server failure); their rows are marked for review, not removed. Retry later.`,
    );
  }
  // checkDomains saved the cache; a save that failed late (a full disk) costs the next run's speed, not this run's answers.
  if (result.cacheSaveError !== undefined) warnings.push(`${result.cacheSaveError} The next check will ask these domains again.`);
  return {
    summary: { checked: result.verdicts.size, fromCache: result.fromCache, byStatus, rowsUnchecked: 0 },
    warnings,
  };
}
