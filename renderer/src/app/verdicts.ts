// How each verdict is named and explained on screen.
import type { Verdict } from '../../../shared/model/reasons';

export const VERDICT_TEXT: Record<Verdict, { label: string; hint: string; noun: string }> = {
  send: { label: 'Send', hint: 'Ready to send', noun: 'to send' },
  review: { label: 'Review', hint: 'Check before sending', noun: 'to review' },
  remove: { label: 'Remove', hint: 'Leave these out', noun: 'to remove' },
};
