// The Review screen's SES account part: the account as the check saw it
// (report.account), whether the send list fits today's quota, what the sandbox
// means, the sender readiness checklist (report.readiness, with SES's open
// recommendations) and the sender's own history per mailbox provider. A sandbox
// account gets the production-access request here too, drafted from this check
// (the same form as the Plan screen's).
import { useId } from 'react';
import type { Report } from '../../../shared/model/check';
import type { Readiness, ReadinessItem, ReportAccount } from '../../../shared/model/ses';
import { formatCount, formatWhen, plural } from '../app/format';
import { AlertIcon, CheckIcon, CrossIcon } from '../app/icons';
import { recommendationItems } from '../../../shared/ses/recommendations';
import { SandboxNote } from './AccountCardView';
import { AccountFactList } from './AccountFactList';
import { ProductionAccessRequest } from './ProductionAccessRequest';
import { ReputationView } from './ReputationView';
import { ProviderHistoryPanel } from './ProviderHistoryPanel';
import './account.css';

/** `profile`: the AWS profile the check used (none: the default credentials), for the production-access request. */
export function AccountReview({ report, profile }: { report: Report; profile?: string }) {
  const ids = { account: useId(), readiness: useId() };
  const account = report.account ?? null;
  const readiness = report.readiness ?? null;
  if (!account) return <p className="empty-note">This check did not use an SES account.</p>;
  return (
    <div className="account-view" data-testid="account-view">
      <section className="panel" aria-labelledby={ids.account}>
        <h2 id={ids.account}>SES account</h2>
        <AccountFacts account={account} sendRows={report.verdicts.send ?? 0} />
        {account.reputation && <ReputationView reputation={account.reputation} />}
        {!account.productionAccessEnabled && (
          <SandboxNote region={account.region} advice={report.productionAccess ?? []} explained={false} />
        )}
      </section>
      <section className="panel" aria-labelledby={ids.readiness}>
        <h2 id={ids.readiness}>Sender readiness</h2>
        {readiness ? (
          <ReadinessList readiness={readiness} />
        ) : (
          <>
            <p className="empty-note">
              Enter a From address or domain on the Columns screen to check that SES and DNS are ready to send as it.
            </p>
            {(account.recommendations?.length ?? 0) > 0 && <ReadinessItems items={recommendationItems(account.recommendations!)} />}
          </>
        )}
      </section>
      <ProviderHistoryPanel account={account} rows={report.rows} />
      {!account.productionAccessEnabled && (
        <section className="panel account-production" data-testid="review-production-access">
          <ProductionAccessRequest report={report} {...(profile ? { profile } : {})} region={account.region} readinessListed />
        </section>
      )}
    </div>
  );
}

function AccountFacts({ account, sendRows }: { account: ReportAccount; sendRows: number }) {
  const sandbox = !account.productionAccessEnabled;
  const left = account.max24HourSend < 0 ? Infinity : Math.max(0, account.max24HourSend - account.sentLast24Hours);
  return (
    <>
      <p className="account-title">
        <span className={`access-badge ${sandbox ? 'is-sandbox' : 'is-production'}`}>{sandbox ? 'Sandbox' : 'Production'}</span>
        <span>{account.region}</span>
      </p>
      <AccountFactList
        account={account}
        suppression={account.suppressionSnapshotAt ? `Saved ${formatWhen(account.suppressionSnapshotAt)}` : 'None saved'}
        testId="account-facts"
      />
      {sendRows > left && (
        <p className="callout callout-warning quota-note" data-testid="quota-note">
          <AlertIcon size={16} />
          <span>
            The send list has {plural(sendRows, 'row')}, more than the {formatCount(left)} messages left in today’s quota: spread the send
            over several days.
          </span>
        </p>
      )}
    </>
  );
}

const STATUS_TEXT: Record<ReadinessItem['status'], string> = { ok: 'Ready', fix: 'To fix', unknown: 'Not checked' };

export function ReadinessList({ readiness }: { readiness: Readiness }) {
  const toFix = readiness.items.filter((item) => item.status === 'fix').length;
  return (
    <>
      <p className={`readiness-summary ${readiness.ready ? 'is-ready' : ''}`}>
        {readiness.ready
          ? `Ready to send as ${readiness.identity} in ${readiness.region}.`
          : `${readiness.identity} in ${readiness.region}: ${toFix > 0 ? `${plural(toFix, 'thing')} to fix` : 'some checks could not run'}.`}
      </p>
      <ReadinessItems items={readiness.items} />
    </>
  );
}

function ReadinessItems({ items }: { items: readonly ReadinessItem[] }) {
  return (
    <ul className="readiness-list" data-testid="readiness">
      {items.map((item) => (
        <li
          key={`${item.id}-${item.detail ?? ''}-${item.title}`}
          className={`readiness-item is-${item.status}`}
          data-item={item.id}
          data-status={item.status}
        >
          <span className="readiness-icon" aria-hidden="true">
            {item.status === 'ok' ? <CheckIcon size={12} /> : item.status === 'fix' ? <CrossIcon size={12} /> : <AlertIcon size={12} />}
          </span>
          <span>
            <span className="readiness-title">{item.title}</span>
            <span className="readiness-status">{STATUS_TEXT[item.status]}</span>
          </span>
          {item.fix && <p className="readiness-fix">{item.fix}</p>}
          {item.detail && <p className="readiness-detail">{item.detail}</p>}
        </li>
      ))}
    </ul>
  );
}
