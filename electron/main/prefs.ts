// The app's preferences in <dataDir>/prefs.json: validated on every read (a
// hand-edited or half-written file falls back to the defaults, it never breaks
// the app) and written atomically (a temp file, then rename).

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AppPreferences } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/model/check';
import { DEFAULT_BOUNCE_TARGET } from '../../shared/risk/forecast';
import { appPreferencesSchema } from './ipc-schemas';
import type { Logger } from './log';

export const DEFAULT_PREFERENCES: AppPreferences = {
  dnsServers: [],
  dnsConcurrency: DEFAULT_SETTINGS.dns.concurrency,
  consentMaxAgeDays: DEFAULT_SETTINGS.consentMaxAgeDays,
  inactiveAfterDays: DEFAULT_SETTINGS.inactiveAfterDays,
  bounceTarget: DEFAULT_BOUNCE_TARGET,
};

export class PreferencesStore {
  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  async get(): Promise<AppPreferences> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`Preferences: cannot read ${this.file}; using defaults`, error);
      return { ...DEFAULT_PREFERENCES };
    }
    try {
      const parsed = appPreferencesSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.log.warn(`Preferences: ${this.file} is not valid (${parsed.error.issues[0]?.message ?? 'unknown'}); using defaults`);
    } catch {
      this.log.warn(`Preferences: ${this.file} is not JSON; using defaults`);
    }
    return { ...DEFAULT_PREFERENCES };
  }

  async set(preferences: AppPreferences): Promise<AppPreferences> {
    const valid = appPreferencesSchema.parse(preferences);
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify(valid, null, 2)}\n`, 'utf8');
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return valid;
  }
}
