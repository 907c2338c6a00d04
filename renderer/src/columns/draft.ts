// What the user chose on the Columns screen, kept as they type (numbers stay
// strings until they are valid), and how it becomes the engine's CheckRequest.
import type { AppPreferences, CheckRequest } from '../../../shared/ipc/contract';
import { looksLikeOptOut } from '../../../shared/columns/detect';
import { DEFAULT_SETTINGS } from '../../../shared/model/check';
import { DEFAULT_VERIFY_LIMIT } from '../../../shared/model/mailbox';
import type { CheckSettings, InspectResult, SesSettings } from '../../../shared/model/check';
import { parseConcurrency, parseDnsServers, MAX_CONCURRENCY, MIN_CONCURRENCY } from '../domains/servers';

export interface ColumnsDraft {
  email: number | null;
  consent: number | null;
  optInDate: number | null;
  lastActivity: number[];
  doubleOptIn: number | null;
  /** Opt-out flags: any one that says "opted out" removes the row. */
  optOut: number[];
  status: number | null;
  verifier: number | null;
  consentMaxAgeDays: string;
  inactiveAfterDays: string;
  suppressionFile: string | null;
  /** Off: skip domain checks. */
  checkDomains: boolean;
  /** Whose resolvers answer: the system's, or the servers listed. */
  dnsMode: 'system' | 'servers';
  /** As typed: one per line, or separated by commas. */
  dnsServers: string;
  dnsConcurrency: string;
  /** Check with the SES account. */
  useSes: boolean;
  /** null: the SDK's default chain (AWS_PROFILE, then the default profile). */
  awsProfile: string | null;
  /** null: the profile's or the environment's region. */
  awsRegion: string | null;
  /** The From address or domain whose readiness to check; '' for none. */
  fromIdentity: string;
  /**
   * Count and price the mailboxes SES Email Validation would be asked about. The check
   * itself asks nothing: Review shows the count and the cost, and asks only once the
   * user confirms. Never remembered: money is agreed to list by list.
   */
  verifyMailboxes: boolean;
  /** As typed: the most distinct addresses SES may be asked about. */
  verifyLimit: string;
  /** As typed: the SES configuration set the campaign is sent with ('' for none), for its Auto Validation setting. */
  verifyConfigurationSet: string;
  /** The SES contact list whose opt-outs are removed, or null for none; never remembered. */
  contactList: string | null;
  /** The campaign's topic on that list, or null for none. */
  contactTopic: string | null;
}

export type DraftProblem =
  | 'email'
  | 'consent'
  | 'status'
  | 'consentMaxAgeDays'
  | 'inactiveAfterDays'
  | 'dnsServers'
  | 'dnsConcurrency'
  | 'fromIdentity'
  | 'verifyLimit'
  | 'verifyConfigurationSet';

/** The roles that one column at most can hold. */
export type SingleRole = 'email' | 'consent' | 'optInDate' | 'doubleOptIn' | 'status' | 'verifier';

// Up to 100 years: enough for any real limit, small enough to catch a typo.
const MAX_DAYS = 36_500;

/** What the user last checked with (kept in the app's preferences), or the defaults. */
export type DraftDefaults = Pick<AppPreferences, 'consentMaxAgeDays' | 'inactiveAfterDays'> & Partial<AppPreferences>;

export function draftFromDetection(list: InspectResult, defaults?: DraftDefaults): ColumnsDraft {
  const { detected } = list;
  return {
    email: detected.email?.index ?? null,
    consent: detected.consent?.index ?? null,
    optInDate: detected.optInDate?.index ?? null,
    lastActivity: detected.lastActivity.map((guess) => guess.index),
    doubleOptIn: detected.doubleOptIn?.index ?? null,
    optOut: detected.optOut.map((guess) => guess.index),
    status: detected.status?.index ?? null,
    verifier: detected.verifier?.index ?? null,
    consentMaxAgeDays: String(defaults?.consentMaxAgeDays ?? DEFAULT_SETTINGS.consentMaxAgeDays),
    inactiveAfterDays: String(defaults?.inactiveAfterDays ?? DEFAULT_SETTINGS.inactiveAfterDays),
    suppressionFile: null,
    checkDomains: (defaults?.dnsMode ?? DEFAULT_SETTINGS.dns.mode) !== 'off',
    dnsMode: dnsModeOf(defaults),
    dnsServers: (defaults?.dnsServers ?? []).join(', '),
    dnsConcurrency: String(defaults?.dnsConcurrency ?? DEFAULT_SETTINGS.dns.concurrency),
    useSes: defaults?.useSes ?? false,
    awsProfile: defaults?.awsProfile ?? null,
    awsRegion: defaults?.awsRegion ?? null,
    fromIdentity: defaults?.sesFromIdentity ?? '',
    verifyMailboxes: false,
    verifyLimit: String(DEFAULT_VERIFY_LIMIT),
    verifyConfigurationSet: '',
    contactList: null,
    contactTopic: null,
  };
}

/** The most addresses one check may ask SES about (the engine's limit). */
export const MAX_VERIFY_LIMIT = 1_000_000;

/** A whole number of addresses from 1 to MAX_VERIFY_LIMIT, or null. */
export function parseVerifyLimit(text: string): number | null {
  const trimmed = text.trim().replace(/[,\s]/g, '');
  if (!/^\d+$/.test(trimmed)) return null;
  const limit = Number(trimmed);
  return limit >= 1 && limit <= MAX_VERIFY_LIMIT ? limit : null;
}

/** An SES configuration set name as SES takes it (letters, digits, - and _; at most 64), as the CLI's --configuration-set. */
export const CONFIGURATION_SET_NAME = /^[\w-]{1,64}$/;

/** Listed servers are used when the user chose them, or, with no choice saved, whenever some are listed. */
function dnsModeOf(defaults: DraftDefaults | undefined): 'system' | 'servers' {
  if (defaults?.dnsMode === 'servers' || defaults?.dnsMode === 'system') return defaults.dnsMode;
  return (defaults?.dnsServers?.length ?? 0) > 0 ? 'servers' : 'system';
}

// An address or a domain: no spaces or brackets, a dot in the domain part.
const IDENTITY = /^([^\s@<>"]+@)?[^\s@<>".]+(\.[^\s@<>".]+)+$/;

/** A whole number of days, or null when the text is not one. */
export function parseDays(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= 1 && days <= MAX_DAYS ? days : null;
}

/** One sentence per field that stops the check from starting. `headers`: the list's, to catch an opt-out chosen as an opt-in. */
export function draftProblems(draft: ColumnsDraft, headers: readonly string[] = []): Partial<Record<DraftProblem, string>> {
  const problems: Partial<Record<DraftProblem, string>> = {};
  if (draft.email === null) problems.email = 'Choose the column that holds the email addresses.';
  for (const role of ['consent', 'status'] as const) {
    const index = draft[role];
    // Read as an opt-in, an opt-out flag is inverted: its "true" (unsubscribed) would count as consent.
    if (index !== null && (draft.optOut.includes(index) || looksLikeOptOut(headers[index] ?? ''))) {
      problems[role] =
        `“${headers[index] ?? `Column ${index + 1}`}” records opt-outs (a yes there means “never mail”): choose it under Opt-out instead.`;
    }
  }
  if (parseDays(draft.consentMaxAgeDays) === null) {
    problems.consentMaxAgeDays = `Enter a number of days between 1 and ${MAX_DAYS.toLocaleString('en-US')}.`;
  }
  if (parseDays(draft.inactiveAfterDays) === null) {
    problems.inactiveAfterDays = `Enter a number of days between 1 and ${MAX_DAYS.toLocaleString('en-US')}.`;
  }
  if (draft.checkDomains) {
    if (draft.dnsMode === 'servers') {
      const { problem } = parseDnsServers(draft.dnsServers);
      if (problem) problems.dnsServers = problem;
    }
    if (parseConcurrency(draft.dnsConcurrency) === null) {
      problems.dnsConcurrency = `Enter a whole number of queries from ${MIN_CONCURRENCY} to ${MAX_CONCURRENCY}.`;
    }
  }
  if (draft.useSes && draft.fromIdentity.trim() !== '' && !IDENTITY.test(draft.fromIdentity.trim())) {
    problems.fromIdentity = 'Enter the From address (you@example.com) or its domain (example.com).';
  }
  if (draft.useSes && draft.verifyMailboxes && parseVerifyLimit(draft.verifyLimit) === null) {
    problems.verifyLimit = `Enter a whole number of addresses from 1 to ${MAX_VERIFY_LIMIT.toLocaleString('en-US')}.`;
  }
  const set = draft.verifyConfigurationSet.trim();
  if (draft.useSes && draft.verifyMailboxes && set !== '' && !CONFIGURATION_SET_NAME.test(set)) {
    problems.verifyConfigurationSet = 'Enter the configuration set’s name as SES shows it: letters, digits, - and _, at most 64.';
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
      optOut: [...draft.optOut],
      status: draft.status,
      verifier: draft.verifier,
    },
    consentMaxAgeDays: parseDays(draft.consentMaxAgeDays) ?? DEFAULT_SETTINGS.consentMaxAgeDays,
    inactiveAfterDays: parseDays(draft.inactiveAfterDays) ?? DEFAULT_SETTINGS.inactiveAfterDays,
    dns: {
      ...DEFAULT_SETTINGS.dns,
      mode: draft.checkDomains ? draft.dnsMode : 'off',
      servers: draft.checkDomains && draft.dnsMode === 'servers' ? parseDnsServers(draft.dnsServers).servers : [],
      concurrency: parseConcurrency(draft.dnsConcurrency) ?? DEFAULT_SETTINGS.dns.concurrency,
    },
  };
  if (draft.suppressionFile) settings.suppressionFile = draft.suppressionFile;
  if (draft.useSes) {
    const ses: SesSettings = {};
    if (draft.awsProfile) ses.profile = draft.awsProfile;
    if (draft.awsRegion) ses.region = draft.awsRegion;
    if (draft.fromIdentity.trim()) ses.fromIdentity = draft.fromIdentity.trim();
    // An estimate only (ask: false): SES is asked once the user confirms the count and cost on Review.
    if (draft.verifyMailboxes) {
      ses.verifyMailboxes = { limit: parseVerifyLimit(draft.verifyLimit) ?? DEFAULT_VERIFY_LIMIT, ask: false };
      const set = draft.verifyConfigurationSet.trim();
      if (set) ses.verifyMailboxes.configurationSet = set;
    }
    if (draft.contactList) {
      ses.contactList = draft.contactList;
      if (draft.contactTopic) ses.topic = draft.contactTopic;
    }
    settings.ses = ses;
  }
  return { path: list.path, settings };
}

/** What of the draft the app remembers for the next list (only values that are valid). */
export function preferencesFromDraft(draft: ColumnsDraft): Partial<AppPreferences> {
  const patch: Partial<AppPreferences> = {
    dnsMode: draft.checkDomains ? draft.dnsMode : 'off',
    useSes: draft.useSes,
    awsProfile: draft.awsProfile ?? undefined,
    awsRegion: draft.awsRegion ?? undefined,
  };
  const consentMaxAgeDays = parseDays(draft.consentMaxAgeDays);
  if (consentMaxAgeDays !== null) patch.consentMaxAgeDays = consentMaxAgeDays;
  const inactiveAfterDays = parseDays(draft.inactiveAfterDays);
  if (inactiveAfterDays !== null) patch.inactiveAfterDays = inactiveAfterDays;
  const servers = parseDnsServers(draft.dnsServers);
  if (!servers.problem || servers.servers.length === 0) patch.dnsServers = servers.servers;
  const concurrency = parseConcurrency(draft.dnsConcurrency);
  if (concurrency !== null) patch.dnsConcurrency = concurrency;
  const identity = draft.fromIdentity.trim();
  if (identity === '' || IDENTITY.test(identity)) patch.sesFromIdentity = identity || undefined;
  return patch;
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
