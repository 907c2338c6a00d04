// Lists repeat the same few thousand dates and consent words across a million
// rows: remembering each cell's reading makes the per-row cost a Map look-up.
// Bounded, so a column of unique timestamps cannot grow it without limit.
import { flatCopy } from '../text/flat-copy';

const MAX_ENTRIES = 50_000;

export function memoize<R>(read: (cell: string) => R): (cell: string) => R {
  const seen = new Map<string, R>();
  return (cell) => {
    const known = seen.get(cell);
    if (known !== undefined || seen.has(cell)) return known as R;
    const value = read(cell);
    if (seen.size >= MAX_ENTRIES) seen.clear();
    seen.set(flatCopy(cell), value);
    return value;
  };
}
