// The review table: only the rows in view are in the DOM (@tanstack/react-virtual),
// and only the pages near them are in memory (useRowPages).
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CSSProperties, KeyboardEvent, MouseEvent } from 'react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReviewRow, RowMatch } from '../../../shared/model/check';
import type { RowDecisionKind } from '../../../shared/model/decisions';
import { EVALUATION_LABELS, MAILBOX_EVALUATIONS, type Confidence } from '../../../shared/model/mailbox';
import { REASONS } from '../../../shared/model/reasons';
import { fold, searchKey, toNfc } from '../../../shared/text/fold';
import { formatCount, formatWhen } from '../app/format';
import { CrossIcon, VerdictIcon } from '../app/icons';
import { VERDICT_TEXT } from '../app/verdicts';
import { formatEffect, formatRisk, riskTone } from '../risk/assess';
import '../risk/risk.css';
import type { Selection } from './selection';
import { extendTo, isSelected, selectOnly, toggle } from './selection';
import type { RowPages } from './useRowPages';

export const ROW_HEIGHT = 30;
// Chromium cannot lay out an element taller than about 33.5 million pixels:
// at 30 px a row, a million rows fit. Beyond that the table shows the first
// million and says so (the exported CSVs hold every row).
export const MAX_TABLE_ROWS = 1_000_000;

interface RowTableProps {
  rows: RowPages;
  /** Changes whenever the filter does: the table scrolls back to the top. */
  filterKey: string;
  labelledBy: string;
  /** The highest row number in the list, which sizes the Row column. */
  largestRow: number;
  /** The user's decision for a row, not yet applied. */
  rowDecisionOf: (row: ReviewRow) => RowDecisionKind | undefined;
  onDecideRow: (row: ReviewRow, decision: RowDecisionKind | null) => void;
  /** The rows selected (places in the filter's matches), and a new selection. */
  selection: Selection;
  onSelectionChange: (selection: Selection) => void;
  /** Rows whose typo suggestion is on a domain, and taking the suggestion for all of them. */
  countSuggested: (domain: string) => Promise<number>;
  onCorrectDomain: (domain: string) => void;
  /** The search the rows match: highlighted where it is found. */
  search: string;
}

export function RowTable({
  rows,
  filterKey,
  labelledBy,
  largestRow,
  rowDecisionOf,
  onDecideRow,
  selection,
  onSelectionChange,
  countSuggested,
  onCorrectDomain,
  search,
}: RowTableProps) {
  const key = searchKey(search);
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = rows.total ?? 0;
  const count = Math.min(total, MAX_TABLE_ROWS);

  // The virtualizer hands back functions that change every render; the React compiler lint rule knows this.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;
  const { ensure } = rows;
  // The row whose risk factors are shown in a card under it (its risk button toggles the card).
  const [explained, setExplained] = useState<Explained | null>(null);
  const shown = explained && explained.filterKey === filterKey ? explained : null;
  const shownRow = shown?.row ?? null;
  const tableRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  // The keyboard's row (Space selects it, Shift+arrows extend from the anchor), per filter.
  const [cursorAt, setCursorAt] = useState<{ filterKey: string; index: number } | null>(null);
  const cursor = cursorAt && cursorAt.filterKey === filterKey && cursorAt.index < count ? cursorAt.index : null;
  const setCursor = (index: number) => setCursorAt({ filterKey, index });

  useEffect(() => {
    ensure(first, last);
  }, [ensure, first, last]);

  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [filterKey, virtualizer]);

  function explain(row: ReviewRow, index: number, button: HTMLElement) {
    if (shownRow?.row === row.row) {
      setExplained(null);
      return;
    }
    // The card hangs under the button: the column's place is measured once, the row's follows the scroll.
    const table = tableRef.current?.getBoundingClientRect();
    const box = button.getBoundingClientRect();
    setExplained({ row, index, filterKey, anchorRight: table ? box.right - table.left : 0 });
  }

  // Where the card goes: under its row, or over it near the bottom; nowhere when the row is scrolled away.
  let card: { top: number; right: number; above: boolean } | null = null;
  const scroller = scrollRef.current;
  if (shown && scroller && tableRef.current) {
    const head = headRef.current?.offsetHeight ?? ROW_HEIGHT;
    const rowTop = shown.index * ROW_HEIGHT - (virtualizer.scrollOffset ?? scroller.scrollTop);
    if (rowTop > -ROW_HEIGHT && rowTop < scroller.clientHeight) {
      const above = rowTop > scroller.clientHeight / 2;
      const right = Math.max(8, tableRef.current.clientWidth - shown.anchorRight - 12);
      card = { top: head + (above ? rowTop - 2 : rowTop + ROW_HEIGHT + 2), right, above };
    }
  }

  /** Click selects the row; Shift-click the rows from the anchor; Ctrl/Cmd-click adds or drops one. */
  function clickRow(index: number, event: MouseEvent<HTMLDivElement>) {
    if ((event.target as HTMLElement).closest('button, a, input, label')) return;
    const adding = event.ctrlKey || event.metaKey;
    setCursor(index);
    if (event.shiftKey) onSelectionChange(extendTo(selection, index, count, adding));
    else if (adding) onSelectionChange(toggle(selection, index, count));
    else onSelectionChange(selectOnly(index));
  }

  /** The first row wholly in view. */
  function firstInView(element: HTMLDivElement): number {
    return Math.min(count - 1, Math.ceil((virtualizer.scrollOffset ?? element.scrollTop) / ROW_HEIGHT));
  }

  /** Scrolls the least that shows the row whole. */
  function showRow(element: HTMLDivElement, index: number) {
    const top = index * ROW_HEIGHT;
    const offset = virtualizer.scrollOffset ?? element.scrollTop;
    if (top < offset) virtualizer.scrollToOffset(top);
    else if (top + ROW_HEIGHT > offset + element.clientHeight) virtualizer.scrollToOffset(top + ROW_HEIGHT - element.clientHeight);
  }

  /** Moves the keyboard's row; with Shift, the selection runs from the anchor to it. */
  function moveCursor(next: number, extend: boolean) {
    const index = Math.max(0, Math.min(count - 1, next));
    if (extend) {
      const from = selection.anchor ?? cursor ?? index;
      onSelectionChange(extendTo({ ...selection, anchor: from }, index, count));
    }
    setCursor(index);
    return index;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const element = scrollRef.current;
    if (!element || count === 0) return;
    if (event.key === 'Escape' && shownRow) {
      event.preventDefault();
      setExplained(null);
      return;
    }
    if (event.altKey || event.metaKey || event.ctrlKey) return;
    const page = Math.max(ROW_HEIGHT, element.clientHeight - ROW_HEIGHT);
    const pageRows = Math.max(1, Math.floor(page / ROW_HEIGHT));
    const from = cursor ?? firstInView(element);
    if (event.key === ' ') {
      event.preventDefault();
      setCursor(from);
      onSelectionChange(event.shiftKey ? extendTo(selection, from, count) : toggle(selection, from, count));
      showRow(element, from);
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      showRow(element, moveCursor(cursor === null ? from : cursor + step, event.shiftKey));
      return;
    }
    // Page Up / Page Down, Home and End scroll as before; the keyboard's row goes with them.
    const moves: Record<string, number> = { PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const max = Math.max(0, element.scrollHeight - element.clientHeight);
    const target = Math.min(max, Math.max(0, (virtualizer.scrollOffset ?? element.scrollTop) + move));
    virtualizer.scrollToOffset(target);
    const rowsMoved = event.key === 'Home' ? -count : event.key === 'End' ? count : Math.sign(move) * pageRows;
    // Kept wholly in view at the new place.
    const firstWhole = Math.ceil(target / ROW_HEIGHT);
    const lastWhole = Math.max(firstWhole, Math.floor((target + element.clientHeight) / ROW_HEIGHT) - 1);
    moveCursor(Math.max(firstWhole, Math.min(lastWhole, from + rowsMoved)), event.shiftKey);
  }

  return (
    <div
      ref={tableRef}
      className="row-table"
      role="grid"
      aria-multiselectable="true"
      aria-labelledby={labelledBy}
      aria-rowcount={count + 1}
      // Wide enough for the largest row number ("1,000,000"), no wider.
      style={{ '--row-number-width': `${Math.max(58, formatCount(largestRow).length * 8 + 22)}px` } as CSSProperties}
    >
      <div ref={headRef} className="row-table-head" role="rowgroup">
        <div className="review-row review-row-head" role="row" aria-rowindex={1}>
          <div role="columnheader" className="cell cell-number">
            Row
          </div>
          <div role="columnheader" className="cell">
            Email (as in the file)
          </div>
          <div role="columnheader" className="cell">
            {key ? 'Match' : 'Normalised'}
          </div>
          <div role="columnheader" className="cell">
            Verdict
          </div>
          <div role="columnheader" className="cell cell-risk" title="Chance of a hard bounce">
            Risk
          </div>
          <div role="columnheader" className="cell">
            Reasons
          </div>
          <div role="columnheader" className="cell">
            Suggestion
          </div>
        </div>
      </div>
      <div
        ref={scrollRef}
        className="row-table-scroll"
        role="rowgroup"
        tabIndex={0}
        aria-label="Rows (arrow keys move, Space selects, Shift+arrows extend the selection)"
        onKeyDown={onKeyDown}
        data-testid="review-scroll"
      >
        <div className="row-table-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows.rowAt(item.index);
            return row ? (
              <RowView
                key={item.key}
                row={row}
                index={item.index}
                top={item.start}
                explained={shownRow?.row === row.row}
                onExplain={explain}
                pending={rowDecisionOf(row)}
                searchKey={key}
                selected={isSelected(selection, item.index)}
                focused={cursor === item.index}
                onClick={clickRow}
              />
            ) : (
              <div
                key={item.key}
                className="review-row is-loading"
                role="row"
                aria-rowindex={item.index + 2}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <div role="gridcell" className="cell cell-number">
                  <span className="skeleton skeleton-short" />
                </div>
                <div role="gridcell" className="cell">
                  <span className="skeleton" />
                </div>
                <div role="gridcell" className="cell">
                  <span className="skeleton" />
                </div>
                <div role="gridcell" className="cell" />
                <div role="gridcell" className="cell" />
                <div role="gridcell" className="cell" />
                <div role="gridcell" className="cell" />
              </div>
            );
          })}
        </div>
      </div>
      {shownRow && card && (
        <RiskDetail
          row={shownRow}
          position={card}
          onClose={() => setExplained(null)}
          decision={rowDecisionOf(shownRow)}
          onDecide={(decision) => onDecideRow(shownRow, decision)}
          countSuggested={countSuggested}
          onCorrectDomain={onCorrectDomain}
        />
      )}
      {total > MAX_TABLE_ROWS && (
        <p className="table-cap-note">
          The table shows the first {formatCount(MAX_TABLE_ROWS)} of {formatCount(total)} matching rows. Narrow it with a filter or search;
          the exported files hold every row.
        </p>
      )}
    </div>
  );
}

interface Explained {
  row: ReviewRow;
  /** Its place in the filtered list. */
  index: number;
  /** The filter it was opened under: another filter closes it. */
  filterKey: string;
  /** The risk button's right edge, from the table's left. */
  anchorRight: number;
}

interface RowViewProps {
  row: ReviewRow;
  index: number;
  top: number;
  explained: boolean;
  onExplain: (row: ReviewRow, index: number, button: HTMLElement) => void;
  /** The user's decision for this row, not yet applied. */
  pending: RowDecisionKind | undefined;
  /** The search, folded (shared/text/fold.ts), or ''. */
  searchKey: string;
  selected: boolean;
  /** The keyboard's row. */
  focused: boolean;
  onClick: (index: number, event: MouseEvent<HTMLDivElement>) => void;
}

/** "31% chance of a hard bounce: Possible typo +28%, …" (the button's tooltip). */
function riskSummary(row: ReviewRow): string {
  if (row.risk === undefined) return '';
  const factors = (row.riskFactors ?? []).map((factor) => `${factor.label} ${formatEffect(factor.effect)}`);
  return `${formatRisk(row.risk)} chance of a hard bounce${factors.length ? `: ${factors.join(', ')}` : ''}`;
}

/** The consent columns that gave a row this reason (e.g. unsubscribed ← “Email Opt Out”). */
function columnsFor(row: ReviewRow, code: string): string[] {
  return (row.reasonColumns ?? []).filter((named) => named.reason === code).map((named) => named.column);
}

/** "SES contact list NAME (region, read TIME)": a source the engine names that is not a column of the list. */
function isListSource(column: string): boolean {
  return column.startsWith('SES contact list ');
}

/** A reason's label; never its code, even for one this renderer does not know. */
function reasonLabel(code: string): string {
  return REASONS[code as keyof typeof REASONS]?.label ?? 'Another reason';
}

/** Remove reasons first: they decide the row. */
function orderedReasons(row: ReviewRow): ReviewRow['reasons'] {
  return [...row.reasons].sort((a, b) => Number(REASONS[b]?.verdict === 'remove') - Number(REASONS[a]?.verdict === 'remove'));
}

/**
 * The row's reasons in a 30 px row: the first (a remove reason when there is one) and
 * "+2" for the rest, named in its tooltip and listed in the row's details.
 */
function ReasonChips({ row }: { row: ReviewRow }) {
  if (row.reasons.length === 0) return <span className="muted">—</span>;
  const [first, ...rest] = orderedReasons(row);
  const info = REASONS[first!];
  const columns = columnsFor(row, first!);
  const named = columns.filter((column) => !isListSource(column));
  const lists = columns.filter(isListSource);
  const from =
    (named.length ? ` From the column ${named.map((c) => `“${c}”`).join(' and ')}.` : '') +
    lists.map((list) => ` From the ${list}.`).join('');
  return (
    <>
      <span className={`reason-chip reason-${info?.verdict ?? 'review'}`} title={`${info?.description ?? reasonLabel(first!)}${from}`}>
        {reasonLabel(first!)}
      </span>
      {rest.length > 0 && (
        <span className="reason-chip reason-more" title={rest.map(reasonLabel).join(', ')} data-testid="reason-more">
          +{rest.length}
          <span className="visually-hidden">: {rest.map(reasonLabel).join(', ')}</span>
        </span>
      )}
    </>
  );
}

const PENDING_TEXT: Record<RowDecisionKind, string> = { accepted: 'to send', excluded: 'to remove', corrected: 'to correct' };

function RowView({ row, index, top, explained, onExplain, pending, searchKey: key, selected, focused, onClick }: RowViewProps) {
  const verdict = VERDICT_TEXT[row.verdict];
  return (
    <div
      className={`review-row verdict-${row.verdict}${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      style={{ transform: `translateY(${top}px)` }}
      data-row={row.row}
      onClick={(event) => onClick(index, event)}
      // Shift-click picks a range of rows, not a run of text.
      onMouseDown={(event) => {
        if (event.shiftKey) event.preventDefault();
      }}
    >
      <div role="gridcell" className="cell cell-number">
        {formatCount(row.row)}
      </div>
      <div role="gridcell" className="cell cell-email" title={row.email}>
        {row.email === '' ? <span className="muted">(empty)</span> : <AddressText address={row.email} mark={markIn(row.email, key)} />}
      </div>
      {row.match ? (
        <div role="gridcell" className="cell cell-match" title={`${row.match.column}: ${row.match.text}`} data-testid="cell-match">
          <MatchText match={row.match} />
        </div>
      ) : (
        <div
          role="gridcell"
          className="cell cell-normalized"
          title={row.normalizedUnicode ? `${row.normalizedUnicode} (ASCII form: ${row.normalized})` : row.normalized}
        >
          {row.normalized === '' ? (
            <span className="muted">—</span>
          ) : (
            <AddressText address={row.normalizedUnicode ?? row.normalized} mark={markIn(row.normalizedUnicode ?? row.normalized, key)} />
          )}
        </div>
      )}
      <div role="gridcell" className="cell cell-verdict">
        <span className={`verdict-badge verdict-${row.verdict}`}>
          <VerdictIcon verdict={row.verdict} size={12} />
          {verdict.label}
        </span>
        {pending && (
          <span
            className="pending-decision"
            data-testid="pending-decision"
            data-decision={pending}
            title={`Marked ${PENDING_TEXT[pending]} when the decisions are applied`}
          >
            <span aria-hidden="true">●</span>
            <span className="visually-hidden">, marked {PENDING_TEXT[pending]}</span>
          </span>
        )}
      </div>
      <div role="gridcell" className="cell cell-risk">
        {row.risk === undefined ? (
          <span className="muted">—</span>
        ) : (
          <button
            type="button"
            className={`risk-button risk-${riskTone(row.risk)}`}
            onClick={(event) => onExplain(row, index, event.currentTarget)}
            title={riskSummary(row)}
            aria-expanded={explained}
            aria-label={`Risk ${formatRisk(row.risk)}: show what contributed`}
          >
            {formatRisk(row.risk)}
          </button>
        )}
      </div>
      <div role="gridcell" className="cell cell-reasons" title={row.reasons.map(reasonLabel).join(', ')}>
        <ReasonChips row={row} />
      </div>
      <div role="gridcell" className="cell cell-suggestion" title={row.suggestion}>
        {row.suggestion ? <AddressText address={row.suggestion} className="suggestion" /> : <span className="muted">—</span>}
      </div>
    </div>
  );
}

/**
 * An address that never loses its domain to a narrow column: the local part gives way
 * (with an ellipsis), the "@domain" stays whole; the full address is the cell's tooltip.
 * Both parts stay inline (not flex items), so the cell's text (what a copy or a screen
 * reader gets) is the address on one line, not split at the "@": flex items are
 * block-level, which put a line break there. The local part's room is the cell's width
 * less the domain's, measured once the domain is laid out.
 */
function AddressText({ address, className, mark }: { address: string; className?: string; mark?: Mark | null }) {
  const domainRef = useRef<HTMLSpanElement>(null);
  const [domainWidth, setDomainWidth] = useState(0);
  const at = address.lastIndexOf('@');
  useLayoutEffect(() => {
    const width = domainRef.current?.getBoundingClientRect().width ?? 0;
    setDomainWidth(Math.ceil(width));
  }, [address]);
  if (at <= 0) return <Marked text={address} mark={mark} className={className ?? ''} />;
  // The highlight's part in each half, relative to that half.
  const inLocal = mark ? clip(mark, 0, at) : null;
  const inDomain = mark ? clip(mark, at, address.length) : null;
  return (
    <span className={`address${className ? ` ${className}` : ''}`}>
      <span className="address-local" style={{ maxWidth: `calc(100% - ${domainWidth}px)` }}>
        <Marked text={address.slice(0, at)} mark={inLocal} />
      </span>
      <span className="address-domain" ref={domainRef}>
        <Marked text={address.slice(at)} mark={inDomain} />
      </span>
    </span>
  );
}

/** A found part of a text: where it starts and how long it is. */
type Mark = [number, number];

/** Where the search is in a text (case and accents ignored), or null. */
function markIn(text: string, key: string): Mark | null {
  if (!key) return null;
  const nfc = toNfc(text);
  if (nfc.length !== text.length) return null;
  const at = fold(nfc).indexOf(key);
  return at < 0 ? null : [at, key.length];
}

function clip([start, length]: Mark, from: number, to: number): Mark | null {
  const begin = Math.max(start, from);
  const end = Math.min(start + length, to);
  return end > begin ? [begin - from, end - begin] : null;
}

/**
 * A cell that matched the search: the match first (a long cell is shown from a little
 * before it, so the narrow column never hides it), then the column's name; all of it in
 * the tooltip.
 */
function MatchText({ match }: { match: RowMatch }) {
  const from = match.start > 8 ? match.start - 4 : 0;
  const text = (from > 0 ? '…' : '') + match.text.slice(from);
  const start = match.start - from + (from > 0 ? 1 : 0);
  return (
    <>
      <Marked text={text} mark={[start, match.length]} /> <span className="match-column">· {match.column}</span>
    </>
  );
}

/** The text with its found part in a <mark>. */
function Marked({ text, mark, className }: { text: string; mark?: Mark | null; className?: string }) {
  if (!mark) return className !== undefined ? <span className={className || undefined}>{text}</span> : <>{text}</>;
  const [start, length] = mark;
  return (
    <span className={className || undefined}>
      {text.slice(0, start)}
      <mark className="search-hit">{text.slice(start, start + length)}</mark>
      {text.slice(start + length)}
    </span>
  );
}

const CONFIDENCE_TEXT: Record<Confidence, string> = { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' };

/** A card by the row: what made up its risk, largest first. */
interface RiskDetailProps {
  row: ReviewRow;
  position: { top: number; right: number; above: boolean };
  onClose: () => void;
  decision: RowDecisionKind | undefined;
  onDecide: (decision: RowDecisionKind | null) => void;
  countSuggested: (domain: string) => Promise<number>;
  onCorrectDomain: (domain: string) => void;
}

/** The row's own decision: send it, remove it, or take the typo suggestion; applied with the others. */
function RowDecisionButtons({ row, decision, onDecide, countSuggested, onCorrectDomain }: Omit<RiskDetailProps, 'position' | 'onClose'>) {
  // A remove reason is never lifted: such a row can only stay removed.
  const removed = row.reasons.some((code) => REASONS[code]?.verdict === 'remove');
  const toggle = (kind: RowDecisionKind) => onDecide(decision === kind ? null : kind);
  // The same suggestion for every row it was made for ("Use gmail.com for all 14 rows …"), counted by the worker.
  const domain = row.suggestion.slice(row.suggestion.lastIndexOf('@') + 1);
  const [suggested, setSuggested] = useState<{ domain: string; rows: number } | null>(null);
  useEffect(() => {
    if (!domain) return;
    let current = true;
    countSuggested(domain).then(
      (rows) => {
        if (current) setSuggested({ domain, rows });
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [domain, countSuggested]);
  const sameDomainRows = suggested && suggested.domain === domain ? suggested.rows : 0;
  return (
    <div className="row-decisions" role="group" aria-label="Decide this row">
      {!removed && (
        <button type="button" className="button button-small" aria-pressed={decision === 'accepted'} onClick={() => toggle('accepted')}>
          Send this row
        </button>
      )}
      <button type="button" className="button button-small" aria-pressed={decision === 'excluded'} onClick={() => toggle('excluded')}>
        Remove this row
      </button>
      {row.suggestion && (
        <button type="button" className="button button-small" aria-pressed={decision === 'corrected'} onClick={() => toggle('corrected')}>
          Use {row.suggestion}
        </button>
      )}
      {row.suggestion && sameDomainRows > 1 && (
        <button type="button" className="button button-small" onClick={() => onCorrectDomain(domain)} data-testid="correct-domain">
          Use {domain} for all {formatCount(sameDomainRows)} rows it is suggested for
        </button>
      )}
    </div>
  );
}

function RiskDetail({ row, position, onClose, decision, onDecide, countSuggested, onCorrectDomain }: RiskDetailProps) {
  const risk = row.risk ?? 0;
  const factors = row.riskFactors ?? [];
  const listed = factors.reduce((sum, factor) => sum + factor.effect, 0);
  // The engine sends the three largest contributions; the rest, if any, is said as one.
  const rest = risk - listed;
  return (
    <div
      className={`risk-detail${position.above ? ' is-above' : ''}`}
      role="region"
      aria-label={`Risk of row ${formatCount(row.row)}`}
      aria-live="polite"
      data-testid="risk-detail"
      style={{ top: position.top, right: position.right }}
    >
      <div className="risk-detail-body">
        <p className="risk-detail-title">
          Row {formatCount(row.row)} · {row.email || '(empty)'}: {formatRisk(risk)} chance of a hard bounce
        </p>
        {row.normalizedUnicode && (
          <ul className="risk-factors" aria-label="The address checked" data-testid="address-forms">
            <li>
              <span>Checked as</span> <strong>{row.normalizedUnicode}</strong>
            </li>
            <li>
              <span>ASCII form (as sent)</span> <strong>{row.normalized}</strong>
            </li>
          </ul>
        )}
        {row.reasons.length > 0 && (
          <ul className="risk-factors row-reasons" aria-label="Why" data-testid="row-reasons">
            {orderedReasons(row).map((code) => (
              <li key={code}>
                <span>{reasonLabel(code)}</span> <strong>{VERDICT_TEXT[REASONS[code]?.verdict ?? 'review'].label}</strong>
              </li>
            ))}
          </ul>
        )}
        {factors.length > 0 ? (
          <ul className="risk-factors" aria-label="What contributed">
            {factors.map((factor) => (
              <li key={factor.label}>
                <span>{factor.label}</span> <strong>{formatEffect(factor.effect)}</strong>
              </li>
            ))}
            {rest >= 0.0005 && (
              <li>
                <span>Other factors</span> <strong>{formatEffect(rest)}</strong>
              </li>
            )}
          </ul>
        ) : (
          <p className="muted">No factor stands out.</p>
        )}
        {row.mailbox && (
          <ul className="risk-factors mailbox-evaluations" aria-label="What SES Email Validation said" data-testid="mailbox-evaluations">
            <li>
              <span>SES Email Validation ({formatWhen(row.mailbox.at)})</span> <strong>{CONFIDENCE_TEXT[row.mailbox.verdict]}</strong>
            </li>
            {MAILBOX_EVALUATIONS.filter((name) => row.mailbox?.evaluations[name]).map((name) => (
              <li key={name}>
                <span>{EVALUATION_LABELS[name]}</span> <strong>{CONFIDENCE_TEXT[row.mailbox!.evaluations[name]!]}</strong>
              </li>
            ))}
          </ul>
        )}
        {(row.reasonColumns ?? []).length > 0 && (
          <ul className="risk-factors reason-columns" aria-label="Which column decided" data-testid="reason-columns">
            {(row.reasonColumns ?? []).map((named) => (
              <li key={`${named.reason}-${named.column}`}>
                <span>{reasonLabel(named.reason)}</span> <strong>{isListSource(named.column) ? named.column : `“${named.column}”`}</strong>
              </li>
            ))}
          </ul>
        )}
        <RowDecisionButtons
          row={row}
          decision={decision}
          onDecide={onDecide}
          countSuggested={countSuggested}
          onCorrectDomain={onCorrectDomain}
        />
      </div>
      <button type="button" className="chip-remove" onClick={onClose} aria-label="Close the risk details">
        <CrossIcon size={12} />
      </button>
    </div>
  );
}
