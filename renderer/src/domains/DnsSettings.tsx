// The Columns screen's domain-check settings: on or off, whose resolvers
// answer (the system's, or servers the user lists), and how many queries may
// be in flight. Remembered for the next list when a check starts.
import { SwitchField } from '../app/SwitchField';
import { useId } from 'react';
import type { ColumnsDraft, DraftProblem } from '../columns/draft';
import { MAX_CONCURRENCY, MAX_DNS_SERVERS, MIN_CONCURRENCY } from './servers';
import './domains.css';

type DnsDraft = Pick<ColumnsDraft, 'checkDomains' | 'dnsMode' | 'dnsServers' | 'dnsConcurrency'>;

interface DnsSettingsProps {
  draft: DnsDraft;
  problems: Partial<Record<DraftProblem, string>>;
  onChange: (patch: Partial<DnsDraft>) => void;
}

export function DnsSettings({ draft, problems, onChange }: DnsSettingsProps) {
  const ids = { title: useId(), servers: useId(), concurrency: useId(), resolvers: useId() };
  const off = !draft.checkDomains;
  return (
    <section className="panel settings-panel dns-settings" aria-labelledby={ids.title}>
      <h2 id={ids.title}>Domain checks</h2>
      <SwitchField
        label="Check that each domain accepts mail"
        checked={draft.checkDomains}
        onChange={(checkDomains) => onChange({ checkDomains })}
        hint={
          off
            ? 'Off: domain checks are skipped. Rows on dead domains may still bounce.'
            : 'Looks up each domain’s mail servers in DNS. Only domain names are sent, never addresses.'
        }
      />

      <fieldset className="field resolver-choice" disabled={off} aria-describedby={`${ids.resolvers}-hint`}>
        <legend className="label">Resolvers</legend>
        <label className="radio">
          <input type="radio" name={ids.resolvers} checked={draft.dnsMode === 'system'} onChange={() => onChange({ dnsMode: 'system' })} />
          Your system’s DNS resolvers
        </label>
        <label className="radio">
          <input
            type="radio"
            name={ids.resolvers}
            checked={draft.dnsMode === 'servers'}
            onChange={() => onChange({ dnsMode: 'servers' })}
          />
          These DNS servers
        </label>
        {draft.dnsMode === 'servers' && (
          <div className="resolver-servers">
            <label htmlFor={ids.servers} className="visually-hidden">
              DNS servers
            </label>
            <input
              id={ids.servers}
              type="text"
              value={draft.dnsServers}
              onChange={(event) => onChange({ dnsServers: event.target.value })}
              placeholder="192.0.2.53, [2001:db8::53]:5353"
              aria-invalid={problems.dnsServers ? true : undefined}
              aria-describedby={`${ids.servers}-hint`}
              spellCheck={false}
              autoComplete="off"
            />
            <p className={problems.dnsServers ? 'field-error' : 'field-hint'} id={`${ids.servers}-hint`}>
              {problems.dnsServers ?? `IP addresses, with a port if not 53; up to ${MAX_DNS_SERVERS}, separated by commas.`}
            </p>
          </div>
        )}
        <p className="field-hint" id={`${ids.resolvers}-hint`}>
          Answers are kept on this computer, so the next check asks again only what has expired or did not answer.
        </p>
      </fieldset>

      <div className="field">
        <label htmlFor={ids.concurrency}>Queries in flight</label>
        <div className="input-with-unit">
          <input
            id={ids.concurrency}
            type="text"
            inputMode="numeric"
            value={draft.dnsConcurrency}
            disabled={off}
            onChange={(event) => onChange({ dnsConcurrency: event.target.value })}
            aria-invalid={problems.dnsConcurrency ? true : undefined}
            aria-describedby={`${ids.concurrency}-hint`}
          />
          <span className="unit">at once</span>
        </div>
        <p className={problems.dnsConcurrency ? 'field-error' : 'field-hint'} id={`${ids.concurrency}-hint`}>
          {problems.dnsConcurrency ?? `${MIN_CONCURRENCY}–${MAX_CONCURRENCY}. Lower it if your network or resolver struggles.`}
        </p>
      </div>
    </section>
  );
}
