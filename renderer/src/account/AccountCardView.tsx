// The SES account card: where the account stands in one region (sandbox or
// production, quotas, sending, enforcement, the saved suppression list), or the
// one sentence saying why SES could not be asked, over the last saved data
// when there is some.
import { sandboxSteps } from './sandboxText';
import type { ReactNode } from 'react';
import { autoValidationText } from '../../../shared/model/mailbox';
import type { AccountCardResult } from '../../../shared/ipc/contract';
import { REASONS } from '../../../shared/model/reasons';
import type { AccountCard } from '../../../shared/model/ses';
import { invoke } from '../app/api';
import { formatCount, formatWhen } from '../app/format';
import { AlertIcon, InfoIcon } from '../app/icons';
import { accountDashboardUrl } from './accountText';
import { AccountFactList } from './AccountFactList';
import type { AccountCardState } from './useAccountCard';

interface AccountCardViewProps {
  state: AccountCardState;
  onRefresh: () => void;
}

export function AccountCardView({ state, onRefresh }: AccountCardViewProps) {
  if (state.status === 'idle') return null;
  const shown: AccountCardResult | null = state.status === 'ready' ? state.result : state.status === 'loading' ? state.previous : null;
  return (
    <div className="account-card" data-testid="account-card" aria-busy={state.status === 'loading'}>
      <p className="visually-hidden" aria-live="polite">
        {state.status === 'loading'
          ? 'Reading the SES account…'
          : state.status === 'failed'
            ? state.message
            : state.result.source === 'saved'
              ? `${state.result.error} Showing the account as saved on ${formatWhen(state.result.savedAt)}.`
              : `SES account in ${state.result.card.account.region} read.`}
      </p>
      {state.status === 'loading' && (
        <p className="account-loading">
          <span className="spinner spinner-small" aria-hidden="true" /> Reading the SES account…
        </p>
      )}
      {state.status === 'failed' && (
        <div className="callout callout-error account-error" data-testid="account-error">
          <AlertIcon size={18} />
          <div>
            <p>{state.message}</p>
            <button type="button" className="link-button" onClick={onRefresh}>
              Try again
            </button>
          </div>
        </div>
      )}
      {state.status === 'ready' && state.result.source === 'saved' && (
        <div className="callout callout-warning account-error" data-testid="account-error">
          <AlertIcon size={18} />
          <div>
            <p>{state.result.error}</p>
            <p>
              Showing the account as saved on {formatWhen(state.result.savedAt)}.{' '}
              <button type="button" className="link-button" onClick={onRefresh}>
                Try again
              </button>
            </p>
          </div>
        </div>
      )}
      {shown && (
        <CardFacts
          card={shown.card}
          stale={shown.source === 'saved' || state.status === 'loading'}
          action={
            state.status === 'ready' && state.result.source === 'live' ? (
              <button type="button" className="button button-small button-quiet account-refresh" onClick={onRefresh}>
                Refresh
              </button>
            ) : null
          }
        />
      )}
    </div>
  );
}

function CardFacts({ card, stale, action }: { card: AccountCard; stale: boolean; action: ReactNode }) {
  const { account } = card;
  const sandbox = !account.productionAccessEnabled;
  return (
    <div className={`account-facts${stale ? ' is-stale' : ''}`}>
      <p className="account-title">
        <span className={`access-badge ${sandbox ? 'is-sandbox' : 'is-production'}`} data-testid="access-badge">
          {sandbox ? 'Sandbox' : 'Production'}
        </span>
        <span className="account-where">
          {account.region} · profile {card.profile}
        </span>
        {action}
      </p>
      <AccountFactList
        account={account}
        autoValidation={autoValidationText(account.autoValidation)}
        suppression={
          card.suppression
            ? `${formatCount(card.suppression.entries)} addresses, saved ${formatWhen(card.suppression.snapshotAt)}`
            : 'Not saved yet: read during the check'
        }
      />
      {sandbox && <SandboxNote region={account.region} advice={card.productionAccess ?? []} compact />}
      {sandbox && <ProductionAccessNote card={card} />}
    </div>
  );
}

/**
 * Where a sandbox account's production-access request stands, or where to make it: the
 * request is drafted from a check's results, so its form is on Review (and Plan) after the check.
 */
function ProductionAccessNote({ card }: { card: AccountCard }) {
  const { region, reviewStatus, reviewCaseId } = card.account;
  return (
    <p className="production-note" data-testid="card-production-access">
      {reviewStatus ? (
        <>
          Production-access request for {region}: <strong>{reviewStatus}</strong>
          {reviewCaseId ? ` (case ${reviewCaseId})` : ''}. {card.reviewAdvice}
        </>
      ) : (
        <>
          Request production access for {region} after the check: Review’s SES account tab has the request, with the use case drafted from
          the check’s results, the readiness list and a preview of exactly what is sent.
        </>
      )}
    </p>
  );
}

/**
 * What the sandbox means for this check, and how to leave it (folded away where space is short). `explained`
 * false: the screen already says what the sandbox means (Review's warnings), so the note gives the steps only.
 */
export function SandboxNote({
  region,
  advice,
  compact = false,
  explained = true,
}: {
  region: string;
  advice: string[];
  compact?: boolean;
  explained?: boolean;
}) {
  const steps = sandboxSteps(advice);
  const list = (
    <ul>
      {steps.map((sentence) => (
        <li key={sentence}>{sentence}</li>
      ))}
    </ul>
  );
  return (
    <div className="callout callout-info sandbox-note" data-testid="sandbox-note">
      <InfoIcon size={18} />
      <div>
        <p className="callout-title">This account is in the SES sandbox in {region}</p>
        {explained && (
          <p>Only verified identities can receive: the check removes every other recipient as “{REASONS.unverified_sandbox.label}”.</p>
        )}
        {steps.length > 0 &&
          (compact ? (
            <details className="sandbox-advice">
              <summary>How to leave the sandbox</summary>
              {list}
            </details>
          ) : (
            list
          ))}
        <button
          type="button"
          className="link-button"
          onClick={() => void invoke('shell:open-external', accountDashboardUrl(region)).catch(() => undefined)}
        >
          Open the SES account dashboard
        </button>
      </div>
    </div>
  );
}
