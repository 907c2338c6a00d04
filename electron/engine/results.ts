// What a finished check keeps for the Review and Domains screens (the app's engine worker
// answers review:rows, review:preview and the domains list from it): the RowStore, compact,
// with no raw rows. A page's rows get their risk factors and the column behind each consent
// reason only when asked for.

import type { DomainRow, RowPage, RowQuery, RowSelection } from '../../shared/model/check';
import type { DecisionPreview, Decisions, RowDecision, RowDecisionKind, SelectionDecisions } from '../../shared/model/decisions';
import { stat } from 'node:fs/promises';
import { domainToUnicode } from 'node:url';
import { isUserError } from '../../shared/model/errors';
import { searchKey } from '../../shared/text/fold';
import type { Analysis } from './analyse-stage';
import { CellIndex, type CellSource } from './cell-search';
import { reasonColumns } from './consent-sources';
import type { ContactListOutcome } from './contact-list-stage';
import { decidedRows, decisionsForRows, previewDecisions } from './decision-stage';
import { explainRow } from './risk-stage';
import type { RowStore } from './row-store';

export interface CheckResults {
  /** A page of rows; a search reads the list's cells again the first time (cell-search.ts). */
  query(query: RowQuery): Promise<RowPage>;
  /** What decisions would do to the verdicts and the send list's forecast, before they are applied. */
  preview(decisions: Decisions): DecisionPreview;
  /** Every row a decision set, as the decisions file holds it (the app exports it with the results). */
  decisionRows(): RowDecision[];
  /** The row decisions that send, remove or correct the rows a person selected. */
  decide(selection: RowSelection, decision: RowDecisionKind): Promise<SelectionDecisions>;
  domains(limit: number): DomainRow[];
}

export function checkResults(
  store: RowStore,
  analysis: Analysis,
  contactList: ContactListOutcome | null,
  hasConsentColumn: boolean,
  cells: CellSource,
): CheckResults {
  // The list as the check left it: a search reads its cells only if it is still that file.
  const checked = stat(cells.input).then(
    (info) => ({ size: info.size, mtimeMs: info.mtimeMs }),
    () => null,
  );
  let index: Promise<CellIndex> | null = null;
  let lastHits: { key: string; hits: Uint8Array } | null = null;
  /** The cell index (built on the first search), and the rows whose cells hold the search. */
  const searched = async (search: string | undefined) => {
    const key = searchKey(search ?? '');
    if (key === '') return null;
    index ??= CellIndex.build({ ...cells, rows: store.count, checked });
    let built: CellIndex;
    try {
      built = await index;
    } catch (error) {
      index = null;
      // The list moved or changed since the check: its addresses can still be searched.
      if (isUserError(error) && error.code === 'file_unreadable') return { index: null, key, hits: undefined, note: error.message };
      throw error;
    }
    if (lastHits?.key !== key) lastHits = { key, hits: built.find(key) };
    return { index: built, key, hits: lastHits.hits, note: undefined };
  };
  return {
    query: async (q) => {
      const search = await searched(q.search);
      const page = store.query(q, search?.hits);
      if (search?.note) page.note = search.note;
      for (const row of page.rows) {
        const unicode = unicodeAddress(row.normalized);
        if (unicode) row.normalizedUnicode = unicode;
        const match = search?.index?.matchIn(row.row - 1, search.key);
        if (match) row.match = match;
        row.riskFactors = explainRow(store, row.row - 1, hasConsentColumn);
        const named = reasonColumns(analysis.sources, store.consentMarks(row.row - 1));
        if (contactList?.rows.has(row.row - 1)) named.push({ reason: 'unsubscribed', column: contactList.report.source });
        if (named.length) row.reasonColumns = named;
      }
      return page;
    },
    domains: (limit) =>
      store.topDomains(limit).map((row) => {
        const unicode = row.domain.includes('xn--') ? domainToUnicode(row.domain) : '';
        return unicode && unicode !== row.domain ? { ...row, unicode } : row;
      }),
    preview: (asked) => previewDecisions(store, asked),
    decisionRows: () => decidedRows(store),
    decide: async (selection, decision) => {
      const search = await searched(selection.filter.search);
      return decisionsForRows(store, store.select(selection, search?.hits), decision);
    },
  };
}

/** local@domain with the domain in Unicode, when it has an xn-- label; else ''. */
function unicodeAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0 || !address.includes('xn--', at)) return '';
  const domain = domainToUnicode(address.slice(at + 1));
  return domain && domain !== address.slice(at + 1) ? `${address.slice(0, at + 1)}${domain}` : '';
}
