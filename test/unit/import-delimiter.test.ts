import { describe, expect, it } from 'vitest';
import { DELIMITER_SAMPLE_CHARS, sniffDelimiter } from '../../electron/services/import/delimiter';

describe('sniffDelimiter', () => {
  it.each([
    [',', 'email,first,last\na@b.co,Ann,Lee\nc@d.co,Bo,Ek\n'],
    [';', 'email;first;last\na@b.co;Ann;Lee\nc@d.co;Bo;Ek\n'],
    ['\t', 'email\tfirst\tlast\na@b.co\tAnn\tLee\nc@d.co\tBo\tEk\n'],
    ['|', 'email|first|last\na@b.co|Ann|Lee\nc@d.co|Bo|Ek\n'],
  ])('finds %j', (delimiter, text) => {
    expect(sniffDelimiter(text, true)).toBe(delimiter);
  });

  it('is not fooled by commas inside quoted fields of a semicolon file', () => {
    const text = 'email;company;note\n"a@b.co";"Smith, Jones, and Partners, Ltd";"x, y, z"\n"c@d.co";"Acme, Inc";"p, q"\n';
    expect(sniffDelimiter(text, true)).toBe(';');
  });

  it('is not fooled by decimal commas in a European Excel file', () => {
    const text = 'Nom;Email;Montant\nMüller;zoe@a.fr;1 234,50\nDubois;fr@b.fr;12,00\nNuñez;jo@c.fr;0,00\n';
    expect(sniffDelimiter(text, true)).toBe(';');
  });

  it('is not fooled by unquoted commas in a tab-separated file', () => {
    const text = 'email\tname\tcity\na@b.co\tLee, Ann\tParis\nc@d.co\tEk, Bo\tOslo\ne@f.co\tCho, Su\tSeoul\n';
    expect(sniffDelimiter(text, true)).toBe('\t');
  });

  it('prefers the delimiter whose header has the usual field count over one that splits rows into more fields', () => {
    // Every data row holds two commas, so commas split rows into 3 fields and semicolons into 2;
    // only the header says which one is the delimiter.
    const text = 'email;tags\n' + 'a@b.co;vip,newsletter,2024\n'.repeat(100);
    expect(sniffDelimiter(text, true)).toBe(';');
  });

  it('tolerates ragged rows', () => {
    const text = 'email,first,last\na@b.co,Ann\nc@d.co,Bo,Ek\ne@f.co,Cy,Do,extra\ng@h.co,Ed,Fa\n';
    expect(sniffDelimiter(text, true)).toBe(',');
  });

  it('honours a quoted field with newlines and the chosen delimiter inside', () => {
    const text = 'email|note\na@b.co|"line one\nline two, with; every | kind"\nc@d.co|plain\n';
    expect(sniffDelimiter(text, true)).toBe('|');
  });

  it('follows an Excel "sep=" first line', () => {
    expect(sniffDelimiter('sep=;\r\nemail,name\r\na@b.co,Ann\r\n', true)).toBe(';');
  });

  it('falls back to a comma for a single-column list', () => {
    expect(sniffDelimiter('email\na@b.co\nc@d.co\n', true)).toBe(',');
  });

  it('ignores the cut-off last record of a partial sample', () => {
    const rows = 'email;name;city\n' + 'a@b.co;Ann;Oslo\n'.repeat(3000);
    const sample = rows.slice(0, DELIMITER_SAMPLE_CHARS) + '"unfinished, quoted, field, with, commas';
    expect(sniffDelimiter(sample, false)).toBe(';');
  });
});
