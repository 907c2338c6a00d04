// Step 2: confirm what each column holds (pre-filled by the detection) and the
// rules for this check, then start it.
import type { FormEvent } from 'react';
import { useId, useMemo, useState } from 'react';
import type { AppPreferences, CheckRequest } from '../../../shared/ipc/contract';
import type { InspectResult } from '../../../shared/model/check';
import { invoke, messageOf } from '../app/api';
import { delimiterName, encodingName, formatBytes, formatCount } from '../app/format';
import { AlertIcon, ArrowRightIcon, FileIcon, InfoIcon } from '../app/icons';
import { useMenuCommand } from '../app/menu';
import type { Notice } from '../app/state';
import { SesPanel } from '../account/SesPanel';
import { DnsSettings } from '../domains/DnsSettings';
import type { ColumnsDraft } from './draft';
import { checkRequestFrom, columnLabels, draftProblems, preferencesFromDraft } from './draft';
import { PreviewTable } from './PreviewTable';
import { RoleFields } from './RoleFields';
import './columns.css';

interface ColumnsScreenProps {
  list: InspectResult;
  draft: ColumnsDraft;
  notice: Notice | null;
  onChange: (draft: ColumnsDraft) => void;
  /** The request, and what to remember for the next list. */
  onCheck: (request: CheckRequest, remember: Partial<AppPreferences>) => void;
  onChooseAnother: () => void;
}

export function ColumnsScreen({ list, draft, notice, onChange, onCheck, onChooseAnother }: ColumnsScreenProps) {
  const labels = useMemo(() => columnLabels(list.headers), [list.headers]);
  const problems = draftProblems(draft, list.headers);
  const blocking = Object.values(problems);
  const [suppressionError, setSuppressionError] = useState<string | null>(null);
  const ids = { consentAge: useId(), inactive: useId(), suppression: useId() };

  function update(patch: Partial<ColumnsDraft>) {
    onChange({ ...draft, ...patch });
  }

  async function chooseSuppression() {
    setSuppressionError(null);
    try {
      const path = await invoke('dialog:open-suppression');
      if (path) update({ suppressionFile: path });
    } catch (error) {
      setSuppressionError(messageOf(error));
    }
  }

  useMenuCommand((command) => {
    if (command === 'open-suppression') void chooseSuppression();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (blocking.length === 0) onCheck(checkRequestFrom(list, draft), preferencesFromDraft(draft));
  }

  const suppressionName = draft.suppressionFile ? draft.suppressionFile.split(/[\\/]/).pop() : null;

  return (
    <section className="screen columns-screen" aria-labelledby="columns-title">
      <form className="columns-form" onSubmit={submit} noValidate>
        <div className="screen-head">
          <div>
            <h1 id="columns-title" tabIndex={-1}>
              Check the columns
            </h1>
            <p className="lead">Preflight guessed what each column holds. Correct anything it got wrong, then check the list.</p>
          </div>
        </div>

        {notice && (
          <div
            className={`callout ${notice.tone === 'error' ? 'callout-error' : 'callout-info'}`}
            role={notice.tone === 'error' ? 'alert' : 'status'}
          >
            {notice.tone === 'error' ? <AlertIcon size={18} /> : <InfoIcon size={18} />}
            <div>
              {notice.tone === 'error' && <p className="callout-title">The check stopped</p>}
              <p>{notice.text}</p>
            </div>
          </div>
        )}

        <div className="file-facts" aria-label="File">
          <FileIcon size={20} className="file-facts-icon" />
          <dl>
            <div className="fact fact-name">
              <dt>File</dt>
              <dd title={list.path}>{list.fileName}</dd>
            </div>
            <div className="fact">
              <dt>Size</dt>
              <dd>{formatBytes(list.bytes)}</dd>
            </div>
            <div className="fact">
              <dt>Encoding</dt>
              <dd>{encodingName(list.encoding)}</dd>
            </div>
            <div className="fact">
              <dt>Separator</dt>
              <dd>{delimiterName(list.delimiter)}</dd>
            </div>
            <div className="fact">
              <dt>Columns</dt>
              <dd>{formatCount(list.headers.length)}</dd>
            </div>
          </dl>
          <button type="button" className="button button-quiet" onClick={onChooseAnother}>
            Choose another file
          </button>
        </div>

        {draft.consent === null && draft.status === null && (
          <div className="callout callout-warning consent-warning" role="status" data-testid="no-consent-warning">
            <AlertIcon size={20} />
            <div>
              <p className="callout-title">{draft.optOut.length > 0 ? 'Opt-outs only, no opt-in column' : 'No opt-in column'}</p>
              <p>
                {draft.optOut.length > 0
                  ? 'People who opted out will be removed, but without an opt-in or status column Preflight cannot tell who agreed to hear from you.'
                  : 'Without an opt-in column Preflight cannot tell who agreed to hear from you. Addresses will be judged on the address alone, and the report will say that consent was not checked.'}{' '}
                If your list has a column whose “yes” means the person agreed, such as “Subscribed”, “Opt-in” or “Consent”, choose it under{' '}
                <strong>Opt-in (consent)</strong>. A column whose “yes” means the person left, such as “Unsubscribed” or “Email Opt Out”,
                belongs under <strong>Opt-out</strong>.
              </p>
            </div>
          </div>
        )}

        <div className="columns-layout">
          <div className="columns-side">
            <section className="panel" aria-labelledby="roles-title">
              <h2 id="roles-title">What the columns hold</h2>
              <RoleFields list={list} labels={labels} draft={draft} problems={problems} onChange={update} />
            </section>

            <section className="panel" aria-labelledby="rules-title">
              <h2 id="rules-title">Rules</h2>
              <div className="field">
                <label htmlFor={ids.consentAge}>Opt-in counts as old after</label>
                <div className="input-with-unit">
                  <input
                    id={ids.consentAge}
                    type="text"
                    inputMode="numeric"
                    value={draft.consentMaxAgeDays}
                    onChange={(event) => update({ consentMaxAgeDays: event.target.value })}
                    aria-invalid={problems.consentMaxAgeDays ? true : undefined}
                    aria-describedby={`${ids.consentAge}-hint`}
                  />
                  <span className="unit">days</span>
                </div>
                <p className={problems.consentMaxAgeDays ? 'field-error' : 'field-hint'} id={`${ids.consentAge}-hint`}>
                  {problems.consentMaxAgeDays ?? 'Older opt-ins go to Review. Gmail and Outlook close accounts unused for two years.'}
                </p>
              </div>
              <div className="field">
                <label htmlFor={ids.inactive}>Inactive after no open or click for</label>
                <div className="input-with-unit">
                  <input
                    id={ids.inactive}
                    type="text"
                    inputMode="numeric"
                    value={draft.inactiveAfterDays}
                    onChange={(event) => update({ inactiveAfterDays: event.target.value })}
                    aria-invalid={problems.inactiveAfterDays ? true : undefined}
                    aria-describedby={`${ids.inactive}-hint`}
                  />
                  <span className="unit">days</span>
                </div>
                <p className={problems.inactiveAfterDays ? 'field-error' : 'field-hint'} id={`${ids.inactive}-hint`}>
                  {problems.inactiveAfterDays ??
                    (draft.lastActivity.length === 0
                      ? 'Needs a last-activity column; without one, nobody is marked inactive.'
                      : 'Inactive people go to Review. Yahoo closes accounts after a year without sign-in.')}
                </p>
              </div>
              <div className="field">
                <span className="label" id={ids.suppression}>
                  Suppression list <span className="optional">optional</span>
                </span>
                {draft.suppressionFile ? (
                  <div className="chosen-file" aria-labelledby={ids.suppression}>
                    <FileIcon size={16} />
                    <span className="chosen-file-name" title={draft.suppressionFile}>
                      {suppressionName}
                    </span>
                    <button type="button" className="button button-small button-quiet" onClick={() => update({ suppressionFile: null })}>
                      Remove
                    </button>
                  </div>
                ) : (
                  <button
                    type="button"
                    className="button"
                    onClick={() => void chooseSuppression()}
                    aria-describedby={`${ids.suppression}-hint`}
                  >
                    Choose file…
                  </button>
                )}
                <p
                  className={suppressionError ? 'field-error' : 'field-hint'}
                  id={`${ids.suppression}-hint`}
                  role={suppressionError ? 'alert' : undefined}
                >
                  {suppressionError ?? 'An SES suppression export (CSV email,reason or JSON lines). Addresses on it are removed.'}
                </p>
              </div>
            </section>
          </div>

          <div className="columns-main">
            <section className="panel preview-panel" aria-labelledby="preview-title">
              <div className="panel-head">
                <h2 id="preview-title">Preview</h2>
                <span className="panel-meta">
                  First {formatCount(list.sample.length)} {list.sample.length === 1 ? 'row' : 'rows'}
                </span>
              </div>
              <PreviewTable list={list} labels={labels} draft={draft} />
            </section>
            <div className="columns-settings">
              <DnsSettings draft={draft} problems={problems} onChange={update} />
              <SesPanel draft={draft} problems={problems} onChange={update} />
            </div>
          </div>
        </div>

        <div className="action-bar">
          <p className="action-bar-note" aria-live="polite">
            {blocking[0] ?? ''}
          </p>
          <button type="submit" className="button button-primary button-large" disabled={blocking.length > 0}>
            Check list
            <ArrowRightIcon size={16} />
          </button>
        </div>
      </form>
    </section>
  );
}
