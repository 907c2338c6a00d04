// One labelled select per role, pre-filled from the detection, with the
// detection's reason beside it and a way back to the suggestion.
import { useId } from 'react';
import { optOutKindOf } from '../../../shared/columns/detect';
import { describeColumn } from '../../../shared/consent/sources';
import type { ColumnGuess, InspectResult } from '../../../shared/model/check';
import type { ConsentRole } from '../../../shared/model/consent';
import { AlertIcon, CrossIcon } from '../app/icons';
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
  const meaning = (role: ConsentRole, index: number | null) => (index === null ? undefined : meaningOf(list, role, index));
  const unread = list.detected.unreadable.filter(
    (column) =>
      column.index !== draft.consent &&
      column.index !== draft.status &&
      column.index !== draft.verifier &&
      !draft.optOut.includes(column.index),
  );
  return (
    <div className="role-fields">
      <SingleRoleField
        role="email"
        guess={list.detected.email}
        labels={labels}
        value={draft.email}
        problem={problems.email}
        onChange={(email) => onChange({ email })}
      />
      <SingleRoleField
        role="consent"
        guess={list.detected.consent}
        labels={labels}
        value={draft.consent}
        meaning={meaning('opt-in', draft.consent)}
        problem={problems.consent}
        onChange={(consent) => onChange({ consent })}
      />
      <OptOutField list={list} labels={labels} value={draft.optOut} onChange={(optOut) => onChange({ optOut })} />
      <SingleRoleField
        role="status"
        guess={list.detected.status}
        labels={labels}
        value={draft.status}
        meaning={meaning('status', draft.status)}
        problem={problems.status}
        onChange={(status) => onChange({ status })}
      />
      <SingleRoleField
        role="verifier"
        guess={list.detected.verifier}
        labels={labels}
        value={draft.verifier}
        meaning={meaning('verifier', draft.verifier)}
        onChange={(verifier) => onChange({ verifier })}
      />
      {unread.length > 0 && (
        <div className="callout callout-warning unreadable-columns" role="status" data-testid="unreadable-consent-columns">
          <AlertIcon size={20} />
          <ul>
            {unread.map((column) => (
              <li key={column.index}>{column.warning}</li>
            ))}
          </ul>
        </div>
      )}
      <SingleRoleField
        role="optInDate"
        guess={list.detected.optInDate}
        labels={labels}
        value={draft.optInDate}
        onChange={(optInDate) => onChange({ optInDate })}
      />
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

/** How a column's sampled values would be read in a role: the sentence the user checks. */
function meaningOf(list: InspectResult, role: ConsentRole, index: number): string {
  const values = list.sample.map((row) => row[index] ?? '');
  return describeColumn(role, values, role === 'opt-out' ? optOutKindOf(list.headers[index] ?? '') : undefined);
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
  role: SingleRole;
  guess: ColumnGuess | null;
  labels: string[];
  value: number | null;
  /** Consent roles: how the chosen column's values will be read. */
  meaning?: string | undefined;
  problem?: string | undefined;
  onChange: (index: number | null) => void;
}

function SingleRoleField({ role, guess, labels, value, meaning, problem, onChange }: SingleRoleFieldProps) {
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
        aria-describedby={`${id}-hint ${id}-why${meaning ? ` ${id}-meaning` : ''}`}
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
      {meaning && !problem && (
        <p className="field-meaning" id={`${id}-meaning`} data-testid={`meaning-${role}`}>
          {meaning}
        </p>
      )}
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

interface OptOutFieldProps {
  list: InspectResult;
  labels: string[];
  value: number[];
  onChange: (indices: number[]) => void;
}

/** Any number of opt-out columns, each shown with how its values will be read. */
function OptOutField({ list, labels, value, onChange }: OptOutFieldProps) {
  const id = useId();
  const text = ROLE_TEXT.optOut;
  const guesses = list.detected.optOut;
  const detected = guesses.map((guess) => guess.index);
  const same = detected.length === value.length && detected.every((index) => value.includes(index));
  const why = same
    ? guesses.length === 0
      ? 'Preflight found no such column.'
      : guesses.map((guess) => guess.why).join('. ')
    : 'Changed by you.';
  return (
    <div className="field role-field" data-role="optOut">
      <label htmlFor={id}>{text.label}</label>
      {value.length > 0 && (
        <ul className="chosen-columns chosen-columns-described" aria-label="Opt-out columns">
          {value.map((index) => (
            <li key={index}>
              <span className="column-chip">
                <span>{labels[index]}</span>
                <button
                  type="button"
                  className="chip-remove"
                  onClick={() => onChange(value.filter((other) => other !== index))}
                  aria-label={`Remove ${labels[index] ?? ''} from opt-outs`}
                >
                  <CrossIcon size={12} />
                </button>
              </span>
              <span className="field-meaning" data-testid="meaning-optOut">
                {meaningOf(list, 'opt-out', index)}
              </span>
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
