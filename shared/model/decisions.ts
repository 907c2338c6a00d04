// A person's decisions about the rows the rules could not settle (review): send a
// review reason's rows, remove them, or decide row by row (send, remove, take the typo
// suggestion). The app and the CLI (--accept, --exclude, --decisions FILE) hand the
// same shape to the engine, which applies it in electron/engine/decision-stage.ts.
//
// The rule: a row goes to send only if every one of its review reasons is accepted (or
// the person sent that row), and a remove reason is never lifted by any decision — an
// unsubscribed or bounced address stays removed whatever was accepted.

import type { ListForecast } from './risk';
import { REASON_CODES, REASONS, isReasonCode, type ReasonCode, type Verdict } from './reasons';

/** What a person decided for one row; also the annotated.csv column `preflight_decision`. */
export type RowDecisionKind = 'accepted' | 'excluded' | 'corrected';

export const ROW_DECISION_KINDS: readonly RowDecisionKind[] = ['accepted', 'excluded', 'corrected'];

/** annotated.csv's `preflight_decision`: '' when no decision changed the row. */
export type AppliedDecision = '' | RowDecisionKind;

/** One row's decision, found by its address (ignoring case), as the decisions CSV holds it. */
export interface RowDecision {
  address: string;
  decision: RowDecisionKind;
  /** With `corrected`: the address to check and send to instead. */
  corrected?: string;
}

export interface Decisions {
  /** Review reasons whose rows go to send (when every review reason of the row is accepted). */
  accept: ReasonCode[];
  /** Review reasons whose rows are removed. */
  exclude: ReasonCode[];
  /** Row by row; a row's own decision wins over the reasons'. */
  rows: RowDecision[];
  /** The decisions file as named (report.json), when the rows came from one. */
  file?: string;
}

/** What report.json says about the decisions and the rows they moved. */
export interface ReportDecisions {
  accept: ReasonCode[];
  exclude: ReasonCode[];
  file: string | null;
  /** Row decisions given (lines of the decisions file). */
  rowDecisions: number;
  /** Verdicts as the rules gave them before any send or remove decision (corrected addresses as corrected). */
  verdictsBefore: Record<Verdict, number>;
  /** Rows send and remove decisions moved (review or send → remove, review → send), and rows whose address was corrected (checked as the new address). */
  moved: { toSend: number; toRemove: number; corrected: number };
  /** Rows each accepted or excluded reason moved (a row with two such reasons counts under both). */
  byReason: Partial<Record<ReasonCode, number>>;
  /** Row decisions whose address is on no row of the list. */
  unmatched: number;
  /** Rows a person chose to send that a remove reason keeps removed. */
  overruled: number;
}

/** The row decisions for a selection (review:decide), to add to the draft. */
export interface SelectionDecisions {
  rows: RowDecision[];
  /** Selected rows left out: a remove reason keeps them removed (send), or they have no suggestion (correct). */
  skipped: number;
}

/** What decisions would do before they are applied (review:preview). */
export interface DecisionPreview {
  verdicts: Record<Verdict, number>;
  /** The forecast for the send list these decisions would give. */
  send: ListForecast;
  /** Rows the rules left for review, per review reason they carry (what a choice for the reason is about). */
  reviewRows: Partial<Record<ReasonCode, number>>;
  /** Rows to be corrected: counted as sent, left out of the forecast until their new address is checked. */
  corrections: number;
}

export const REVIEW_REASONS: readonly ReasonCode[] = REASON_CODES.filter((code) => REASONS[code].verdict === 'review');

export function isReviewReason(code: ReasonCode): boolean {
  return REASONS[code].verdict === 'review';
}

/**
 * Reads the reason codes of --accept or --exclude (comma-separated, the option repeatable):
 * each must be a review reason. Returns one sentence for the first problem, or the codes.
 */
export function readReviewReasons(values: readonly string[], option: string): { codes: ReasonCode[] } | { problem: string } {
  const codes: ReasonCode[] = [];
  const list = REVIEW_REASONS.join(', ');
  for (const value of values) {
    for (const raw of value.split(',')) {
      const word = raw.trim();
      if (word === '') continue;
      const code = word.toLowerCase();
      if (!isReasonCode(code))
        return { problem: `${option} takes review reason codes; "${word}" is not a reason code (the review reasons: ${list}).` };
      if (!isReviewReason(code)) {
        return {
          problem: `${option} takes review reasons only; ${code} is a remove reason, and a row with a remove reason is always removed (the review reasons: ${list}).`,
        };
      }
      if (!codes.includes(code)) codes.push(code);
    }
  }
  if (codes.length === 0) return { problem: `${option} needs at least one review reason code (the review reasons: ${list}).` };
  return { codes };
}

/** One sentence when the same reason is both accepted and excluded, else null. */
export function conflictingReasons(decisions: Pick<Decisions, 'accept' | 'exclude'>): string | null {
  const both = decisions.accept.filter((code) => decisions.exclude.includes(code));
  if (both.length === 0) return null;
  return `${both.join(', ')} cannot be both accepted and excluded: choose one for ${both.length === 1 ? 'it' : 'each'}.`;
}

export function hasDecisions(decisions: Decisions | undefined): decisions is Decisions {
  return decisions !== undefined && (decisions.accept.length > 0 || decisions.exclude.length > 0 || decisions.rows.length > 0);
}
