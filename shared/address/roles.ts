// Role accounts (info@, sales@, postmaster@ …): shared mailboxes that are often
// unwatched and complain more. The list is `role-based-email-addresses`, minus
// tokens that are more often a person than a role.

import roleTokens from 'role-based-email-addresses';

/**
 * Two-letter tokens stay only when they name a department far more often than
 * they are someone's initials. Every other token of one or two characters in the
 * package (ap bd ca cm cs gm hi hq ir it la lt md mt no ny pd pm rh se sf ta uk us ux)
 * is dropped: jd@, it@ (Ida Tan), pm@, hi@ … are as likely to be a person.
 */
const SHORT_ROLES = new Set(['hr', 'pr', 'qa']);

/** Longer tokens of the package that are common first names or surnames, not roles. */
export const PERSONAL_NAME_TOKENS: readonly string[] = [
  'alexa', 'alla', 'dev', 'denver', 'gardner', 'india', 'mayor', 'paris', 'pastor', 'per', 'sydney',
];

export const EXCLUDED_ROLE_TOKENS: readonly string[] = [
  ...roleTokens.filter((token) => token.length <= 2 && !SHORT_ROLES.has(token)),
  ...PERSONAL_NAME_TOKENS,
];

const ROLE_SET: ReadonlySet<string> = (() => {
  const excluded = new Set(EXCLUDED_ROLE_TOKENS);
  return new Set(roleTokens.map((token) => token.toLowerCase()).filter((token) => !excluded.has(token)));
})();

/** Whether the local part (compared in lower case, before any +tag) names a role. */
export function isRoleLocalPart(local: string): boolean {
  return isRoleLowerCase(local.toLowerCase());
}

/** isRoleLocalPart for a local part already in lower case. */
export function isRoleLowerCase(lower: string): boolean {
  const plus = lower.indexOf('+');
  return ROLE_SET.has(plus > 0 ? lower.slice(0, plus) : lower);
}
