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

import type { Decisions, ReportDecisions, AppliedDecision } from '../../shared/model/decisions';
import { REASON_CODES, type ReasonCode, type Verdict } from '../../shared/model/reasons';
import { reasonBit, verdictOf, type RowStore } from './row-store';

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
    let verdict: Verdict = before;
    let applied: AppliedDecision = '';
    if (before === 'remove') {
      if (requested === 'accepted') overruled++;
    } else if (requested === 'excluded') {
      verdict = 'remove';
      applied = 'excluded';
    } else if (requested === 'accepted') {
      verdict = 'send';
      if (before === 'review') applied = 'accepted';
    } else if (before === 'review') {
      // Every reason left is a review reason.
      if (mask & excludeMask) {
        verdict = 'remove';
        applied = 'excluded';
        countReasons(mask & excludeMask);
      } else if ((mask & ~acceptMask) === 0) {
        verdict = 'send';
        applied = 'accepted';
        countReasons(mask);
      }
    }
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
