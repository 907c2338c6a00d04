// The review table: only the rows in view are in the DOM (@tanstack/react-virtual),
// and only the pages near them are in memory (useRowPages).
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CSSProperties, KeyboardEvent } from 'react';
import { useEffect, useRef } from 'react';
import type { ReviewRow } from '../../../shared/model/check';
import { REASONS } from '../../../shared/model/reasons';
import { formatCount } from '../app/format';
import { VerdictIcon } from '../app/icons';
import { VERDICT_TEXT } from '../app/verdicts';
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
}

export function RowTable({ rows, filterKey, labelledBy, largestRow }: RowTableProps) {
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

  useEffect(() => {
    ensure(first, last);
  }, [ensure, first, last]);

  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [filterKey, virtualizer]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const element = scrollRef.current;
    if (!element) return;
    const page = Math.max(ROW_HEIGHT, element.clientHeight - ROW_HEIGHT);
    const moves: Record<string, number> = {
      ArrowDown: ROW_HEIGHT,
      ArrowUp: -ROW_HEIGHT,
      PageDown: page,
      PageUp: -page,
      ' ': event.shiftKey ? -page : page,
      Home: -Infinity,
      End: Infinity,
    };
    const move = moves[event.key];
    if (move === undefined || event.altKey || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    const max = Math.max(0, element.scrollHeight - element.clientHeight);
    const target = Math.min(max, Math.max(0, (virtualizer.scrollOffset ?? element.scrollTop) + move));
    virtualizer.scrollToOffset(target);
  }

  return (
    <div
      className="row-table"
      role="table"
      aria-labelledby={labelledBy}
      aria-rowcount={count + 1}
      // Wide enough for the largest row number ("1,000,000"), no wider.
      style={{ '--row-number-width': `${Math.max(58, formatCount(largestRow).length * 8 + 22)}px` } as CSSProperties}
    >
      <div className="row-table-head" role="rowgroup">
        <div className="review-row review-row-head" role="row" aria-rowindex={1}>
          <div role="columnheader" className="cell cell-number">
            Row
          </div>
          <div role="columnheader" className="cell">
            Email (as in the file)
          </div>
          <div role="columnheader" className="cell">
            Normalised
          </div>
          <div role="columnheader" className="cell">
            Verdict
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
        aria-label="Rows (arrow keys and Page Up / Page Down scroll)"
        onKeyDown={onKeyDown}
        data-testid="review-scroll"
      >
        <div className="row-table-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows.rowAt(item.index);
            return row ? (
              <RowView key={item.key} row={row} index={item.index} top={item.start} />
            ) : (
              <div
                key={item.key}
                className="review-row is-loading"
                role="row"
                aria-rowindex={item.index + 2}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <div role="cell" className="cell cell-number">
                  <span className="skeleton skeleton-short" />
                </div>
                <div role="cell" className="cell">
                  <span className="skeleton" />
                </div>
                <div role="cell" className="cell">
                  <span className="skeleton" />
                </div>
                <div role="cell" className="cell" />
                <div role="cell" className="cell" />
                <div role="cell" className="cell" />
              </div>
            );
          })}
        </div>
      </div>
      {total > MAX_TABLE_ROWS && (
        <p className="table-cap-note">
          The table shows the first {formatCount(MAX_TABLE_ROWS)} of {formatCount(total)} matching rows. Narrow it with a
          filter or search; the exported files hold every row.
        </p>
      )}
    </div>
  );
}

function RowView({ row, index, top }: { row: ReviewRow; index: number; top: number }) {
  const verdict = VERDICT_TEXT[row.verdict];
  return (
    <div
      className={`review-row verdict-${row.verdict}`}
      role="row"
      aria-rowindex={index + 2}
      style={{ transform: `translateY(${top}px)` }}
      data-row={row.row}
    >
      <div role="cell" className="cell cell-number">
        {formatCount(row.row)}
      </div>
      <div role="cell" className="cell cell-email" title={row.email}>
        {row.email === '' ? <span className="muted">(empty)</span> : row.email}
      </div>
      <div role="cell" className="cell cell-normalized" title={row.normalized}>
        {row.normalized === '' ? <span className="muted">—</span> : row.normalized}
      </div>
      <div role="cell" className="cell cell-verdict">
        <span className={`verdict-badge verdict-${row.verdict}`}>
          <VerdictIcon verdict={row.verdict} size={12} />
          {verdict.label}
        </span>
      </div>
      <div role="cell" className="cell cell-reasons" title={row.reasons.map((code) => REASONS[code]?.label ?? code).join(', ')}>
        {row.reasons.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          row.reasons.map((code) => {
            const info = REASONS[code];
            return (
              <span key={code} className={`reason-chip reason-${info?.verdict ?? 'review'}`} title={info?.description ?? code}>
                {info?.label ?? code}
              </span>
            );
          })
        )}
      </div>
      <div role="cell" className="cell cell-suggestion" title={row.suggestion}>
        {row.suggestion ? <span className="suggestion">{row.suggestion}</span> : <span className="muted">—</span>}
      </div>
    </div>
  );
}
