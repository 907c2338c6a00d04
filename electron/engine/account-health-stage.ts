// Account health from Virtual Deliverability Manager, after the account stage:
// SES's open recommendations join the readiness checklist (HIGH impact first),
// and the sender's own bounce and complaint rates per mailbox provider over the
// last 30 days go into report.json beside the list's own provider mix.
// Only with VDM enabled (GetAccount VdmAttributes.VdmEnabled); without it the
// report says what enabling it would add. Never fatal: a refusal or an
// unreadable answer is a warning and the check goes on without it.
import { appSentence } from '../../shared/model/errors';
import type { CheckSettings } from '../../shared/model/check';
import type { ProviderHistory, ProviderHistoryNote } from '../../shared/model/ses';
import { createSesClient, resolveRegion } from '../services/ses/client';
import { SesUserError } from '../services/ses/errors';
import { listOpenRecommendations } from '../services/ses/recommendations';
import { HISTORY_DAYS, readProviderHistory } from '../services/ses/vdm';
import { calibrateProviders, withProviderFactors } from '../../shared/risk/calibration';
import { useRiskParameters } from './risk-stage';
import { recommendationItems } from '../../shared/ses/recommendations';
import type { AccountStageOutcome } from './ses-account-stage';
import { reasonBit, type RowStore } from './row-store';

export interface AccountHealthOutcome {
  warnings: string[];
}

/** What the report says when VDM is off: what turning it on would add. */
export const VDM_OFF_MESSAGE =
  'Virtual Deliverability Manager is off for this SES account: turn it on (SES console → Virtual Deliverability Manager) and Preflight adds your own bounce and complaint rates per mailbox provider over the last 30 days, uses them to calibrate the forecast, and lists SES’s open deliverability recommendations in the readiness checklist.';

const NOT_AN_ADDRESS = reasonBit('no_address') | reasonBit('syntax_invalid');

export async function runAccountHealthStage(
  store: RowStore,
  settings: CheckSettings,
  account: AccountStageOutcome,
  signal: AbortSignal | undefined,
  onMessage: (message: string) => void,
): Promise<AccountHealthOutcome> {
  const warnings: string[] = [];
  const reportAccount = account.report.account;
  if (!reportAccount) return { warnings };
  const note = (status: ProviderHistoryNote['status'], message: string) => (reportAccount.providerHistory = { status, message });
  if (reportAccount.vdmEnabled !== true) {
    note('vdm_off', VDM_OFF_MESSAGE);
    return { warnings };
  }
  if (settings.offline) {
    note('not_read', 'Offline: the per-provider history and SES’s recommendations were not read.');
    return { warnings };
  }
  const client = createSesClient({ profile: settings.ses?.profile, region: settings.ses?.region });
  try {
    const region = await resolveRegion(client);
    onMessage(`Reading SES’s deliverability recommendations in ${region}`);
    try {
      const recommendations = await listOpenRecommendations(client, region, { signal });
      reportAccount.recommendations = recommendations;
      const readiness = account.report.readiness;
      if (readiness && recommendations.length > 0) {
        readiness.items = [...readiness.items, ...recommendationItems(recommendations)];
        readiness.ready = false;
      }
    } catch (error) {
      if (!(error instanceof SesUserError) || error.kind === 'cancelled') throw error;
      warnings.push(`SES’s deliverability recommendations were not read: ${appSentence(error)}`);
    }

    onMessage(`Reading your own bounce and complaint rates per mailbox provider in ${region}`);
    try {
      const read = await readProviderHistory(client, { signal, now: settings.now ? new Date(settings.now) : new Date() });
      const rows = listRowsByProvider(store);
      // Calibration (shared/risk/calibration.ts): only verified numbers, and only with the whole account verified to compare with.
      const verified = read.total.verified ? read.providers.filter((provider) => provider.verified) : [];
      const calibrations = calibrateProviders(verified, read.total);
      if (calibrations.some((calibration) => calibration.calibrated)) useRiskParameters(store, withProviderFactors(calibrations));
      reportAccount.providers = read.providers.map((provider) => {
        const calibration = calibrations.find((candidate) => candidate.provider === provider.provider);
        return {
          ...provider,
          listRows: rows.get(provider.provider) ?? 0,
          ...(calibration?.calibrated ? { bounceFactor: calibration.bounceFactor, complaintFactor: calibration.complaintFactor } : {}),
        };
      });
      reportAccount.providerHistory = {
        status: 'read',
        from: read.from,
        to: read.to,
        total: read.total,
        ...(read.sendsLast14Days !== null ? { sendsLast14Days: read.sendsLast14Days } : {}),
        message: historyMessage(read.total),
      };
      warnings.push(...read.problems);
    } catch (error) {
      if (!(error instanceof SesUserError) || error.kind === 'cancelled') throw error;
      note('not_read', `Your own per-provider history was not read: ${error.message}`);
      warnings.push(`Your own bounce and complaint rates per mailbox provider were not read: ${error.message}`);
    }
  } finally {
    client.destroy();
  }
  return { warnings };
}

/** Rows of the list with an address, by provider: the list's provider mix. */
function listRowsByProvider(store: RowStore): Map<string, number> {
  const rows = new Map<string, number>();
  for (let row = 0; row < store.count; row++) {
    if (!store.normalized[row] || store.mask(row) & NOT_AN_ADDRESS) continue;
    const provider = store.provider(row);
    rows.set(provider, (rows.get(provider) ?? 0) + 1);
  }
  return rows;
}

const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(2)}%`);

function historyMessage(total: ProviderHistory): string {
  if (!total.verified) return `Your own mail over the last ${HISTORY_DAYS} days could not be read reliably: ${total.problem}.`;
  if (total.sent === 0) return `Virtual Deliverability Manager has no sends from this account in the last ${HISTORY_DAYS} days.`;
  return `Your own mail over the last ${HISTORY_DAYS} days (Virtual Deliverability Manager): ${total.sent.toLocaleString('en-US')} sent, ${percent(total.bounceRate)} bounced permanently, ${percent(total.complaintRate)} complained.`;
}
