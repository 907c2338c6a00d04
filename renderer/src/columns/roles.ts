// The roles a column can play, as the Columns screen names and explains them.
import type { ColumnRole } from '../../../shared/model/check';
import type { ColumnsDraft } from './draft';

export const ROLE_ORDER: readonly ColumnRole[] = [
  'email',
  'consent',
  'optOut',
  'status',
  'verifier',
  'optInDate',
  'lastActivity',
  'doubleOptIn',
];

export const ROLE_TEXT: Record<ColumnRole, { label: string; tag: string; hint: string }> = {
  email: { label: 'Email address', tag: 'Email', hint: 'Required. The addresses to check.' },
  consent: {
    label: 'Opt-in (consent)',
    tag: 'Opt-in',
    hint: 'Yes or no, subscribed, or a date: who agreed to hear from you. A yes here means “may be mailed”.',
  },
  optOut: {
    label: 'Opt-out',
    tag: 'Opt-out',
    hint: 'Unsubscribe flags such as “Unsubscribed from all email” or “Email Opt Out”: a yes here means “never mail”. Any opt-out wins over any opt-in.',
  },
  status: {
    label: 'Subscription status',
    tag: 'Status',
    hint: 'An email service’s member state: subscribed, unsubscribed, cleaned, pending …',
  },
  verifier: {
    label: 'Verifier result',
    tag: 'Verifier',
    hint: 'An earlier verification (ZeroBounce, NeverBounce, Kickbox …): invalid is removed, catch-all or unknown reviewed.',
  },
  optInDate: { label: 'Opt-in date', tag: 'Opt-in date', hint: 'When they opted in. Old opt-ins go to Review.' },
  lastActivity: { label: 'Last activity', tag: 'Last activity', hint: 'Last open or click; the most recent counts.' },
  doubleOptIn: { label: 'Double opt-in', tag: 'Double opt-in', hint: 'Whether they confirmed their address by email.' },
};

/** The roles a column holds in the current choices (a column may hold several, e.g. an opt-in date that is also the consent). */
export function rolesOf(draft: ColumnsDraft, index: number): ColumnRole[] {
  return ROLE_ORDER.filter((role) =>
    role === 'lastActivity' ? draft.lastActivity.includes(index) : role === 'optOut' ? draft.optOut.includes(index) : draft[role] === index,
  );
}
