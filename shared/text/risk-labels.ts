// The risk model's words: the labels of its causes, beside the app's other
// user-facing text. The numbers are in shared/risk/.
import { REASONS, type ReasonCode } from '../model/reasons';
import { RISK_FACTOR_IDS } from '../risk/evidence';

const PROVIDER_NAMES: Readonly<Record<string, string>> = { gmail: 'Google', yahoo: 'Yahoo', aol: 'AOL', microsoft: 'Microsoft' };

/** "12 days", "8 months", "3.2 years". */
export function describeAge(days: number): string {
  if (days < 60) return `${Math.round(days)} day${Math.round(days) === 1 ? '' : 's'}`;
  if (days < 730) return `${Math.round(days / 30.44)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

export function decayLabel(age: number): string {
  return age >= 0 ? `Last sign of life ${describeAge(age)} ago` : 'No opt-in or activity date: age unknown';
}

export function cutoffLabel(provider: string, cutoffDays: number): string {
  return `${PROVIDER_NAMES[provider] ?? provider} closes accounts unused for ${Math.round(cutoffDays / 30.44)} months`;
}

export function captureLabel(doubleOptIn: boolean | null): string {
  return doubleOptIn === false
    ? 'Single opt-in, never opened: may never have worked'
    : 'Opt-in not confirmed, never opened: may never have worked';
}

export function interestLabel(age: number): string {
  return age >= 0 ? `Last opt-in or activity ${describeAge(age)} ago` : 'No opt-in or activity date';
}

export function methodLabel(doubleOptIn: boolean | null): string {
  return doubleOptIn === false ? 'Single opt-in' : 'Opt-in method unknown';
}

export function domainLabel(id: string): string {
  if (id === RISK_FACTOR_IDS.uncheckedDomain) return 'Domain not checked';
  return Object.prototype.hasOwnProperty.call(REASONS, id) ? REASONS[id as ReasonCode].label : id;
}
