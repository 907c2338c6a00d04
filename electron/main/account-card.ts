// The SES account card for the app's Columns screen: read live from SES, or,
// when SES cannot be asked (no network, expired session, AccessDenied…), the
// account data saved by the last check with the account, together with the
// sentence that says why. The same fallback rule as the check's account stage
// (electron/services/ses/account-evidence.ts): anything but a cancel falls back
// when something was saved; with nothing saved, the sentence is the answer.
import { appSentence } from '../../shared/model/errors';
import type { AccountCardRequest, AccountCardResult } from '../../shared/ipc/contract';
import type { AccountCard } from '../../shared/model/ses';
import { productionAccessAdvice } from '../../shared/model/ses';

export interface AccountCardReader {
  /** Reads one card; a newer request cancels an older one still waiting on SES. */
  read(request: AccountCardRequest): Promise<AccountCardResult>;
  /** Profile names from ~/.aws (names only). */
  profiles(): Promise<string[]>;
  dispose(): void;
}

export function createAccountCardReader(cacheDir: string): AccountCardReader {
  let inFlight: AbortController | null = null;
  return {
    async read(request) {
      inFlight?.abort();
      const controller = new AbortController();
      inFlight = controller;
      try {
        return await readAccountCard(request, cacheDir, controller.signal);
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    async profiles() {
      // Loaded on first use: the AWS SDK is large and most sessions never need it.
      const { listProfiles } = await import('../services/ses/client');
      return listProfiles();
    },
    dispose() {
      inFlight?.abort();
      inFlight = null;
    },
  };
}

export async function readAccountCard(request: AccountCardRequest, cacheDir: string, signal?: AbortSignal): Promise<AccountCardResult> {
  const [{ getAccountCard }, { describeSesError }] = await Promise.all([
    import('../services/ses/account'),
    import('../services/ses/errors'),
  ]);
  const { profile, region } = request;
  try {
    return { source: 'live', card: await getAccountCard({ profile, region, cacheDir, signal }) };
  } catch (error) {
    const failure = describeSesError(error, { profile, region, action: 'ses:GetAccount' });
    if (failure.kind === 'cancelled') throw failure;
    const saved = await savedCard(request, cacheDir);
    if (!saved) throw failure;
    return { source: 'saved', card: saved.card, savedAt: saved.savedAt, error: appSentence(failure) };
  }
}

/** What the last check with this profile and region saved, as a card; null when nothing was. */
async function savedCard(request: AccountCardRequest, cacheDir: string): Promise<{ card: AccountCard; savedAt: string } | null> {
  const [{ createSesClient, resolveRegion, accountKeyFor }, { loadSavedAccount }, { loadSuppressionSnapshot }] = await Promise.all([
    import('../services/ses/client'),
    import('../services/ses/account-evidence'),
    import('../services/ses/suppression'),
  ]);
  let region = request.region;
  if (!region) {
    // The profile's or the environment's region, read locally (no network).
    try {
      const client = createSesClient({ profile: request.profile });
      try {
        region = await resolveRegion(client);
      } finally {
        client.destroy();
      }
    } catch {
      return null;
    }
  }
  const accountKey = accountKeyFor(request.profile);
  const location = { cacheDir, region, accountKey };
  const [saved, snapshot] = await Promise.all([loadSavedAccount(location), loadSuppressionSnapshot(location)]);
  if (!saved) return null;
  const card: AccountCard = {
    profile: accountKey,
    account: saved.account,
    suppression: snapshot ? { snapshotAt: snapshot.syncedAt, entries: snapshot.entries.size } : null,
    ...(saved.account.productionAccessEnabled ? {} : { productionAccess: productionAccessAdvice(region) }),
  };
  return { card, savedAt: saved.fetchedAt };
}
