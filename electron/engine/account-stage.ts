// The SES account: its suppression list (as a local snapshot) and, in a sandbox
// account, the gate that only verified identities pass.

import { Resolver } from 'node:dns/promises';
import type { CheckSettings, Report } from '../../shared/model/check';
import { productionAccessAdvice } from '../../shared/model/ses';
import { prepareAccountStage } from '../services/ses/account-stage';
import { toReportAccount } from '../services/ses/account';
import type { TxtLookup } from '../services/ses/readiness';
import { defaultCacheDir } from '../services/dns/cache-dir';
import { formatDnsServer, parseDnsServer } from '../services/dns/servers';
import { reasonBit, type RowStore } from './row-store';
import { applySuppression, type SuppressionSummary } from './suppression-stage';
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
  const stage = await prepareAccountStage({
    profile: settings.ses?.profile,
    region: settings.ses?.region,
    fromIdentity: settings.ses?.fromIdentity,
    cacheDir: settings.cacheDir ?? defaultCacheDir(),
    offline: settings.offline,
    txtLookup: txtLookupFor(settings),
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
  if (gate) {
    const advice = productionAccessAdvice(stage.account.region);
    report.productionAccess = advice;
    warnings.unshift(`This SES account is in the sandbox in ${stage.account.region}. ${advice.join(' ')}`);
  }
  const context: MailboxAccountContext = { region: stage.account.region, accountKey: stage.accountKey, autoValidation: stage.account.autoValidation ?? null };
  return { report, suppressionSummary, warnings, context };
}

/** Readiness asks DNS for SPF and DMARC the same way the domain stage does: off, or the chosen servers. */
function txtLookupFor(settings: CheckSettings): TxtLookup | null {
  if (settings.offline || settings.dns.mode === 'off') return null;
  const resolver = new Resolver({ timeout: settings.dns.timeoutMs, tries: settings.dns.attempts });
  if (settings.dns.mode === 'servers') resolver.setServers(settings.dns.servers.map((s) => formatDnsServer(parseDnsServer(s))));
  return (name) => resolver.resolveTxt(name);
}
