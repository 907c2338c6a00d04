// Decisions: after every rule has given its reasons (address, list, consent, suppression,
// domains, account), a person's decisions set the verdict of the rows the rules left for
// review (shared/model/decisions.ts). Runs before the risk stage, so the forecast is for
// the send list that is written. Corrections were applied in pass 1 (check.ts): the
// corrected address went through every rule as if typed, so its reasons are its own.
//
// Per row, in order:
//   1. a remove reason removes the row, whatever was decided (an accepted row is counted
//      as overruled);
//   2. the person's own decision for the row: excluded removes it, accepted sends it;
//   3. any of the row's review reasons excluded removes it;
//   4. every one of its review reasons accepted sends it; else it stays for review.
// preflight_decision says `corrected` for a corrected address, else `accepted` or
// `excluded` when a decision moved the row, else nothing.

import type {
  Decisions,
  DecisionPreview,
  ReportDecisions,
  AppliedDecision,
  RowDecision,
  RowDecisionKind,
  SelectionDecisions,
} from '../../shared/model/decisions';
import { REASON_CODES, type ReasonCode, type Verdict } from '../../shared/model/reasons';
import { forecastList } from '../../shared/risk/forecast';
import { reasonBit, verdictOf, type RowStore } from './row-store';

/** Steps 1 to 4 above for one row: its verdict, and the decision that moved it ('' for none). */
function decide(
  mask: number,
  requested: AppliedDecision,
  acceptMask: number,
  excludeMask: number,
): { verdict: Verdict; applied: AppliedDecision } {
  const before = verdictOf(mask);
  if (before === 'remove') return { verdict: 'remove', applied: '' };
  if (requested === 'excluded') return { verdict: 'remove', applied: 'excluded' };
  if (requested === 'accepted') return { verdict: 'send', applied: before === 'review' ? 'accepted' : '' };
  if (before === 'send') return { verdict: 'send', applied: '' };
  // Every reason left is a review reason.
  if (mask & excludeMask) return { verdict: 'remove', applied: 'excluded' };
  if ((mask & ~acceptMask) === 0) return { verdict: 'send', applied: 'accepted' };
  return { verdict: 'review', applied: '' };
}

export function applyDecisions(store: RowStore, decisions: Decisions, unmatched: number): ReportDecisions {
  const acceptMask = maskOf(decisions.accept);
  const excludeMask = maskOf(decisions.exclude);
  const verdictsBefore: Record<Verdict, number> = { send: 0, review: 0, remove: 0 };
  const moved = { toSend: 0, toRemove: 0, corrected: 0 };
  const movedByBit = new Map<number, number>();
  let overruled = 0;
  const countReasons = (mask: number) => {
    for (let bits = mask; bits !== 0; bits &= bits - 1) {
      const bit = bits & -bits;
      movedByBit.set(bit, (movedByBit.get(bit) ?? 0) + 1);
    }
  };

  for (let row = 0; row < store.count; row++) {
    const mask = store.mask(row);
    const before = verdictOf(mask);
    verdictsBefore[before]++;
    const requested = store.requestedDecision(row);
    if (before === 'remove' && requested === 'accepted') overruled++;
    const decided = decide(mask, requested, acceptMask, excludeMask);
    const verdict = decided.verdict;
    let applied = decided.applied;
    // A reason's choice moved the row (not the row's own decision): count it under those reasons.
    const movedByReasons = verdict !== before && (requested === '' || requested === 'corrected');
    if (movedByReasons) countReasons(verdict === 'remove' ? mask & excludeMask : mask);
    if (verdict !== before) {
      if (verdict === 'send') moved.toSend++;
      else moved.toRemove++;
    }
    if (requested === 'corrected') {
      applied = 'corrected';
      moved.corrected++;
    }
    store.decideRow(row, verdict, applied);
  }

  const byReason: Partial<Record<ReasonCode, number>> = {};
  for (const code of REASON_CODES) {
    const rows = movedByBit.get(reasonBit(code));
    if (rows) byReason[code] = rows;
  }
  return {
    accept: decisions.accept,
    exclude: decisions.exclude,
    file: decisions.file ?? null,
    rowDecisions: decisions.rows.length,
    verdictsBefore,
    moved,
    byReason,
    unmatched,
    overruled,
  };
}

function maskOf(codes: readonly ReasonCode[]): number {
  let mask = 0;
  for (const code of codes) mask |= reasonBit(code);
  return mask;
}

/**
 * What decisions would do, before they are applied (the Review screen's live effect): the
 * verdicts and the send list's forecast, from the risks already computed. Row decisions find
 * their rows by address, ignoring case; a correction counts as sending the row, but its
 * new address is only checked when the decisions are applied, so the row is left out of
 * the forecast (the typo's risk would be wrong for it) and counted in `corrections`. Also the review rows per review
 * reason, which the choices are about.
 */
export function previewDecisions(store: RowStore, decisions: Decisions): DecisionPreview {
  const acceptMask = maskOf(decisions.accept);
  const excludeMask = maskOf(decisions.exclude);
  const byAddress = new Map<string, AppliedDecision>();
  for (const row of decisions.rows) byAddress.set(row.address.trim().toLowerCase(), row.decision);
  const verdicts: Record<Verdict, number> = { send: 0, review: 0, remove: 0 };
  const reviewByBit = new Map<number, number>();
  const send: number[] = [];
  let corrections = 0;
  for (let row = 0; row < store.count; row++) {
    const mask = store.mask(row);
    const requested = byAddress.size
      ? (byAddress.get(store.normalized[row]!.toLowerCase()) ?? byAddress.get(store.original(row).trim().toLowerCase()) ?? '')
      : '';
    const corrected = requested === 'corrected';
    const { verdict } = corrected ? { verdict: 'send' as const } : decide(mask, requested, acceptMask, excludeMask);
    verdicts[verdict]++;
    if (corrected) corrections++;
    else if (verdict === 'send') send.push(row);
    if (verdictOf(mask) === 'review') {
      for (let bits = mask; bits !== 0; bits &= bits - 1) {
        const bit = bits & -bits;
        reviewByBit.set(bit, (reviewByBit.get(bit) ?? 0) + 1);
      }
    }
  }
  const bounce = new Float64Array(send.length);
  const complaint = new Float64Array(send.length);
  send.forEach((row, i) => {
    bounce[i] = store.risk(row) ?? 0;
    complaint[i] = store.complaintRisk(row) ?? 0;
  });
  const reviewRows: Partial<Record<ReasonCode, number>> = {};
  for (const code of REASON_CODES) {
    const rows = reviewByBit.get(reasonBit(code));
    if (rows) reviewRows[code] = rows;
  }
  return { verdicts, send: forecastList(bounce, complaint), reviewRows, corrections };
}

/** The rows a decision set, by the cell as typed (trimmed): what `--decisions` finds them by. */
export function decidedRows(store: RowStore): RowDecision[] {
  const rows: RowDecision[] = [];
  const seen = new Set<string>();
  for (let row = 0; row < store.count; row++) {
    const decision = store.decision(row);
    const address = store.original(row).trim();
    if (decision === '' || address === '' || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    rows.push(decision === 'corrected' ? { address, decision, corrected: store.normalized[row]! } : { address, decision });
  }
  return rows;
}

/** What the user must know about decisions that changed nothing. */
export function decisionWarnings(decided: ReportDecisions): string[] {
  const warnings: string[] = [];
  if (decided.unmatched > 0) {
    warnings.push(`${count(decided.unmatched, 'row decision')} in the decisions given match no address of this list and changed nothing.`);
  }
  if (decided.overruled > 0) {
    warnings.push(
      `${count(decided.overruled, 'row')} chosen for sending ${decided.overruled === 1 ? 'stays' : 'stay'} removed: a remove reason (such as an unsubscribe or a bounce) is never overridden.`,
    );
  }
  return warnings;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The row decisions for rows a person selected (the Review table's selection, or every
 * row whose typo suggestion is on one domain), named as the per-row buttons name a row:
 * its address as checked, else its cell. Send leaves out a row with a remove reason (it
 * stays removed whatever is decided); correct leaves out a row with no suggestion.
 */
export function decisionsForRows(store: RowStore, rows: Int32Array, decision: RowDecisionKind): SelectionDecisions {
  const decided: RowDecision[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const row of rows) {
    const suggestion = store.suggestion(row);
    if ((decision === 'accepted' && verdictOf(store.mask(row)) === 'remove') || (decision === 'corrected' && !suggestion)) {
      skipped++;
      continue;
    }
    const address = store.normalized[row] || store.original(row).trim();
    if (address === '') {
      skipped++;
      continue;
    }
    const key = address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    decided.push(decision === 'corrected' ? { address, decision, corrected: suggestion } : { address, decision });
  }
  return { rows: decided, skipped };
}
