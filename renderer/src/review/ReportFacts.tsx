// The facts behind the numbers: which columns and rules the check used, and
// what the suppression list, the SES contact list and domain checks contributed.
import type { Report } from '../../../shared/model/check';
import { baseName, delimiterName, encodingName, formatCount, plural } from '../app/format';

const SOURCE_ROLE = {
  'opt-in': 'Opt-in column',
  'opt-out': 'Opt-out column',
  status: 'Status column',
  verifier: 'Verifier results',
} as const;

export function ReportFacts({ report }: { report: Report }) {
  const { columns, input, settings } = report;
  const account = report.account ?? null;
  const dnsText = settings.offline
    ? 'Off (offline)'
    : settings.dns === 'off'
      ? 'Off'
      : settings.dns === 'servers'
        ? 'On (your servers)'
        : 'On';
  return (
    <section className="report-facts" aria-labelledby="facts-title">
      <h2 id="facts-title">Details</h2>
      <dl>
        <dt>Email column</dt>
        <dd>{columns.email}</dd>
        <dt>Opt-in column</dt>
        <dd className={columns.consent || columns.status ? undefined : 'is-missing'}>{columns.consent ?? 'None'}</dd>
        {(columns.consentSources ?? [])
          .filter((source) => source.role !== 'opt-in')
          .map((source) => (
            <div key={source.column} className="fact-pair" data-testid="consent-source">
              <dt>
                {SOURCE_ROLE[source.role]}
                {source.verifier ? ` (${source.verifier})` : ''}
              </dt>
              <dd title={source.meaning}>{source.column}</dd>
            </div>
          ))}
        {columns.optInDate && (
          <>
            <dt>Opt-in date</dt>
            <dd>{columns.optInDate}</dd>
          </>
        )}
        {columns.lastActivity.length > 0 && (
          <>
            <dt>Last activity</dt>
            <dd>{columns.lastActivity.join(', ')}</dd>
          </>
        )}
        {columns.doubleOptIn && (
          <>
            <dt>Double opt-in</dt>
            <dd>{columns.doubleOptIn}</dd>
          </>
        )}
        <dt>Old opt-in after</dt>
        <dd>{plural(settings.consentMaxAgeDays, 'day')}</dd>
        <dt>Inactive after</dt>
        <dd>{plural(settings.inactiveAfterDays, 'day')}</dd>
        <dt>Domain checks</dt>
        <dd>{dnsText}</dd>
        {report.domains && (report.domains.checked > 0 || dnsText.startsWith('On')) && (
          <>
            <dt>Domains checked</dt>
            <dd>
              {formatCount(report.domains.checked)}
              {report.domains.fromCache > 0 && ` (${formatCount(report.domains.fromCache)} from cache)`}
              {report.domains.rowsUnchecked > 0 && `; ${plural(report.domains.rowsUnchecked, 'row')} not checked`}
            </dd>
          </>
        )}
        {account && (
          <>
            <dt>SES account</dt>
            <dd>
              {account.region}, {account.productionAccessEnabled ? 'production' : 'sandbox'}
            </dd>
          </>
        )}
        <dt>Suppression list</dt>
        <dd>
          {report.suppression
            ? `${formatCount(report.suppression.matched)} of ${plural(report.suppression.entries, 'entry', 'entries')} matched (${baseName(report.suppression.source)})`
            : settings.suppressionFile
              ? baseName(settings.suppressionFile)
              : 'None'}
        </dd>
        {report.contactList && (
          <>
            <dt>SES contact list</dt>
            <dd data-testid="contact-list-fact">
              {report.contactList.name}
              {report.contactList.topic ? `, topic “${report.contactList.topic}”` : ', no topic'}:{' '}
              {formatCount(report.contactList.optedOut)} of {plural(report.contactList.contacts, 'contact')} opted out,{' '}
              {plural(report.contactList.matched, 'row')} removed
            </dd>
          </>
        )}
        <dt>File</dt>
        <dd>
          {encodingName(input.encoding)}, {delimiterName(input.delimiter).toLowerCase()}-separated
        </dd>
        {input.raggedRows > 0 && (
          <>
            <dt>Uneven rows</dt>
            <dd>{plural(input.raggedRows, 'row')} with more or fewer cells than the header (kept)</dd>
          </>
        )}
      </dl>
    </section>
  );
}
