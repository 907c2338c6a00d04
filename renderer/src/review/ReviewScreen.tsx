// Step 4: what the check found. The report's warnings and the send list's
// forecast on top; below, one part at a time: the rows (totals by verdict,
// which double as the filter tabs, counts by reason, every row on demand),
// the risk spread, the domains, and the SES account when one was used.
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Report, ReviewRow, RowSelection } from '../../../shared/model/check';
import type { Decisions, RowDecision, RowDecisionKind, SelectionDecisions } from '../../../shared/model/decisions';
import type { ReasonCode, Verdict } from '../../../shared/model/reasons';
import { REASONS, VERDICTS } from '../../../shared/model/reasons';
import { invoke, messageOf } from '../app/api';
import { formatCount, formatPercent, plural } from '../app/format';
import { AlertIcon, ArrowLeftIcon, ArrowRightIcon, CrossIcon, SearchIcon, VerdictIcon } from '../app/icons';
import { useMenuCommand } from '../app/menu';
import { savePreferences, usePreferences } from '../app/prefs';
import type { ReviewView } from '../app/state';
import { VERDICT_TEXT } from '../app/verdicts';
import { AccountReview } from '../account/AccountReview';
import { DomainsView } from '../domains/DomainsView';
import { MailboxVerificationPanel } from '../mailboxes/MailboxVerificationPanel';
import { ForecastPanel } from '../risk/ForecastPanel';
import { RiskView } from '../risk/RiskView';
import { DecisionsPanel } from './DecisionsPanel';
import { ReasonList } from './ReasonList';
import { ReportFacts } from './ReportFacts';
import { RowTable } from './RowTable';
import { SelectionBar } from './SelectionBar';
import type { Selection } from './selection';
import { NO_SELECTION, selectAll, selectedCount } from './selection';
import { useDebounced } from './useDebounced';
import type { RowFilter } from './useRowPages';
import { useRowPages, workerFilter } from './useRowPages';
import { reviewWarningText } from '../account/sandboxText';
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

type Tab = Verdict | 'all';
const TABS: readonly Tab[] = ['all', ...VERDICTS];
const SEARCH_DELAY_MS = 250;

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
  const [tab, setTab] = useState<Tab>('all');
  const [decisions, setDecisions] = useState<Decisions>(appliedDecisions);
  const rowDecisions = useMemo(
    () => new Map(decisions.rows.map((entry) => [entry.address.toLowerCase(), entry.decision])),
    [decisions.rows],
  );
  const rowDecisionOf = useCallback((row: ReviewRow) => rowDecisions.get(addressOf(row).toLowerCase()), [rowDecisions]);
  const decideRow = useCallback((row: ReviewRow, decision: RowDecisionKind | null) => {
    setDecisions((current) => {
      const address = addressOf(row);
      const rows = current.rows.filter((entry) => entry.address.toLowerCase() !== address.toLowerCase());
      if (decision === 'corrected') rows.push({ address, decision, corrected: row.suggestion });
      else if (decision) rows.push({ address, decision });
      return { ...current, rows };
    });
  }, []);
  // Decisions for many rows at once (a selection, a suggested domain), resolved by the worker: they replace the rows' own.
  const addRowDecisions = useCallback((decided: readonly RowDecision[]) => {
    setDecisions((current) => {
      const byAddress = new Map(current.rows.map((entry) => [entry.address.toLowerCase(), entry]));
      for (const entry of decided) byAddress.set(entry.address.toLowerCase(), entry);
      return { ...current, rows: [...byAddress.values()] };
    });
  }, []);
  const [reason, setReason] = useState<ReasonCode | null>(null);
  const [searchText, setSearchText] = useState('');
  const debouncedSearch = useDebounced(searchText, SEARCH_DELAY_MS);
  // Typing waits for a pause; clearing the box shows every row at once.
  const search = searchText === '' ? '' : debouncedSearch;
  const searchRef = useRef<HTMLInputElement>(null);
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());
  const viewRefs = useRef(new Map<ReviewView, HTMLButtonElement>());
  const ids = { title: useId(), panel: useId(), search: useId(), viewPanel: useId() };

  const forecast = report.forecast ?? null;
  const prefs = usePreferences();
  const [chosenTarget, setChosenTarget] = useState<number | null>(null);
  const target = chosenTarget ?? prefs?.bounceTarget ?? forecast?.bounceTarget ?? 0.02;
  const views: ReviewView[] = report.account ? ['rows', 'risk', 'domains', 'account'] : ['rows', 'risk', 'domains'];
  const view = views.includes(wantedView) ? wantedView : 'rows';
  const unresolved = report.domains?.byStatus['dns_unresolved'] ?? 0;

  const filter: RowFilter = useMemo(() => ({ verdict: tab === 'all' ? null : tab, reason, search }), [tab, reason, search]);
  const rows = useRowPages(jobId, filter);
  const filterKey = `${filter.verdict ?? ''}|${filter.reason ?? ''}|${filter.search}`;
  const filtered = filter.verdict !== null || filter.reason !== null || filter.search.trim() !== '';

  // The selected rows belong to the filter (and the check) they were picked under.
  const selectionKey = `${jobId}|${filterKey}`;
  const [selected, setSelected] = useState<{ key: string; selection: Selection }>({ key: selectionKey, selection: NO_SELECTION });
  const selection = selected.key === selectionKey ? selected.selection : NO_SELECTION;
  const changeSelection = useCallback((next: Selection) => setSelected({ key: selectionKey, selection: next }), [selectionKey]);
  const [selectionNote, setSelectionNote] = useState<string | null>(null);
  const [deciding, setDeciding] = useState(false);

  /** Asks the worker for the row decisions of a selection and adds them to the draft. */
  const decideMany = useCallback(
    async (request: RowSelection, decision: RowDecisionKind, after: () => void) => {
      setDeciding(true);
      try {
        const answer = await invoke('review:decide', jobId, request, decision);
        addRowDecisions(answer.rows);
        after();
        setSelectionNote(selectionSentence(decision, answer));
      } catch (failure) {
        setSelectionNote(messageOf(failure));
      } finally {
        setDeciding(false);
      }
    },
    [jobId, addRowDecisions],
  );
  const decideSelection = (decision: 'accepted' | 'excluded') =>
    void decideMany({ filter: workerFilter(filter), ...(selection.all ? {} : { ranges: selection.ranges }) }, decision, () =>
      changeSelection(NO_SELECTION),
    );
  const countSuggested = useCallback(
    (domain: string) => invoke('review:rows', jobId, { suggestionDomain: domain, offset: 0, limit: 1 }).then((page) => page.total),
    [jobId],
  );
  const correctDomain = useCallback(
    (domain: string) => void decideMany({ filter: { suggestionDomain: domain } }, 'corrected', () => undefined),
    [decideMany],
  );

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
  }, [view]);
  const focusSearch = useCallback(() => {
    if (searchRef.current) {
      searchRef.current.focus();
      searchRef.current.select();
    } else {
      searchWanted.current = true;
      showRows.current('rows');
    }
  }, []);

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

  function chooseReason(code: ReasonCode | null) {
    setReason(code);
    // A reason can sit on rows of more than one verdict (a role account that is also a duplicate is removed):
    // show all of them rather than an empty tab.
    if (code) setTab('all');
  }

  function clearFilters() {
    setTab('all');
    setReason(null);
    setSearchText('');
  }

  function onTabKey(event: ReactKeyboardEvent<HTMLButtonElement>, current: Tab) {
    const index = TABS.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? TABS[(index + 1) % TABS.length]
        : event.key === 'ArrowLeft'
          ? TABS[(index + TABS.length - 1) % TABS.length]
          : event.key === 'Home'
            ? TABS[0]
            : event.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current.get(next)?.focus();
  }

  function onViewKey(event: ReactKeyboardEvent<HTMLButtonElement>, current: ReviewView) {
    const index = views.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? views[(index + 1) % views.length]
        : event.key === 'ArrowLeft'
          ? views[(index + views.length - 1) % views.length]
          : event.key === 'Home'
            ? views[0]
            : event.key === 'End'
              ? views[views.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    onViewChange(next);
    viewRefs.current.get(next)?.focus();
  }

  function changeTarget(next: number) {
    setChosenTarget(next);
    savePreferences({ bounceTarget: next });
  }

  const total = report.rows;
  const count = rows.total;
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
              ref={(element) => {
                if (element) viewRefs.current.set(name, element);
                else viewRefs.current.delete(name);
              }}
              type="button"
              role="tab"
              id={`view-tab-${name}`}
              aria-selected={selected}
              aria-controls={ids.viewPanel}
              tabIndex={selected ? 0 : -1}
              className={`view-tab${selected ? ' is-selected' : ''}`}
              onClick={() => onViewChange(name)}
              onKeyDown={(event) => onViewKey(event, name)}
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
          <>
            <div className="verdict-tabs" role="tablist" aria-label="Filter by verdict">
              {TABS.map((name) => {
                const selected = tab === name;
                const value = name === 'all' ? total : (report.verdicts[name] ?? 0);
                return (
                  <button
                    key={name}
                    ref={(element) => {
                      if (element) tabRefs.current.set(name, element);
                      else tabRefs.current.delete(name);
                    }}
                    type="button"
                    role="tab"
                    id={`verdict-tab-${name}`}
                    aria-selected={selected}
                    aria-controls={ids.panel}
                    tabIndex={selected ? 0 : -1}
                    className={`verdict-tab verdict-${name}${selected ? ' is-selected' : ''}`}
                    onClick={() => setTab(name)}
                    onKeyDown={(event) => onTabKey(event, name)}
                    data-testid={`tab-${name}`}
                  >
                    <span className="verdict-tab-label">
                      {name !== 'all' && <VerdictIcon verdict={name} size={14} />}
                      {name === 'all' ? 'All rows' : VERDICT_TEXT[name].label}
                    </span>
                    <span className="verdict-tab-count" data-testid={`count-${name}`}>
                      {formatCount(value)}
                    </span>
                    <span className="verdict-tab-share">
                      {name === 'all' ? 'in the list' : `${formatPercent(value, total)} · ${VERDICT_TEXT[name].hint.toLowerCase()}`}
                    </span>
                  </button>
                );
              })}
            </div>

            <div className="share-bar" aria-hidden="true">
              {VERDICTS.map((verdict) =>
                (report.verdicts[verdict] ?? 0) > 0 ? (
                  <span key={verdict} className={`share-bar-part verdict-${verdict}`} style={{ flexGrow: report.verdicts[verdict] ?? 0 }} />
                ) : null,
              )}
            </div>

            <DecisionsPanel
              jobId={jobId}
              report={report}
              decisions={decisions}
              applied={appliedDecisions}
              onChange={setDecisions}
              onApply={onApplyDecisions}
            />

            <div className="review-body">
              <aside className="review-side" aria-label="Reasons and details">
                <ReasonList report={report} selected={reason} onSelect={chooseReason} />
                <ReportFacts report={report} />
              </aside>

              <div className="review-main" role="tabpanel" id={ids.panel} aria-labelledby={`verdict-tab-${tab}`}>
                <div className="table-toolbar">
                  <div className="search-box">
                    <SearchIcon size={16} className="search-icon" />
                    <label htmlFor={ids.search} className="visually-hidden">
                      Search rows
                    </label>
                    <input
                      ref={searchRef}
                      id={ids.search}
                      type="search"
                      placeholder="Search names, addresses, any column"
                      value={searchText}
                      onChange={(event) => setSearchText(event.target.value)}
                      onKeyDown={(event) => {
                        if (event.key === 'Escape' && searchText) {
                          event.preventDefault();
                          setSearchText('');
                        }
                      }}
                      aria-keyshortcuts="/ Control+F Meta+F"
                      maxLength={320}
                      spellCheck={false}
                      autoComplete="off"
                    />
                    <kbd className="search-shortcut" aria-hidden="true">
                      /
                    </kbd>
                  </div>
                  {reason && (
                    <span className="filter-chip">
                      Reason: {REASONS[reason].label}
                      <button type="button" className="chip-remove" onClick={() => setReason(null)} aria-label="Remove the reason filter">
                        <CrossIcon size={12} />
                      </button>
                    </span>
                  )}
                  <p className="match-count" aria-live="polite" data-testid="match-count">
                    {count === null
                      ? 'Loading rows…'
                      : filtered
                        ? `${plural(count, 'row')} ${count === 1 ? 'matches' : 'match'}`
                        : plural(count, 'row')}
                  </p>
                  {filtered && (
                    <button type="button" className="link-button" onClick={clearFilters}>
                      Clear filters
                    </button>
                  )}
                </div>

                {(count ?? 0) > 0 && (
                  <SelectionBar
                    selected={selectedCount(selection, count ?? 0)}
                    total={count ?? 0}
                    all={selection.all}
                    filtered={filtered}
                    busy={deciding}
                    note={selectionNote}
                    onSend={() => decideSelection('accepted')}
                    onRemove={() => decideSelection('excluded')}
                    onSelectAll={() => changeSelection(selectAll())}
                    onClear={() => changeSelection(NO_SELECTION)}
                  />
                )}

                {rows.note && (
                  <p className="search-note muted" role="status" data-testid="search-note">
                    {rows.note}
                  </p>
                )}

                {rows.error && (
                  <div className="callout callout-error" role="alert">
                    <AlertIcon size={18} />
                    <p>{rows.error}</p>
                  </div>
                )}

                {count === 0 ? (
                  <div className="empty-state">
                    <p className="empty-title">{emptyTitle(filter)}</p>
                    {filtered && (
                      <button type="button" className="button" onClick={clearFilters}>
                        Clear filters
                      </button>
                    )}
                  </div>
                ) : (
                  <RowTable
                    rows={rows}
                    filterKey={filterKey}
                    labelledBy={ids.title}
                    largestRow={report.rows}
                    rowDecisionOf={rowDecisionOf}
                    onDecideRow={decideRow}
                    selection={selection}
                    onSelectionChange={changeSelection}
                    countSuggested={countSuggested}
                    onCorrectDomain={correctDomain}
                    search={filter.search}
                  />
                )}
              </div>
            </div>
          </>
        )}
        {view === 'risk' && <RiskView report={report} forecast={forecast} onShowRows={() => onViewChange('rows')} />}
        {view === 'domains' && <DomainsView jobId={jobId} report={report} onRetry={onRerun} onEditSettings={onBackToColumns} />}
        {view === 'account' && <AccountReview report={report} {...(sesProfile ? { profile: sesProfile } : {})} />}
      </div>
    </section>
  );
}

/** What a Send, Remove or "Use … for all" did to the draft. */
function selectionSentence(decision: RowDecisionKind, answer: SelectionDecisions): string {
  const rows = answer.rows.length;
  if (decision === 'corrected') return `${plural(rows, 'address', 'addresses')} to be corrected when the decisions are applied.`;
  const marked = `${plural(rows, 'row')} marked to ${decision === 'accepted' ? 'send' : 'remove'} when the decisions are applied.`;
  if (decision === 'accepted' && answer.skipped > 0) {
    return `${marked} ${plural(answer.skipped, 'row')} ${answer.skipped === 1 ? 'stays' : 'stay'} removed: a remove reason (such as an unsubscribe) is never overridden.`;
  }
  return marked;
}

/** How a row decision names its row: the address as checked, else the cell. */
function addressOf(row: ReviewRow): string {
  return row.normalized || row.email.trim();
}

function emptyTitle(filter: RowFilter): string {
  if (filter.search.trim()) return `No row holds “${filter.search.trim()}”.`;
  if (filter.reason) return 'No rows with this reason.';
  if (filter.verdict === 'send') return 'No rows are ready to send.';
  if (filter.verdict === 'review') return 'Nothing to review.';
  if (filter.verdict === 'remove') return 'Nothing to remove.';
  return 'The list has no rows.';
}
