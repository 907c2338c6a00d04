// Rows selected in the review table, as places in the filter's matches (0-based, input
// order): sorted, disjoint [start, end) ranges, or every match ("select all N matching",
// which may be far more rows than are loaded). The worker resolves a selection to rows
// (review:decide), so the renderer never needs the rows themselves.

export type Range = [number, number];

export interface Selection {
  /** Every row matching the filter; `ranges` is then unused. */
  all: boolean;
  ranges: Range[];
  /** Where a Shift-click or Shift+arrow range starts. */
  anchor: number | null;
}

export const NO_SELECTION: Selection = { all: false, ranges: [], anchor: null };

export function selectedCount(selection: Selection, total: number): number {
  if (selection.all) return total;
  return selection.ranges.reduce((sum, [start, end]) => sum + Math.max(0, Math.min(end, total) - start), 0);
}

export function isSelected(selection: Selection, index: number): boolean {
  if (selection.all) return true;
  for (const [start, end] of selection.ranges) {
    if (index < start) return false;
    if (index < end) return true;
  }
  return false;
}

/** Sorted, with overlapping and touching ranges merged. */
function normalise(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function without(ranges: readonly Range[], index: number): Range[] {
  const out: Range[] = [];
  for (const [start, end] of ranges) {
    if (index < start || index >= end) out.push([start, end]);
    else {
      if (index > start) out.push([start, index]);
      if (index + 1 < end) out.push([index + 1, end]);
    }
  }
  return out;
}

/** A plain click: this row only. */
export function selectOnly(index: number): Selection {
  return { all: false, ranges: [[index, index + 1]], anchor: index };
}

/** Ctrl/Cmd-click or Space: this row in or out, the rest kept. */
export function toggle(selection: Selection, index: number, total: number): Selection {
  const ranges = selection.all ? [[0, total] as Range] : selection.ranges;
  const next = isSelected({ all: false, ranges, anchor: null }, index)
    ? without(ranges, index)
    : normalise([...ranges, [index, index + 1]]);
  return { all: false, ranges: next, anchor: index };
}

/**
 * Shift-click or Shift+arrow: the rows from the anchor to this one. `keep` adds them to
 * the selection (Ctrl/Cmd+Shift); otherwise they replace it. The anchor stays.
 */
export function extendTo(selection: Selection, index: number, total: number, keep = false): Selection {
  const anchor = selection.anchor ?? index;
  const range: Range = [Math.min(anchor, index), Math.max(anchor, index) + 1];
  const base = keep ? (selection.all ? [[0, total] as Range] : selection.ranges) : [];
  return { all: false, ranges: normalise([...base, range]), anchor };
}

export function selectAll(): Selection {
  return { all: true, ranges: [], anchor: null };
}
