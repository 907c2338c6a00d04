// Where the DNS cache (and later the SES snapshots) live by default. The app and
// the CLI both use this folder, so a list checked in one is warm in the other;
// `--cache-dir DIR` or PREFLIGHT_CACHE_DIR override it.
import { homedir } from 'node:os';
import path from 'node:path';

export interface CacheDirContext {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export function defaultCacheDir(context: CacheDirContext = {}): string {
  const env = context.env ?? process.env;
  const platform = context.platform ?? process.platform;
  const home = context.home ?? homedir();

  const override = env.PREFLIGHT_CACHE_DIR?.trim();
  if (override) return path.resolve(override);

  if (platform === 'win32') {
    const localAppData = env.LOCALAPPDATA?.trim() || path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(localAppData, 'Preflight', 'Cache');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'Preflight');
  // XDG Base Directory spec: a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME?.trim();
  const base = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache');
  return path.posix.join(base, 'preflight');
}
