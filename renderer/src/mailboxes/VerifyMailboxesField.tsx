// The Columns screen's "Verify mailboxes with SES" option, inside the SES panel:
// on, the check counts and prices the riskiest mailboxes SES Email Validation
// would be asked about (at most the limit), and asks nothing; Review then shows
// the count and the cost and asks only once the user confirms.
import { useId } from 'react';
import { formatUsd, MAILBOX_VALIDATION_PRICE } from '../../../shared/model/mailbox';
import { SwitchField } from '../app/SwitchField';
import { parseVerifyLimit, type ColumnsDraft } from '../columns/draft';
import './mailboxes.css';

type VerifyDraft = Pick<ColumnsDraft, 'verifyMailboxes' | 'verifyLimit'>;

interface VerifyMailboxesFieldProps {
  draft: VerifyDraft;
  problem?: string;
  onChange: (patch: Partial<VerifyDraft>) => void;
}

export function VerifyMailboxesField({ draft, problem, onChange }: VerifyMailboxesFieldProps) {
  const id = useId();
  const limit = parseVerifyLimit(draft.verifyLimit);
  const price = MAILBOX_VALIDATION_PRICE;
  return (
    <div className="verify-mailboxes" data-testid="verify-mailboxes">
      <SwitchField
        label="Verify mailboxes with SES"
        checked={draft.verifyMailboxes}
        onChange={(verifyMailboxes) => onChange({ verifyMailboxes })}
        hint={
          <>
            Asks SES Email Validation whether the riskiest mailboxes still exist. Each address asked is sent to SES in your account and billed by
            AWS ({formatUsd(price.usdPerAddress)} per address, {price.source}, {price.asOf}; check the current price). The check only counts and
            prices them: nothing is asked until you confirm on Review.
          </>
        }
      />
      {draft.verifyMailboxes && (
        <div className="field verify-limit-field">
          <label htmlFor={id}>At most</label>
          <div className="verify-limit-row">
            <input
              id={id}
              type="text"
              inputMode="numeric"
              value={draft.verifyLimit}
              onChange={(event) => onChange({ verifyLimit: event.target.value })}
              aria-invalid={problem ? true : undefined}
              aria-describedby={`${id}-hint`}
              autoComplete="off"
              maxLength={9}
            />
            <span>addresses</span>
          </div>
          <p className={problem ? 'field-error' : 'field-hint'} id={`${id}-hint`} data-testid="verify-limit-hint">
            {problem ??
              (limit !== null
                ? `Never more than ${formatUsd(limit * price.usdPerAddress)}. Only rows still to send or review are asked about, riskiest first, each mailbox once; answers are kept for 30 days and not asked again.`
                : '')}
          </p>
        </div>
      )}
    </div>
  );
}
