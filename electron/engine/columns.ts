// Which column plays which role: the user's choice (Columns screen indices, or
// CLI names) wins over detection.

import { looksLikeOptOut, resolveColumnByName } from '../../shared/columns/detect';
import type { CheckSettings, ColumnSelection, DetectedColumns } from '../../shared/model/check';
import { UserError } from '../../shared/model/errors';

export function selectColumns(headers: string[], detected: DetectedColumns, settings: CheckSettings): ColumnSelection {
  const chosen = settings.columns ?? {};
  const inRange = (index: number | null | undefined, role: string): number | null => {
    if (index === null || index === undefined) return null;
    if (!Number.isInteger(index) || index < 0 || index >= headers.length) {
      throw new UserError(
        'column_not_found',
        `The ${role} column (number ${index + 1}) is not in this file, which has ${headers.length} columns.`,
      );
    }
    return index;
  };
  const byName = (name: string | undefined, role: string): number | undefined => {
    if (name === undefined) return undefined;
    const index = resolveColumnByName(headers, name);
    if (index === null || index === undefined || index < 0) {
      throw new UserError('column_not_found', `There is no ${role} column named "${name}"; the columns are: ${listColumns(headers)}.`);
    }
    return index;
  };

  const email = inRange(chosen.email, 'email') ?? byName(settings.emailColumn, 'email') ?? detected.email?.index ?? null;
  if (email === null) {
    throw new UserError(
      'no_email_column',
      `No column of email addresses was found; name it with --email-column (the columns are: ${listColumns(headers)}).`,
      `No column of email addresses was found; choose it under Email address (the columns are: ${listColumns(headers)}).`,
    );
  }
  const consent =
    'consent' in chosen
      ? inRange(chosen.consent, 'consent')
      : (byName(settings.consentColumn, 'consent') ?? detected.consent?.index ?? null);
  const optInDate = 'optInDate' in chosen ? inRange(chosen.optInDate, 'opt-in date') : (detected.optInDate?.index ?? null);
  const doubleOptIn = 'doubleOptIn' in chosen ? inRange(chosen.doubleOptIn, 'double opt-in') : (detected.doubleOptIn?.index ?? null);
  const lastActivity = chosen.lastActivity
    ? chosen.lastActivity.map((i) => inRange(i, 'last activity')!).filter((i) => i !== null)
    : detected.lastActivity.map((guess) => guess.index);
  const status =
    'status' in chosen ? inRange(chosen.status, 'status') : (byName(settings.statusColumn, 'status') ?? detected.status?.index ?? null);
  const verifier =
    'verifier' in chosen
      ? inRange(chosen.verifier, 'verifier result')
      : (byName(settings.verifierColumn, 'verifier result') ?? detected.verifier?.index ?? null);
  // Named opt-out columns add to the detected ones: an opt-out can only keep someone from
  // being mailed, so a detected one is never dropped because another was named.
  const optOut = chosen.optOut
    ? chosen.optOut.map((i) => inRange(i, 'opt-out')!)
    : [...(settings.optOutColumns ?? []).map((name) => byName(name, 'opt-out')!), ...detected.optOut.map((guess) => guess.index)];
  for (const [index, role] of [
    [consent, 'opt-in'],
    [status, 'status'],
  ] as const) {
    // An opt-out flag read as an opt-in inverts it: "true" (unsubscribed) would read as consent.
    if (index !== null && (optOut.includes(index) || looksLikeOptOut(headers[index] ?? ''))) {
      throw new UserError(
        'column_role_conflict',
        `"${headers[index]}" records opt-outs (a yes there means the person must not be mailed), so it cannot be the ${role} column: use it as an opt-out column (--opt-out-column).`,
        `"${headers[index]}" records opt-outs (a yes there means the person must not be mailed), so it cannot be the ${role} column: choose it under Opt-out instead.`,
      );
    }
  }
  const used = new Set([email, verifier]);
  return {
    email,
    consent,
    optInDate,
    lastActivity,
    doubleOptIn,
    optOut: [...new Set(optOut)].filter((i) => !used.has(i)),
    status,
    verifier,
  };
}

/** Columns named in a message. */
const LISTED_COLUMNS = 10;
const LISTED_NAME_CHARS = 40;

/**
 * The header names for an error sentence: the first few, each on one line and cut short,
 * so a file of 10,000 columns, or binary data read as one huge header cell, still gets
 * one readable line.
 */
function listColumns(headers: string[]): string {
  const listed = headers.slice(0, LISTED_COLUMNS).map((header) => {
    const flat = [...header.replace(/\s+/g, ' ').trim()];
    return `"${flat.length > LISTED_NAME_CHARS ? flat.slice(0, LISTED_NAME_CHARS - 1).join('') + '…' : flat.join('')}"`;
  });
  const more = headers.length - listed.length;
  return listed.join(', ') + (more > 0 ? ` and ${more.toLocaleString('en-US')} more` : '');
}
