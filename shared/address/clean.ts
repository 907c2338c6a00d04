// The address a cell holds, before any syntax rule. Kept apart from the analyzer
// so that column detection (and any UI code) can use it without the parsers and lists.

/** Invisible characters that ride along in copied cells: zero-width space/joiners, word joiner, BOM, soft hyphen. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** JavaScript's \s is every Unicode space (NBSP, U+2000–U+200A, U+3000 …) and line break; NEL and U+180E are added. */
const SPACE = /[\s\u0085\u180E]/;

/** Spaces off both ends, in linear time whatever the cell holds. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && SPACE.test(text[start]!)) start++;
  while (end > start && SPACE.test(text[end - 1]!)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
/** `Name <addr>`, `"Name" <addr>` (the quoted name may hold anything) or `<addr>`: one pair of angle brackets closing the cell. */
const ANGLE_ADDRESS = /^(?:[^<>"]|"(?:[^"\\]|\\.)*")*<([^<>]*)>$/;

/**
 * The address a cell holds, before any syntax rule: invisible characters and
 * surrounding spaces removed, the address taken out of `Name <addr>` and `<addr>`,
 * and a `mailto:` prefix (and any `?subject=…` after it) dropped.
 */
export function cleanCell(cell: string): string {
  let text = trimSpaces(cell.replace(INVISIBLE, ''));
  const angle = ANGLE_ADDRESS.exec(text);
  if (angle) text = trimSpaces(angle[1]!);
  if (text.length >= 7 && text.slice(0, 7).toLowerCase() === 'mailto:') {
    text = text.slice(7);
    const query = text.indexOf('?');
    if (query >= 0) text = text.slice(0, query);
    text = trimSpaces(text);
  }
  return text;
}
