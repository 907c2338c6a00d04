// Every batch of the plan: its day and times in the plan's zone, how long it
// takes, how many recipients at what rate, its mix of mailbox providers and its
// file. A plan of a million recipients has about a hundred batches, so a plain
// table serves.
import type { PlanDocument } from '../../../shared/plan/document';
import { PROVIDER_GROUP_LABELS } from '../../../shared/plan/policy';
import { formatMoment } from '../app/dates';
import { formatCount } from '../app/format';
import { PROVIDER_ORDER, formatClock, formatDay, formatRate, formatSpan } from './planText';

export function BatchList({ document: doc, labelledBy }: { document: PlanDocument; labelledBy: string }) {
  return (
    <div className="plan-batches" tabIndex={0} aria-labelledby={labelledBy} role="region">
      <table data-testid="plan-batches">
        <thead>
          <tr>
            <th scope="col">Batch</th>
            <th scope="col">Day</th>
            <th scope="col">Time</th>
            <th scope="col" className="is-number">
              Takes
            </th>
            <th scope="col" className="is-number">
              Recipients
            </th>
            <th scope="col" className="is-number">
              Rate
            </th>
            <th scope="col">Providers</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {doc.batches.map((batch) => {
            const mix = PROVIDER_ORDER.filter((group) => batch.providers[group] > 0)
              .map((group) => `${PROVIDER_GROUP_LABELS[group]} ${formatCount(batch.providers[group])}`)
              .join(', ');
            return (
              <tr key={batch.id} data-batch={batch.id} data-start={batch.start} data-recipients={batch.recipients}>
                <th scope="row">{batch.id}</th>
                <td className="batch-day">{formatDay(batch.date)}</td>
                <td className="batch-time" title={`${formatMoment(batch.start)} – ${formatMoment(batch.end)}`}>
                  {formatClock(batch.start, doc.timeZone)}–{formatClock(batch.end, doc.timeZone)}
                </td>
                <td className="is-number batch-span">{formatSpan(Date.parse(batch.end) - Date.parse(batch.start))}</td>
                <td className="is-number batch-recipients">{formatCount(batch.recipients)}</td>
                <td className="is-number">{formatRate(batch.ratePerSecond)}</td>
                <td className="batch-providers" title={mix}>
                  <span className="mix-bar" aria-hidden="true">
                    {PROVIDER_ORDER.map((group) =>
                      batch.providers[group] > 0 ? (
                        <span key={group} className={`provider-${group}`} style={{ flexGrow: batch.providers[group] }} />
                      ) : null,
                    )}
                  </span>
                  <span className="visually-hidden">{mix}</span>
                </td>
                <td className="batch-file">{batch.file.replace(/^batches\//, '')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
