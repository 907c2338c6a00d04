// A decisions file: what a person decided row by row on the Review screen, exported with
// the results so a pipeline re-applies it (`preflight check … --decisions FILE`).
//
//   address,decision,corrected
//   info@example.com,accepted,
//   old@example.com,excluded,
//   soren@hotmial.com,corrected,soren@hotmail.com
//
// The header row is optional (a first row with no address and no decision is taken as
// one); the encodings are import/'s. A decision is `accepted` (send the row), `excluded`
// (remove it) or `corrected` (check and send to the corrected address; the input's cell
// is never changed). An unknown decision, a correction without its address, or one address
// given two different decisions is refused with the line it is on: a pipeline must not
// send on a file it half understood.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { ROW_DECISION_KINDS, type RowDecision, type RowDecisionKind } from '../../../shared/model/decisions';
import { isUserError, UserError } from '../../../shared/model/errors';
import { createChunkDecoder } from '../import/decode';
import { detectEncoding } from '../import/encoding';
import { fileLabel, inputFileError } from '../import/file-errors';
import { formatCsvRow } from '../export/csv-writer';

/** The header the app writes, and the column order without one. */
export const DECISIONS_HEADER = ['address', 'decision', 'corrected'] as const;

export async function readDecisionsFile(path: string): Promise<RowDecision[]> {
  const label = fileLabel(path);
  let text: string;
  try {
    const { encoding } = await detectEncoding(path);
    const decoder = createChunkDecoder(encoding);
    const bytes = await readFile(path);
    text = decoder.decode(bytes) + decoder.end();
  } catch (error) {
    if (isUserError(error) && error.code === 'file_empty') return [];
    if (isUserError(error)) throw new UserError(error.code, `The decisions file ${label} could not be read: ${lowerFirst(error.message)}`);
    throw inputFileError(error, path);
  }
  return parseDecisions(text, label);
}

/** The decisions in a CSV text; `label` names the file in sentences. */
export function parseDecisions(text: string, label: string): RowDecision[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const records = parsed.data;
  const decisions: RowDecision[] = [];
  const seen = new Map<string, { decision: RowDecision; line: number }>();
  for (let i = 0; i < records.length; i++) {
    const cells = records[i]!.map((cell) => cell.trim());
    const line = i + 1;
    const [address = '', word = '', corrected = ''] = cells;
    // The header row: no address in its first cell, no decision in its second.
    if (i === 0 && !address.includes('@') && !isDecisionWord(word)) continue;
    const bad = (sentence: string) => new UserError('csv_malformed', `The decisions file ${label}, line ${line}: ${sentence}`);
    if (address === '') throw bad('the address is empty.');
    const decision = word.toLowerCase();
    if (!isDecisionWord(decision)) throw bad(`"${word}" is not a decision; write accepted, excluded or corrected.`);
    if (decision === 'corrected' && corrected === '')
      throw bad(`a correction needs the corrected address in the third column (address,corrected,new address).`);
    if (decision !== 'corrected' && corrected !== '') throw bad(`only a correction takes a third column; ${decision} rows leave it empty.`);
    const entry: RowDecision = decision === 'corrected' ? { address, decision, corrected } : { address, decision };
    const key = address.toLowerCase();
    const earlier = seen.get(key);
    if (earlier) {
      if (earlier.decision.decision === entry.decision && earlier.decision.corrected === entry.corrected) continue;
      throw bad(`${address} already has a different decision on line ${earlier.line}; keep one.`);
    }
    seen.set(key, { decision: entry, line });
    decisions.push(entry);
  }
  return decisions;
}

/** A decisions file's text (header, CRLF, UTF-8 with the outputs' byte-order mark), as parseDecisions reads it. */
export function formatDecisions(rows: readonly RowDecision[]): string {
  const lines = [formatCsvRow([...DECISIONS_HEADER])];
  for (const row of rows) lines.push(formatCsvRow([row.address, row.decision, row.corrected ?? '']));
  return '\uFEFF' + lines.join('');
}

function isDecisionWord(word: string): word is RowDecisionKind {
  return (ROW_DECISION_KINDS as readonly string[]).includes(word.toLowerCase());
}

function lowerFirst(sentence: string): string {
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}
