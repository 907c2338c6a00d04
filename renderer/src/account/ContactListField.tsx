// The SES panel's contact list: the account's lists (and each one's topics) are
// read when the account is used, and the user picks one, or none. The check
// removes the list's contacts who unsubscribed from everything, and, with a
// topic, those who opted out of it (electron/engine/contact-list-stage.ts).
import { useEffect, useId, useState } from 'react';
import type { ContactListsResult } from '../../../shared/ipc/contract';
import { invoke, messageOf } from '../app/api';
import type { ColumnsDraft } from '../columns/draft';

type ContactListDraft = Pick<ColumnsDraft, 'contactList' | 'contactTopic'>;

type ListsState = { key: string; result: ContactListsResult } | { key: string; message: string } | null;

interface ContactListFieldProps {
  profile: string | null;
  region: string | null;
  draft: ContactListDraft;
  onChange: (patch: Partial<ContactListDraft>) => void;
}

export function ContactListField({ profile, region, draft, onChange }: ContactListFieldProps) {
  const ids = { list: useId(), topic: useId() };
  const key = JSON.stringify([profile, region]);
  const [answer, setAnswer] = useState<ListsState>(null);

  useEffect(() => {
    let live = true;
    invoke('account:contact-lists', { ...(profile ? { profile } : {}), ...(region ? { region } : {}) }).then(
      (result) => {
        if (live) setAnswer({ key, result });
      },
      (error: unknown) => {
        if (live) setAnswer({ key, message: messageOf(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [profile, region, key]);

  const current = answer?.key === key ? answer : null;
  const lists = current && 'result' in current ? current.result.lists : [];
  const chosen = lists.find((list) => list.name === draft.contactList) ?? null;
  const listOptions =
    draft.contactList && !chosen ? [...lists.map((list) => list.name), draft.contactList] : lists.map((list) => list.name);

  let hint: string;
  let failed = false;
  if (!current) hint = 'Reading the account’s contact lists…';
  else if ('message' in current) {
    hint = current.message;
    failed = true;
  } else if (lists.length === 0) hint = `This SES account has no contact lists in ${current.result.region}.`;
  else if (!draft.contactList) hint = 'Removes the contacts of an SES contact list who unsubscribed through SES.';
  else if (!draft.contactTopic)
    hint = 'Removes the list’s contacts who unsubscribed from everything. Choose the campaign’s topic to honour its opt-outs too.';
  else hint = `Removes the list’s contacts who unsubscribed from everything or from “${draft.contactTopic}”.`;

  return (
    <div className="contact-list-field" data-testid="contact-list-field">
      <div className="field-row">
        <div className="field">
          <label htmlFor={ids.list}>
            SES contact list <span className="optional">optional</span>
          </label>
          <select
            id={ids.list}
            value={draft.contactList ?? ''}
            disabled={!current || (lists.length === 0 && !draft.contactList)}
            aria-describedby={`${ids.list}-hint`}
            onChange={(event) => onChange({ contactList: event.target.value || null, contactTopic: null })}
          >
            <option value="">None</option>
            {listOptions.map((name) => (
              <option key={name} value={name}>
                {current && 'result' in current && !lists.some((list) => list.name === name) ? `${name} (not in this account)` : name}
              </option>
            ))}
          </select>
        </div>
        {draft.contactList && (
          <div className="field">
            <label htmlFor={ids.topic}>
              Topic <span className="optional">optional</span>
            </label>
            <select
              id={ids.topic}
              value={draft.contactTopic ?? ''}
              disabled={!chosen}
              aria-describedby={`${ids.list}-hint`}
              onChange={(event) => onChange({ contactTopic: event.target.value || null })}
            >
              <option value="">None</option>
              {(chosen?.topics ?? (draft.contactTopic ? [draft.contactTopic] : [])).map((topic) => (
                <option key={topic} value={topic}>
                  {topic}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <p className={failed ? 'field-error' : 'field-hint'} id={`${ids.list}-hint`} data-testid="contact-list-hint">
        {hint}
      </p>
    </div>
  );
}
