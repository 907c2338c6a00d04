// Sends the production-access request (SESv2 PutAccountDetails) for one region,
// once: GetAccount first, so a request already under review, answered, or an
// account already in production gets its sentence instead of a second request;
// then PutAccountDetails without transient retries (a time-out or a 5xx after the
// request left may mean SES has it: sending it again would file a second case);
// then GetAccount again for the review status SES now reports.
import { ConflictException, PutAccountDetailsCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { AccountStatus } from '../../../shared/model/ses';
import { productionRequestBlocker, type ProductionAccessRequest } from '../../../shared/ses/production-access';
import { UserError, appSentence } from '../../../shared/model/errors';
import { getAccountStatus } from './account';
import { sesCall } from './call';
import { resolveRegion } from './client';
import { SesUserError, type SesErrorKind } from './errors';

export const PRODUCTION_ACCESS_ACTION = 'ses:PutAccountDetails';

/** Failures after which the request may have reached SES: say so, and how to find out. */
const MAYBE_SENT: ReadonlySet<SesErrorKind> = new Set(['timeout', 'service', 'answer_too_slow', 'unreadable', 'network', 'unknown']);

export interface SubmitOptions {
  /** Send even though a request was already answered (FAILED, DENIED, GRANTED) or is PENDING. */
  resubmit?: boolean;
  signal?: AbortSignal;
  /**
   * Asked after the account was read and before anything is sent (the CLI's
   * terminal prompt); false sends nothing. Absent: the caller has confirmed already.
   */
  confirm?: (account: AccountStatus) => Promise<boolean>;
}

export interface SubmitResult {
  /** The account before the request. */
  before: AccountStatus;
  /** The account as GetAccount reported it right after (its review status and case id), or null when that read failed. */
  after: AccountStatus | null;
  /** Why the read after failed: the request was sent all the same. */
  afterError?: string;
}

/** The account's state, as GetAccount has it, or the sentence saying why nothing may be sent. */
export async function checkCanRequest(
  client: SESv2Client,
  options: { resubmit?: boolean; signal?: AbortSignal } = {},
): Promise<AccountStatus> {
  const region = await resolveRegion(client);
  const account = await getAccountStatus(client, region, { signal: options.signal });
  const blocker = productionRequestBlocker(account, options.resubmit ?? false, 'cli');
  if (blocker) throw new UserError('ses_failed', blocker, productionRequestBlocker(account, options.resubmit ?? false, 'app') ?? undefined);
  return account;
}

/** The request sent and the account after it, or null when `confirm` declined (nothing sent). */
export async function submitProductionAccess(
  client: SESv2Client,
  request: ProductionAccessRequest,
  options: SubmitOptions = {},
): Promise<SubmitResult | null> {
  const before = await checkCanRequest(client, options);
  const region = before.region;
  if (options.confirm && !(await options.confirm(before))) return null;
  try {
    await sesCall(
      client,
      PRODUCTION_ACCESS_ACTION,
      async (abortSignal) => {
        try {
          return await client.send(new PutAccountDetailsCommand({ ...request }), { abortSignal });
        } catch (error) {
          if (error instanceof ConflictException) {
            throw new SesUserError(
              'bad_request',
              `SES already has a production-access request under review for ${region}, so it did not take this one: see its status with \`preflight ses status --region ${region}\`.`,
              409,
              `SES already has a production-access request under review for ${region}, so it did not take this one: Check the account again to see its status.`,
            );
          }
          throw error;
        }
      },
      { signal: options.signal, transientRetries: 0 },
    );
  } catch (error) {
    if (error instanceof SesUserError && MAYBE_SENT.has(error.kind)) {
      throw new SesUserError(
        error.kind,
        `${error.message} SES may have received the request anyway: check \`preflight ses status --region ${region}\` before sending it again.`,
        error.status,
        `${appSentence(error)} SES may have received the request anyway: Check the account again before sending it again.`,
      );
    }
    throw error;
  }
  // The request is in: a failure to read the status now must not look like a failed request.
  try {
    return { before, after: await getAccountStatus(client, region, { signal: options.signal }) };
  } catch (error) {
    return { before, after: null, afterError: error instanceof Error ? error.message : String(error) };
  }
}
