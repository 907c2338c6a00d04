// The SES account's evidence, read once per check (applied to the rows by
// engine/ses-account-stage.ts; also `ses sync` and the app's account card): the account (quotas,
// sandbox), the sandbox gate, the suppression list (refreshed incrementally) and
// the sender's readiness. Everything read is saved under the cache folder, so
// when SES cannot be reached, or the check runs offline, Preflight carries on
// from the last saved data with a warning; with nothing saved it stops with one
// sentence.
import { formatWhen } from '../../../shared/text/when';
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { outputError } from '../export/output-errors';
import { join } from 'node:path';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { AccountStatus, Readiness } from '../../../shared/model/ses';
import { UserError } from '../../../shared/model/errors';
import { getAccountStatus } from './account';
import { accountKeyFor, createSesClient, resolveRegion } from './client';

export { accountKeyFor };
import { writeFileAtomic } from '../files/atomic-write';
import type { SesCallOptions } from './call';
import { describeSesError, type SesUserError } from './errors';
import { createSandboxGate, listIdentities, type IdentitySummary, type SandboxGate } from './identities';
import { checkReadiness, type TxtLookup } from './readiness';
import { createTxtLookup } from '../dns/txt-lookup';
import {
  accountCacheFolder,
  loadSuppressionSnapshot,
  snapshotToSuppressionList,
  syncSuppressionList,
  type SnapshotLocation,
  type SuppressionList,
  type SuppressionSnapshot,
  type SuppressionSyncStats,
} from './suppression';

export interface AccountEvidenceProgress {
  step: 'account' | 'identities' | 'readiness' | 'suppression';
  /** One line for a status bar: "Reading the suppression list: 3 pages, 3,000 addresses". */
  message: string;
  pages?: number;
  received?: number;
}

export interface AccountEvidenceOptions {
  profile?: string;
  region?: string;
  /** Where the account data and suppression snapshot are saved. */
  cacheDir: string;
  /** Use only the saved data: no request to SES. */
  offline?: boolean;
  /** The From address or domain whose readiness to check. */
  fromIdentity?: string;
  signal?: AbortSignal;
  onProgress?: (progress: AccountEvidenceProgress) => void;
  /** TXT look-ups for readiness (the engine passes its resolver); null = DNS off. Default: the system resolver. */
  txtLookup?: TxtLookup | null;
  /** When SES fails, carry on from saved data with a warning (default true; `ses sync` turns it off). */
  fallbackToSaved?: boolean;
  /** Read the whole suppression list instead of what changed since the last sync. */
  fullSync?: boolean;
  /** Another SESv2 endpoint (tests); AWS_ENDPOINT_URL_SESV2 works too. */
  endpoint?: string;
  /** Spacing of SES requests (default 1000 ms) and suppression page size (default 1000). */
  minIntervalMs?: number;
  pageSize?: number;
  now?: () => Date;
}

export interface AccountEvidence {
  account: AccountStatus & { suppressionSnapshotAt: string | null };
  /** The suppression list to match rows against, or null (sandbox without one). */
  suppression: SuppressionList | null;
  /** Who may receive from the sandbox; null in production (everyone may). */
  sandboxGate: SandboxGate | null;
  readiness?: Readiness;
  /** Sentences for report.json and the app. */
  warnings: string[];
  /** 'live' when SES answered in this run, 'saved' when the data came from the cache folder. */
  source: 'live' | 'saved';
  /** When the account status was read from SES (ISO 8601). */
  accountFetchedAt: string;
  accountKey: string;
  /** How this run's suppression refresh went (absent when it did not run or failed). */
  suppressionSync?: SuppressionSyncStats;
}

interface SavedAccount {
  format: 'preflight-ses-account';
  version: 1;
  account: AccountStatus;
  fetchedAt: string;
  /** Identities, kept for the sandbox gate when offline. */
  identities: IdentitySummary[] | null;
  identitiesFetchedAt: string | null;
}

function accountFilePath(location: SnapshotLocation): string {
  return join(accountCacheFolder(location), 'account.json');
}

export async function loadSavedAccount(location: SnapshotLocation): Promise<SavedAccount | null> {
  try {
    const saved = JSON.parse(await readFile(accountFilePath(location), 'utf8')) as SavedAccount;
    return saved?.format === 'preflight-ses-account' && saved.version === 1 && saved.account ? saved : null;
  } catch {
    return null;
  }
}

async function saveAccount(location: SnapshotLocation, saved: SavedAccount): Promise<void> {
  const path = accountFilePath(location);
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFileAtomic(path, JSON.stringify(saved, null, 2));
  } catch (error) {
    // The cache folder: one sentence naming it, not the file system's message.
    throw outputError(error, join(path, '..'));
  }
}

/**
 * Which AWS account the credentials belong to, without keeping anything secret:
 * the account ID when the SDK knows it, else a hash of a long-term access key ID.
 * Lets a refresh notice that the same profile now points at another account.
 */
async function credentialFingerprint(client: SESv2Client): Promise<string | null> {
  try {
    const credentials = await client.config.credentials();
    if (credentials.accountId) return `account:${credentials.accountId}`;
    if (/^AKIA/.test(credentials.accessKeyId))
      return `key:${createHash('sha256').update(credentials.accessKeyId).digest('hex').slice(0, 16)}`;
    return null;
  } catch {
    return null;
  }
}

function savedStage(
  region: string,
  accountKey: string,
  saved: SavedAccount | null,
  snapshot: SuppressionSnapshot | null,
  warnings: string[],
  failure: SesUserError | null,
  wantsReadiness: boolean,
): AccountEvidence {
  if (!saved) {
    throw (
      failure ??
      new UserError(
        'ses_failed',
        `There is no saved SES account data for profile '${accountKey}' in ${region} yet: run the check once online, or run \`preflight ses sync\`.`,
      )
    );
  }
  let sandboxGate: SandboxGate | null = null;
  if (!saved.account.productionAccessEnabled) {
    if (!saved.identities) {
      throw (
        failure ??
        new UserError(
          'ses_failed',
          `The saved SES data for ${region} has no verified identities for the sandbox check: run the check once online.`,
        )
      );
    }
    sandboxGate = createSandboxGate(saved.identities);
  }
  warnings.push(
    failure
      ? `${failure.message} Preflight used the SES account data saved on ${formatWhen(saved.fetchedAt)} instead.`
      : `Offline: Preflight used the SES account data saved on ${formatWhen(saved.fetchedAt)}.`,
  );
  if (!snapshot) warnings.push(`No SES suppression list has been saved for ${region} yet: addresses SES suppresses were not matched.`);
  if (wantsReadiness) warnings.push('Sender readiness was not checked: it needs SES and DNS to answer.');
  return {
    account: { ...saved.account, suppressionSnapshotAt: snapshot?.syncedAt ?? null },
    suppression: snapshot ? snapshotToSuppressionList(snapshot) : null,
    sandboxGate,
    warnings,
    source: 'saved',
    accountFetchedAt: saved.fetchedAt,
    accountKey,
  };
}

/** Refusals that mean "this account (in the sandbox) may not read its suppression list". */
const SANDBOX_REFUSALS = new Set(['bad_request', 'access_denied', 'not_found']);

export async function readAccountEvidence(options: AccountEvidenceOptions): Promise<AccountEvidence> {
  const warnings: string[] = [];
  const fallback = options.fallbackToSaved ?? true;
  const progress = options.onProgress ?? (() => {});
  const client = createSesClient({ profile: options.profile, region: options.region, endpoint: options.endpoint });
  try {
    const region = await resolveRegion(client);
    const accountKey = accountKeyFor(options.profile);
    const location: SnapshotLocation = { cacheDir: options.cacheDir, region, accountKey };
    // A full sync replaces the saved snapshot without reading it: that is how a damaged one is rebuilt.
    const [saved, savedSnapshot] = await Promise.all([
      loadSavedAccount(location),
      options.fullSync && !options.offline ? Promise.resolve(null) : loadSuppressionSnapshot(location),
    ]);
    if (options.offline) return savedStage(region, accountKey, saved, savedSnapshot, warnings, null, Boolean(options.fromIdentity));

    const callOptions: SesCallOptions = { signal: options.signal, minIntervalMs: options.minIntervalMs };
    const fail = (error: unknown, action: string): SesUserError => describeSesError(error, { region, profile: options.profile, action });

    // 1. The account.
    progress({ step: 'account', message: `Reading the SES account in ${region}` });
    let account: AccountStatus;
    try {
      account = await getAccountStatus(client, region, callOptions);
    } catch (error) {
      const failure = fail(error, 'ses:GetAccount');
      if (failure.kind === 'cancelled' || !fallback || !saved) throw failure;
      return savedStage(region, accountKey, saved, savedSnapshot, warnings, failure, Boolean(options.fromIdentity));
    }
    const fetchedAt = (options.now?.() ?? new Date()).toISOString();
    if (!account.sendingEnabled)
      warnings.push(`Sending is paused for this SES account in ${region}: SES will not send this campaign until it is enabled again.`);
    if (account.enforcementStatus !== 'HEALTHY' && account.enforcementStatus !== 'UNKNOWN') {
      warnings.push(`SES enforcement status in ${region} is ${account.enforcementStatus}: check the reputation dashboard before sending.`);
    }

    // 2. The sandbox gate.
    let identities: IdentitySummary[] | null = saved?.identities ?? null;
    let identitiesFetchedAt = saved?.identitiesFetchedAt ?? null;
    let sandboxGate: SandboxGate | null = null;
    if (!account.productionAccessEnabled) {
      progress({ step: 'identities', message: `Reading the verified identities in ${region}` });
      try {
        identities = await listIdentities(client, callOptions);
        identitiesFetchedAt = fetchedAt;
      } catch (error) {
        const failure = fail(error, 'ses:ListEmailIdentities');
        if (failure.kind === 'cancelled' || !fallback || !identities) throw failure;
        warnings.push(`${failure.message} The sandbox check used the identities saved on ${formatWhen(identitiesFetchedAt ?? fetchedAt)}.`);
      }
      sandboxGate = createSandboxGate(identities!);
    }
    await saveAccount(location, { format: 'preflight-ses-account', version: 1, account, fetchedAt, identities, identitiesFetchedAt });

    // 3. Readiness of the From identity: useful, never fatal.
    let readiness: Readiness | undefined;
    if (options.fromIdentity) {
      progress({ step: 'readiness', message: `Checking the sender ${options.fromIdentity}` });
      try {
        readiness = await checkReadiness(
          client,
          options.fromIdentity,
          options.txtLookup === undefined ? createTxtLookup({ signal: options.signal }) : options.txtLookup,
          callOptions,
        );
      } catch (error) {
        const failure = fail(error, 'ses:GetEmailIdentity');
        if (failure.kind === 'cancelled') throw failure;
        warnings.push(`Sender readiness was not checked: ${failure.message}`);
      }
    }

    // 4. The suppression list.
    progress({ step: 'suppression', message: `Reading the SES suppression list in ${region}` });
    let snapshot: SuppressionSnapshot | null = savedSnapshot;
    let suppressionSync: SuppressionSyncStats | undefined;
    try {
      snapshot = await syncSuppressionList(client, {
        ...location,
        signal: options.signal,
        minIntervalMs: options.minIntervalMs,
        pageSize: options.pageSize,
        full: options.fullSync,
        identityFingerprint: await credentialFingerprint(client),
        now: options.now,
        onProgress: (sync) =>
          progress({
            step: 'suppression',
            message: `Reading the SES suppression list in ${region}: ${sync.pages} page${sync.pages === 1 ? '' : 's'}, ${sync.received.toLocaleString('en-US')} addresses${sync.waitingMs ? ` (SES asked to slow down: waiting ${Math.ceil(sync.waitingMs / 1000)} s)` : ''}`,
            pages: sync.pages,
            received: sync.received,
          }),
      });
      suppressionSync = snapshot.lastSync;
    } catch (error) {
      const failure = fail(error, 'ses:ListSuppressedDestinations');
      if (failure.kind === 'cancelled') throw failure;
      if (!account.productionAccessEnabled && SANDBOX_REFUSALS.has(failure.kind)) {
        warnings.push(
          `The SES account-level suppression list is not available in the sandbox in ${region}${snapshot ? `: the check used the copy saved on ${formatWhen(snapshot.syncedAt)}` : ''}.`,
        );
      } else if (fallback && snapshot) {
        warnings.push(`${failure.message} The check used the suppression list saved on ${formatWhen(snapshot.syncedAt)}.`);
      } else {
        throw failure;
      }
    }

    return {
      account: { ...account, suppressionSnapshotAt: snapshot?.syncedAt ?? null },
      suppression: snapshot ? snapshotToSuppressionList(snapshot) : null,
      sandboxGate,
      ...(readiness ? { readiness } : {}),
      warnings,
      source: 'live',
      accountFetchedAt: fetchedAt,
      accountKey,
      ...(suppressionSync ? { suppressionSync } : {}),
    };
  } finally {
    client.destroy();
  }
}
