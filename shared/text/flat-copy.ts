// Cells reach the rules as slices of the reader's large text chunks (records.ts), and a
// slice keeps its whole chunk alive. Anything kept beyond the row (a map key, a stored
// address) is copied first, so memory holds the kept text and not the file's chunks.

/** A string with the same characters that shares no memory with `text`. */
export function flatCopy(text: string): string {
  // Below 13 characters V8 copies on slice anyway; above, (' ' + text) is flattened into
  // a new string and slice(1) views that new string, not the chunk.
  return text.length < 13 ? text : (' ' + text).slice(1);
}
