// The Review screen's Risk part: how row risk is spread, and what cleaning
// changed in the expected bounces and complaints.
import { useId } from 'react';
import type { Report } from '../../../shared/model/check';
import { formatCount } from '../app/format';
import { expectedCount, formatRate } from './assess';
import type { ReportForecast } from '../../../shared/model/check';
import { RiskHistogram } from './RiskHistogram';
import './risk.css';

interface RiskViewProps {
  report: Report;
  forecast: ReportForecast | null;
  onShowRows: () => void;
}

export function RiskView({ report, forecast, onShowRows }: RiskViewProps) {
  const ids = { histogram: useId(), cleaning: useId() };
  const histograms = report.riskHistogram ?? null;
  const sendRows = report.verdicts.send ?? 0;
  if (!histograms && !forecast) {
    return <p className="empty-note">This check has no risk figures: run it again with this version of Preflight to see them.</p>;
  }
  return (
    <div className="risk-view" data-testid="risk-view">
      {histograms && (
        <section className="panel" aria-labelledby={ids.histogram}>
          <div className="panel-head">
            <h2 id={ids.histogram}>Rows by chance of a hard bounce</h2>
            <span className="panel-meta">Risk bands widen as they rise</span>
          </div>
          <RiskHistogram send={histograms.send} all={histograms.all} />
        </section>
      )}
      {forecast && (
        <section className="panel cleaning-panel" aria-labelledby={ids.cleaning}>
          <h2 id={ids.cleaning}>What cleaning changed</h2>
          <table className="cleaning-table" data-testid="cleaning-table">
            <thead>
              <tr>
                <td />
                <th scope="col">As imported</th>
                <th scope="col">After cleaning</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Rows</th>
                <td>{formatCount(report.rows)}</td>
                <td>{formatCount(sendRows)}</td>
              </tr>
              <tr>
                <th scope="row">Hard bounces expected</th>
                <td>{expectedCount(forecast.all.bounceRate, report.rows)}</td>
                <td>{expectedCount(forecast.send.bounceRate, sendRows)}</td>
              </tr>
              <tr>
                <th scope="row">Bounce rate</th>
                <td>
                  {formatRate(forecast.all.bounceRate)}{' '}
                  <span className="muted">
                    ({formatRate(forecast.all.bounceRateLow)}–{formatRate(forecast.all.bounceRateHigh)})
                  </span>
                </td>
                <td>
                  {formatRate(forecast.send.bounceRate)}{' '}
                  <span className="muted">
                    ({formatRate(forecast.send.bounceRateLow)}–{formatRate(forecast.send.bounceRateHigh)})
                  </span>
                </td>
              </tr>
              <tr>
                <th scope="row">Complaints expected</th>
                <td>{expectedCount(forecast.all.complaintRate, report.rows)}</td>
                <td>{expectedCount(forecast.send.complaintRate, sendRows)}</td>
              </tr>
              <tr>
                <th scope="row">Complaint rate</th>
                <td>
                  {formatRate(forecast.all.complaintRate)}{' '}
                  <span className="muted">
                    ({formatRate(forecast.all.complaintRateLow)}–{formatRate(forecast.all.complaintRateHigh)})
                  </span>
                </td>
                <td>
                  {formatRate(forecast.send.complaintRate)}{' '}
                  <span className="muted">
                    ({formatRate(forecast.send.complaintRateLow)}–{formatRate(forecast.send.complaintRateHigh)})
                  </span>
                </td>
              </tr>
            </tbody>
          </table>
          <p className="cleaning-note">
            Ranges hold the outcome 9 times out of 10 if each row’s probability is right. A row’s risk comes from its reasons, its domain,
            its provider, and how old its opt-in and last activity are.{' '}
            <button type="button" className="link-button" onClick={onShowRows}>
              See each row’s risk and what drove it
            </button>
          </p>
        </section>
      )}
    </div>
  );
}
