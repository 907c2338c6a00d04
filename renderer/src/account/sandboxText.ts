// The SES sandbox, explained once per screen. The report's warning, the
// account's advice (shared/model/ses.ts productionAccessAdvice: what the
// sandbox means, then how to leave it) and the planner's refusal each say
// what the sandbox means; a screen shows that once, and the steps to
// production access without it.
import { REASONS } from '../../../shared/model/reasons';

const WARNING_START = 'This SES account is in the sandbox in ';
const EXPLANATION_START = 'In the sandbox ';

/** The advice's sentences that say how to leave the sandbox, without the one that says what it is. */
export function sandboxSteps(advice: readonly string[]): string[] {
  return advice.filter((sentence) => !sentence.startsWith(EXPLANATION_START));
}

/** The advice's sentence that says what the sandbox means, with the reason's label for its code. */
export function sandboxExplanation(advice: readonly string[]): string | null {
  const sentence = advice.find((line) => line.startsWith(EXPLANATION_START));
  return sentence ? sentence.replace(/\bunverified_sandbox\b/g, `“${REASONS.unverified_sandbox.label}”`) : null;
}

/**
 * The check's warning about the sandbox as the Review screen lists it: that the account is in the sandbox
 * and what that means, once; the steps out of it are in the SES account part. Other warnings are as written.
 */
export function reviewWarningText(warning: string, advice: readonly string[]): string {
  if (!warning.startsWith(WARNING_START)) return warning;
  const state = warning.slice(0, warning.indexOf('.', WARNING_START.length) + 1);
  const explanation = sandboxExplanation(advice);
  return explanation ? `${state} ${explanation} The SES account part says how to leave it.` : state;
}
