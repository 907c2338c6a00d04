// SES's mailbox answers, kept so that nothing is asked (or billed) twice: one file
// per account and region, <cache folder>/ses/<profile>/<region>/mailbox-insights.json,
// next to the suppression snapshot. Each answer keeps the moment it was given;
// answers older than MAILBOX_ANSWER_MAX_AGE_DAYS are asked again. The file is
// written atomically (temporary file, then rename), so a crash or a cancel leaves
// the previous file or the new one, never half of one.
//
// A file that does not read back whole is refused with one sentence: read as
// empty it would make the next check pay again for every address in it.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../../../shared/model/errors';
import {
  CONFIDENCES,
  MAILBOX_ANSWER_MAX_AGE_DAYS,
  MAILBOX_EVALUATIONS,
  type MailboxInsight,
  type SavedMailboxInsight,
} from '../../../shared/model/mailbox';
import { outputError } from '../export/output-errors';
import { writeFileAtomic } from '../files/atomic-write';
import { accountCacheFolder, type SnapshotLocation } from './suppression';

const FILE_FORMAT = 'preflight-ses-mailbox-insights';
const DAY_MS = 86_400_000;

interface InsightsFile {
  format: typeof FILE_FORMAT;
  version: 1;
  accountKey: string;
  region: string;
  /** Lower-case address → [verdict, { evaluation: confidence }, answeredAt]. */
  entries: Record<string, [MailboxInsight['verdict'], MailboxInsight['evaluations'], string]>;
}

export function insightsCachePath(location: SnapshotLocation): string {
  return join(accountCacheFolder(location), 'mailbox-insights.json');
}

export class MailboxInsightCache {
  private dirty = false;
  /** Saves run one after another: a slow earlier save must never land after a later, fuller one. */
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly location: SnapshotLocation,
    private readonly entries: Map<string, SavedMailboxInsight>,
  ) {}

  /** The saved answers of this account and region (none yet: an empty cache). */
  static async open(location: SnapshotLocation): Promise<MailboxInsightCache> {
    const path = insightsCachePath(location);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return new MailboxInsightCache(location, new Map());
      throw damaged(path, `it cannot be read (${code ?? 'unknown error'})`);
    }
    let file: unknown;
    try {
      file = JSON.parse(text);
    } catch {
      throw damaged(path, 'it is cut short or garbled');
    }
    const problem = fileProblem(file);
    if (problem) throw damaged(path, problem);
    const entries = new Map<string, SavedMailboxInsight>();
    for (const [address, [verdict, evaluations, at]] of Object.entries((file as InsightsFile).entries))
      entries.set(address, { verdict, evaluations, at });
    return new MailboxInsightCache(location, entries);
  }

  /** The saved answer for an address, if SES gave it less than the maximum age ago. */
  fresh(address: string, now: number): SavedMailboxInsight | undefined {
    const saved = this.entries.get(address.toLowerCase());
    if (!saved) return undefined;
    const age = now - Date.parse(saved.at);
    return age <= MAILBOX_ANSWER_MAX_AGE_DAYS * DAY_MS ? saved : undefined;
  }

  put(address: string, insight: MailboxInsight, at: string): void {
    this.entries.set(address.toLowerCase(), { verdict: insight.verdict, evaluations: { ...insight.evaluations }, at });
    this.dirty = true;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Writes the file when answers were added since the last save (after any save still under way). */
  save(): Promise<void> {
    const next = this.saving.catch(() => {}).then(() => this.write());
    this.saving = next;
    return next;
  }

  private async write(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    // An answer past the maximum age is asked again, never used: it is not kept, so the file does not grow for ever.
    const oldest = Date.now() - MAILBOX_ANSWER_MAX_AGE_DAYS * DAY_MS;
    for (const [address, saved] of this.entries) if (Date.parse(saved.at) < oldest) this.entries.delete(address);
    const path = insightsCachePath(this.location);
    const file: InsightsFile = {
      format: FILE_FORMAT,
      version: 1,
      accountKey: this.location.accountKey,
      region: this.location.region,
      entries: Object.fromEntries([...this.entries].map(([address, saved]) => [address, [saved.verdict, saved.evaluations, saved.at]])),
    };
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, JSON.stringify(file));
    } catch (error) {
      this.dirty = true;
      throw outputError(error, dirname(path));
    }
  }
}

function damaged(path: string, why: string): UserError {
  return new UserError(
    'ses_failed',
    `The saved SES mailbox answers ${path} are damaged (${why}), so they cannot be trusted: move the file away and check again ` +
      '(SES is then asked again about those addresses, and bills them again).',
  );
}

const isTimestamp = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isConfidence = (value: unknown): boolean => typeof value === 'string' && (CONFIDENCES as readonly string[]).includes(value);

function fileProblem(file: unknown): string | null {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return 'it is not a file of saved answers';
  const f = file as Partial<Record<keyof InsightsFile, unknown>>;
  if (f.format !== FILE_FORMAT || f.version !== 1) return 'it is not a Preflight answers file of a version this one reads';
  if (typeof f.entries !== 'object' || f.entries === null || Array.isArray(f.entries)) return 'its entries are missing';
  for (const [address, entry] of Object.entries(f.entries as Record<string, unknown>)) {
    if (!address.includes('@') || address !== address.toLowerCase()) return `the entry "${address}" is not a lower-case address`;
    if (!Array.isArray(entry) || entry.length !== 3) return `the entry for ${address} is not [verdict, evaluations, time]`;
    const [verdict, evaluations, at] = entry as unknown[];
    if (!isConfidence(verdict)) return `the entry for ${address} has the unknown verdict ${JSON.stringify(verdict)}`;
    if (typeof evaluations !== 'object' || evaluations === null || Array.isArray(evaluations))
      return `the entry for ${address} has no evaluations`;
    for (const [name, value] of Object.entries(evaluations)) {
      if (!(MAILBOX_EVALUATIONS as readonly string[]).includes(name) || !isConfidence(value))
        return `the entry for ${address} has an unknown evaluation`;
    }
    if (!isTimestamp(at)) return `the entry for ${address} has an unreadable time`;
  }
  return null;
}
