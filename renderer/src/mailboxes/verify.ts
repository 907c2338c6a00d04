// The two steps of mailbox verification in the app: the check counts and prices
// the mailboxes SES would be asked about (an estimate: nothing asked, nothing
// billed), Review shows the count and the cost, and only a confirmation runs the
// check again with asking on, limited to the count the user agreed to.
import type { CheckRequest } from '../../../shared/ipc/contract';
import type { MailboxVerificationReport } from '../../../shared/model/mailbox';
import { formatUsd, priceNote } from '../../../shared/model/mailbox';

/** The same check, now allowed to ask SES about at most `count` addresses (the count the user confirmed). */
export function confirmedVerification(request: CheckRequest, count: number): CheckRequest {
  const ses = request.settings.ses;
  const verify = ses?.verifyMailboxes;
  if (!ses || !verify) throw new Error('confirmedVerification needs a check with mailbox verification');
  return {
    ...request,
    settings: {
      ...request.settings,
      ses: { ...ses, verifyMailboxes: { ...verify, ask: true, limit: Math.max(1, Math.min(count, verify.limit)) } },
    },
  };
}

/** "about $8.12 at $0.01 per address (AWS’s SES pricing page …, 2025-12; not checked against AWS’s current pricing page)". */
export function costSentence(verification: Pick<MailboxVerificationReport, 'price'>, count: number): string {
  const { price } = verification;
  return `about ${formatUsd(count * price.usdPerAddress)} at ${formatUsd(price.usdPerAddress)} per address (${priceNote(price)})`;
}
