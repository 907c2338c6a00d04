// The on-disk DNS cache shared by the app and the CLI: one verdict per domain
// with its expiry, in JSON lines (one bad line costs one entry, not the file).
//
// Lifetimes. c-ares (Node's resolver) reports no TTL for MX answers and none
// for negative answers (the SOA minimum of RFC 2308 is not exposed). The TTLs it
// does report, those of the MX hosts' A/AAAA records, say how long an address
// may be used, not whether the domain takes mail, and are tiny for the biggest
// providers (10 s for Outlook's hosts, 300 s for Gmail's): using them would make
// a second run re-ask most of the list. So a verdict lives for a fixed time:
// `deliverable` for maxTtlSeconds (1 day), the remove verdicts for
// negativeTtlSeconds (1 hour, so a domain someone just fixed is re-checked
// soon). A caller that knows an answer's TTL may pass it to set(): it can only
// shorten those lifetimes. dns_unresolved is never stored. An entry read from
// disk never outlives them either: a line whose expiry lies further ahead than
// now + the lifetime of its status was not written by a save of ours (a
// hand-edited or hostile file, or the clock went back) and is skipped, so the
// domain is asked again. Shortening it instead would not do: re-read by every
// later run, it would be "one hour from now" for ever.
//
// Sharing. Two runs (the app and a CLI, two CLIs) may share the file. save()
// takes a lock beside it (proper-lockfile: a `.lock` folder, stale after 10 s),
// re-reads what the other saved, merges, and renames a complete file over the
// old one, so neither loses the other's answers.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../../shared/model/errors';
import { isCacheableStatus, type CacheableStatus, type DomainVerdict } from './verdict';

export const DNS_CACHE_FILE = 'dns-cache.jsonl';
const FORMAT = 'preflight-dns-cache';
const VERSION = 1;

export interface DnsCacheOptions {
  /** Longest any verdict is kept, in seconds (default 1 day). */
  maxTtlSeconds?: number;
  /** How long null_mx, no_mail_host and domain_not_found are kept (default 1 hour). */
  negativeTtlSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

export const DNS_CACHE_DEFAULTS = { maxTtlSeconds: 86_400, negativeTtlSeconds: 3_600 } as const;

export interface CachedVerdict {
  status: CacheableStatus;
  mxHosts: string[];
  implicitMx: boolean;
  detail?: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export type VerdictToCache = Pick<DomainVerdict, 'status' | 'mxHosts' | 'implicitMx' | 'detail'>;

export interface DnsCache {
  /** The cache file (it may not exist yet). */
  readonly file: string;
  /** Entries held, expired ones included until they are next read or saved. */
  readonly size: number;
  /** Why the file on disk was ignored when opening, if it was (unreadable, corrupt, other format). */
  readonly loadProblem: string | undefined;
  /** The verdict, if known and not expired. */
  get(domain: string): CachedVerdict | undefined;
  /** Store a verdict. dns_unresolved is ignored. ttlSeconds, if given, can only shorten the default lifetime. */
  set(domain: string, verdict: VerdictToCache, ttlSeconds?: number): void;
  delete(domain: string): void;
  clear(): void;
  /** Write to disk atomically (temp file + rename), merging entries another process saved meanwhile. */
  save(): Promise<void>;
}

/** One line of the file. Short keys: a cache for 100,000 domains stays a few MB. */
interface Line {
  d: string;
  s: string;
  x: number;
  m?: string[];
  i?: 1;
  t?: string;
}

export async function openDnsCache(dir: string, options: DnsCacheOptions = {}): Promise<DnsCache> {
  const now = options.now ?? Date.now;
  const maxTtl = positiveSeconds(options.maxTtlSeconds, DNS_CACHE_DEFAULTS.maxTtlSeconds, 'maxTtlSeconds');
  const negativeTtl = Math.min(
    maxTtl,
    positiveSeconds(options.negativeTtlSeconds, DNS_CACHE_DEFAULTS.negativeTtlSeconds, 'negativeTtlSeconds'),
  );
  const file = path.join(dir, DNS_CACHE_FILE);
  const lifetimeMs = (status: CacheableStatus): number => (status === 'deliverable' ? maxTtl : negativeTtl) * 1000;

  await ensureWritable(dir);
  const loaded = await readCacheFile(file, now(), lifetimeMs);
  const entries = loaded.entries;
  // Deleted on purpose since loading: a merge with the file must not bring them back.
  const deleted = new Set<string>();
  let diskVersion = loaded.version;
  let dirty = false;
  let saving: Promise<void> = Promise.resolve();

  const cache: DnsCache = {
    file,
    get size() {
      return entries.size;
    },
    loadProblem: loaded.problem,
    get(domain) {
      const entry = entries.get(domain);
      if (entry === undefined) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(domain);
        return undefined;
      }
      return entry;
    },
    set(domain, verdict, ttlSeconds) {
      if (!isCacheableStatus(verdict.status)) return;
      const cap = lifetimeMs(verdict.status) / 1000;
      const ttl = ttlSeconds === undefined || !Number.isFinite(ttlSeconds) ? cap : Math.min(Math.max(ttlSeconds, 0), cap);
      if (ttl <= 0) {
        cache.delete(domain);
        return;
      }
      const entry: CachedVerdict = {
        status: verdict.status,
        mxHosts: verdict.mxHosts,
        implicitMx: verdict.implicitMx,
        expiresAt: now() + ttl * 1000,
      };
      if (verdict.detail !== undefined) entry.detail = verdict.detail;
      entries.set(domain, entry);
      deleted.delete(domain);
      dirty = true;
    },
    delete(domain) {
      if (entries.delete(domain)) dirty = true;
      deleted.add(domain);
    },
    clear() {
      for (const domain of entries.keys()) deleted.add(domain);
      entries.clear();
      dirty = true;
    },
    save() {
      // One save at a time per cache: a second call waits for the first.
      saving = saving
        .catch(() => undefined)
        .then(async () => {
          if (!dirty) return;
          const release = await lockCacheFile(file);
          try {
            const current = now();
            const onDisk = await fileVersion(file);
            if (onDisk !== undefined && onDisk !== diskVersion) {
              // Another process (the app, or a CLI run) saved since we loaded: keep its answers too.
              const theirs = await readCacheFile(file, current, lifetimeMs);
              for (const [domain, entry] of theirs.entries) {
                if (deleted.has(domain)) continue;
                const ours = entries.get(domain);
                if (ours === undefined || ours.expiresAt < entry.expiresAt) entries.set(domain, entry);
              }
            }
            const lines = [JSON.stringify({ format: FORMAT, version: VERSION })];
            for (const [domain, entry] of entries) {
              if (entry.expiresAt <= current) {
                entries.delete(domain);
                continue;
              }
              lines.push(JSON.stringify(toLine(domain, entry)));
            }
            await writeAtomically(file, lines.join('\n') + '\n');
            diskVersion = await fileVersion(file);
            dirty = false;
          } finally {
            await release().catch(() => undefined);
          }
        });
      return saving;
    },
  };
  return cache;
}

function positiveSeconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new UserError('bad_argument', `The DNS cache's ${name} must be a positive number of seconds.`);
  return value;
}

function toLine(domain: string, entry: CachedVerdict): Line {
  const line: Line = { d: domain, s: entry.status, x: entry.expiresAt };
  if (entry.mxHosts.length > 0) line.m = entry.mxHosts;
  if (entry.implicitMx) line.i = 1;
  if (entry.detail !== undefined) line.t = entry.detail;
  return line;
}

function fromLine(value: unknown): [string, CachedVerdict] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const line = value as Partial<Line>;
  if (typeof line.d !== 'string' || line.d === '' || typeof line.s !== 'string' || !isCacheableStatus(line.s)) return undefined;
  if (typeof line.x !== 'number' || !Number.isFinite(line.x)) return undefined;
  const mxHosts = Array.isArray(line.m) && line.m.every((host) => typeof host === 'string') ? line.m : [];
  const entry: CachedVerdict = { status: line.s, mxHosts, implicitMx: line.i === 1, expiresAt: line.x };
  if (typeof line.t === 'string') entry.detail = line.t;
  return [line.d, entry];
}

interface LoadedFile {
  entries: Map<string, CachedVerdict>;
  version: string | undefined;
  problem: string | undefined;
}

/**
 * Read what can be read; a missing, unreadable or foreign file is an empty cache, never an error.
 * No entry is trusted for longer than its status's lifetime from now.
 */
async function readCacheFile(file: string, now: number, lifetimeMs: (status: CacheableStatus) => number): Promise<LoadedFile> {
  const entries = new Map<string, CachedVerdict>();
  let text: string;
  let version: string | undefined;
  try {
    version = await fileVersion(file);
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { entries, version, problem: code === 'ENOENT' ? undefined : `unreadable (${code ?? 'error'})` };
  }
  const lines = text.split('\n');
  if (!isHeader(lines[0])) {
    return { entries, version, problem: text.trim() === '' ? undefined : 'not a Preflight DNS cache (started afresh)' };
  }
  let skipped = 0;
  let distant = 0;
  for (let index = 1; index < lines.length; index++) {
    const raw = lines[index];
    if (!raw) continue;
    let parsed: [string, CachedVerdict] | undefined;
    try {
      parsed = fromLine(JSON.parse(raw));
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      skipped++;
      continue;
    }
    const entry = parsed[1];
    if (entry.expiresAt > now + lifetimeMs(entry.status)) {
      // No save of ours writes that (hand-edited, hostile, or our clock went back): not evidence, ask again.
      distant++;
      continue;
    }
    if (entry.expiresAt > now) entries.set(parsed[0], entry);
  }
  const problems: string[] = [];
  if (skipped > 0) problems.push(`${skipped} unreadable line${skipped === 1 ? '' : 's'} skipped`);
  if (distant > 0) problems.push(`${distant} line${distant === 1 ? '' : 's'} expiring beyond the cache's lifetimes skipped`);
  return { entries, version, problem: problems.length > 0 ? problems.join('; ') : undefined };
}

function isHeader(line: string | undefined): boolean {
  if (!line) return false;
  try {
    const header = JSON.parse(line) as { format?: unknown; version?: unknown };
    return header.format === FORMAT && header.version === VERSION;
  } catch {
    return false;
  }
}

/**
 * A cache folder that cannot be written is found when the cache is opened, before
 * any DNS work, not after a long run's answers have been gathered: create it,
 * then create and remove a probe file in it.
 */
async function ensureWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.preflight-probe.${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(probe, 'wx');
    await handle.close();
    await rm(probe, { force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(
      'output_unwritable',
      `The DNS cache folder ${dir} cannot be written (${code}): choose another folder with --cache-dir (or PREFLIGHT_CACHE_DIR).`,
      `The DNS cache folder ${dir} cannot be written (${code}): make it writable for your user (or free some disk space), then check the list again.`,
    );
  }
}

/**
 * Hold the cache's lock while merging and writing. Another run holding it is
 * waited for (up to about 10 s); a lock left by a run that died goes stale after
 * 10 s and is taken over.
 */
async function lockCacheFile(file: string): Promise<() => Promise<void>> {
  // Loaded only when a cache is saved: proper-lockfile's signal-exit installs handlers
  // for SIGXFSZ, SIGINT and others at load and re-raises them, which killed an offline
  // check under a file-size limit instead of letting the write fail with EFBIG
  // (test/cli/full-disk.test.ts).
  const { lock } = await import('proper-lockfile');
  try {
    return await lock(file, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 30, factor: 1.3, minTimeout: 20, maxTimeout: 1000 },
      // The default throws from a timer (an uncaught exception); losing the lock
      // mid-save only risks a lost merge, which the next save repairs.
      onCompromised: () => undefined,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ELOCKED' ? 'another Preflight run kept it locked' : code;
    throw new UserError('output_unwritable', `The DNS cache could not be saved in ${path.dirname(file)} (${why}).`);
  }
}

/** Changes whenever another writer replaces the file. */
async function fileVersion(file: string): Promise<string | undefined> {
  try {
    const info = await stat(file);
    return `${info.mtimeMs}:${info.size}:${info.ino}`;
  } catch {
    return undefined;
  }
}

/** Write a temp file beside the target, flush it, then rename over the target: readers see the old file or the new one. */
async function writeAtomically(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError('output_unwritable', `The DNS cache could not be saved in ${dir} (${code}).`);
  }
}

// Windows refuses to replace a file another process (a virus scanner, the other
// Preflight) has open for a moment: retry briefly before giving up.
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}
