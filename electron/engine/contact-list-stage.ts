// The SES contact list: rows whose contact unsubscribed from everything, or from
// the campaign's topic, are removed as `unsubscribed`, with the list named as the
// source. Read from SES once per check; when SES cannot answer (or --offline),
// the copy saved by the last read is used with a warning, and with none the
// check stops: a list the user named is never skipped in silence.
import type { CheckSettings, ReportContactList } from '../../shared/model/check';
import { formatWhen } from '../../shared/text/when';
import { UserError, appSentence } from '../../shared/model/errors';
import { defaultCacheDir } from '../services/dns/cache-dir';
import { accountKeyFor, createSesClient, resolveRegion } from '../services/ses/client';
import {
  listContactLists,
  loadContactListSnapshot,
  optOutsFor,
  readContactList,
  type ContactListLocation,
  type ContactListSnapshot,
} from '../services/ses/contact-list';
import { SesUserError } from '../services/ses/errors';
import { reasonBit, type RowStore } from './row-store';

export interface ContactListOutcome {
  report: ReportContactList;
  /** Rows (0-based) the list removed, for the Review screen's "why". */
  rows: Set<number>;
  warnings: string[];
}

const NOT_AN_ADDRESS = reasonBit('no_address') | reasonBit('syntax_invalid');

export async function runContactListStage(
  store: RowStore,
  settings: CheckSettings,
  signal: AbortSignal | undefined,
  onMessage: (message: string) => void,
  /** Another SESv2 endpoint (tests); AWS_ENDPOINT_URL_SESV2 works too. */
  endpoint?: string,
): Promise<ContactListOutcome> {
  const listName = settings.ses!.contactList!;
  const client = createSesClient({ profile: settings.ses?.profile, region: settings.ses?.region, endpoint });
  const warnings: string[] = [];
  let snapshot: ContactListSnapshot;
  try {
    const region = await resolveRegion(client);
    const location: ContactListLocation = {
      cacheDir: settings.cacheDir ?? defaultCacheDir(),
      region,
      accountKey: accountKeyFor(settings.ses?.profile),
      listName,
    };
    if (settings.offline) {
      const saved = await loadContactListSnapshot(location);
      if (!saved) {
        throw new UserError(
          'ses_failed',
          `No copy of the SES contact list ${listName} in ${region} has been saved yet: run the check once without --offline.`,
          `No copy of the SES contact list ${listName} in ${region} has been saved yet: check the list once with SES reachable.`,
        );
      }
      warnings.push(`Offline: the opt-outs of the SES contact list ${listName} are those read on ${formatWhen(saved.syncedAt)}.`);
      snapshot = saved;
    } else {
      onMessage(`Reading the SES contact list ${listName} in ${region}`);
      try {
        snapshot = await readContactList(client, {
          ...location,
          signal,
          onProgress: ({ pages, contacts }) =>
            onMessage(
              `Reading the SES contact list ${listName} in ${region}: ${pages} page${pages === 1 ? '' : 's'}, ${contacts.toLocaleString('en-US')} contacts`,
            ),
        });
      } catch (error) {
        // sesCall words every SES failure; anything else (the cache folder unwritable) is its own sentence.
        if (!(error instanceof SesUserError)) throw error;
        const failure = error;
        if (failure.kind === 'cancelled') throw failure;
        if (failure.kind === 'not_found') throw await noSuchList(client, listName, region, failure);
        // A damaged saved copy is refused here too (loadContactListSnapshot throws its sentence).
        const saved = await loadContactListSnapshot(location);
        if (!saved) throw failure;
        warnings.push(`${appSentence(failure)} The check used the SES contact list ${listName} as read on ${formatWhen(saved.syncedAt)}.`);
        snapshot = saved;
      }
    }
  } finally {
    client.destroy();
  }

  const optOuts = optOutsFor(snapshot, settings.ses?.topic ?? null);
  const rows = new Set<number>();
  for (let row = 0; row < store.count; row++) {
    const address = store.normalized[row];
    if (!address || store.mask(row) & NOT_AN_ADDRESS) continue;
    if (optOuts.optedOut.has(address.toLowerCase())) {
      store.addReason(row, 'unsubscribed');
      rows.add(row);
    }
  }
  if (optOuts.topic === null && optOuts.topicOnlyOptOuts > 0) {
    const topics = snapshot.topics.map((topic) => topic.name);
    warnings.push(
      `${optOuts.topicOnlyOptOuts.toLocaleString('en-US')} contact${optOuts.topicOnlyOptOuts === 1 ? '' : 's'} on the SES contact list ${listName} opted out of a topic but not of everything, and were kept: check again with this campaign's topic${topics.length ? ` (${topics.map((name) => `"${name}"`).join(', ')})` : ''} so their choice is honoured.`,
    );
  }
  return {
    report: {
      name: listName,
      topic: optOuts.topic,
      source: optOuts.source,
      contacts: optOuts.contacts,
      optedOut: optOuts.optedOut.size,
      matched: rows.size,
    },
    rows,
    warnings,
  };
}

/** The list the user named is not there: say which lists are. */
async function noSuchList(
  client: Parameters<typeof listContactLists>[0],
  listName: string,
  region: string,
  failure: SesUserError,
): Promise<UserError> {
  let names: string[] | null;
  try {
    names = await listContactLists(client, region);
  } catch {
    names = null;
  }
  const known =
    names === null
      ? ''
      : names.length
        ? ` Its contact lists: ${names.map((name) => `"${name}"`).join(', ')}.`
        : ' It has no contact lists.';
  const sentence = (why: string) => `The SES account in ${region} has no contact list named "${listName}".${known || ` (${why})`}`;
  return new UserError(
    'bad_argument',
    sentence(failure.message),
    failure.appMessage === undefined ? undefined : sentence(appSentence(failure)),
  );
}
