// The Review screen's Rows part: the totals by verdict (which double as the filter tabs),
// the decisions being drafted, the counts by reason, and every row on demand, paged from
// the engine worker (useRowPages), with search and selection. Its state lives in
// useRowsView, which the screen holds, so the filter, the selection and the draft stay
// while another part (Risk, Domains, SES account) is shown.
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { Report, ReviewRow, RowSelection } from '../../../shared/model/check';
import type { Decisions, RowDecision, RowDecisionKind, SelectionDecisions } from '../../../shared/model/decisions';
import type { ReasonCode, Verdict } from '../../../shared/model/reasons';
import { REASONS, VERDICTS } from '../../../shared/model/reasons';
import { invoke, messageOf } from '../app/api';
import { formatCount, formatPercent, plural } from '../app/format';
import { AlertIcon, CrossIcon, SearchIcon, VerdictIcon } from '../app/icons';
import { useRovingTabs } from '../app/useRovingTabs';
import { VERDICT_TEXT } from '../app/verdicts';
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

type Tab = Verdict | 'all';
const TABS: readonly Tab[] = ['all', ...VERDICTS];
const SEARCH_DELAY_MS = 250;

/** The Rows part's state: its filter, the rows it pages, the selection and the decisions being drafted. */
export function useRowsView(jobId: string, appliedDecisions: Decisions) {
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

  return {
    tab,
    setTab,
    decisions,
    setDecisions,
    rowDecisionOf,
    decideRow,
    reason,
    setReason,
    chooseReason,
    searchText,
    setSearchText,
    searchRef,
    filter,
    filterKey,
    filtered,
    rows,
    selection,
    changeSelection,
    selectionNote,
    deciding,
    decideSelection,
    countSuggested,
    correctDomain,
    clearFilters,
  };
}

export type RowsViewState = ReturnType<typeof useRowsView>;

interface RowsViewProps {
  jobId: string;
  report: Report;
  state: RowsViewState;
  /** The decisions the results on screen were checked with. */
  appliedDecisions: Decisions;
  /** Run the check again with these decisions. */
  onApplyDecisions: (decisions: Decisions) => void;
  /** The screen's title, which names the rows table. */
  labelledBy: string;
}

export function RowsView({ jobId, report, state, appliedDecisions, onApplyDecisions, labelledBy }: RowsViewProps) {
  const {
    tab,
    setTab,
    decisions,
    setDecisions,
    rowDecisionOf,
    decideRow,
    reason,
    setReason,
    chooseReason,
    searchText,
    setSearchText,
    searchRef,
    filter,
    filterKey,
    filtered,
    rows,
    selection,
    changeSelection,
    selectionNote,
    deciding,
    decideSelection,
    countSuggested,
    correctDomain,
    clearFilters,
  } = state;
  const ids = { panel: useId(), search: useId() };
  const tabProps = useRovingTabs(TABS, tab, setTab);
  const total = report.rows;
  const count = rows.total;

  return (
    <>
      <div className="verdict-tabs" role="tablist" aria-label="Filter by verdict">
        {TABS.map((name) => {
          const selected = tab === name;
          const value = name === 'all' ? total : (report.verdicts[name] ?? 0);
          return (
            <button
              key={name}
              {...tabProps(name)}
              type="button"
              role="tab"
              id={`verdict-tab-${name}`}
              aria-selected={selected}
              aria-controls={ids.panel}
              className={`verdict-tab verdict-${name}${selected ? ' is-selected' : ''}`}
              onClick={() => setTab(name)}
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
              labelledBy={labelledBy}
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
