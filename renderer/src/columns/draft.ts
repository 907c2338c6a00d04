// What the user chose on the Columns screen, kept as they type (numbers stay
// strings until they are valid), and how it becomes the engine's CheckRequest.
import type { CheckRequest } from '../../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../../shared/model/check';
import type { CheckSettings, InspectResult } from '../../../shared/model/check';

export interface ColumnsDraft {
  email: number | null;
  consent: number | null;
  optInDate: number | null;
  lastActivity: number[];
  doubleOptIn: number | null;
  consentMaxAgeDays: string;
  inactiveAfterDays: string;
  suppressionFile: string | null;
  checkDomains: boolean;
}

export type DraftProblem = 'email' | 'consentMaxAgeDays' | 'inactiveAfterDays';

/** The roles that one column at most can hold. */
export type SingleRole = 'email' | 'consent' | 'optInDate' | 'doubleOptIn';

// Up to 100 years: enough for any real limit, small enough to catch a typo.
const MAX_DAYS = 36_500;

/** The limits the user last checked with (kept in the app's preferences), or the defaults. */
export interface DraftDefaults {
  consentMaxAgeDays: number;
  inactiveAfterDays: number;
}

export function draftFromDetection(list: InspectResult, defaults?: DraftDefaults): ColumnsDraft {
  const { detected } = list;
  return {
    email: detected.email?.index ?? null,
    consent: detected.consent?.index ?? null,
    optInDate: detected.optInDate?.index ?? null,
    lastActivity: detected.lastActivity.map((guess) => guess.index),
    doubleOptIn: detected.doubleOptIn?.index ?? null,
    consentMaxAgeDays: String(defaults?.consentMaxAgeDays ?? DEFAULT_SETTINGS.consentMaxAgeDays),
    inactiveAfterDays: String(defaults?.inactiveAfterDays ?? DEFAULT_SETTINGS.inactiveAfterDays),
    suppressionFile: null,
    checkDomains: DEFAULT_SETTINGS.dns.mode !== 'off',
  };
}

/** A whole number of days, or null when the text is not one. */
export function parseDays(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= 1 && days <= MAX_DAYS ? days : null;
}

/** One sentence per field that stops the check from starting. */
export function draftProblems(draft: ColumnsDraft): Partial<Record<DraftProblem, string>> {
  const problems: Partial<Record<DraftProblem, string>> = {};
  if (draft.email === null) problems.email = 'Choose the column that holds the email addresses.';
  if (parseDays(draft.consentMaxAgeDays) === null) {
    problems.consentMaxAgeDays = `Enter a number of days between 1 and ${MAX_DAYS.toLocaleString('en-US')}.`;
  }
  if (parseDays(draft.inactiveAfterDays) === null) {
    problems.inactiveAfterDays = `Enter a number of days between 1 and ${MAX_DAYS.toLocaleString('en-US')}.`;
  }
  return problems;
}

/** The request for check:start. Call only when draftProblems() is empty. */
export function checkRequestFrom(list: InspectResult, draft: ColumnsDraft): CheckRequest {
  if (draft.email === null) throw new Error('checkRequestFrom needs an email column');
  const settings: CheckSettings = {
    ...DEFAULT_SETTINGS,
    columns: {
      email: draft.email,
      consent: draft.consent,
      optInDate: draft.optInDate,
      lastActivity: [...draft.lastActivity],
      doubleOptIn: draft.doubleOptIn,
    },
    consentMaxAgeDays: parseDays(draft.consentMaxAgeDays) ?? DEFAULT_SETTINGS.consentMaxAgeDays,
    inactiveAfterDays: parseDays(draft.inactiveAfterDays) ?? DEFAULT_SETTINGS.inactiveAfterDays,
    // DNS settings get their own screen with the domain-check issue; until then the defaults,
    // with the switch on the Columns screen able to turn domain checks off.
    dns: { ...DEFAULT_SETTINGS.dns, mode: draft.checkDomains ? DEFAULT_SETTINGS.dns.mode : 'off' },
  };
  if (draft.suppressionFile) settings.suppressionFile = draft.suppressionFile;
  return { path: list.path, settings };
}

/** The name a column goes by in menus: its header, or its position when the header is blank or repeated. */
export function columnLabels(headers: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const header of headers) seen.set(header.trim(), (seen.get(header.trim()) ?? 0) + 1);
  return headers.map((header, index) => {
    const name = header.trim();
    if (!name) return `Column ${index + 1} (no header)`;
    return (seen.get(name) ?? 0) > 1 ? `${name} (column ${index + 1})` : name;
  });
}
