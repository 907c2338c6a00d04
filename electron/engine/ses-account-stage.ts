// The SES account stage: applies what services/ses/account-evidence.ts read from the
// account to the rows — its suppression list (as a local snapshot) and, in a sandbox
// account, the gate that only verified identities pass (unverified_sandbox) — and
// gives report.json its account, readiness and production-access advice.

import type { CheckSettings, Report } from '../../shared/model/check';
import { productionAccessAdvice } from '../../shared/model/ses';
import { readAccountEvidence } from '../services/ses/account-evidence';
import { toReportAccount } from '../services/ses/account';
import { createTxtLookup, type TxtLookup } from '../services/dns/txt-lookup';
import { defaultCacheDir } from '../services/dns/cache-dir';
import { reasonBit, type RowStore } from './row-store';
import { applySuppression, type SuppressionSummary } from './suppression-stage';
import { runReputationStage } from './reputation-stage';
import type { MailboxAccountContext } from './mailbox-stage';

export interface AccountStageOutcome {
  report: Pick<Report, 'account' | 'readiness' | 'productionAccess'>;
  suppressionSummary?: SuppressionSummary;
  warnings: string[];
  /** The account as the mailbox stage needs it (where its saved answers live, its Auto Validation). */
  context: MailboxAccountContext;
}

const NOT_AN_ADDRESS = reasonBit('no_address') | reasonBit('syntax_invalid');

export async function runAccountStage(
  store: RowStore,
  settings: CheckSettings,
  signal: AbortSignal | undefined,
  onMessage: (message: string) => void,
): Promise<AccountStageOutcome> {
  const stage = await readAccountEvidence({
    profile: settings.ses?.profile,
    region: settings.ses?.region,
    fromIdentity: settings.ses?.fromIdentity,
    cacheDir: settings.cacheDir ?? defaultCacheDir(),
    offline: settings.offline,
    txtLookup: txtLookupFor(settings, signal),
    signal,
    onProgress: (progress) => onMessage(progress.message),
  });
  const suppressionSummary = stage.suppression ? applySuppression(store, stage.suppression) : undefined;
  const gate = stage.sandboxGate;
  if (gate) {
    for (let row = 0; row < store.count; row++) {
      const address = store.normalized[row]!;
      if (!address || store.mask(row) & NOT_AN_ADDRESS) continue;
      if (!gate.allows(address, address.slice(address.lastIndexOf('@') + 1))) store.addReason(row, 'unverified_sandbox');
    }
  }
  const report: AccountStageOutcome['report'] = { account: toReportAccount(stage.account, stage.account.suppressionSnapshotAt) };
  if (stage.readiness) report.readiness = stage.readiness;
  const warnings = [...stage.warnings];
  const reputation = await runReputationStage(settings, stage.account.region, signal, onMessage);
  report.account!.reputation = reputation.reputation;
  warnings.push(...reputation.warnings);
  if (gate) {
    const advice = productionAccessAdvice(stage.account.region);
    report.productionAccess = advice;
    warnings.unshift(`This SES account is in the sandbox in ${stage.account.region}. ${advice.join(' ')}`);
  }
  const context: MailboxAccountContext = {
    region: stage.account.region,
    accountKey: stage.accountKey,
    autoValidation: stage.account.autoValidation ?? null,
  };
  return { report, suppressionSummary, warnings, context };
}

/**
 * Readiness asks DNS for SPF and DMARC the way the domain stage asks for MX: off, or the
 * system's or the chosen servers, through the same client, canaries first (txt-lookup.ts).
 */
function txtLookupFor(settings: CheckSettings, signal: AbortSignal | undefined): TxtLookup | null {
  if (settings.offline || settings.dns.mode === 'off') return null;
  return createTxtLookup({
    servers: settings.dns.mode === 'servers' ? settings.dns.servers : [],
    timeoutMs: settings.dns.timeoutMs,
    attempts: settings.dns.attempts,
    ...(signal ? { signal } : {}),
  });
}
