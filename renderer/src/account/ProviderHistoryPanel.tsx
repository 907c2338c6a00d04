// Review's SES account part: the sender's own bounce and complaint rates per
// mailbox provider over the last 30 days (Virtual Deliverability Manager,
// report.account.providers), beside this list's rows at each provider and what
// the history did to the forecast; or, with VDM off, what turning it on adds.
import { useId } from 'react';
import type { ProviderHistory, ReportAccount } from '../../../shared/model/ses';
import { formatCount, formatPercent } from '../app/format';
import { formatRate } from '../risk/assess';

const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  gmail: 'Gmail',
  yahoo: 'Yahoo',
  microsoft: 'Microsoft (Outlook, Hotmail)',
  aol: 'AOL',
  apple: 'Apple (iCloud)',
};

const rate = (value: number | null) => (value === null ? '–' : formatRate(value));

function factorText(provider: ProviderHistory): string {
  if (provider.bounceFactor === undefined || provider.complaintFactor === undefined) return 'Unchanged (under 1,000 sent)';
  return `Bounces ×${provider.bounceFactor.toFixed(2)} · complaints ×${provider.complaintFactor.toFixed(2)}`;
}

export function ProviderHistoryPanel({ account, rows }: { account: ReportAccount; rows: number }) {
  const ids = { heading: useId() };
  const history = account.providerHistory;
  if (!history) return null;
  const providers = account.providers ?? [];
  return (
    <section className="panel provider-history" aria-labelledby={ids.heading} data-testid="provider-history" data-status={history.status}>
      <h2 id={ids.heading}>Your mail by mailbox provider</h2>
      <p className={history.status === 'read' ? 'provider-history-summary' : 'empty-note'}>{history.message}</p>
      {history.status === 'read' && providers.length > 0 && (
        <div className="provider-history-scroll">
          <table className="provider-table" aria-labelledby={ids.heading}>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col" className="number">
                  This list
                </th>
                <th scope="col" className="number">
                  You sent (30 days)
                </th>
                <th scope="col" className="number">
                  Bounced
                </th>
                <th scope="col" className="number">
                  Complained
                </th>
                <th scope="col">Effect on the forecast</th>
              </tr>
            </thead>
            <tbody>
              {providers.map((provider) => (
                <tr key={provider.isp} data-provider={provider.provider} data-verified={String(provider.verified)}>
                  <th scope="row">{PROVIDER_NAMES[provider.provider] ?? provider.isp}</th>
                  <td className="number">
                    {formatCount(provider.listRows ?? 0)}
                    <span className="provider-share"> {formatPercent(provider.listRows ?? 0, rows)}</span>
                  </td>
                  {provider.verified ? (
                    <>
                      <td className="number">{formatCount(provider.sent)}</td>
                      <td className="number">{rate(provider.bounceRate)}</td>
                      <td className="number">{rate(provider.complaintRate)}</td>
                      <td>{factorText(provider)}</td>
                    </>
                  ) : (
                    <td colSpan={4} className="provider-unverified">
                      Not used: {provider.problem}.
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
