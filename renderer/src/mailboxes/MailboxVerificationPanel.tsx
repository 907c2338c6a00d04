// Review's mailbox verification part. After the estimate: how many mailboxes SES
// Email Validation would be asked about and what that costs, with the button that
// asks (after a confirmation naming the count and the cost). After asking: what
// was verified, what it found and what it saved, and SES's Auto Validation setting.
import { useId, useState } from 'react';
import type { MailboxVerificationReport } from '../../../shared/model/mailbox';
import { formatUsd } from '../../../shared/model/mailbox';
import { ConfirmDialog } from '../app/ConfirmDialog';
import { formatCount, plural } from '../app/format';
import { costSentence } from './verify';
import './mailboxes.css';

interface MailboxVerificationPanelProps {
  verification: MailboxVerificationReport;
  region: string | null;
  /** Run the check again, asking SES about at most `count` addresses. */
  onVerify: (count: number) => void;
}

export function MailboxVerificationPanel({ verification: v, region, onVerify }: MailboxVerificationPanelProps) {
  const titleId = useId();
  const [confirming, setConfirming] = useState(false);
  const where = region ? ` in ${region}` : '';
  const estimate = v.mode === 'estimate' && v.wouldAsk > 0;
  return (
    <section className="panel mailbox-panel" aria-labelledby={titleId} data-testid="mailbox-panel" data-mode={v.mode}>
      <h2 id={titleId}>Mailbox verification (SES)</h2>
      {estimate ? (
        <>
          <p data-testid="mailbox-estimate">
            SES Email Validation would be asked about <strong>{plural(v.wouldAsk, 'address', 'addresses')}</strong>, the riskiest of{' '}
            {plural(v.candidates, 'mailbox', 'mailboxes')} still to send or review: {costSentence(v, v.wouldAsk)}. Each of these addresses
            is sent to SES in your account{where}.
            {v.fromCache > 0 && ` ${plural(v.fromCache, 'more mailbox', 'more mailboxes')} already had a saved answer (free).`}
          </p>
          <button type="button" className="button button-primary" onClick={() => setConfirming(true)} data-testid="verify-start">
            Verify {plural(v.wouldAsk, 'mailbox', 'mailboxes')} for about {formatUsd(v.estimatedCostUsd)}
          </button>
          <ConfirmDialog
            open={confirming}
            title={`Ask SES about ${plural(v.wouldAsk, 'address', 'addresses')}?`}
            confirmLabel={`Ask SES, about ${formatUsd(v.estimatedCostUsd)}`}
            cancelLabel="Not now"
            onConfirm={() => {
              setConfirming(false);
              onVerify(v.wouldAsk);
            }}
            onCancel={() => setConfirming(false)}
          >
            AWS bills each address asked: {costSentence(v, v.wouldAsk)}; your SES plan may include some validations. The check runs again
            with the same settings and asks about at most these {formatCount(v.wouldAsk)}; answers are saved for 30 days, so they are never
            asked again.
          </ConfirmDialog>
        </>
      ) : (
        <>
          <ul className="mailbox-facts" data-testid="mailbox-facts">
            <li>
              Asked <strong>{formatCount(v.asked)}</strong>
              {v.asked > 0 && ` (about ${formatUsd(v.estimatedCostUsd)})`}
            </li>
            <li>
              From saved answers <strong>{formatCount(v.fromCache)}</strong>
            </li>
            <li>
              Not verified <strong>{formatCount(v.notVerified)}</strong>
            </li>
            <li>
              Verdicts: high <strong>{formatCount(v.verdicts.HIGH)}</strong>, medium <strong>{formatCount(v.verdicts.MEDIUM)}</strong>, low{' '}
              <strong>{formatCount(v.verdicts.LOW)}</strong>
            </li>
            <li>
              Expected bounces avoided <strong>{v.expectedBouncesAvoided.toLocaleString('en-US')}</strong>
            </li>
          </ul>
          {v.mode === 'estimate' && v.candidates > 0 && v.notVerified === 0 && (
            <p>Every mailbox still to send or review had a saved SES answer: nothing to ask.</p>
          )}
          {v.mode === 'offline' && v.notVerified > 0 && <p>Offline: only saved answers were used.</p>}
        </>
      )}
      {v.autoValidation?.enabled && (
        <p className="muted" data-testid="auto-validation">
          SES Auto Validation is on for{' '}
          {v.autoValidation.scope === 'account' ? 'the account' : `configuration set ${v.autoValidation.configurationSet ?? ''}`} (threshold{' '}
          {v.autoValidation.threshold ?? 'unknown'}): SES silently drops recipients below it at send time
          {v.autoValidation.wouldSuppress && v.verdicts.HIGH + v.verdicts.MEDIUM + v.verdicts.LOW > 0
            ? `; by these answers ${formatCount(v.autoValidation.wouldSuppress.send)} of the send list and ${formatCount(v.autoValidation.wouldSuppress.review)} of the review list.`
            : '.'}
        </p>
      )}
    </section>
  );
}
