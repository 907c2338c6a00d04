// The Review screen's Domains part: what DNS said about the list's domains,
// the busiest first, with the report's summary and, when some domains did not
// answer, a Retry that runs the same check again. Answers already in the DNS
// cache are not asked again and unanswered domains are never cached, so the
// retry queries only those.
import { useEffect, useId, useMemo, useState } from 'react';
import type { DomainRow, Report } from '../../../shared/model/check';
import { invoke, messageOf } from '../app/api';
import { formatCount, plural } from '../app/format';
import { AlertIcon, InfoIcon } from '../app/icons';
import type { DomainStatusText } from './statuses';
import { DOMAIN_STATUS_ORDER, domainStatusText } from './statuses';
import './domains.css';

interface DomainsViewProps {
  jobId: string;
  report: Report;
  onRetry: () => void;
  onEditSettings: () => void;
}

// The largest answer domains:list gives: enough for any list's view, small over IPC (~50 bytes a domain).
const FETCH_LIMIT = 10_000;
const PAGE = 100;

export function DomainsView({ jobId, report, onRetry, onEditSettings }: DomainsViewProps) {
  const [domains, setDomains] = useState<DomainRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const ids = { summary: useId(), table: useId() };

  useEffect(() => {
    let live = true;
    invoke('domains:list', jobId, FETCH_LIMIT).then(
      (rows) => {
        if (live) setDomains(rows);
      },
      (failure: unknown) => {
        if (live) setError(messageOf(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [jobId]);

  const summary = report.domains;
  const byStatus = summary?.byStatus ?? {};
  const unresolved = byStatus['dns_unresolved'] ?? 0;
  const checksOff = report.settings.offline || report.settings.dns === 'off';
  const counts = useMemo(() => {
    const found = new Map<string, { domains: number; rows: number }>();
    for (const domain of domains ?? []) {
      const entry = found.get(domain.status) ?? { domains: 0, rows: 0 };
      entry.domains += 1;
      entry.rows += domain.rows;
      found.set(domain.status, entry);
    }
    return found;
  }, [domains]);
  const statuses = [
    ...DOMAIN_STATUS_ORDER.filter((code) => counts.has(code)),
    ...[...counts.keys()].filter((code) => !(DOMAIN_STATUS_ORDER as readonly string[]).includes(code)),
  ];
  const filtered = useMemo(() => (domains ?? []).filter((domain) => status === null || domain.status === status), [domains, status]);
  const visible = filtered.slice(0, shown);

  return (
    <div className="domains-view" data-testid="domains-view">
      {unresolved > 0 && (
        <div className="callout callout-warning domains-retry" data-testid="unresolved-callout">
          <AlertIcon size={18} />
          <div>
            <p className="callout-title">{plural(unresolved, 'domain')} did not answer DNS</p>
            <p>
              Their rows are kept for review, not removed. A retry runs the check again: answers already saved are reused, so only{' '}
              {unresolved === 1 ? 'this domain is' : 'these domains are'} asked again.
            </p>
          </div>
          <button type="button" className="button retry-button" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
      <section className="panel domains-summary" aria-labelledby={ids.summary}>
        <h2 id={ids.summary}>Domain checks</h2>
        {checksOff ? (
          <div className="callout callout-info">
            <InfoIcon size={18} />
            <div>
              <p>
                Domains were not checked in this run ({report.settings.offline ? 'offline' : 'domain checks were off'})
                {summary && summary.rowsUnchecked > 0
                  ? `: ${plural(summary.rowsUnchecked, 'row')} may still bounce on domains that take no mail.`
                  : '.'}
              </p>
              <button type="button" className="link-button" onClick={onEditSettings}>
                Change the domain-check settings
              </button>
            </div>
          </div>
        ) : (
          <dl className="fact-list domains-facts" data-testid="domain-summary">
            <dt>Domains checked</dt>
            <dd>{formatCount(summary?.checked ?? 0)}</dd>
            <dt>Answered from the cache</dt>
            <dd>{formatCount(summary?.fromCache ?? 0)}</dd>
            {summary && summary.rowsUnchecked > 0 && (
              <>
                <dt>Rows not checked</dt>
                <dd>{formatCount(summary.rowsUnchecked)}</dd>
              </>
            )}
            {DOMAIN_STATUS_ORDER.filter((code) => (byStatus[code] ?? 0) > 0).map((code) => (
              <StatusFact key={code} text={domainStatusText(code)} count={byStatus[code] ?? 0} />
            ))}
          </dl>
        )}
      </section>

      <section className="panel domains-list" aria-labelledby={ids.table}>
        <div className="panel-head">
          <h2 id={ids.table}>Domains by rows</h2>
          {domains && (
            <span className="panel-meta">
              {domains.length >= FETCH_LIMIT
                ? `The ${formatCount(FETCH_LIMIT)} domains with the most rows`
                : plural(domains.length, 'domain')}
            </span>
          )}
        </div>
        {error && (
          <div className="callout callout-error" role="alert">
            <AlertIcon size={18} />
            <p>{error}</p>
          </div>
        )}
        {!domains && !error && <p className="muted">Loading domains…</p>}
        {domains && domains.length === 0 && <p className="empty-note">The list has no addresses with a domain.</p>}
        {domains && domains.length > 0 && (
          <>
            <div className="status-filters" role="group" aria-label="Show domains by status">
              <button
                type="button"
                className={`status-filter${status === null ? ' is-selected' : ''}`}
                aria-pressed={status === null}
                onClick={() => setStatus(null)}
              >
                All <span className="status-filter-count">{formatCount(domains.length)}</span>
              </button>
              {statuses.map((code) => {
                const text = domainStatusText(code);
                return (
                  <button
                    key={code}
                    type="button"
                    className={`status-filter tone-${text.tone}${status === code ? ' is-selected' : ''}`}
                    aria-pressed={status === code}
                    onClick={() => {
                      setStatus(status === code ? null : code);
                      setShown(PAGE);
                    }}
                  >
                    {text.label} <span className="status-filter-count">{formatCount(counts.get(code)?.domains ?? 0)}</span>
                  </button>
                );
              })}
            </div>
            <table className="domains-table" aria-labelledby={ids.table} data-testid="domains-table">
              <thead>
                <tr>
                  <th scope="col">Domain</th>
                  <th scope="col" className="number">
                    Rows
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((domain) => {
                  const text = domainStatusText(domain.status);
                  return (
                    <tr key={domain.domain} data-domain={domain.domain} data-status={domain.status}>
                      <td
                        className="domain-name"
                        title={domain.unicode ? `${domain.unicode} (ASCII form: ${domain.domain})` : domain.domain}
                      >
                        {domain.unicode ?? domain.domain}
                        {domain.unicode && <span className="domain-ascii"> {domain.domain}</span>}
                      </td>
                      <td className="number">{formatCount(domain.rows)}</td>
                      <td>
                        <span className={`domain-status tone-${text.tone}`} title={text.hint}>
                          {text.label}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {filtered.length > visible.length && (
              <button type="button" className="button button-small show-more" onClick={() => setShown((count) => count + PAGE * 5)}>
                Show more ({formatCount(filtered.length - visible.length)} left)
              </button>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function StatusFact({ text, count }: { text: DomainStatusText; count: number }) {
  return (
    <>
      <dt>
        <span className={`status-dot tone-${text.tone}`} aria-hidden="true" />
        {text.label}
      </dt>
      <dd>{plural(count, 'domain')}</dd>
    </>
  );
}
