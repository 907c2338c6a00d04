// Step 1: get a list into Preflight, by dropping a file or through the open
// dialog. The main process reads the file; a problem comes back as one
// sentence, shown here in place of the next step.
import type { DragEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { InspectResult } from '../../../shared/model/check';
import { invoke, messageOf, pathForFile } from '../app/api';
import { baseName } from '../app/format';
import { AlertIcon, ShieldIcon, UploadIcon } from '../app/icons';
import { useMenuCommand } from '../app/menu';
import './import.css';

interface ImportScreenProps {
  onImported: (list: InspectResult) => void;
  /** Open the file dialog as soon as the screen shows (File ▸ Open List… from another step). */
  openOnArrival?: boolean;
  onArrived?: () => void;
}

type Status = { kind: 'idle' } | { kind: 'reading'; name: string } | { kind: 'error'; name: string | null; message: string };

const ACCEPTED = 'CSV, TSV or TXT';

export function ImportScreen({ onImported, openOnArrival = false, onArrived }: ImportScreenProps) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  // dragenter/dragleave fire for every child element: count them to know when the pointer really left.
  const dragDepth = useRef(0);
  const busy = status.kind === 'reading';

  async function inspect(path: string) {
    const name = baseName(path);
    setStatus({ kind: 'reading', name });
    try {
      const list = await invoke('import:inspect', path);
      onImported(list);
    } catch (error) {
      setStatus({ kind: 'error', name, message: messageOf(error) });
    }
  }

  async function openDialog() {
    if (busy) return;
    try {
      const path = await invoke('dialog:open-list');
      if (path) await inspect(path);
    } catch (error) {
      setStatus({ kind: 'error', name: null, message: messageOf(error) });
    }
  }

  useMenuCommand((command) => {
    if (command === 'open-list') void openDialog();
  });

  const arrivedRef = useRef(false);
  useEffect(() => {
    if (!openOnArrival || arrivedRef.current) return;
    arrivedRef.current = true;
    onArrived?.();
    void openDialog();
  });

  function onDragEnter(event: DragEvent) {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDragging(true);
  }

  function onDragOver(event: DragEvent) {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
  }

  function onDragLeave() {
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDragging(false);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    dragDepth.current = 0;
    setDragging(false);
    if (busy) return;
    const files = Array.from(event.dataTransfer.files);
    const file = files[0];
    if (!file) {
      setStatus({ kind: 'error', name: null, message: 'That was not a file. Drop a list file from your computer.' });
      return;
    }
    if (files.length > 1) {
      setStatus({ kind: 'error', name: null, message: `You dropped ${files.length} files. Drop one list at a time.` });
      return;
    }
    const path = pathForFile(file);
    if (!path) {
      setStatus({
        kind: 'error',
        name: file.name,
        message: 'That item is not a file on this computer. Save it to a folder first, then drop it here.',
      });
      return;
    }
    void inspect(path);
  }

  return (
    <section className="screen import-screen" aria-labelledby="import-title">
      <div className="import-intro">
        <h1 id="import-title" tabIndex={-1}>
          Check a recipient list before you send
        </h1>
        <p className="lead">
          Preflight finds addresses that would bounce, duplicates and people who never opted in, so your Amazon SES campaign keeps a clean
          reputation.
        </p>
      </div>

      <button
        type="button"
        className={`dropzone${dragging ? ' is-dragging' : ''}${busy ? ' is-busy' : ''}`}
        onClick={() => void openDialog()}
        onDragEnter={onDragEnter}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
        aria-label="Open list… or drop a list file here"
        aria-describedby="dropzone-hint"
        aria-busy={busy}
        data-testid="dropzone"
      >
        <span className="dropzone-icon">
          <UploadIcon size={32} />
        </span>
        <span className="dropzone-title">{dragging ? 'Release to open this list' : 'Drop your list here'}</span>
        <span className="dropzone-or" aria-hidden="true">
          or
        </span>
        <span className="button button-primary dropzone-button">Open list…</span>
        <span className="dropzone-hint" id="dropzone-hint">
          {ACCEPTED} files exported from Excel, Google Sheets, Mailchimp, HubSpot, Shopify or Klaviyo
        </span>
      </button>

      <div className="import-status" aria-live="polite">
        {status.kind === 'reading' && (
          <p className="status-line">
            <span className="spinner" aria-hidden="true" /> Reading {status.name}…
          </p>
        )}
        {status.kind === 'error' && (
          <div className="callout callout-error" role="alert">
            <AlertIcon size={18} />
            <div>
              <p className="callout-title">{status.name ? `Preflight can't open ${status.name}` : "Preflight can't open that"}</p>
              <p>{status.message}</p>
            </div>
          </div>
        )}
      </div>

      <p className="privacy-note">
        <ShieldIcon size={16} />
        Your list stays on this computer. Only DNS look-ups for the domains leave it.
      </p>
    </section>
  );
}
