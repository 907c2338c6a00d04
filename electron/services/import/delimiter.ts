// Which of , ; TAB | separates the fields, judged on the first ~64 KB of text.
// Each candidate is tried with papaparse's own quote-aware parser, so a comma inside
// a quoted field does not count; the winner is the one that splits the records into
// the most consistent number of fields (more than one). Ties go to the delimiter
// whose header row has the usual field count, then to more fields, then to the
// order , ; TAB |. Excel's "sep=;" first line, when present, decides outright.
// papaparse's own guess is only asked when no candidate splits anything.
import Papa from 'papaparse';
import type { Delimiter } from '../../../shared/model/check';
import { skippedAs } from './records';

export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];

/** How much decoded text the sniffer wants. */
export const DELIMITER_SAMPLE_CHARS = 64 * 1024;

/** Records looked at: enough to see the pattern, few enough to stay instant. */
const MAX_SAMPLE_RECORDS = 1000;

/** Two candidates whose consistency differs by less than this are tied. */
const CONSISTENCY_TIE = 0.02;

interface CandidateScore {
  delimiter: Delimiter;
  /** The most common number of fields per record. */
  fields: number;
  /** Share of records with exactly that many fields. */
  consistency: number;
  headerMatches: boolean;
}

/**
 * @param text the start of the file, decoded.
 * @param complete true when `text` is the whole file (its last record is then complete).
 */
export function sniffDelimiter(text: string, complete = false): Delimiter {
  const sample = text.slice(0, DELIMITER_SAMPLE_CHARS * 2).replace(/\r\n?/g, '\n');
  const declared = excelSeparatorLine(sample);
  if (declared) return declared;

  let best: CandidateScore | null = null;
  for (const delimiter of DELIMITERS) {
    const score = scoreCandidate(sample, delimiter, complete);
    if (score && (!best || beats(score, best))) best = score;
  }
  if (best) return best.delimiter;

  const guess = Papa.parse<string[]>(sample, { preview: 50, delimitersToGuess: [...DELIMITERS] }).meta.delimiter;
  return (DELIMITERS as readonly string[]).includes(guess) ? (guess as Delimiter) : ',';
}

/** Excel honours a first line "sep=;" and some exports write one. */
export function excelSeparatorLine(text: string): Delimiter | null {
  const match = /^sep=(.)\n/i.exec(text);
  const declared = match?.[1];
  return declared && (DELIMITERS as readonly string[]).includes(declared) ? (declared as Delimiter) : null;
}

function scoreCandidate(text: string, delimiter: Delimiter, complete: boolean): CandidateScore | null {
  const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
  let rows = (parser.parse(text, 0, !complete) as { data: string[][] }).data;
  // A sample holding less than one complete record: judge the partial one.
  if (rows.length === 0 && !complete) rows = (parser.parse(text, 0, false) as { data: string[][] }).data;
  // The lines the readers skip (records.ts) are not scored either: blank lines, an Excel "sep=" line.
  const records: string[][] = [];
  for (const row of rows) {
    if (skippedAs({ fieldCount: row.length, field: (i) => row[i] ?? '', fields: () => row }, records.length, false) === null)
      records.push(row);
    if (records.length === MAX_SAMPLE_RECORDS) break;
  }
  if (records.length === 0) return null;

  const frequency = new Map<number, number>();
  for (const record of records) frequency.set(record.length, (frequency.get(record.length) ?? 0) + 1);
  let fields = 0;
  let count = 0;
  for (const [length, seen] of frequency) {
    if (seen > count || (seen === count && length > fields)) {
      fields = length;
      count = seen;
    }
  }
  if (fields <= 1) return null;
  return { delimiter, fields, consistency: count / records.length, headerMatches: records[0]!.length === fields };
}

function beats(candidate: CandidateScore, best: CandidateScore): boolean {
  if (Math.abs(candidate.consistency - best.consistency) >= CONSISTENCY_TIE) return candidate.consistency > best.consistency;
  if (candidate.headerMatches !== best.headerMatches) return candidate.headerMatches;
  return candidate.fields > best.fields; // equal: the earlier candidate in DELIMITERS stays
}
