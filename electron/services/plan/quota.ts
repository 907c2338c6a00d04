// The quota a plan must fit, read from the SES account (GetAccount) in one region.
// A sandbox account gets no plan: it can only send to verified identities.
import type { AccountStatus } from '../../../shared/model/ses';
import { UserError, isUserError } from '../../../shared/model/errors';
import type { PlanQuota } from '../../../shared/plan/schedule';
import { getAccountStatus } from '../ses/account';
import { createSesClient, resolveRegion } from '../ses/client';
import { describeSesError } from '../ses/errors';

export interface SesQuota {
  quota: PlanQuota;
  /** When SES answered (epoch ms): SentLast24Hours counts as used until 24 hours later. */
  readAt: number;
  account: AccountStatus;
}

export async function readSesQuota(
  options: { profile?: string; region?: string; signal?: AbortSignal; now?: () => number } = {},
): Promise<SesQuota> {
  const read = await readSesAccountQuota(options);
  refuseUnplannable(read.account);
  return read;
}

/** The quota as SES reports it, even for an account no plan can be made for (the app shows why: refuseUnplannable). */
export async function readSesAccountQuota(
  options: { profile?: string; region?: string; signal?: AbortSignal; now?: () => number } = {},
): Promise<SesQuota> {
  const client = createSesClient({ profile: options.profile, region: options.region });
  let region = options.region;
  try {
    region = await resolveRegion(client);
    const account = await getAccountStatus(client, region, { signal: options.signal });
    const readAt = (options.now ?? Date.now)();
    return {
      quota: {
        max24HourSend: account.max24HourSend,
        maxSendRate: account.maxSendRate,
        sentLast24Hours: account.sentLast24Hours,
        source: 'ses',
        region: account.region,
      },
      readAt,
      account,
    };
  } catch (error) {
    if (isUserError(error)) throw error;
    throw describeSesError(error, { region, profile: options.profile, action: 'ses:GetAccount' });
  } finally {
    client.destroy();
  }
}

/** The sandbox and a paused account are refused with what to do about them. */
export function refuseUnplannable(account: AccountStatus): void {
  const { region } = account;
  if (!account.productionAccessEnabled) {
    const pending =
      account.reviewStatus === 'PENDING'
        ? ` (your request${account.reviewCaseId ? `, case ${account.reviewCaseId},` : ''} is being reviewed, which usually takes 24–48 hours)`
        : '';
    throw new UserError(
      'ses_sandbox',
      `The SES account in ${region} is in the sandbox, where it sends only to verified addresses and at most 200 messages a day, so there is nothing to plan: ` +
        `request production access for ${region} in the SES console (Account dashboard → Request production access; each region is requested separately), ` +
        `where AWS looks for a clear use case, a verifiable opt-in process, SPF, DKIM and DMARC, an unsubscribe link, bounce and complaint handling, ` +
        `and bounce and complaint rates under 5% and 0.1%${pending}.`,
      // The app's Plan screen lists the steps to production access under this sentence: it says only why there is no plan.
      `The SES account in ${region} is in the sandbox, where it sends only to verified addresses and at most 200 messages a day, so there is nothing to plan${pending}.`,
    );
  }
  if (!account.sendingEnabled) {
    throw new UserError(
      'ses_failed',
      `Sending is paused for the SES account in ${region} (enforcement status ${account.enforcementStatus}), so SES would refuse every batch; see the Account dashboard in the SES console before planning.`,
    );
  }
  if (account.maxSendRate <= 0 || account.max24HourSend === 0) {
    throw new UserError(
      'ses_failed',
      `SES reports no sending quota for the account in ${region} (0 messages), so there is nothing to plan.`,
    );
  }
}
