// What a finished check keeps for the Review and Domains screens (the app's engine worker
// answers review:rows, review:preview and the domains list from it): the RowStore, compact,
// with no raw rows. A page's rows get their risk factors and the column behind each consent
// reason only when asked for.

import type { DomainRow, RowPage, RowQuery, RowSelection } from '../../shared/model/check';
import type { DecisionPreview, Decisions, RowDecision, RowDecisionKind, SelectionDecisions } from '../../shared/model/decisions';
import type { Analysis } from './analyse-stage';
import { reasonColumns } from './consent-sources';
import type { ContactListOutcome } from './contact-list-stage';
import { decidedRows, decisionsForRows, previewDecisions } from './decision-stage';
import { explainRow } from './risk-stage';
import type { RowStore } from './row-store';

export interface CheckResults {
  query(query: RowQuery): RowPage;
  /** What decisions would do to the verdicts and the send list's forecast, before they are applied. */
  preview(decisions: Decisions): DecisionPreview;
  /** Every row a decision set, as the decisions file holds it (the app exports it with the results). */
  decisionRows(): RowDecision[];
  /** The row decisions that send, remove or correct the rows a person selected. */
  decide(selection: RowSelection, decision: RowDecisionKind): SelectionDecisions;
  domains(limit: number): DomainRow[];
}

export function checkResults(
  store: RowStore,
  analysis: Analysis,
  contactList: ContactListOutcome | null,
  hasConsentColumn: boolean,
): CheckResults {
  return {
    query: (q) => {
      const page = store.query(q);
      for (const row of page.rows) {
        row.riskFactors = explainRow(store, row.row - 1, hasConsentColumn);
        const named = reasonColumns(analysis.sources, store.consentMarks(row.row - 1));
        if (contactList?.rows.has(row.row - 1)) named.push({ reason: 'unsubscribed', column: contactList.report.source });
        if (named.length) row.reasonColumns = named;
      }
      return page;
    },
    domains: (limit) => store.topDomains(limit),
    preview: (asked) => previewDecisions(store, asked),
    decisionRows: () => decidedRows(store),
    decide: (selection, decision) => decisionsForRows(store, store.select(selection), decision),
  };
}
