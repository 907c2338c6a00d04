// Risk: a bounce and a complaint probability on every row (shared/risk/model.ts),
// and the forecast for the send list (after the person's decisions: the send.csv that is
// written) and for the list as imported. The parameters are the defaults, or those the
// sender's own per-provider history calibrated for this check (account-health-stage.ts
// sets them with useRiskParameters before the risk stage runs).

import {
  bounceProbability,
  complaintProbability,
  assessRisk,
  DEFAULT_RISK_PARAMETERS,
  type RiskDomainStatus,
  type RiskEvidence,
  type RiskParameters,
} from '../../shared/risk/model';
import { forecastList, SES_THRESHOLDS, DEFAULT_BOUNCE_TARGET } from '../../shared/risk/forecast';
import { riskHistogram } from '../../shared/risk/histogram';
import type { Report } from '../../shared/model/check';
import type { ReasonCode } from '../../shared/model/reasons';
import { reasonsOf, type RowStore } from './row-store';

export type RiskReport = Required<Pick<Report, 'forecast' | 'riskHistogram'>>;

const parametersByStore = new WeakMap<RowStore, RiskParameters>();

/** The parameters every later risk computation of this check uses (its rows' risks and their explanations alike). */
export function useRiskParameters(store: RowStore, params: RiskParameters): void {
  parametersByStore.set(store, params);
}

function parametersOf(store: RowStore): RiskParameters {
  return parametersByStore.get(store) ?? DEFAULT_RISK_PARAMETERS;
}

function evidenceFor(store: RowStore, row: number, reasons: readonly ReasonCode[], hasConsentColumn: boolean): RiskEvidence {
  const domain = store.domainOf(row);
  const status = domain >= 0 ? store.domainStatus[domain] : undefined;
  const provider = store.provider(row);
  return {
    reasons,
    domainStatus: (status ?? 'not_checked') as RiskDomainStatus,
    provider,
    freeProvider: provider !== 'other',
    consentAgeDays: store.consentAgeDays(row),
    lastActivityAgeDays: store.activityAgeDays(row),
    doubleOptIn: store.doubleOptIn(row),
    hasConsentColumn,
    verified: store.verified(row),
    mailboxConfirmed: store.mailboxConfirmed(row),
  };
}

export function runRiskStage(store: RowStore, hasConsentColumn: boolean): RiskReport {
  const bounce = new Float32Array(store.count);
  const complaint = new Float32Array(store.count);
  // Few distinct masks: share one reasons array per mask instead of one per row.
  const reasonsByMask = new Map<number, ReasonCode[]>();
  const params = parametersOf(store);
  let sendRows = 0;
  for (let row = 0; row < store.count; row++) {
    const mask = store.mask(row);
    let reasons = reasonsByMask.get(mask);
    if (!reasons) reasonsByMask.set(mask, (reasons = reasonsOf(mask)));
    const evidence = evidenceFor(store, row, reasons, hasConsentColumn);
    bounce[row] = bounceProbability(evidence, params);
    complaint[row] = complaintProbability(evidence, params);
    if (store.verdict(row) === 'send') sendRows++;
  }
  store.setRisks(bounce, complaint);
  const sendBounce = new Float64Array(sendRows);
  const sendComplaint = new Float64Array(sendRows);
  for (let row = 0, i = 0; row < store.count; row++) {
    if (store.verdict(row) !== 'send') continue;
    sendBounce[i] = bounce[row]!;
    sendComplaint[i++] = complaint[row]!;
  }
  return {
    forecast: {
      send: forecastList(sendBounce, sendComplaint),
      all: forecastList(bounce, complaint),
      sesThresholds: SES_THRESHOLDS,
      bounceTarget: DEFAULT_BOUNCE_TARGET,
    },
    riskHistogram: { send: riskHistogram(sendBounce), all: riskHistogram(bounce) },
  };
}

/** The factors that contributed most to one row's bounce risk, for the review table. */
export function explainRow(store: RowStore, row: number, hasConsentColumn: boolean): { label: string; effect: number }[] {
  const evidence = evidenceFor(store, row, reasonsOf(store.mask(row)), hasConsentColumn);
  return assessRisk(evidence, parametersOf(store))
    .factors.slice(0, 3)
    .map((factor) => ({ label: factor.label, effect: factor.effect }));
}
