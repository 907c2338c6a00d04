// Step 4: what the check found. The report's warnings and the send list's
// forecast on top; below, one part at a time, as tabs: the rows (RowsView.tsx),
// the risk spread, the domains, and the SES account when one was used.
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Report } from '../../../shared/model/check';
import type { Decisions } from '../../../shared/model/decisions';
import { formatCount, plural } from '../app/format';
import { AlertIcon, ArrowLeftIcon, ArrowRightIcon } from '../app/icons';
import { useMenuCommand } from '../app/menu';
import { savePreferences, usePreferences } from '../app/prefs';
import type { ReviewView } from '../app/state';
import { useRovingTabs } from '../app/useRovingTabs';
import { AccountReview } from '../account/AccountReview';
import { reviewWarningText } from '../account/sandboxText';
import { DomainsView } from '../domains/DomainsView';
import { MailboxVerificationPanel } from '../mailboxes/MailboxVerificationPanel';
import { ForecastPanel } from '../risk/ForecastPanel';
import { RiskView } from '../risk/RiskView';
import { RowsView, useRowsView } from './RowsView';
import './review.css';

interface ReviewScreenProps {
  jobId: string;
  report: Report;
  fileName: string;
  view: ReviewView;
  onViewChange: (view: ReviewView) => void;
  /** Run the same check again (Retry for domains that did not answer). */
  onRerun: () => void;
  /** The decisions the results on screen were checked with. */
  appliedDecisions: Decisions;
  /** Run the check again with these decisions. */
  onApplyDecisions: (decisions: Decisions) => void;
  /** Run the check again asking SES Email Validation about at most `count` addresses (after the user confirmed the cost). */
  onVerifyMailboxes: (count: number) => void;
  /** The AWS profile the check used (none: the default credentials), for a sandbox account's production-access request. */
  sesProfile?: string;
  /** The optional send plan, between Review and Export. */
  onPlan: () => void;
  onExport: () => void;
  onBackToColumns: () => void;
}

const VIEW_LABELS: Record<ReviewView, string> = { rows: 'Rows', risk: 'Risk', domains: 'Domains', account: 'SES account' };

export function ReviewScreen({
  jobId,
  report,
  fileName,
  view: wantedView,
  onViewChange,
  onRerun,
  appliedDecisions,
  onApplyDecisions,
  onVerifyMailboxes,
  sesProfile,
  onPlan,
  onExport,
  onBackToColumns,
}: ReviewScreenProps) {
  const rowsView = useRowsView(jobId, appliedDecisions);
  const { searchRef } = rowsView;
  const ids = { title: useId(), viewPanel: useId() };

  const forecast = report.forecast ?? null;
  const prefs = usePreferences();
  const [chosenTarget, setChosenTarget] = useState<number | null>(null);
  const target = chosenTarget ?? prefs?.bounceTarget ?? forecast?.bounceTarget ?? 0.02;
  const views: ReviewView[] = useMemo(
    () => (report.account ? ['rows', 'risk', 'domains', 'account'] : ['rows', 'risk', 'domains']),
    [report.account],
  );
  const view = views.includes(wantedView) ? wantedView : 'rows';
  const viewTabProps = useRovingTabs(views, view, onViewChange);
  const unresolved = report.domains?.byStatus['dns_unresolved'] ?? 0;

  // Find from another part: show the rows first, then focus the box once it is there.
  const searchWanted = useRef(false);
  const showRows = useRef(onViewChange);
  useEffect(() => {
    showRows.current = onViewChange;
  }, [onViewChange]);
  useEffect(() => {
    if (view !== 'rows' || !searchWanted.current) return;
    searchWanted.current = false;
    searchRef.current?.focus();
  }, [view, searchRef]);
  const focusSearch = useCallback(() => {
    if (searchRef.current) {
      searchRef.current.focus();
      searchRef.current.select();
    } else {
      searchWanted.current = true;
      showRows.current('rows');
    }
  }, [searchRef]);

  // "/" or Ctrl/Cmd+F jump to the search box, as in mail clients and browsers.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]') !== null;
      const find = (event.key === 'f' || event.key === 'F') && (event.ctrlKey || event.metaKey) && !event.altKey;
      if (find || (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey)) {
        event.preventDefault();
        focusSearch();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusSearch]);

  useMenuCommand((command) => {
    if (command === 'find') focusSearch();
  });

  function changeTarget(next: number) {
    setChosenTarget(next);
    savePreferences({ bounceTarget: next });
  }

  const total = report.rows;
  // Shown on its own, above everything else (shared/risk/unusual-removal.ts).
  const unusual = report.unusualRemoval ?? null;
  const otherWarnings = report.warnings.filter((warning) => warning !== unusual?.warning);

  return (
    <section className="screen review-screen" aria-labelledby={ids.title}>
      <div className="screen-head">
        <div>
          <h1 id={ids.title} tabIndex={-1}>
            Review the results
          </h1>
          <p className="lead">
            <span className="file-name">{fileName}</span> · {plural(total, 'row')} checked
          </p>
        </div>
        <div className="screen-head-actions">
          <button type="button" className="button button-quiet" onClick={onBackToColumns}>
            <ArrowLeftIcon size={14} />
            Columns
          </button>
          <button type="button" className="button" onClick={onPlan}>
            Plan the send
          </button>
          <button type="button" className="button button-primary" onClick={onExport}>
            Export results
            <ArrowRightIcon size={16} />
          </button>
        </div>
      </div>

      {unusual && (
        <div className="callout callout-error review-warnings" role="alert" data-testid="unusual-removal">
          <AlertIcon size={20} />
          <div>
            <p className="callout-title">Most of the list was removed: check before you trust this result</p>
            <p>{unusual.warning}</p>
          </div>
        </div>
      )}

      {otherWarnings.length > 0 && (
        <div className="callout callout-warning review-warnings" role="region" aria-label="Warnings">
          <AlertIcon size={20} />
          <div>
            <p className="callout-title">
              {otherWarnings.length === 1 ? 'Before you send' : `Before you send: ${otherWarnings.length} things to know`}
            </p>
            <ul>
              {otherWarnings.map((warning) => (
                <li key={warning}>{reviewWarningText(warning, report.productionAccess ?? [])}</li>
              ))}
            </ul>
          </div>
        </div>
      )}

      {report.mailboxVerification && (
        <MailboxVerificationPanel
          verification={report.mailboxVerification}
          region={report.account?.region ?? null}
          onVerify={onVerifyMailboxes}
        />
      )}

      {forecast && (
        <ForecastPanel
          forecast={forecast}
          sendRows={report.verdicts.send ?? 0}
          target={target}
          onTargetChange={changeTarget}
          removedShare={unusual?.share ?? null}
        />
      )}

      <div className="view-tabs" role="tablist" aria-label="Parts of the results">
        {views.map((name) => {
          const selected = view === name;
          return (
            <button
              key={name}
              {...viewTabProps(name)}
              type="button"
              role="tab"
              id={`view-tab-${name}`}
              aria-selected={selected}
              aria-controls={ids.viewPanel}
              className={`view-tab${selected ? ' is-selected' : ''}`}
              onClick={() => onViewChange(name)}
              data-testid={`view-${name}`}
            >
              {VIEW_LABELS[name]}
              {name === 'domains' && unresolved > 0 && (
                <>
                  <span className="view-tab-badge" aria-hidden="true">
                    {formatCount(unresolved)}
                  </span>
                  <span className="visually-hidden">, {plural(unresolved, 'domain')} did not answer</span>
                </>
              )}
            </button>
          );
        })}
      </div>

      <div className={`view-panel view-${view}`} role="tabpanel" id={ids.viewPanel} aria-labelledby={`view-tab-${view}`}>
        {view === 'rows' && (
          <RowsView
            jobId={jobId}
            report={report}
            state={rowsView}
            appliedDecisions={appliedDecisions}
            onApplyDecisions={onApplyDecisions}
            labelledBy={ids.title}
          />
        )}
        {view === 'risk' && <RiskView report={report} forecast={forecast} onShowRows={() => onViewChange('rows')} />}
        {view === 'domains' && <DomainsView jobId={jobId} report={report} onRetry={onRerun} onEditSettings={onBackToColumns} />}
        {view === 'account' && <AccountReview report={report} {...(sesProfile ? { profile: sesProfile } : {})} />}
      </div>
    </section>
  );
}
