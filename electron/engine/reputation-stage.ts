// The account's reputation metrics (CloudWatch AWS/SES), read once per check
// with --ses after the account itself. Never fatal: a refusal, a failure or an
// answer that cannot be trusted becomes the report's status and one sentence,
// and the check goes on without the metrics.
import type { CheckSettings, ReportForecast } from '../../shared/model/check';
import type { ReportAccount } from '../../shared/model/ses';
import { projectAccount } from '../../shared/risk/projection';
import type { ReportReputation } from '../../shared/model/reputation';
import { cloudWatchEndpointRefusal, createCloudWatchClient } from '../services/ses/cloudwatch';
import { readReputation, unreadReputation } from '../services/ses/reputation';

export interface ReputationStageOutcome {
  reputation: ReportReputation;
  /** Sentences for report.json's warnings: a refusal, a failure, an unverified answer. */
  warnings: string[];
}

export async function runReputationStage(
  settings: CheckSettings,
  region: string,
  signal: AbortSignal | undefined,
  onMessage: (message: string) => void,
): Promise<ReputationStageOutcome> {
  if (settings.offline) {
    return {
      reputation: unreadReputation(region, 'not_asked', "Offline: the account's bounce and complaint rates were not read from CloudWatch."),
      warnings: [],
    };
  }
  const refusal = cloudWatchEndpointRefusal(process.env);
  if (refusal) return { reputation: unreadReputation(region, 'not_asked', refusal), warnings: [] };
  onMessage(`Reading the account's bounce and complaint rates from CloudWatch in ${region}`);
  const client = createCloudWatchClient({ profile: settings.ses?.profile, region });
  try {
    const reputation = await readReputation(client, { region, profile: settings.ses?.profile, signal });
    const warns = reputation.status === 'denied' || reputation.status === 'failed' || reputation.status === 'unverified';
    return { reputation, warnings: warns && reputation.note ? [reputation.note] : [] };
  } finally {
    client.destroy();
  }
}

/**
 * The risk report with forecast.account: where sending send.csv (`sendCount`
 * rows at the send list's forecast) takes the account's own rates. Only when
 * the reputation was read (or the account has none yet): an unknown rate now is
 * never projected from.
 */
export function withAccountProjection<T extends { forecast: ReportForecast }>(
  risk: T,
  account: ReportAccount | undefined,
  sendCount: number,
): T {
  const reputation = account?.reputation;
  if (!account || !reputation || (reputation.status !== 'read' && reputation.status !== 'no_metrics')) return risk;
  const projection = projectAccount({
    bounceRateNow: reputation.bounceRate,
    complaintRateNow: reputation.complaintRate,
    account,
    send: risk.forecast.send,
    sendCount,
    // VDM's own send counts, when read and verified (account-health-stage.ts): the representative volume's best estimate.
    vdmSendsLast14Days: account.providerHistory?.sendsLast14Days ?? null,
  });
  return { ...risk, forecast: { ...risk.forecast, account: projection } };
}
