// The app's "Send request to AWS" (account:request-production): the renderer's
// confirm button is the confirmation, so this sends. The form is read again here
// with the same rules as the CLI (shared/ses/production-access.ts): the renderer's
// preview is never trusted as checked. Sending goes through the same service as
// `preflight ses request-production`, so an account in production or with a review
// on record gets its sentence instead of a second request.
import type { ProductionAccessSubmission, ProductionAccessSubmitted } from '../../shared/ipc/contract';
import { isUserError, UserError } from '../../shared/model/errors';
import { buildProductionAccessRequest, reviewAdvice } from '../../shared/ses/production-access';

/** One request at a time: a second click while one is on its way gets a sentence, not a second case. */
let sending = false;

export async function requestProductionAccess(submission: ProductionAccessSubmission): Promise<ProductionAccessSubmitted> {
  const request = buildProductionAccessRequest(submission.form);
  if (sending) {
    throw new UserError('ses_failed', 'A production-access request is already being sent: wait for its answer.');
  }
  sending = true;
  try {
    // Loaded on first use: the AWS SDK is large and most sessions never need it.
    const [{ createSesClient }, { submitProductionAccess }, { describeSesError }] = await Promise.all([
      import('../services/ses/client'),
      import('../services/ses/production-access'),
      import('../services/ses/errors'),
    ]);
    const client = createSesClient({ profile: submission.profile, region: submission.region });
    try {
      const result = await submitProductionAccess(client, request, { resubmit: submission.resubmit ?? false });
      // No confirm callback is passed, so a result is always there.
      const { before, after } = result!;
      return {
        region: before.region,
        sent: request,
        account: after,
        advice: after?.reviewStatus ? reviewAdvice(after.reviewStatus) : null,
      };
    } catch (error) {
      if (isUserError(error)) throw error;
      throw describeSesError(error, { profile: submission.profile, region: submission.region, action: 'ses:PutAccountDetails' });
    } finally {
      client.destroy();
    }
  } finally {
    sending = false;
  }
}
