// The Columns screen's SES account settings: use the account or not, which
// AWS profile and region, the From identity whose readiness to check, the SES
// contact list (and topic) whose opt-outs to remove, and the
// account card for that choice. Profile and region are remembered at once;
// Preflight never sees or stores a secret (the AWS SDK reads ~/.aws itself).
import { SwitchField } from '../app/SwitchField';
import { useId } from 'react';
import { SES_REGIONS } from '../../../shared/model/ses';
import { savePreferences } from '../app/prefs';
import type { ColumnsDraft, DraftProblem } from '../columns/draft';
import { VerifyMailboxesField } from '../mailboxes/VerifyMailboxesField';
import { AccountCardView } from './AccountCardView';
import { ContactListField } from './ContactListField';
import { useAccountCard, useAwsProfiles } from './useAccountCard';
import './account.css';

type SesDraft = Pick<
  ColumnsDraft,
  | 'useSes'
  | 'awsProfile'
  | 'awsRegion'
  | 'fromIdentity'
  | 'verifyMailboxes'
  | 'verifyLimit'
  | 'verifyConfigurationSet'
  | 'contactList'
  | 'contactTopic'
>;

interface SesPanelProps {
  draft: SesDraft;
  problems: Partial<Record<DraftProblem, string>>;
  onChange: (patch: Partial<SesDraft>) => void;
}

export function SesPanel({ draft, problems, onChange }: SesPanelProps) {
  const ids = { title: useId(), profile: useId(), region: useId(), from: useId() };
  const profiles = useAwsProfiles(draft.useSes);
  const card = useAccountCard(draft.useSes, draft.awsProfile, draft.awsRegion);
  const profileOptions =
    profiles && draft.awsProfile && !profiles.includes(draft.awsProfile) ? [...profiles, draft.awsProfile] : (profiles ?? []);
  const regionOptions = draft.awsRegion && !SES_REGIONS.includes(draft.awsRegion) ? [...SES_REGIONS, draft.awsRegion] : SES_REGIONS;

  function choose(patch: Pick<Partial<SesDraft>, 'awsProfile' | 'awsRegion'>) {
    // Another account or region has its own contact lists.
    onChange({ ...patch, contactList: null, contactTopic: null });
    const next = { awsProfile: draft.awsProfile, awsRegion: draft.awsRegion, ...patch };
    savePreferences({ awsProfile: next.awsProfile ?? undefined, awsRegion: next.awsRegion ?? undefined });
  }

  return (
    <section className="panel settings-panel ses-panel" aria-labelledby={ids.title}>
      <h2 id={ids.title}>SES account</h2>
      <SwitchField
        label="Use my SES account"
        checked={draft.useSes}
        onChange={(useSes) => onChange({ useSes })}
        hint="Removes addresses on your SES suppression list and, in the sandbox, unverified recipients; shows your quotas. Uses your AWS credentials from ~/.aws: Preflight stores no keys."
      />

      {draft.useSes && (
        <>
          <div className="field-row">
            <div className="field">
              <label htmlFor={ids.profile}>AWS profile</label>
              <select
                id={ids.profile}
                value={draft.awsProfile ?? ''}
                onChange={(event) => choose({ awsProfile: event.target.value || null })}
              >
                <option value="">Default credentials</option>
                {profileOptions.map((name) => (
                  <option key={name} value={name}>
                    {profiles?.includes(name) ? name : `${name} (not in ~/.aws)`}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.region}>Region</label>
              <select id={ids.region} value={draft.awsRegion ?? ''} onChange={(event) => choose({ awsRegion: event.target.value || null })}>
                <option value="">The profile’s region</option>
                {regionOptions.map((region) => (
                  <option key={region} value={region}>
                    {region}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <AccountCardView state={card.state} onRefresh={card.refresh} />
          <div className="field from-field">
            <label htmlFor={ids.from}>
              From address or domain <span className="optional">optional</span>
            </label>
            <input
              id={ids.from}
              type="text"
              value={draft.fromIdentity}
              onChange={(event) => onChange({ fromIdentity: event.target.value })}
              placeholder="news@example.com"
              aria-invalid={problems.fromIdentity ? true : undefined}
              aria-describedby={`${ids.from}-hint`}
              spellCheck={false}
              autoComplete="off"
              maxLength={320}
            />
            <p className={problems.fromIdentity ? 'field-error' : 'field-hint'} id={`${ids.from}-hint`}>
              {problems.fromIdentity ?? 'Checks that SES and DNS are ready to send as it: verification, DKIM, SPF, DMARC, MAIL FROM.'}
            </p>
          </div>
          <ContactListField profile={draft.awsProfile} region={draft.awsRegion} draft={draft} onChange={onChange} />
          <VerifyMailboxesField
            draft={draft}
            problem={problems.verifyLimit}
            setProblem={problems.verifyConfigurationSet}
            onChange={onChange}
          />
        </>
      )}
    </section>
  );
}
