// Suppression: rows whose address is on a suppression list (a file the user
// gives, or the SES account's snapshot) are removed with the list's reason.

import { REASON_COMPLAINT, SuppressionTable } from '../services/suppression/table';
import type { RowStore } from './row-store';

export interface SuppressionEntries {
  source: string;
  /** Lower-case address → entry: a Map (the SES snapshot) or a SuppressionTable (a file). */
  entries: ReadonlyMap<string, { reason: 'BOUNCE' | 'COMPLAINT'; lastUpdate: string | null }>;
}

export interface SuppressionSummary {
  source: string;
  entries: number;
  matched: number;
}

export function applySuppression(store: RowStore, list: SuppressionEntries): SuppressionSummary {
  const { entries } = list;
  let matched = 0;
  const suppress = (row: number, complaint: boolean): void => {
    matched++;
    store.addReason(row, complaint ? 'suppressed_complaint' : 'suppressed_bounce');
  };
  if (entries instanceof SuppressionTable) {
    // The table lower-cases as it hashes (no new string per row), a batch of rows at a time.
    const reasons = entries.reasonsOf(store.normalized, store.count);
    for (let row = 0; row < store.count; row++) if (reasons[row]! >= 0) suppress(row, reasons[row] === REASON_COMPLAINT);
  } else {
    for (let row = 0; row < store.count; row++) {
      const address = store.normalized[row]!;
      if (!address) continue;
      const entry = entries.get(address.toLowerCase());
      if (entry) suppress(row, entry.reason === 'COMPLAINT');
    }
  }
  return { source: list.source, entries: entries.size, matched };
}
