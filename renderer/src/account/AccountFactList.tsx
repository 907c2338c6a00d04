// The account's sending facts, as the card on Columns and the SES account part of Review both show them.
import type { ReportAccount } from '../../../shared/model/ses';
import { enforcementText, quotaText, rateText, sentText } from './accountText';

type SendingFacts = Pick<ReportAccount, 'max24HourSend' | 'sentLast24Hours' | 'maxSendRate' | 'sendingEnabled' | 'enforcementStatus'>;

/** `autoValidation`: the account's Auto Validation setting, shown when the account card knows it (GetAccount). */
export function AccountFactList({
  account,
  suppression,
  autoValidation,
  testId,
}: {
  account: SendingFacts;
  suppression: string;
  autoValidation?: string;
  testId?: string;
}) {
  return (
    <dl className="fact-list" data-testid={testId}>
      <dt>Daily quota</dt>
      <dd>{quotaText(account.max24HourSend)}</dd>
      <dt>Last 24 hours</dt>
      <dd>{sentText(account.max24HourSend, account.sentLast24Hours)}</dd>
      <dt>Send rate</dt>
      <dd>{rateText(account.maxSendRate)}</dd>
      <dt>Sending</dt>
      <dd className={account.sendingEnabled ? undefined : 'is-bad'}>{account.sendingEnabled ? 'Enabled' : 'Paused: SES will not send'}</dd>
      <dt>Enforcement</dt>
      <dd className={account.enforcementStatus === 'HEALTHY' ? undefined : 'is-bad'}>{enforcementText(account.enforcementStatus)}</dd>
      {autoValidation && (
        <>
          <dt>Auto Validation</dt>
          <dd data-testid="auto-validation-fact">{autoValidation}</dd>
        </>
      )}
      <dt>Suppression list</dt>
      <dd>{suppression}</dd>
    </dl>
  );
}
