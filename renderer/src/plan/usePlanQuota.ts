// The quota of the SES account the check used, read live when the Plan screen
// opens (SentLast24Hours moves by the minute), with the sentence saying why a
// plan cannot be made for it (the sandbox) or why SES could not be asked.
import { useCallback, useEffect, useState } from 'react';
import type { PlanQuotaReading } from '../../../shared/ipc/contract';
import { invoke, messageOf } from '../app/api';

export type PlanQuotaState =
  { status: 'none' } | { status: 'loading' } | { status: 'ready'; reading: PlanQuotaReading } | { status: 'failed'; message: string };

/** @param account the profile and region the check read, or null when it used no SES account */
export function usePlanQuota(account: { profile?: string; region: string } | null): { state: PlanQuotaState; retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const profile = account?.profile;
  const region = account?.region;
  const key = JSON.stringify([profile, region, attempt]);
  const [answer, setAnswer] = useState<{ key: string; reading: PlanQuotaReading } | { key: string; message: string } | null>(null);

  useEffect(() => {
    if (!region) return;
    let live = true;
    invoke('plan:quota', { ...(profile ? { profile } : {}), region }).then(
      (reading) => {
        if (live) setAnswer({ key, reading });
      },
      (error: unknown) => {
        if (live) setAnswer({ key, message: messageOf(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [profile, region, key]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  let state: PlanQuotaState;
  if (!region) state = { status: 'none' };
  else if (answer?.key !== key) state = { status: 'loading' };
  else state = 'reading' in answer ? { status: 'ready', reading: answer.reading } : { status: 'failed', message: answer.message };
  return { state, retry };
}
