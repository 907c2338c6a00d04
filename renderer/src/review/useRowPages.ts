// Rows for the review table, fetched from the main process a page at a time
// as the user scrolls. Only the pages near the visible rows stay in memory, so
// a million-row list costs the renderer a few thousand rows at most.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReviewRow, RowFilter as SharedRowFilter, RowQuery } from '../../../shared/model/check';
import type { ReasonCode, Verdict } from '../../../shared/model/reasons';
import { invoke, messageOf } from '../app/api';

export const PAGE_SIZE = 100;
// 40 pages × 100 rows: a few screens either side of the visible rows.
const MAX_PAGES = 40;

export interface RowFilter {
  verdict: Verdict | null;
  reason: ReasonCode | null;
  search: string;
}

export interface RowPages {
  /** Rows matching the filter; null until the first page has answered. */
  total: number | null;
  /** The row at an index of the filtered list, or undefined while its page loads. */
  rowAt(index: number): ReviewRow | undefined;
  /** Ask for the pages covering rows first..last (inclusive). */
  ensure(first: number, last: number): void;
  error: string | null;
  /** Why the search covered less than every column, from the worker. */
  note: string | null;
}

/** The filter as the worker reads it (review:rows, review:decide). */
export function workerFilter(filter: RowFilter): SharedRowFilter {
  const query: SharedRowFilter = {};
  if (filter.verdict) query.verdict = filter.verdict;
  if (filter.reason) query.reason = filter.reason;
  if (filter.search.trim()) query.search = filter.search.trim();
  return query;
}

function queryFor(filter: RowFilter, offset: number): RowQuery {
  return { ...workerFilter(filter), offset, limit: PAGE_SIZE };
}

export function useRowPages(jobId: string, filter: RowFilter): RowPages {
  const { verdict, reason, search } = filter;
  const key = JSON.stringify([jobId, verdict, reason, search.trim()]);
  const pages = useRef(new Map<number, ReviewRow[]>());
  const inFlight = useRef(new Set<number>());
  // The filter the cached pages belong to: answers for an older filter are dropped.
  const pagesKey = useRef(key);
  // The latest answer, tagged with its filter; `version` re-renders the table when a page arrives.
  const [answer, setAnswer] = useState<{ key: string; total: number | null; error: string | null; note: string | null; version: number }>({
    key,
    total: null,
    error: null,
    note: null,
    version: 0,
  });

  const load = useCallback(
    (page: number) => {
      if (pagesKey.current !== key) {
        pagesKey.current = key;
        pages.current = new Map();
        inFlight.current = new Set();
      }
      if (pages.current.has(page) || inFlight.current.has(page)) return;
      inFlight.current.add(page);
      invoke('review:rows', jobId, queryFor({ verdict, reason, search }, page * PAGE_SIZE))
        .then((rows) => {
          if (pagesKey.current !== key) return;
          inFlight.current.delete(page);
          pages.current.set(page, rows.rows);
          // Keep the pages nearest to the one just asked for.
          while (pages.current.size > MAX_PAGES) {
            let farthest = page;
            for (const kept of pages.current.keys()) {
              if (Math.abs(kept - page) > Math.abs(farthest - page)) farthest = kept;
            }
            pages.current.delete(farthest);
          }
          setAnswer((previous) => ({ key, total: rows.total, error: null, note: rows.note ?? null, version: previous.version + 1 }));
        })
        .catch((failure: unknown) => {
          if (pagesKey.current !== key) return;
          inFlight.current.delete(page);
          setAnswer((previous) => ({ ...previous, key, error: messageOf(failure) }));
        });
    },
    [key, jobId, verdict, reason, search],
  );

  useEffect(() => {
    load(0);
  }, [load]);

  const ensure = useCallback(
    (first: number, last: number) => {
      if (last < first) return;
      const firstPage = Math.floor(Math.max(0, first) / PAGE_SIZE);
      const lastPage = Math.floor(Math.max(0, last) / PAGE_SIZE);
      for (let page = firstPage; page <= lastPage; page += 1) load(page);
    },
    [load],
  );

  const current = answer.key === key;
  const rowAt = useCallback(
    (index: number) => (pagesKey.current === key ? pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE] : undefined),
    [key],
  );

  return { total: current ? answer.total : null, rowAt, ensure, error: current ? answer.error : null, note: current ? answer.note : null };
}
