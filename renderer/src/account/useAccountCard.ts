// The SES account card and the AWS profile names, asked of the main process
// only while the user wants the account used. A slower answer for a profile or
// region the user has since changed is dropped.
import { useCallback, useEffect, useState } from 'react';
import type { AccountCardResult } from '../../../shared/ipc/contract';
import { invoke, messageOf } from '../app/api';

export type AccountCardState =
  | { status: 'idle' }
  | { status: 'loading'; previous: AccountCardResult | null }
  | { status: 'ready'; result: AccountCardResult }
  | { status: 'failed'; message: string };

export function useAccountCard(
  enabled: boolean,
  profile: string | null,
  region: string | null,
): { state: AccountCardState; refresh(): void } {
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify([profile, region, attempt]);
  // The latest answer, and which request it answered: while a newer one is on its way, the old card stays in view.
  const [answer, setAnswer] = useState<{ key: string; result: AccountCardResult } | { key: string; message: string } | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    invoke('account:card', { ...(profile ? { profile } : {}), ...(region ? { region } : {}) }).then(
      (result) => {
        if (live) setAnswer({ key, result });
      },
      (error: unknown) => {
        if (live) setAnswer({ key, message: messageOf(error) });
      },
    );
    return () => {
      // Switched off or changed: whatever is still on its way is stale.
      live = false;
    };
  }, [enabled, profile, region, key]);

  const refresh = useCallback(() => setAttempt((value) => value + 1), []);
  let state: AccountCardState;
  if (!enabled) state = { status: 'idle' };
  else if (answer?.key !== key) state = { status: 'loading', previous: answer && 'result' in answer ? answer.result : null };
  else state = 'result' in answer ? { status: 'ready', result: answer.result } : { status: 'failed', message: answer.message };
  return { state, refresh };
}

/** Profile names from ~/.aws, loaded once the account is wanted; [] when there are none. */
export function useAwsProfiles(enabled: boolean): string[] | null {
  const [profiles, setProfiles] = useState<string[] | null>(null);
  useEffect(() => {
    if (!enabled || profiles !== null) return;
    let live = true;
    invoke('account:profiles').then(
      (names) => {
        if (live) setProfiles(names);
      },
      () => {
        if (live) setProfiles([]);
      },
    );
    return () => {
      live = false;
    };
  }, [enabled, profiles]);
  return profiles;
}
