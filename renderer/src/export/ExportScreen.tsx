// The last step: write the same files as the CLI into a folder the user picks
// (with the send plan, when one was made), then offer to show them.
import { useState } from 'react';
import type { ExportResult, PlanResult } from '../../../shared/ipc/contract';
import type { Report } from '../../../shared/model/check';
import { invoke, messageOf } from '../app/api';
import { baseName, formatCount, plural } from '../app/format';
import { AlertIcon, ArrowLeftIcon, CheckIcon, FileIcon, FolderIcon } from '../app/icons';
import { useMenuCommand } from '../app/menu';
import './export.css';

interface ExportScreenProps {
  jobId: string;
  report: Report;
  fileName: string;
  exported: ExportResult | null;
  /** The send plan made on the Plan step, saved with the results. */
  plan: PlanResult | null;
  onExported: (result: ExportResult) => void;
  onBack: () => void;
  onStartOver: () => void;
}

/** What each output file is for, in the user's words. */
const FILE_PURPOSES: Record<string, string> = {
  'annotated.csv': 'Every row as in your file, plus the verdict, reasons and suggestion',
  'send.csv': 'The rows ready to send: import this into your sending tool',
  'review.csv': 'The rows to look at before you send to them',
  'remove.csv': 'The rows to leave out',
  'report.json': 'The counts, columns and settings of this check, for your records',
  'plan.json': 'The send plan: quota, warm-up, days and every batch',
  'plan.csv': 'One line per batch with its times, for a spreadsheet',
  'plan.ics': 'One calendar event per batch',
  'batches/': 'Each batch’s rows, with the send list’s columns: send one file per event',
};

const CHECK_FILES = ['annotated.csv', 'send.csv', 'review.csv', 'remove.csv', 'report.json'];
const PLAN_FILES = ['plan.json', 'plan.csv', 'plan.ics', 'batches/'];
const ORDER = [...CHECK_FILES, ...PLAN_FILES];

/** The batch files are one line: "batches/" with their number. */
function listed(names: string[]): string[] {
  return [...new Set(names.map((name) => (name.startsWith('batches/') ? 'batches/' : name)))];
}

type Status = { kind: 'idle' } | { kind: 'writing' } | { kind: 'error'; message: string };

export function ExportScreen({ jobId, report, fileName, exported, plan, onExported, onBack, onStartOver }: ExportScreenProps) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [showError, setShowError] = useState<string | null>(null);
  const writing = status.kind === 'writing';

  async function chooseAndWrite() {
    setShowError(null);
    try {
      const folder = await invoke('dialog:choose-export-folder');
      if (!folder) return;
      setStatus({ kind: 'writing' });
      const result = await invoke('export:write', jobId, folder);
      setStatus({ kind: 'idle' });
      onExported(result);
    } catch (error) {
      setStatus({ kind: 'error', message: messageOf(error) });
    }
  }

  useMenuCommand((command) => {
    if (command === 'export' && !writing) void chooseAndWrite();
  });

  async function showFolder(folder: string) {
    setShowError(null);
    try {
      await invoke('shell:show-folder', folder);
    } catch (error) {
      setShowError(messageOf(error));
    }
  }

  // The main process lists the files as written; show them in the order that explains them best.
  const order = (name: string) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length);
  const files = exported
    ? listed(exported.files.map((name) => (name.startsWith('batches/') ? name : baseName(name)))).sort((a, b) => order(a) - order(b))
    : [...CHECK_FILES, ...(plan ? PLAN_FILES : [])];
  const batchCount = exported ? exported.files.filter((name) => name.startsWith('batches/')).length : (plan?.document.batches.length ?? 0);
  const counts: Record<string, string | undefined> = {
    'annotated.csv': plural(report.rows, 'row'),
    'send.csv': plural(report.verdicts.send ?? 0, 'row'),
    'review.csv': plural(report.verdicts.review ?? 0, 'row'),
    'remove.csv': plural(report.verdicts.remove ?? 0, 'row'),
    'plan.csv': plan ? plural(plan.document.batches.length, 'batch', 'batches') : undefined,
    'plan.ics': plan ? plural(plan.document.batches.length, 'event') : undefined,
    'batches/': plural(batchCount, 'file'),
  };
  const topLevel = exported ? exported.files.filter((name) => !name.startsWith('batches/')).length : 0;

  return (
    <section className="screen export-screen" aria-labelledby="export-title">
      <div className="screen-head">
        <div>
          <h1 id="export-title" tabIndex={-1}>
            {exported ? 'Results saved' : 'Export the results'}
          </h1>
          <p className="lead">
            <span className="file-name">{fileName}</span> · {formatCount(report.verdicts.send)} to send,{' '}
            {formatCount(report.verdicts.review)} to review, {formatCount(report.verdicts.remove)} to remove
          </p>
        </div>
        <div className="screen-head-actions">
          <button type="button" className="button button-quiet" onClick={onBack}>
            <ArrowLeftIcon size={14} />
            Review
          </button>
        </div>
      </div>

      <div className="export-card">
        <div aria-live="polite">
          {exported ? (
            <div className="callout callout-success" role="status">
              <CheckIcon size={18} />
              <div>
                <p className="callout-title">
                  Saved {plural(topLevel, 'file')}
                  {batchCount > 0 && exported.files.some((name) => name.startsWith('batches/'))
                    ? ` and ${plural(batchCount, 'batch file')}`
                    : ''}
                </p>
                <p className="export-folder" title={exported.folder}>
                  in {exported.folder}
                </p>
              </div>
            </div>
          ) : (
            <p className="export-intro">
              Preflight writes these files into a folder you choose{plan ? ', the send plan with them' : ''}. Your original file is not
              changed.
            </p>
          )}
        </div>

        <ul className="export-files" aria-label={exported ? 'Files written' : 'Files to be written'}>
          {files.map((name) => (
            <li key={name} className={exported ? 'is-written' : undefined}>
              <span className="export-file-icon">{exported ? <CheckIcon size={16} /> : <FileIcon size={16} />}</span>
              <span className="export-file-name">{name}</span>
              <span className="export-file-purpose">{FILE_PURPOSES[name] ?? ''}</span>
              {counts[name] !== undefined && <span className="export-file-count">{counts[name]}</span>}
            </li>
          ))}
        </ul>

        {status.kind === 'error' && (
          <div className="callout callout-error" role="alert">
            <AlertIcon size={18} />
            <div>
              <p className="callout-title">The files were not saved</p>
              <p>{status.message}</p>
            </div>
          </div>
        )}
        {showError && (
          <div className="callout callout-error" role="alert">
            <AlertIcon size={18} />
            <p>{showError}</p>
          </div>
        )}

        <div className="export-actions">
          {exported ? (
            <>
              <button type="button" className="button button-primary" onClick={() => void showFolder(exported.folder)}>
                <FolderIcon size={16} />
                Show in folder
              </button>
              <button type="button" className="button" onClick={() => void chooseAndWrite()} disabled={writing}>
                Save to another folder…
              </button>
              <span className="spacer" />
              <button type="button" className="button" onClick={onStartOver}>
                Check another list
              </button>
            </>
          ) : (
            <button type="button" className="button button-primary button-large" onClick={() => void chooseAndWrite()} disabled={writing}>
              {writing ? (
                <>
                  <span className="spinner spinner-small spinner-on-accent" aria-hidden="true" /> Saving…
                </>
              ) : (
                <>
                  <FolderIcon size={16} />
                  Choose folder and save…
                </>
              )}
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
