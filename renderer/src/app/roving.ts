// Which tab a key moves to in a row of tabs (useRovingTabs.ts); no DOM, so tests run it without a browser.

/** The tab a key moves to from `index` among `count` tabs, or null for a key that does not move. */
export function rovingTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index + count - 1) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
