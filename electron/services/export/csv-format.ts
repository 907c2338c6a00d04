// How every CSV Preflight writes is formatted.
//
// Format: UTF-8 WITH a byte-order mark (without it Excel on Windows reads the file
// as Windows-1252 and mangles accented names), comma-delimited, CRLF line ends,
// RFC 4180 quoting: a field is quoted when it contains ", comma, CR or LF, or starts
// or ends with a space or tab (which spreadsheets would otherwise trim).
//
// Spreadsheet formula neutralisation (OWASP "CSV injection"): a cell starting with
// = + - @ TAB or CR gets a ' in front, in every CSV Preflight writes, so a list cell
// like =HYPERLINK(…) or @SUM(…) is shown as text instead of running. That includes
// plain negative numbers (-5 → '-5) and international phone numbers (+44 … → '+44 …):
// OWASP advises prefixing them too, and telling "a number" from "a formula" is exactly
// the judgement that has been got wrong before (-1+cmd|' /C calc'!A0 starts like a number).
// Preflight's outputs are for checking and re-importing addresses, not for arithmetic.

/** Prefix a cell a spreadsheet would run as a formula (see the file comment). */
export function neutralizeCell(value: string): string {
  if (value.length === 0) return value;
  const first = value.charCodeAt(0);
  // = + - @ TAB CR
  if (first === 0x3d || first === 0x2b || first === 0x2d || first === 0x40 || first === 0x09 || first === 0x0d) {
    return "'" + value;
  }
  return value;
}

const SPECIAL = /[",\r\n]/;

/** One field as CSV text (already neutralised or not: this only quotes). */
export function quoteField(value: string): string {
  if (value.length === 0) return value;
  if (SPECIAL.test(value)) return '"' + value.replaceAll('"', '""') + '"';
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) return '"' + value + '"';
  return value;
}

/** One cell as it is written: neutralised, then quoted where needed. */
export function csvCell(value: string): string {
  return quoteField(neutralizeCell(value));
}

/** One row as it is written: neutralised, quoted, comma-joined, CRLF-terminated. */
export function formatCsvRow(fields: readonly string[]): string {
  let line = '';
  for (let index = 0; index < fields.length; index++) {
    if (index > 0) line += ',';
    line += csvCell(fields[index] ?? '');
  }
  return line + '\r\n';
}
