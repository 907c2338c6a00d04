// One labelled select per role, pre-filled from the detection, with the
// detection's reason beside it and a way back to the suggestion.
import { useId } from 'react';
import type { ColumnGuess, InspectResult } from '../../../shared/model/check';
import { CrossIcon } from '../app/icons';
import type { ColumnsDraft, DraftProblem, SingleRole } from './draft';
import { ROLE_TEXT } from './roles';

interface RoleFieldsProps {
  list: InspectResult;
  labels: string[];
  draft: ColumnsDraft;
  problems: Partial<Record<DraftProblem, string>>;
  onChange: (patch: Partial<ColumnsDraft>) => void;
}

// Below this the detection asks the user to look twice.
const UNSURE_BELOW = 0.6;

export function RoleFields({ list, labels, draft, problems, onChange }: RoleFieldsProps) {
  const single: SingleRole[] = ['email', 'consent', 'optInDate'];
  return (
    <div className="role-fields">
      {single.map((role) => (
        <SingleRoleField
          key={role}
          role={role}
          guess={list.detected[role]}
          labels={labels}
          value={draft[role]}
          problem={role === 'email' ? problems.email : undefined}
          onChange={(index) => onChange({ [role]: index })}
        />
      ))}
      <LastActivityField
        guesses={list.detected.lastActivity}
        labels={labels}
        value={draft.lastActivity}
        onChange={(lastActivity) => onChange({ lastActivity })}
      />
      <SingleRoleField
        role="doubleOptIn"
        guess={list.detected.doubleOptIn}
        labels={labels}
        value={draft.doubleOptIn}
        onChange={(doubleOptIn) => onChange({ doubleOptIn })}
      />
    </div>
  );
}

function detectionNote(guess: ColumnGuess | null, chosen: number | null, labels: string[]): { text: string; changed: boolean } {
  if (guess && chosen === guess.index) {
    // The detection's reason is a clause without a full stop; end it before the warning.
    const text = guess.confidence < UNSURE_BELOW ? `${guess.why.replace(/\.?$/, '.')} Not certain: please check.` : guess.why;
    return { text, changed: false };
  }
  if (guess) return { text: `Changed by you. Preflight suggested “${labels[guess.index] ?? ''}”.`, changed: true };
  if (chosen !== null) return { text: 'Chosen by you.', changed: false };
  return { text: 'Preflight found no such column.', changed: false };
}

interface SingleRoleFieldProps {
  role: SingleRole | 'doubleOptIn';
  guess: ColumnGuess | null;
  labels: string[];
  value: number | null;
  problem?: string;
  onChange: (index: number | null) => void;
}

function SingleRoleField({ role, guess, labels, value, problem, onChange }: SingleRoleFieldProps) {
  const id = useId();
  const text = ROLE_TEXT[role];
  const note = detectionNote(guess, value, labels);
  const required = role === 'email';
  return (
    <div className={`field role-field${problem ? ' has-problem' : ''}`} data-role={role}>
      <label htmlFor={id}>{text.label}</label>
      <select
        id={id}
        value={value === null ? '' : String(value)}
        onChange={(event) => onChange(event.target.value === '' ? null : Number(event.target.value))}
        aria-describedby={`${id}-hint ${id}-why`}
        aria-invalid={problem ? true : undefined}
        required={required}
      >
        {required ? (
          <option value="" disabled>
            Choose a column…
          </option>
        ) : (
          <option value="">None</option>
        )}
        {labels.map((label, index) => (
          <option key={index} value={String(index)}>
            {label}
          </option>
        ))}
      </select>
      <p className="field-hint" id={`${id}-hint`}>
        {text.hint}
      </p>
      <p className={problem ? 'field-error' : 'field-why'} id={`${id}-why`}>
        {problem ?? note.text}
        {!problem && note.changed && guess && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => onChange(guess.index)}>
              Use suggestion
            </button>
          </>
        )}
      </p>
    </div>
  );
}

interface LastActivityFieldProps {
  guesses: ColumnGuess[];
  labels: string[];
  value: number[];
  onChange: (indices: number[]) => void;
}

function LastActivityField({ guesses, labels, value, onChange }: LastActivityFieldProps) {
  const id = useId();
  const text = ROLE_TEXT.lastActivity;
  const detected = guesses.map((guess) => guess.index);
  const same = detected.length === value.length && detected.every((index) => value.includes(index));
  const why = same
    ? guesses.length === 0
      ? 'Preflight found no such column.'
      : guesses.map((guess) => guess.why).join(' ')
    : 'Changed by you.';
  return (
    <div className="field role-field" data-role="lastActivity">
      <label htmlFor={id}>{text.label}</label>
      {value.length > 0 && (
        <ul className="chosen-columns" aria-label="Last-activity columns">
          {value.map((index) => (
            <li key={index} className="column-chip">
              <span>{labels[index]}</span>
              <button
                type="button"
                className="chip-remove"
                onClick={() => onChange(value.filter((other) => other !== index))}
                aria-label={`Remove ${labels[index] ?? ''} from last activity`}
              >
                <CrossIcon size={12} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <select
        id={id}
        value=""
        onChange={(event) => {
          if (event.target.value !== '') onChange([...value, Number(event.target.value)]);
        }}
        aria-describedby={`${id}-hint ${id}-why`}
      >
        <option value="">{value.length === 0 ? 'None — add a column…' : 'Add another column…'}</option>
        {labels.map((label, index) =>
          value.includes(index) ? null : (
            <option key={index} value={String(index)}>
              {label}
            </option>
          ),
        )}
      </select>
      <p className="field-hint" id={`${id}-hint`}>
        {text.hint}
      </p>
      <p className="field-why" id={`${id}-why`}>
        {why}
        {!same && guesses.length > 0 && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => onChange(detected)}>
              Use suggestion
            </button>
          </>
        )}
      </p>
    </div>
  );
}
