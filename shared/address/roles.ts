// Role accounts (info@, sales@, postmaster@ …): shared mailboxes that are often
// unwatched and complain more. The list is `role-based-email-addresses`, minus
// tokens that are more often a person than a role.

import roleTokens from 'role-based-email-addresses';
import { StringIndex } from '../text/string-index';

/**
 * Two-letter tokens stay only when they name a department far more often than
 * they are someone's initials. Every other token of one or two characters in the
 * package (ap bd ca cm cs gm hi hq ir it la lt md mt no ny pd pm rh se sf ta uk us ux)
 * is dropped: jd@, it@ (Ida Tan), pm@, hi@ … are as likely to be a person.
 */
const SHORT_ROLES = new Set(['hr', 'pr', 'qa']);

/** Longer tokens of the package that are common first names or surnames, not roles. */
export const PERSONAL_NAME_TOKENS: readonly string[] = [
  'alexa',
  'alla',
  'dev',
  'denver',
  'gardner',
  'india',
  'mayor',
  'paris',
  'pastor',
  'per',
  'sydney',
];

export const EXCLUDED_ROLE_TOKENS: readonly string[] = [
  ...roleTokens.filter((token) => token.length <= 2 && !SHORT_ROLES.has(token)),
  ...PERSONAL_NAME_TOKENS,
];

/** Looked up by a range of the local part (once per row of a list): no string is cut to ask. */
const ROLES: StringIndex = (() => {
  const excluded = new Set(EXCLUDED_ROLE_TOKENS);
  const index = new StringIndex();
  for (const token of new Set(roleTokens.map((role) => role.toLowerCase()))) {
    if (!excluded.has(token) && index.lookup(token) < 0) index.insert(token, 1);
  }
  return index;
})();

/** Whether the local part (compared in lower case, before any +tag) names a role. */
export function isRoleLocalPart(local: string): boolean {
  return isRoleLowerCase(local.toLowerCase());
}

/** isRoleLocalPart for a local part already in lower case. */
export function isRoleLowerCase(lower: string): boolean {
  const plus = lower.indexOf('+');
  return ROLES.lookupIn(lower, 0, plus > 0 ? plus : lower.length) >= 0;
}
