// The account-level suppression list, kept as a local snapshot. SES has no bulk
// export: ListSuppressedDestinations is paged through NextToken at SES's pace of
// about one request per second (sesCall). The snapshot remembers when its sync
// started, so the next refresh asks only for what changed since (StartDate), and
// it works offline. Addresses are keyed in lower case, like every match in Preflight.
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListSuppressedDestinationsCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { UserError } from '../../../shared/model/errors';
import { formatWhen } from '../../../shared/text/when';
import type { SuppressionReason } from '../../../shared/model/ses';
import { outputError } from '../export/output-errors';
import { writeFileAtomic } from '../files/atomic-write';
import { LIST_SUPPRESSED_ANSWER, PageTokens, readAnswer } from './answers';
import { sesCall } from './call';

/** One suppressed address, the same shape as a suppression file's entry (electron/services/suppression/file.ts). */
export interface SuppressionEntry {
  reason: SuppressionReason;
  /** When SES recorded it (ISO 8601); null when the source does not say. */
  lastUpdate: string | null;
}

/** The shape the engine matches rows against, whether it came from a file or from SES. */
export interface SuppressionList {
  /** Where it came from, for report.json and the UI. */
  source: string;
  /** Lower-case address → entry. */
  entries: Map<string, SuppressionEntry>;
}

export interface SuppressionSyncStats {
  mode: 'full' | 'incremental';
  /** StartDate sent (ISO 8601), or null for a full sync. */
  startDate: string | null;
  pages: number;
  /** Requests sent, throttled ones included. */
  requests: number;
  throttled: number;
  /** Entries SES returned during this sync. */
  received: number;
  durationMs: number;
}

/** A SuppressionList with what it takes to refresh it. Usable wherever a SuppressionList is. */
export interface SuppressionSnapshot extends SuppressionList {
  accountKey: string;
  region: string;
  /** When the last successful sync started: everything SES recorded before then is in (suppressionSnapshotAt). */
  syncedAt: string;
  /** When the last full sync started: addresses SES has since removed are only dropped by a full sync. */
  lastFullSyncAt: string;
  /** Which AWS account the entries came from, when known (an account ID, or a hash of a long-term key ID). */
  identityFingerprint: string | null;
  lastSync?: SuppressionSyncStats;
}

export interface SnapshotLocation {
  cacheDir: string;
  region: string;
  /** Which account the snapshot belongs to: Preflight uses the profile name (computable offline). */
  accountKey: string;
}

export interface SuppressionProgress {
  mode: 'full' | 'incremental';
  pages: number;
  /** Entries received so far in this sync. */
  received: number;
  /** Set while waiting after a throttled request. */
  waitingMs?: number;
}

export interface SyncSuppressionOptions extends SnapshotLocation {
  signal?: AbortSignal;
  onProgress?: (progress: SuppressionProgress) => void;
  /** Entries per request (default 1000). */
  pageSize?: number;
  /** Pages after which the listing is taken as endless (default 10,000: ten million addresses at 1,000 a page). */
  maxPages?: number;
  /** Least time between requests (default 1000 ms: SES allows about one per second for these calls). */
  minIntervalMs?: number;
  /** Retries after a throttled request before giving up (default 6). */
  throttleRetries?: number;
  /** Ignore the stored snapshot and read the whole list. */
  full?: boolean;
  /** A full sync when the last full one is older than this (default 7 days), to drop addresses SES removed. */
  fullSyncAfterDays?: number;
  /** How far before the last sync an incremental one starts (default 1 hour: SES records may land late). */
  safetyMarginMs?: number;
  /** The current account's fingerprint: a different one than the snapshot's forces a full sync. */
  identityFingerprint?: string | null;
  /** The clock (tests). */
  now?: () => Date;
}

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_MAX_PAGES = 10_000;
const DEFAULT_FULL_SYNC_DAYS = 7;
const DEFAULT_SAFETY_MARGIN_MS = 60 * 60 * 1000;
const FILE_FORMAT = 'preflight-ses-suppression';

/** A folder name for any account key: readable when it is simple, hashed when not. */
function safeSegment(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || '_';
  if (cleaned === key && key !== '.' && key !== '..') return key;
  return `${cleaned}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

export function accountCacheFolder(location: SnapshotLocation): string {
  return join(location.cacheDir, 'ses', safeSegment(location.accountKey), safeSegment(location.region));
}

export function snapshotPath(location: SnapshotLocation): string {
  return join(accountCacheFolder(location), 'suppression.json');
}

function sourceLabel(region: string, syncedAt: string): string {
  return `SES suppression list (${region}, synced ${formatWhen(syncedAt)})`;
}

/** The engine's view of a snapshot (a snapshot already is one; this drops the bookkeeping). */
export function snapshotToSuppressionList(snapshot: SuppressionSnapshot): SuppressionList {
  return { source: snapshot.source, entries: snapshot.entries };
}

interface SnapshotFile {
  format: typeof FILE_FORMAT;
  version: 1;
  accountKey: string;
  region: string;
  syncedAt: string;
  lastFullSyncAt: string;
  identityFingerprint: string | null;
  lastSync?: SuppressionSyncStats;
  count: number;
  /** [address, reason, lastUpdate] — compact for lists of hundreds of thousands. */
  entries: [string, SuppressionReason, string | null][];
}

export async function saveSuppressionSnapshot(snapshot: SuppressionSnapshot, cacheDir: string): Promise<string> {
  const path = snapshotPath({ cacheDir, region: snapshot.region, accountKey: snapshot.accountKey });
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFileAtomic(path, JSON.stringify(snapshotFile(snapshot)));
  } catch (error) {
    throw outputError(error, join(path, '..'));
  }
  return path;
}

function snapshotFile(snapshot: SuppressionSnapshot): SnapshotFile {
  return {
    format: FILE_FORMAT,
    version: 1,
    accountKey: snapshot.accountKey,
    region: snapshot.region,
    syncedAt: snapshot.syncedAt,
    lastFullSyncAt: snapshot.lastFullSyncAt,
    identityFingerprint: snapshot.identityFingerprint,
    ...(snapshot.lastSync ? { lastSync: snapshot.lastSync } : {}),
    count: snapshot.entries.size,
    entries: [...snapshot.entries].map(([address, entry]) => [address, entry.reason, entry.lastUpdate]),
  };
}

/**
 * The stored snapshot, or null when none was ever saved. A file that is there
 * but does not read back whole (cut short, garbled, an entry that is not
 * [address, BOUNCE|COMPLAINT, time], a count that disagrees) is refused with a
 * sentence naming it: taken as empty, it would let every suppressed address
 * through (and a crash on it would stop every SES command until it was deleted
 * by hand). `ses sync --full` does not read it, so it is the way out.
 */
export async function loadSuppressionSnapshot(location: SnapshotLocation): Promise<SuppressionSnapshot | null> {
  const path = snapshotPath(location);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // ENOTDIR: part of the path is a file, so nothing was ever saved there; the save that
    // follows names the folder that cannot be made (a damaged-snapshot sentence would mislead).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw damagedSnapshot(location, path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch {
    throw damagedSnapshot(location, path, 'it is cut short or garbled');
  }
  const problem = snapshotFileProblem(file);
  if (problem !== null) throw damagedSnapshot(location, path, problem);
  const valid = file as SnapshotFile;
  const entries = new Map<string, SuppressionEntry>();
  for (const [address, reason, lastUpdate] of valid.entries) entries.set(address, { reason, lastUpdate });
  return {
    source: sourceLabel(valid.region, valid.syncedAt),
    entries,
    accountKey: valid.accountKey,
    region: valid.region,
    syncedAt: valid.syncedAt,
    lastFullSyncAt: valid.lastFullSyncAt,
    identityFingerprint: valid.identityFingerprint ?? null,
    ...(valid.lastSync ? { lastSync: valid.lastSync } : {}),
  };
}

function damagedSnapshot(location: SnapshotLocation, path: string, why: string): UserError {
  return new UserError(
    'suppression_unreadable',
    `The saved SES suppression list ${path} is damaged (${why}), so it cannot be trusted: rebuild it with ` +
      `\`preflight ses sync --full --region ${location.region}${location.accountKey === 'default' ? '' : ` --profile ${location.accountKey}`}\` (a full download that ignores the saved copy).`,
    `The saved SES suppression list ${path} is damaged (${why}), so it cannot be trusted: delete the file, and the next check with the SES account downloads the whole list again.`,
  );
}

const isTimestamp = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** What is wrong with a parsed snapshot file, in a few words; null when it is whole. One pass, no object per entry. */
function snapshotFileProblem(file: unknown): string | null {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return 'it is not a snapshot';
  const f = file as Partial<Record<keyof SnapshotFile, unknown>>;
  if (f.format !== FILE_FORMAT || f.version !== 1) return 'it is not a Preflight snapshot of a version this one reads';
  if (typeof f.accountKey !== 'string' || typeof f.region !== 'string') return 'its account or region is missing';
  if (!isTimestamp(f.syncedAt) || !isTimestamp(f.lastFullSyncAt)) return 'its sync time is missing or unreadable';
  if (f.identityFingerprint !== undefined && f.identityFingerprint !== null && typeof f.identityFingerprint !== 'string')
    return 'its account fingerprint is unreadable';
  if (!Array.isArray(f.entries)) return 'its entries are missing';
  const entries = f.entries as unknown[];
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (!Array.isArray(entry) || entry.length !== 3) return `entry ${index + 1} is not [address, reason, time]`;
    const [address, reason, lastUpdate] = entry as unknown[];
    if (typeof address !== 'string' || address === '') return `entry ${index + 1} has no address`;
    // Preflight only ever writes these two: anything else is not a file it wrote, and must not count as a bounce.
    if (reason !== 'BOUNCE' && reason !== 'COMPLAINT') return `entry ${index + 1} has the unknown reason ${JSON.stringify(reason)}`;
    if (lastUpdate !== null && !isTimestamp(lastUpdate)) return `entry ${index + 1} has an unreadable time`;
  }
  if (f.count !== entries.length) return `it says ${String(f.count)} entries but holds ${entries.length}`;
  return null;
}

/** Keeps the most recent record of an address (SES may return an address again with a new reason). */
function mergeEntry(entries: Map<string, SuppressionEntry>, address: string, entry: SuppressionEntry): void {
  const existing = entries.get(address);
  if (!existing || existing.lastUpdate === null || (entry.lastUpdate !== null && entry.lastUpdate >= existing.lastUpdate)) {
    entries.set(address, entry);
  }
}

/**
 * Brings the stored snapshot up to date and saves it: incrementally (StartDate =
 * last sync − margin, merged into the stored entries) when a recent snapshot of
 * the same account exists, in full otherwise. Nothing is saved unless every
 * page was read. Failures are SesUserError sentences.
 */
export async function syncSuppressionList(client: SESv2Client, options: SyncSuppressionOptions): Promise<SuppressionSnapshot> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const began = performance.now();
  const stored = options.full ? null : await loadSuppressionSnapshot(options);
  const fullAfterMs = (options.fullSyncAfterDays ?? DEFAULT_FULL_SYNC_DAYS) * 24 * 60 * 60 * 1000;
  const sameAccount =
    !stored || !stored.identityFingerprint || !options.identityFingerprint || stored.identityFingerprint === options.identityFingerprint;
  const incremental = stored !== null && sameAccount && startedAt.getTime() - Date.parse(stored.lastFullSyncAt) < fullAfterMs;
  const startDate = incremental ? new Date(Date.parse(stored.syncedAt) - (options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS)) : undefined;
  const mode = incremental ? 'incremental' : 'full';

  const entries = incremental ? new Map(stored.entries) : new Map<string, SuppressionEntry>();
  const stats: SuppressionSyncStats = {
    mode,
    startDate: startDate?.toISOString() ?? null,
    pages: 0,
    requests: 0,
    throttled: 0,
    received: 0,
    durationMs: 0,
  };
  const pageTokens = new PageTokens('ListSuppressedDestinations', async () => options.region, options.maxPages ?? DEFAULT_MAX_PAGES);
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await sesCall(
      client,
      'ses:ListSuppressedDestinations',
      async (abortSignal) => {
        stats.requests++;
        const answer = await client.send(
          new ListSuppressedDestinationsCommand({
            PageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
            ...(startDate ? { StartDate: startDate } : {}),
            ...(token ? { NextToken: token } : {}),
          }),
          { abortSignal },
        );
        return readAnswer(LIST_SUPPRESSED_ANSWER, answer, 'ListSuppressedDestinations');
      },
      {
        signal: options.signal,
        minIntervalMs: options.minIntervalMs,
        throttleRetries: options.throttleRetries,
        onRetry: ({ delayMs, reason }) => {
          if (reason === 'throttled') stats.throttled++;
          options.onProgress?.({ mode, pages: stats.pages, received: stats.received, waitingMs: delayMs });
        },
      },
    );
    stats.pages++;
    for (const summary of page.SuppressedDestinationSummaries ?? []) {
      if (summary.Reason !== 'BOUNCE' && summary.Reason !== 'COMPLAINT') continue;
      stats.received++;
      mergeEntry(entries, summary.EmailAddress.trim().toLowerCase(), {
        reason: summary.Reason,
        lastUpdate: summary.LastUpdateTime.toISOString(),
      });
    }
    options.onProgress?.({ mode, pages: stats.pages, received: stats.received });
    nextToken = await pageTokens.next(page.NextToken);
  } while (nextToken);

  stats.durationMs = Math.round(performance.now() - began);
  const syncedAt = startedAt.toISOString();
  const snapshot: SuppressionSnapshot = {
    source: sourceLabel(options.region, syncedAt),
    entries,
    accountKey: options.accountKey,
    region: options.region,
    syncedAt,
    lastFullSyncAt: incremental ? stored.lastFullSyncAt : syncedAt,
    identityFingerprint: options.identityFingerprint ?? stored?.identityFingerprint ?? null,
    lastSync: stats,
  };
  await saveSuppressionSnapshot(snapshot, options.cacheDir);
  return snapshot;
}
