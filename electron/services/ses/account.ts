// The account card: GetAccount for one region, or for every SES region.
import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { z } from 'zod';
import type { AccountCard, AccountStatus, RegionAccountResult, ReportAccount, SuppressionReason } from '../../../shared/model/ses';
import { productionAccessAdvice, SES_REGIONS } from '../../../shared/model/ses';
import { reviewAdvice } from '../../../shared/ses/production-access';
import { GET_ACCOUNT_ANSWER, readAnswer } from './answers';
import { accountAutoValidation } from './auto-validation';
import { accountKeyFor, clientProfile, createSesClient, resolveRegion, type SesClientOptions } from './client';
import { sesCall, type SesCallOptions } from './call';
import { describeSesError } from './errors';
import { loadSuppressionSnapshot } from './suppression';

export function toAccountStatus(region: string, response: z.infer<typeof GET_ACCOUNT_ANSWER>): AccountStatus {
  const quota = response.SendQuota ?? {};
  const review = response.Details?.ReviewDetails;
  const autoValidation = accountAutoValidation(response);
  return {
    region,
    max24HourSend: quota.Max24HourSend ?? 0,
    maxSendRate: quota.MaxSendRate ?? 0,
    sentLast24Hours: quota.SentLast24Hours ?? 0,
    productionAccessEnabled: response.ProductionAccessEnabled ?? false,
    sendingEnabled: response.SendingEnabled ?? false,
    enforcementStatus: response.EnforcementStatus ?? 'UNKNOWN',
    ...(review?.Status ? { reviewStatus: review.Status } : {}),
    ...(review?.CaseId ? { reviewCaseId: review.CaseId } : {}),
    ...(response.Details?.MailType ? { mailType: response.Details.MailType } : {}),
    suppressedReasons: (response.SuppressionAttributes?.SuppressedReasons ?? []).filter(
      (reason): reason is SuppressionReason => reason === 'BOUNCE' || reason === 'COMPLAINT',
    ),
    ...(autoValidation ? { autoValidation } : {}),
    ...(response.VdmAttributes?.VdmEnabled ? { vdmEnabled: response.VdmAttributes.VdmEnabled === 'ENABLED' } : {}),
  };
}

/** GetAccount in the client's region (or `region`, which must be the client's when given). */
export async function getAccountStatus(client: SESv2Client, region?: string, options: SesCallOptions = {}): Promise<AccountStatus> {
  const clientRegion = region ?? (await resolveRegion(client));
  const response = await sesCall(
    client,
    'ses:GetAccount',
    async (abortSignal) => readAnswer(GET_ACCOUNT_ANSWER, await client.send(new GetAccountCommand({}), { abortSignal }), 'GetAccount'),
    options,
  );
  return toAccountStatus(clientRegion, response);
}

/**
 * The account card for one region (the app's card, `ses status`): a live
 * GetAccount plus what the saved suppression snapshot holds. Failures are
 * SesUserError sentences.
 */
export async function getAccountCard(options: SesClientOptions & { cacheDir: string; signal?: AbortSignal }): Promise<AccountCard> {
  const client = createSesClient(options);
  try {
    const region = await resolveRegion(client);
    const account = await getAccountStatus(client, region, { signal: options.signal });
    const snapshot = await loadSuppressionSnapshot({ cacheDir: options.cacheDir, region, accountKey: accountKeyFor(options.profile) });
    return {
      profile: clientProfile(client),
      account,
      suppression: snapshot ? { snapshotAt: snapshot.syncedAt, entries: snapshot.entries.size } : null,
      ...(account.productionAccessEnabled ? {} : { productionAccess: productionAccessAdvice(region) }),
      ...(account.reviewStatus ? { reviewAdvice: reviewAdvice(account.reviewStatus) } : {}),
    };
  } finally {
    client.destroy();
  }
}

/** Exactly the fields report.json carries under "account". */
export function toReportAccount(account: AccountStatus, suppressionSnapshotAt: string | null): ReportAccount {
  return {
    region: account.region,
    max24HourSend: account.max24HourSend,
    maxSendRate: account.maxSendRate,
    sentLast24Hours: account.sentLast24Hours,
    productionAccessEnabled: account.productionAccessEnabled,
    sendingEnabled: account.sendingEnabled,
    enforcementStatus: account.enforcementStatus,
    suppressionSnapshotAt,
    ...(account.autoValidation ? { autoValidation: account.autoValidation } : {}),
    ...(account.vdmEnabled !== undefined ? { vdmEnabled: account.vdmEnabled } : {}),
  };
}

export interface AllRegionsOptions extends Omit<SesClientOptions, 'region'> {
  regions?: readonly string[];
  /** Regions asked at once (default 4). Each region has its own SES rate limit. */
  concurrency?: number;
  signal?: AbortSignal;
  onRegion?: (result: RegionAccountResult) => void;
}

/**
 * GetAccount in every SES region, a few at a time. A region that fails gets its
 * one-sentence error (an opt-in region not enabled, no permission there…); the
 * others still answer. Results come back in the order of `regions`.
 */
export async function getAccountStatusAllRegions(options: AllRegionsOptions = {}): Promise<RegionAccountResult[]> {
  const regions = options.regions ?? SES_REGIONS;
  const results: RegionAccountResult[] = new Array(regions.length);
  let next = 0;
  const worker = async () => {
    while (next < regions.length) {
      const index = next++;
      const region = regions[index]!;
      let result: RegionAccountResult;
      try {
        const client = createSesClient({ ...options, region });
        try {
          // One call per region: retries stay, but a failing region must not hold the table up for a minute.
          const account = await getAccountStatus(client, region, { signal: options.signal, throttleRetries: 2, transientRetries: 1 });
          result = { region, ok: true, account };
        } finally {
          client.destroy();
        }
      } catch (error) {
        const described = describeSesError(error, { region, profile: options.profile, action: 'ses:GetAccount' });
        if (described.kind === 'cancelled') throw described;
        result = { region, ok: false, error: described.message };
      }
      results[index] = result;
      options.onRegion?.(result);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 4, regions.length)) }, worker);
  await Promise.all(workers);
  return results;
}
