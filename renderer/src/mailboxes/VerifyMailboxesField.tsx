// The Columns screen's "Verify mailboxes with SES" option, inside the SES panel:
// on, the check counts and prices the riskiest mailboxes SES Email Validation
// would be asked about (at most the limit), and asks nothing; Review then shows
// the count and the cost and asks only once the user confirms.
import { useId } from 'react';
import { formatUsd, MAILBOX_VALIDATION_PRICE, priceNote } from '../../../shared/model/mailbox';
import { SwitchField } from '../app/SwitchField';
import { parseVerifyLimit, type ColumnsDraft } from '../columns/draft';
import './mailboxes.css';

type VerifyDraft = Pick<ColumnsDraft, 'verifyMailboxes' | 'verifyLimit' | 'verifyConfigurationSet'>;

interface VerifyMailboxesFieldProps {
  draft: VerifyDraft;
  problem?: string;
  /** The configuration set field's problem. */
  setProblem?: string;
  onChange: (patch: Partial<VerifyDraft>) => void;
}

export function VerifyMailboxesField({ draft, problem, setProblem, onChange }: VerifyMailboxesFieldProps) {
  const id = useId();
  const setId = useId();
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
            Asks SES Email Validation whether the riskiest mailboxes still exist. Each address asked is sent to SES in your account and
            billed by AWS. Preflight estimates {formatUsd(price.usdPerAddress)} per address ({priceNote(price)}): see
            aws.amazon.com/ses/pricing. The check only counts and prices them: nothing is asked until you confirm on Review.
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
      {draft.verifyMailboxes && (
        <div className="field verify-set-field">
          <label htmlFor={setId}>
            Configuration set <span className="optional">optional</span>
          </label>
          <input
            id={setId}
            type="text"
            value={draft.verifyConfigurationSet}
            onChange={(event) => onChange({ verifyConfigurationSet: event.target.value })}
            placeholder="newsletter"
            aria-invalid={setProblem ? true : undefined}
            aria-describedby={`${setId}-hint`}
            spellCheck={false}
            autoComplete="off"
            maxLength={64}
          />
          <p className={setProblem ? 'field-error' : 'field-hint'} id={`${setId}-hint`} data-testid="verify-set-hint">
            {setProblem ??
              'The set you send this campaign with: its Auto Validation setting wins over the account’s, and Review counts the recipients SES would drop at send time.'}
          </p>
        </div>
      )}
    </div>
  );
}
