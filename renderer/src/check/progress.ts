// One bar for the whole check: each phase owns a slice of it, so the bar only
// moves forward even though each phase counts its own bytes or domains.
import type { CheckPhase, CheckProgress } from '../../../shared/model/check';

export interface PhasePlan {
  phase: CheckPhase;
  label: string;
  weight: number;
}

/** The phases a check with these settings goes through, with their share of the bar. */
export function planPhases(checksDomains: boolean, usesSes = false): PhasePlan[] {
  // Reading dominates a check without DNS; with it, the look-ups take a good share of the time.
  // The SES account is paced to one request a second: a few seconds, whatever the list's size.
  const plan: PhasePlan[] = checksDomains
    ? [
        { phase: 'reading', label: 'Reading and checking addresses', weight: 0.55 },
        { phase: 'domains', label: 'Checking domains', weight: 0.3 },
        { phase: 'writing', label: 'Writing the results', weight: 0.15 },
      ]
    : [
        { phase: 'reading', label: 'Reading and checking addresses', weight: 0.75 },
        { phase: 'writing', label: 'Writing the results', weight: 0.25 },
      ];
  if (!usesSes) return plan;
  const account: PhasePlan = { phase: 'account', label: 'Checking your SES account', weight: 0.1 };
  const scaled = plan.map((step) => ({ ...step, weight: step.weight * (1 - account.weight) }));
  scaled.splice(scaled.length - 1, 0, account);
  return scaled;
}

const PHASE_ORDER: readonly CheckPhase[] = ['reading', 'domains', 'account', 'writing', 'done'];

/** Which step of the plan is under way (a phase the plan did not expect counts as the step before it). */
export function currentPhaseIndex(plan: PhasePlan[], phase: CheckPhase | undefined): number {
  if (!phase) return 0;
  if (phase === 'done') return plan.length;
  const position = PHASE_ORDER.indexOf(phase);
  let current = 0;
  plan.forEach((step, index) => {
    if (PHASE_ORDER.indexOf(step.phase) <= position) current = index;
  });
  return current;
}

export const PHASE_LABELS: Record<CheckPhase, string> = {
  reading: 'Reading and checking addresses',
  domains: 'Checking domains',
  account: 'Checking your SES account',
  writing: 'Writing the results',
  done: 'Finishing',
};

function fraction(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, done / total));
}

/** How far the phase itself is, 0..1. */
export function phaseFraction(progress: CheckProgress): number {
  switch (progress.phase) {
    case 'domains':
      return fraction(progress.domainsDone, progress.domainsTotal);
    case 'done':
      return 1;
    case 'account':
      return 0;
    default:
      return fraction(progress.bytesRead, progress.bytesTotal);
  }
}

/** Overall share of the bar, 0..1. A phase the plan did not expect counts with the phase before it. */
export function overallFraction(plan: PhasePlan[], progress: CheckProgress | null): number {
  if (!progress) return 0;
  if (progress.phase === 'done') return 1;
  const position = PHASE_ORDER.indexOf(progress.phase);
  let before = 0;
  for (const step of plan) {
    const stepPosition = PHASE_ORDER.indexOf(step.phase);
    if (stepPosition < position) before += step.weight;
    else if (stepPosition === position) return before + step.weight * phaseFraction(progress);
  }
  return before;
}
