// The account's reputation metrics (CloudWatch AWS/SES), read once per check
// with --ses after the account itself. Never fatal: a refusal, a failure or an
// answer that cannot be trusted becomes the report's status and one sentence,
// and the check goes on without the metrics.
import type { CheckSettings } from '../../shared/model/check';
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
