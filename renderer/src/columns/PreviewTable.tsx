// The first rows of the file as parsed, with each column's chosen role on its
// header, so the user sees at a glance whether the choices fit the data.
import { useLayoutEffect, useRef, useState } from 'react';
import type { InspectResult } from '../../../shared/model/check';
import type { ColumnsDraft } from './draft';
import { ROLE_TEXT, rolesOf } from './roles';

interface PreviewTableProps {
  list: InspectResult;
  labels: string[];
  draft: ColumnsDraft;
}

export function PreviewTable({ list, labels, draft }: PreviewTableProps) {
  const width = Math.max(list.headers.length, ...list.sample.map((row) => row.length));
  const columns = Array.from({ length: width }, (_, index) => index);
  if (list.sample.length === 0) {
    return <p className="empty-note">The file has a header row but no data rows.</p>;
  }
  return (
    <div className="preview-scroll" tabIndex={0} role="region" aria-label="Preview of the first rows">
      <table className="preview-table">
        <thead>
          <tr>
            <th scope="col" className="row-number">
              <span className="visually-hidden">Row</span>
            </th>
            {columns.map((index) => {
              const roles = rolesOf(draft, index);
              return (
                <th key={index} scope="col" className={roles.length > 0 ? 'has-role' : undefined} data-role={roles[0]}>
                  <span className="preview-header-name" title={list.headers[index] ?? ''}>
                    {labels[index] ?? `Column ${index + 1}`}
                  </span>
                  <span className="role-tags">
                    {roles.map((role) => (
                      <span key={role} className={`role-tag role-${role}`}>
                        {ROLE_TEXT[role].tag}
                      </span>
                    ))}
                  </span>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {list.sample.map((row, rowIndex) => (
            <tr key={rowIndex}>
              <th scope="row" className="row-number">
                {rowIndex + 1}
              </th>
              {columns.map((index) => {
                const cell = row[index];
                const roles = rolesOf(draft, index);
                return (
                  <td key={index} className={roles.includes('email') ? 'is-email' : roles.length > 0 ? 'has-role' : undefined} title={cell}>
                    {cell === undefined ? (
                      <span className="missing-cell">—</span>
                    ) : roles.includes('email') ? (
                      <PreviewAddress cell={cell} />
                    ) : (
                      cell
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * An address cut in its local part, never in its domain: "maximilian.alexander.v…@hotmail.com" (the cell's
 * tooltip has it whole). Both parts stay inline, so the cell's text is the address on one line; the local
 * part's room is the cell's width less the domain's, measured once the domain is laid out.
 */
function PreviewAddress({ cell }: { cell: string }) {
  const domainRef = useRef<HTMLSpanElement>(null);
  const [domainWidth, setDomainWidth] = useState(0);
  const at = cell.lastIndexOf('@');
  useLayoutEffect(() => setDomainWidth(Math.ceil(domainRef.current?.getBoundingClientRect().width ?? 0)), [cell]);
  if (at <= 0) return <>{cell}</>;
  return (
    <span className="preview-address">
      <span className="preview-address-local" style={{ maxWidth: `calc(100% - ${domainWidth}px)` }}>
        {cell.slice(0, at)}
      </span>
      <span ref={domainRef}>{cell.slice(at)}</span>
    </span>
  );
}
