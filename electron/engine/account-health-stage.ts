// Account health from Virtual Deliverability Manager, after the account stage:
// SES's open recommendations join the readiness checklist (HIGH impact first).
// Only with VDM enabled (GetAccount VdmAttributes.VdmEnabled); without it the
// report says what enabling it would add. Never fatal: a refusal or an
// unreadable answer is a warning and the check goes on without it.
import type { CheckSettings } from '../../shared/model/check';
import type { ProviderHistoryNote } from '../../shared/model/ses';
import { createSesClient, resolveRegion } from '../services/ses/client';
import { SesUserError } from '../services/ses/errors';
import { listOpenRecommendations } from '../services/ses/recommendations';
import { recommendationItems } from '../../shared/ses/recommendations';
import type { AccountStageOutcome } from './ses-account-stage';
import type { RowStore } from './row-store';

export interface AccountHealthOutcome {
  warnings: string[];
}

/** What the report says when VDM is off: what turning it on would add. */
export const VDM_OFF_MESSAGE =
  'Virtual Deliverability Manager is off for this SES account: turn it on (SES console → Virtual Deliverability Manager) and Preflight adds your own bounce and complaint rates per mailbox provider over the last 30 days, uses them to calibrate the forecast, and lists SES’s open deliverability recommendations in the readiness checklist.';

export async function runAccountHealthStage(
  _store: RowStore,
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
      warnings.push(`SES’s deliverability recommendations were not read: ${error.message}`);
    }
  } finally {
    client.destroy();
  }
  return { warnings };
}
