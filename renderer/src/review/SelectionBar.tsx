// Above the review table: how many rows are selected, Send and Remove for them, and
// "Select all N matching" (the filter's every row, loaded or not). What a Send or Remove
// did is said here too: rows a remove reason keeps removed are never sent.
import { formatCount, plural } from '../app/format';

interface SelectionBarProps {
  selected: number;
  /** Rows matching the filter. */
  total: number;
  /** Every match is selected (as the filter, not as rows). */
  all: boolean;
  filtered: boolean;
  busy: boolean;
  /** What the last Send or Remove did, or why it failed. */
  note: string | null;
  onSend: () => void;
  onRemove: () => void;
  onSelectAll: () => void;
  onClear: () => void;
}

export function SelectionBar({ selected, total, all, filtered, busy, note, onSend, onRemove, onSelectAll, onClear }: SelectionBarProps) {
  return (
    <div className="selection-bar" role="group" aria-label="Selected rows" data-testid="selection-bar">
      <p className="selection-count" aria-live="polite" data-testid="selection-count">
        {selected === 0 ? 'Click rows to select them: Shift for a range, Ctrl or ⌘ to add one.' : `${plural(selected, 'row')} selected`}
      </p>
      {selected > 0 && (
        <>
          <button type="button" className="button button-small" onClick={onSend} disabled={busy} data-testid="send-selection">
            Send
          </button>
          <button type="button" className="button button-small" onClick={onRemove} disabled={busy} data-testid="remove-selection">
            Remove
          </button>
        </>
      )}
      {!all && total > 1 && total > selected && (
        <button type="button" className="link-button" onClick={onSelectAll} data-testid="select-all">
          Select all {formatCount(total)} {filtered ? 'matching' : 'rows'}
        </button>
      )}
      {selected > 0 && (
        <button type="button" className="link-button" onClick={onClear}>
          Clear selection
        </button>
      )}
      {note && (
        <p className="selection-note" role="status" data-testid="selection-note">
          {note}
        </p>
      )}
    </div>
  );
}
