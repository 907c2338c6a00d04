// An SES contact list (SES list management): the opt-outs of people who
// unsubscribed through SES's own unsubscribe link, which a CSV export from
// elsewhere may not carry. Read once per check and kept as a local snapshot, so a
// check offline or with SES unreachable still honours them.
//
// Preflight reads every contact (ListContacts without a filter) and decides the
// opt-outs itself. ListContacts has a FilteredStatus=OPT_OUT filter, but AWS
// documents neither whether it includes UnsubscribeAll contacts nor how it reads
// a contact with no preference for a topic, and users report it answering empty
// pages when OPT_OUT contacts exist (aws/aws-cli#8742). An opt-out the filter
// missed would be mailed; a full read costs one request per 1,000 contacts.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { GetContactListCommand, ListContactListsCommand, ListContactsCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { UserError } from '../../../shared/model/errors';
import { formatWhen } from '../../../shared/text/when';
import { outputError } from '../export/output-errors';
import { PageTokens, readAnswer } from './answers';
import { sesCall, type SesCallOptions } from './call';
import { writeFileAtomic } from '../files/atomic-write';
import { accountCacheFolder, type SnapshotLocation } from './suppression';

export type SubscriptionStatus = 'OPT_IN' | 'OPT_OUT';

export interface ContactListTopic {
  name: string;
  /** What a contact who never chose is: SES's DefaultSubscriptionStatus. */
  defaultStatus: SubscriptionStatus;
}

/** One contact's choices, as far as opt-outs go. */
export interface ContactPreferences {
  unsubscribeAll: boolean;
  /** Topics the contact opted out of (or whose default, as SES listed it for the contact, is OPT_OUT). */
  optedOut: string[];
  /** Topics the contact chose to receive. */
  optedIn: string[];
}

export interface ContactListSnapshot {
  listName: string;
  region: string;
  accountKey: string;
  /** When the read that made it started (ISO 8601). */
  syncedAt: string;
  topics: ContactListTopic[];
  /** Lower-case address → preferences. */
  contacts: Map<string, ContactPreferences>;
}

export interface ContactListLocation extends SnapshotLocation {
  listName: string;
}

export interface ReadContactListOptions extends ContactListLocation, SesCallOptions {
  /** Contacts per request (default 1000). */
  pageSize?: number;
  /** Pages after which the listing is taken as endless (default 10,000). */
  maxPages?: number;
  onProgress?: (progress: { pages: number; contacts: number }) => void;
  now?: () => Date;
}

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_MAX_PAGES = 10_000;
const FILE_FORMAT = 'preflight-ses-contact-list';

const status = z.enum(['OPT_IN', 'OPT_OUT']);
const topicPreference = z.object({ TopicName: z.string().min(1).max(1_000), SubscriptionStatus: status });

export const GET_CONTACT_LIST_ANSWER = z.object({
  ContactListName: z.string().max(1_000).optional(),
  Topics: z
    .array(z.object({ TopicName: z.string().min(1).max(1_000), DefaultSubscriptionStatus: status }))
    .max(10_000)
    .optional(),
});

export const LIST_CONTACTS_ANSWER = z.object({
  Contacts: z
    .array(
      z.object({
        EmailAddress: z.string().min(1).max(1_000),
        UnsubscribeAll: z.boolean().optional(),
        TopicPreferences: z.array(topicPreference).max(10_000).optional(),
        TopicDefaultPreferences: z.array(topicPreference).max(10_000).optional(),
      }),
    )
    .optional(),
  NextToken: z.string().max(10_000).optional(),
});

export const LIST_CONTACT_LISTS_ANSWER = z.object({
  ContactLists: z.array(z.object({ ContactListName: z.string().max(1_000).optional() })).optional(),
  NextToken: z.string().max(10_000).optional(),
});

/** A file name for any list name: readable when it is simple, hashed when not. */
function fileSegment(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || '_';
  return cleaned === name ? name : `${cleaned}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

export function contactListSnapshotPath(location: ContactListLocation): string {
  return join(accountCacheFolder(location), `contact-list-${fileSegment(location.listName)}.json`);
}

/** "SES contact list Newsletter (eu-west-1, read 2026-12-07 12:00 UTC)": the source named in report.json and the app. */
export function contactListSource(snapshot: ContactListSnapshot): string {
  return `SES contact list ${snapshot.listName} (${snapshot.region}, read ${formatWhen(snapshot.syncedAt)})`;
}

/** The names of the account's contact lists (SES allows one per account; paged all the same). */
export async function listContactLists(client: SESv2Client, region: string, options: SesCallOptions = {}): Promise<string[]> {
  const names: string[] = [];
  const pageTokens = new PageTokens('ListContactLists', async () => region, 100);
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await sesCall(
      client,
      'ses:ListContactLists',
      async (abortSignal) =>
        readAnswer(
          LIST_CONTACT_LISTS_ANSWER,
          await client.send(new ListContactListsCommand({ PageSize: 100, ...(token ? { NextToken: token } : {}) }), { abortSignal }),
          'ListContactLists',
        ),
      options,
    );
    for (const list of page.ContactLists ?? []) if (list.ContactListName) names.push(list.ContactListName);
    nextToken = await pageTokens.next(page.NextToken);
  } while (nextToken);
  return names;
}

/** The topic names of one contact list (GetContactList), for the app's topic picker. */
export async function contactListTopics(client: SESv2Client, listName: string, options: SesCallOptions = {}): Promise<string[]> {
  const list = await sesCall(
    client,
    'ses:GetContactList',
    async (abortSignal) =>
      readAnswer(
        GET_CONTACT_LIST_ANSWER,
        await client.send(new GetContactListCommand({ ContactListName: listName }), { abortSignal }),
        'GetContactList',
      ),
    options,
  );
  return (list.Topics ?? []).map((topic) => topic.TopicName);
}

/**
 * Reads the whole contact list from SES (its topics, then every contact, page
 * by page, empty pages with a NextToken included) and saves it. Nothing is saved
 * unless every page was read. Failures are SesUserError sentences.
 */
export async function readContactList(client: SESv2Client, options: ReadContactListOptions): Promise<ContactListSnapshot> {
  const syncedAt = (options.now?.() ?? new Date()).toISOString();
  const list = await sesCall(
    client,
    'ses:GetContactList',
    async (abortSignal) =>
      readAnswer(
        GET_CONTACT_LIST_ANSWER,
        await client.send(new GetContactListCommand({ ContactListName: options.listName }), { abortSignal }),
        'GetContactList',
      ),
    options,
  );
  const topics = (list.Topics ?? []).map((topic) => ({ name: topic.TopicName, defaultStatus: topic.DefaultSubscriptionStatus }));
  const contacts = new Map<string, ContactPreferences>();
  const pageTokens = new PageTokens('ListContacts', async () => options.region, options.maxPages ?? DEFAULT_MAX_PAGES);
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await sesCall(
      client,
      'ses:ListContacts',
      async (abortSignal) =>
        readAnswer(
          LIST_CONTACTS_ANSWER,
          await client.send(
            new ListContactsCommand({
              ContactListName: options.listName,
              PageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
              ...(token ? { NextToken: token } : {}),
            }),
            { abortSignal },
          ),
          'ListContacts',
        ),
      options,
    );
    pages++;
    for (const contact of page.Contacts ?? []) {
      const explicit = new Map((contact.TopicPreferences ?? []).map((preference) => [preference.TopicName, preference.SubscriptionStatus]));
      const optedOut = new Set<string>();
      const optedIn = new Set<string>();
      for (const [topic, choice] of explicit) (choice === 'OPT_OUT' ? optedOut : optedIn).add(topic);
      // A default SES lists for this contact counts where the contact made no choice.
      for (const preference of contact.TopicDefaultPreferences ?? []) {
        if (preference.SubscriptionStatus === 'OPT_OUT' && !explicit.has(preference.TopicName)) optedOut.add(preference.TopicName);
      }
      const address = contact.EmailAddress.trim().toLowerCase();
      const previous = contacts.get(address);
      // The same address twice (SES keys contacts by address, so only a changing list): any opt-out wins.
      contacts.set(address, {
        unsubscribeAll: Boolean(contact.UnsubscribeAll) || Boolean(previous?.unsubscribeAll),
        optedOut: [...new Set([...(previous?.optedOut ?? []), ...optedOut])],
        optedIn: [...new Set([...(previous?.optedIn ?? []), ...optedIn])].filter(
          (topic) => !optedOut.has(topic) && !previous?.optedOut.includes(topic),
        ),
      });
    }
    options.onProgress?.({ pages, contacts: contacts.size });
    nextToken = await pageTokens.next(page.NextToken);
  } while (nextToken);

  const snapshot: ContactListSnapshot = {
    listName: options.listName,
    region: options.region,
    accountKey: options.accountKey,
    syncedAt,
    topics,
    contacts,
  };
  await saveContactListSnapshot(snapshot, options.cacheDir);
  return snapshot;
}

interface SnapshotFile {
  format: typeof FILE_FORMAT;
  version: 1;
  listName: string;
  region: string;
  accountKey: string;
  syncedAt: string;
  topics: [string, SubscriptionStatus][];
  count: number;
  /** [address, unsubscribeAll, optedOut, optedIn]. */
  contacts: [string, boolean, string[], string[]][];
}

export async function saveContactListSnapshot(snapshot: ContactListSnapshot, cacheDir: string): Promise<string> {
  const path = contactListSnapshotPath({ cacheDir, region: snapshot.region, accountKey: snapshot.accountKey, listName: snapshot.listName });
  const file: SnapshotFile = {
    format: FILE_FORMAT,
    version: 1,
    listName: snapshot.listName,
    region: snapshot.region,
    accountKey: snapshot.accountKey,
    syncedAt: snapshot.syncedAt,
    topics: snapshot.topics.map((topic) => [topic.name, topic.defaultStatus]),
    count: snapshot.contacts.size,
    contacts: [...snapshot.contacts].map(([address, preferences]) => [
      address,
      preferences.unsubscribeAll,
      preferences.optedOut,
      preferences.optedIn,
    ]),
  };
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFileAtomic(path, JSON.stringify(file));
  } catch (error) {
    throw outputError(error, join(path, '..'));
  }
  return path;
}

/**
 * The saved snapshot, or null when none was ever saved. One that is there but
 * does not read back whole is refused with a sentence naming it: taken as
 * empty, it would let every opt-out through.
 */
export async function loadContactListSnapshot(location: ContactListLocation): Promise<ContactListSnapshot | null> {
  const path = contactListSnapshotPath(location);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw damaged(location, path, `it cannot be read (${code ?? 'unknown error'})`);
  }
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw damaged(location, path, 'it is cut short or garbled');
  }
  const problem = snapshotFileProblem(file, location.listName);
  if (problem !== null) throw damaged(location, path, problem);
  const valid = file as SnapshotFile;
  const contacts = new Map<string, ContactPreferences>();
  for (const [address, unsubscribeAll, optedOut, optedIn] of valid.contacts) contacts.set(address, { unsubscribeAll, optedOut, optedIn });
  return {
    listName: valid.listName,
    region: valid.region,
    accountKey: valid.accountKey,
    syncedAt: valid.syncedAt,
    topics: valid.topics.map(([name, defaultStatus]) => ({ name, defaultStatus })),
    contacts,
  };
}

function damaged(location: ContactListLocation, path: string, why: string): UserError {
  return new UserError(
    'suppression_unreadable',
    `The saved SES contact list ${path} is damaged (${why}), so its opt-outs cannot be trusted: run the check once with SES reachable (not --offline) to read the list again, or delete the file.`,
    `The saved SES contact list ${path} is damaged (${why}), so its opt-outs cannot be trusted: check the list once with SES reachable to read it again, or delete the file.`,
  );
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function snapshotFileProblem(file: unknown, listName: string): string | null {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return 'it is not a snapshot';
  const f = file as Partial<Record<keyof SnapshotFile, unknown>>;
  if (f.format !== FILE_FORMAT || f.version !== 1) return 'it is not a Preflight contact list of a version this one reads';
  if (f.listName !== listName) return `it holds the list ${JSON.stringify(f.listName)}, not ${JSON.stringify(listName)}`;
  if (typeof f.region !== 'string' || typeof f.accountKey !== 'string') return 'its account or region is missing';
  if (typeof f.syncedAt !== 'string' || Number.isNaN(Date.parse(f.syncedAt))) return 'its read time is missing or unreadable';
  if (
    !Array.isArray(f.topics) ||
    !f.topics.every(
      (topic) =>
        Array.isArray(topic) && topic.length === 2 && typeof topic[0] === 'string' && (topic[1] === 'OPT_IN' || topic[1] === 'OPT_OUT'),
    )
  ) {
    return 'its topics are unreadable';
  }
  if (!Array.isArray(f.contacts)) return 'its contacts are missing';
  const contacts = f.contacts as unknown[];
  for (let index = 0; index < contacts.length; index++) {
    const contact = contacts[index];
    if (!Array.isArray(contact) || contact.length !== 4) return `contact ${index + 1} is not [address, unsubscribeAll, optedOut, optedIn]`;
    const [address, unsubscribeAll, optedOut, optedIn] = contact as unknown[];
    if (typeof address !== 'string' || address === '') return `contact ${index + 1} has no address`;
    if (typeof unsubscribeAll !== 'boolean' || !isStringArray(optedOut) || !isStringArray(optedIn))
      return `contact ${index + 1} has unreadable preferences`;
  }
  if (f.count !== contacts.length) return `it says ${String(f.count)} contacts but holds ${contacts.length}`;
  return null;
}

/** What the check removes for one send: the addresses opted out of everything, or of the campaign's topic. */
export interface ContactListOptOuts {
  source: string;
  listName: string;
  topic: string | null;
  contacts: number;
  /** Lower-case addresses never to mail for this send. */
  optedOut: Set<string>;
  /** Without a topic: contacts opted out of some topic only (kept, and said in a warning). */
  topicOnlyOptOuts: number;
}

/**
 * The opt-outs for a send about `topic` (null: no topic named): UnsubscribeAll,
 * an OPT_OUT for the topic, or no choice on a topic whose default is OPT_OUT.
 * A topic the list does not have is refused: honouring nothing for a misspelt
 * topic would mail everyone who opted out of the real one.
 */
export function optOutsFor(snapshot: ContactListSnapshot, topic: string | null): ContactListOptOuts {
  const known = snapshot.topics.find((candidate) => candidate.name === topic);
  if (topic !== null && !known) {
    const names = snapshot.topics.map((candidate) => candidate.name);
    throw new UserError(
      'bad_argument',
      `The SES contact list ${snapshot.listName} has no topic "${topic}": ${names.length ? `its topics are ${names.map((name) => `"${name}"`).join(', ')}` : 'it has no topics'}.`,
    );
  }
  const optedOut = new Set<string>();
  let topicOnlyOptOuts = 0;
  for (const [address, preferences] of snapshot.contacts) {
    if (preferences.unsubscribeAll) optedOut.add(address);
    else if (known) {
      const out =
        preferences.optedOut.includes(known.name) || (known.defaultStatus === 'OPT_OUT' && !preferences.optedIn.includes(known.name));
      if (out) optedOut.add(address);
    } else if (preferences.optedOut.length > 0) topicOnlyOptOuts++;
  }
  return {
    source: contactListSource(snapshot),
    listName: snapshot.listName,
    topic,
    contacts: snapshot.contacts.size,
    optedOut,
    topicOnlyOptOuts,
  };
}
