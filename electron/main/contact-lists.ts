// The Columns screen's contact-list picker (account:contact-lists): the SES
// account's contact lists and each one's topics, read live. The check reads the
// chosen list's opt-outs itself (electron/engine/contact-list-stage.ts); this only
// offers the names, so a failure is the picker's sentence and never the check's.
import type { AccountCardRequest, ContactListsResult } from '../../shared/ipc/contract';
import { isUserError } from '../../shared/model/errors';

export async function readContactLists(request: AccountCardRequest): Promise<ContactListsResult> {
  // Loaded on first use: the AWS SDK is large and most sessions never need it.
  const [{ createSesClient, resolveRegion }, { listContactLists, contactListTopics }, { describeSesError }] = await Promise.all([
    import('../services/ses/client'),
    import('../services/ses/contact-list'),
    import('../services/ses/errors'),
  ]);
  const { profile, region: asked } = request;
  let action = 'ses:ListContactLists';
  const client = createSesClient({ profile, region: asked });
  try {
    const region = await resolveRegion(client);
    const names = await listContactLists(client, region);
    action = 'ses:GetContactList';
    const lists: ContactListsResult['lists'] = [];
    // SES allows one contact list per account: one GetContactList, in practice.
    for (const name of names) lists.push({ name, topics: await contactListTopics(client, name) });
    return { region, lists };
  } catch (error) {
    if (isUserError(error)) throw error;
    throw describeSesError(error, { profile, region: asked, action });
  } finally {
    client.destroy();
  }
}
