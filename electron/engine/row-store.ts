// Compact per-row state for a whole list: what the engine decided for each row,
// without the row's cells. Memory grows with rows and unique addresses, not with
// row width (the outputs are written by re-reading the file).

import type { DomainRow, ReviewRow, RowFilter, RowPage, RowQuery, RowSelection } from '../../shared/model/check';
import type { AppliedDecision, RowDecisionKind } from '../../shared/model/decisions';
import { REASON_CODES, REASONS, type ReasonCode, type Verdict } from '../../shared/model/reasons';
import { flatCopy } from '../../shared/text/flat-copy';
import type { SavedMailboxInsight } from '../../shared/model/mailbox';

const REASON_BIT = new Map<ReasonCode, number>(REASON_CODES.map((code, i) => [code, 1 << i]));
const REMOVE_MASK = REASON_CODES.reduce((mask, code, i) => (REASONS[code].verdict === 'remove' ? mask | (1 << i) : mask), 0);

if (REASON_CODES.length > 31) throw new Error('Reason bitmask holds at most 31 codes');

export function reasonBit(code: ReasonCode): number {
  return REASON_BIT.get(code)!;
}

export function reasonsOf(mask: number): ReasonCode[] {
  const codes: ReasonCode[] = [];
  for (let i = 0; i < REASON_CODES.length; i++) if (mask & (1 << i)) codes.push(REASON_CODES[i]!);
  return codes;
}

export function verdictOf(mask: number): Verdict {
  if (mask & REMOVE_MASK) return 'remove';
  return mask === 0 ? 'send' : 'review';
}

/** A row's decision as a byte: its index here. */
const DECISION_CODES: readonly AppliedDecision[] = ['', 'accepted', 'excluded', 'corrected'];
const VERDICT_CODES: readonly Verdict[] = ['send', 'review', 'remove'];

/** No domain for this row (no address, or a syntax failure). */
export const NO_DOMAIN = -1;

const HAS_ORIGINAL = 1;
const HAS_SUGGESTION = 2;
const COPYABLE = 4;
/** An earlier verifier found the address deliverable. */
const VERIFIED = 8;
/** SES Email Validation found the mailbox with high confidence. */
const MAILBOX_CONFIRMED = 16;

export class RowStore {
  private masks: Int32Array = new Int32Array(1024);
  private domainIds: Int32Array = new Int32Array(1024);
  /** Normalised address per row ('' when none). */
  readonly normalized: string[] = [];
  /** Which rows have an entry in originals or suggestions (a flag read is far cheaper than a Map miss). */
  private extras: Uint8Array = new Uint8Array(1024);
  /** The original email cell, only where it differs from the normalised address. */
  private readonly originals = new Map<number, string>();
  private readonly suggestions = new Map<number, string>();
  /** Risk evidence per row (see setEvidence); -1 = unknown. */
  private providerIds: Uint8Array = new Uint8Array(1024);
  private consentAges: Int32Array = new Int32Array(1024);
  private activityAges: Int32Array = new Int32Array(1024);
  private doubleOptIns: Int8Array = new Int8Array(1024);
  /** Which consent column gave which reason (shared/consent/consent.ts SOURCE_REMOVES); empty until a row has one. */
  private sourceMarks: Int32Array = new Int32Array(0);
  readonly providers: string[] = [];
  private readonly providerIndex = new Map<string, number>();
  private bounceRisks: Float32Array = new Float32Array(0);
  private complaintRisks: Float32Array = new Float32Array(0);
  readonly domains: string[] = [];
  private readonly domainIndex = new Map<string, number>();
  private readonly domainRows: number[] = [];
  /** Domain status by domain id, once the domain stage has run. */
  readonly domainStatus: (string | undefined)[] = [];
  private filterCache = new Map<string, Int32Array>();
  /** SES's answer for the rows whose mailbox was verified (one object per mailbox, shared by its rows). */
  private readonly mailboxInsights = new Map<number, SavedMailboxInsight>();
  /** What a person decided for a row (decisions file), and once decided, each row's verdict and the decision that set it. */
  private requestedDecisions: Uint8Array = new Uint8Array(0);
  private finalVerdicts: Uint8Array | null = null;
  private appliedDecisions: Uint8Array = new Uint8Array(0);
  count = 0;

  /** @param domainId from domainIdOf(), or NO_DOMAIN */
  add(original: string, normalized: string, domainId: number, mask: number, suggestion: string): number {
    const row = this.count++;
    if (row === this.masks.length) {
      this.masks = grow(this.masks);
      this.domainIds = grow(this.domainIds);
      this.providerIds = grow(this.providerIds);
      this.consentAges = grow(this.consentAges);
      this.activityAges = grow(this.activityAges);
      this.doubleOptIns = grow(this.doubleOptIns);
      this.extras = grow(this.extras);
    }
    this.masks[row] = mask;
    this.normalized.push(normalized);
    if (original !== normalized) {
      this.originals.set(row, original);
      this.extras[row]! |= HAS_ORIGINAL;
    }
    if (suggestion) this.setSuggestion(row, flatCopy(suggestion));
    this.domainIds[row] = domainId;
    if (domainId !== NO_DOMAIN) this.domainRows[domainId]!++;
    return row;
  }

  /** The id of an ASCII domain, given on first sight. */
  domainIdOf(domain: string): number {
    let id = this.domainIndex.get(domain);
    if (id === undefined) {
      id = this.domains.length;
      const kept = flatCopy(domain);
      this.domains.push(kept);
      this.domainIndex.set(kept, id);
      this.domainRows.push(0);
    }
    return id;
  }

  mask(row: number): number {
    return this.masks[row]!;
  }

  /** The row's verdict: the rules', or after setDecided the one the person's decisions gave. */
  verdict(row: number): Verdict {
    return this.finalVerdicts ? VERDICT_CODES[this.finalVerdicts[row]!]! : verdictOf(this.masks[row]!);
  }

  /** The decision a person asked for on this row (pass 1, from the decisions file). */
  requestDecision(row: number, decision: RowDecisionKind): void {
    if (row >= this.requestedDecisions.length) {
      // Most checks have no row decisions: the array is only made when one has.
      const next = new Uint8Array(Math.max(1024, this.masks.length));
      next.set(this.requestedDecisions);
      this.requestedDecisions = next;
    }
    this.requestedDecisions[row] = DECISION_CODES.indexOf(decision);
  }

  requestedDecision(row: number): AppliedDecision {
    return row < this.requestedDecisions.length ? DECISION_CODES[this.requestedDecisions[row]!]! : '';
  }

  /** The row's verdict after the decisions, and the decision that set it (''). Once called, verdict() reads these. */
  decideRow(row: number, verdict: Verdict, applied: AppliedDecision): void {
    if (!this.finalVerdicts) {
      this.finalVerdicts = new Uint8Array(this.count);
      for (let i = 0; i < this.count; i++) this.finalVerdicts[i] = VERDICT_CODES.indexOf(verdictOf(this.masks[i]!));
      this.appliedDecisions = new Uint8Array(this.count);
      this.filterCache.clear();
    }
    this.finalVerdicts[row] = VERDICT_CODES.indexOf(verdict);
    this.appliedDecisions[row] = DECISION_CODES.indexOf(applied);
  }

  /** annotated.csv's preflight_decision for the row. */
  decision(row: number): AppliedDecision {
    return row < this.appliedDecisions.length ? DECISION_CODES[this.appliedDecisions[row]!]! : '';
  }

  addReason(row: number, code: ReasonCode): void {
    this.masks[row]! |= reasonBit(code);
    this.filterCache.clear();
  }

  domainOf(row: number): number {
    return this.domainIds[row]!;
  }

  original(row: number): string {
    return this.extras[row]! & HAS_ORIGINAL ? this.originals.get(row)! : this.normalized[row]!;
  }

  suggestion(row: number): string {
    return this.extras[row]! & HAS_SUGGESTION ? this.suggestions.get(row)! : '';
  }

  /** The row's typo suggestion is an address on this domain (lower case). */
  private suggestedDomainIs(row: number, domain: string): boolean {
    if (!(this.extras[row]! & HAS_SUGGESTION)) return false;
    const suggestion = this.suggestions.get(row)!;
    const at = suggestion.lastIndexOf('@');
    return at >= 0 && suggestion.length - at - 1 === domain.length && suggestion.slice(at + 1).toLowerCase() === domain;
  }

  /** The row's record may be copied to the outputs as it stands (see CsvRecord.copyable). */
  markCopyable(row: number): void {
    this.extras[row]! |= COPYABLE;
  }

  copyable(row: number): boolean {
    return (this.extras[row]! & COPYABLE) !== 0;
  }

  setSuggestion(row: number, suggestion: string): void {
    this.suggestions.set(row, suggestion);
    this.extras[row]! |= HAS_SUGGESTION;
  }

  /** What the risk model needs beyond the reasons: provider, ages in whole days (or null), double opt-in. */
  setEvidence(
    row: number,
    provider: string,
    consentAgeDays: number | null,
    activityAgeDays: number | null,
    doubleOptIn: boolean | null,
  ): void {
    let id = this.providerIndex.get(provider);
    if (id === undefined) {
      id = this.providers.length;
      this.providers.push(provider);
      this.providerIndex.set(provider, id);
    }
    this.providerIds[row] = id;
    this.consentAges[row] = consentAgeDays ?? -1;
    this.activityAges[row] = activityAgeDays ?? -1;
    this.doubleOptIns[row] = doubleOptIn === null ? -1 : doubleOptIn ? 1 : 0;
  }

  /** What the consent sources said about a row: their marks, and whether a verifier found the address deliverable. */
  setConsentEvidence(row: number, sourceMarks: number, verified: boolean): void {
    if (verified) this.extras[row]! |= VERIFIED;
    if (sourceMarks === 0 && row >= this.sourceMarks.length) return;
    if (row >= this.sourceMarks.length) {
      // Most lists have no consent reasons at all: the array is only made for those that do.
      const next = new Int32Array(Math.max(1024, this.masks.length));
      next.set(this.sourceMarks);
      this.sourceMarks = next;
    }
    this.sourceMarks[row] = sourceMarks;
  }

  consentMarks(row: number): number {
    return row < this.sourceMarks.length ? this.sourceMarks[row]! : 0;
  }

  verified(row: number): boolean {
    return (this.extras[row]! & VERIFIED) !== 0;
  }

  /** What SES Email Validation said about the row's mailbox (a HIGH verdict also lowers its bounce risk). */
  setMailboxInsight(row: number, insight: SavedMailboxInsight): void {
    this.mailboxInsights.set(row, insight);
    if (insight.verdict === 'HIGH') this.extras[row]! |= MAILBOX_CONFIRMED;
  }

  mailboxInsight(row: number): SavedMailboxInsight | undefined {
    return this.mailboxInsights.get(row);
  }

  mailboxConfirmed(row: number): boolean {
    return (this.extras[row]! & MAILBOX_CONFIRMED) !== 0;
  }

  provider(row: number): string {
    return this.providers[this.providerIds[row]!] ?? 'other';
  }

  consentAgeDays(row: number): number | null {
    const days = this.consentAges[row]!;
    return days < 0 ? null : days;
  }

  activityAgeDays(row: number): number | null {
    const days = this.activityAges[row]!;
    return days < 0 ? null : days;
  }

  doubleOptIn(row: number): boolean | null {
    const flag = this.doubleOptIns[row]!;
    return flag < 0 ? null : flag === 1;
  }

  setRisks(bounce: Float32Array, complaint: Float32Array): void {
    this.bounceRisks = bounce;
    this.complaintRisks = complaint;
  }

  /** The probability of a hard bounce, once the risk stage has run. */
  risk(row: number): number | undefined {
    return row < this.bounceRisks.length ? this.bounceRisks[row] : undefined;
  }

  complaintRisk(row: number): number | undefined {
    return row < this.complaintRisks.length ? this.complaintRisks[row] : undefined;
  }

  /** Rows per unique domain, most rows first. */
  topDomains(limit: number): DomainRow[] {
    const ids = this.domains.map((_, id) => id);
    ids.sort((a, b) => this.domainRows[b]! - this.domainRows[a]! || (this.domains[a]! < this.domains[b]! ? -1 : 1));
    return ids.slice(0, limit).map((id) => ({
      domain: this.domains[id]!,
      rows: this.domainRows[id]!,
      status: this.domainStatus[id] ?? 'not_checked',
    }));
  }

  reviewRow(row: number): ReviewRow {
    const mask = this.masks[row]!;
    return {
      row: row + 1,
      email: this.original(row),
      normalized: this.normalized[row]!,
      verdict: this.verdict(row),
      reasons: reasonsOf(mask),
      suggestion: this.suggestion(row),
      risk: this.risk(row),
      ...(this.mailboxInsights.has(row) ? { mailbox: this.mailboxInsights.get(row)! } : {}),
      decision: this.decision(row),
    };
  }

  /** @param cellHits rows with a cell that holds the search text (cell-search.ts), when it was searched for. */
  query(query: RowQuery, cellHits?: Uint8Array): RowPage {
    const matches = this.matching(query, cellHits);
    const offset = Math.max(0, Math.min(query.offset, matches.length));
    const end = Math.min(matches.length, offset + Math.max(0, Math.min(query.limit, 1000)));
    const rows: ReviewRow[] = [];
    for (let i = offset; i < end; i++) rows.push(this.reviewRow(matches[i]!));
    return { total: matches.length, offset, rows };
  }

  /**
   * The rows a person selected (RowSelection): the filter's matches, all of them or the
   * places in the ranges, in input order. The same matches the table was paged from.
   */
  select(selection: RowSelection, cellHits?: Uint8Array): Int32Array {
    const matches = this.matching(selection.filter, cellHits);
    if (!selection.ranges) return matches;
    const picked = new Uint8Array(matches.length);
    let n = 0;
    for (const [start, end] of selection.ranges) {
      for (let i = Math.max(0, start); i < Math.min(end, matches.length); i++) {
        if (!picked[i]) n++;
        picked[i] = 1;
      }
    }
    const rows = new Int32Array(n);
    for (let i = 0, k = 0; i < matches.length; i++) if (picked[i]) rows[k++] = matches[i]!;
    return rows;
  }

  private matching(query: RowFilter, cellHits?: Uint8Array): Int32Array {
    const search = query.search?.trim().toLowerCase() ?? '';
    const suggested = query.suggestionDomain?.trim().toLowerCase() ?? '';
    const key = `${query.verdict ?? ''}|${query.reason ?? ''}|${search}|${suggested}|${cellHits ? 'cells' : ''}`;
    const cached = this.filterCache.get(key);
    if (cached) return cached;
    const reasonMask = query.reason ? reasonBit(query.reason) : 0;
    const hits = new Int32Array(this.count);
    let n = 0;
    for (let row = 0; row < this.count; row++) {
      const mask = this.masks[row]!;
      if (query.verdict && this.verdict(row) !== query.verdict) continue;
      if (reasonMask && !(mask & reasonMask)) continue;
      if (suggested && !this.suggestedDomainIs(row, suggested)) continue;
      if (
        search &&
        !cellHits?.[row] &&
        !this.normalized[row]!.toLowerCase().includes(search) &&
        !this.original(row).toLowerCase().includes(search)
      )
        continue;
      hits[n++] = row;
    }
    const result = hits.slice(0, n);
    if (this.filterCache.size > 32) this.filterCache.clear();
    this.filterCache.set(key, result);
    return result;
  }
}

function grow<T extends Int32Array | Int8Array | Uint8Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
