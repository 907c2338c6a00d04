// Suppression: rows whose address is on a suppression list (a file the user
// gives, or the SES account's snapshot) are removed with the list's reason.

import type { RowStore } from './row-store';

export interface SuppressionEntries {
  source: string;
  entries: Map<string, { reason: 'BOUNCE' | 'COMPLAINT'; lastUpdate: string | null }>;
}

export interface SuppressionSummary {
  source: string;
  entries: number;
  matched: number;
}

export function applySuppression(store: RowStore, list: SuppressionEntries): SuppressionSummary {
  let matched = 0;
  for (let row = 0; row < store.count; row++) {
    const address = store.normalized[row]!;
    if (!address) continue;
    const entry = list.entries.get(address.toLowerCase());
    if (!entry) continue;
    matched++;
    store.addReason(row, entry.reason === 'COMPLAINT' ? 'suppressed_complaint' : 'suppressed_bounce');
  }
  return { source: list.source, entries: list.entries.size, matched };
}
