// The app's preferences in the renderer: loaded once from the main process,
// read by any screen (useSyncExternalStore), and saved as a whole after each
// change, one write after another so an older write never lands last.
import { useSyncExternalStore } from 'react';
import type { AppPreferences } from '../../../shared/ipc/contract';
import { invoke } from './api';

let current: AppPreferences | null = null;
let loading: Promise<AppPreferences | null> | null = null;
let writes: Promise<unknown> = Promise.resolve();
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of [...listeners]) listener();
}

/** Loads the preferences once; null when they could not be read (the defaults apply). */
export function loadPreferences(): Promise<AppPreferences | null> {
  loading ??= invoke('prefs:get').then(
    (loaded) => {
      current = loaded;
      notify();
      return loaded;
    },
    () => null,
  );
  return loading;
}

export function currentPreferences(): AppPreferences | null {
  return current;
}

/**
 * Merges a change into the saved preferences. Only once they have loaded: a
 * write built on the defaults would wipe what the user saved. A failed write
 * is no reason to stop anything; the value simply is not remembered.
 */
export function savePreferences(patch: Partial<AppPreferences>): void {
  if (!current) return;
  const next: AppPreferences = { ...current, ...patch };
  for (const key of Object.keys(next) as (keyof AppPreferences)[]) {
    if (next[key] === undefined) delete next[key];
  }
  if (JSON.stringify(next) === JSON.stringify(current)) return;
  current = next;
  notify();
  writes = writes.then(() => invoke('prefs:set', next)).catch(() => undefined);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The preferences as a React value: re-renders when they load or change. */
export function usePreferences(): AppPreferences | null {
  return useSyncExternalStore(subscribe, currentPreferences);
}
