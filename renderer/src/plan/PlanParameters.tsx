// The Plan screen's parameters: the quota (from the SES account the check used,
// or typed in), the headroom, when to send, and the warm-up. Each field shows
// its problem in the sentence the CLI would print, once the user has been there.
import { SwitchField } from '../app/SwitchField';
import type { FormEvent, ReactNode } from 'react';
import { useId } from 'react';
import type { PlanQuotaReading } from '../../../shared/ipc/contract';
import { PRESET_NAMES } from '../../../shared/plan/policy';
import { formatCount } from '../app/format';
import type { PlanField, PlanForm, PlanProblems } from './planForm';
import { PRESET_LABELS, formatClock, formatRate, presetDescription, weekOneCapsText } from './planText';
import type { PlanQuotaState } from './usePlanQuota';

interface PlanParametersProps {
  form: PlanForm;
  problems: PlanProblems;
  /** Fields whose problem is shown (visited, or all after a Plan send). */
  shown: ReadonlySet<PlanField>;
  /** The check's SES account, when it used one that can be asked again. */
  ses: { region: string; quota: PlanQuotaState } | null;
  planning: boolean;
  /** Ids of the inputs, so the screen can move focus to the first problem. */
  fieldId: (field: PlanField) => string;
  onChange: (patch: Partial<PlanForm>) => void;
  onVisit: (field: PlanField) => void;
  onSubmit: () => void;
}

let zoneNames: string[] | null = null;

/** Every IANA zone this Chromium knows, for the time zone field's suggestions. */
function timeZoneNames(): string[] {
  zoneNames ??= (() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [];
    }
  })();
  return zoneNames;
}

export function PlanParameters({ form, problems, shown, ses, planning, fieldId, onChange, onVisit, onSubmit }: PlanParametersProps) {
  const ids = { quota: useId(), when: useId(), warmup: useId(), zones: useId(), source: useId(), preset: useId() };
  const problem = (field: PlanField) => (shown.has(field) ? problems[field] : undefined);
  const fromSes = ses !== null && form.quotaSource === 'ses' && ses.quota.status !== 'failed';
  const hintId = (field: PlanField) => `${fieldId(field)}-hint`;

  /** A labelled text field with its hint, or its problem in the hint's place. */
  const textField = (
    field: PlanField,
    label: string,
    value: string,
    hint: ReactNode,
    options: { unit?: string; inputMode?: 'numeric' | 'decimal'; wide?: boolean; list?: string } = {},
  ) => (
    <div className="field">
      <label htmlFor={fieldId(field)}>{label}</label>
      <div className={options.unit ? 'input-with-unit' : undefined}>
        <input
          id={fieldId(field)}
          type="text"
          className={options.wide ? 'is-wide' : undefined}
          inputMode={options.inputMode}
          value={value}
          list={options.list}
          onChange={(event) => onChange({ [field]: event.target.value } as Partial<PlanForm>)}
          onBlur={() => onVisit(field)}
          aria-invalid={problem(field) ? true : undefined}
          aria-describedby={hintId(field)}
          spellCheck={false}
          autoComplete="off"
        />
        {options.unit && <span className="unit">{options.unit}</span>}
      </div>
      <p className={problem(field) ? 'field-error' : 'field-hint'} id={hintId(field)}>
        {problem(field) ?? hint}
      </p>
    </div>
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit();
  }

  return (
    <form className="panel plan-form" onSubmit={submit} noValidate aria-label="Plan parameters">
      <section className="plan-section" aria-labelledby={ids.quota}>
        <h2 id={ids.quota}>Quota</h2>
        {ses && (
          <div className="field plan-source" role="radiogroup" aria-label="Where the quota comes from">
            <label className="radio">
              <input
                type="radio"
                name={ids.source}
                checked={form.quotaSource === 'ses'}
                onChange={() => onChange({ quotaSource: 'ses' })}
                disabled={ses.quota.status === 'failed'}
              />
              From the SES account in {ses.region}
            </label>
            {form.quotaSource === 'ses' && <SesQuotaFacts state={ses.quota} />}
            <label className="radio">
              <input type="radio" name={ids.source} checked={!fromSes} onChange={() => onChange({ quotaSource: 'manual' })} />
              Typed in
            </label>
          </div>
        )}
        {!fromSes && (
          <div className="plan-manual-quota">
            {textField(
              'max24HourSend',
              'Daily quota',
              form.max24HourSend,
              'Recipients per rolling 24 hours, as the SES Account dashboard shows it; -1 for no limit.',
              {
                unit: 'per 24 hours',
                inputMode: 'numeric',
              },
            )}
            {textField('maxSendRate', 'Send rate', form.maxSendRate, 'The account’s maximum send rate.', {
              unit: 'per second',
              inputMode: 'decimal',
            })}
            {textField(
              'sentLast24Hours',
              'Sent in the last 24 hours',
              form.sentLast24Hours,
              'Counted as used during the plan’s first 24 hours.',
              {
                unit: 'recipients',
                inputMode: 'numeric',
              },
            )}
          </div>
        )}
        {textField(
          'headroom',
          'Headroom',
          form.headroom,
          'Kept free of both the quota and the rate, for other mail such as password resets.',
          {
            unit: '%',
            inputMode: 'decimal',
          },
        )}
      </section>

      <section className="plan-section" aria-labelledby={ids.when}>
        <h2 id={ids.when}>When</h2>
        <div className="field">
          <label htmlFor={fieldId('start')}>Start</label>
          <input
            id={fieldId('start')}
            type="datetime-local"
            value={form.start}
            onChange={(event) => onChange({ start: event.target.value })}
            onBlur={() => onVisit('start')}
            aria-invalid={problem('start') ? true : undefined}
            aria-describedby={hintId('start')}
          />
          <p className={problem('start') ? 'field-error' : 'field-hint'} id={hintId('start')}>
            {problem('start') ??
              (form.startEdited ? 'The earliest send, in the time zone below.' : 'The next whole hour, in the time zone below.')}
          </p>
        </div>
        {textField(
          'timeZone',
          'Time zone',
          form.timeZone,
          `An IANA name such as Europe/Berlin; this computer’s is ${Intl.DateTimeFormat().resolvedOptions().timeZone}.`,
          {
            wide: true,
            list: ids.zones,
          },
        )}
        <datalist id={ids.zones}>
          {timeZoneNames().map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <fieldset className="field plan-window" aria-describedby={hintId('window')}>
          <legend className="label">Send window</legend>
          <div className="plan-window-inputs">
            <label htmlFor={fieldId('window')} className="visually-hidden">
              Window opens
            </label>
            <input
              id={fieldId('window')}
              type="text"
              inputMode="numeric"
              value={form.windowStart}
              onChange={(event) => onChange({ windowStart: event.target.value })}
              onBlur={() => onVisit('window')}
              aria-invalid={problem('window') ? true : undefined}
              aria-describedby={hintId('window')}
              placeholder="09:00"
              autoComplete="off"
            />
            <span className="unit" aria-hidden="true">
              to
            </span>
            <label htmlFor={`${fieldId('window')}-end`} className="visually-hidden">
              Window closes
            </label>
            <input
              id={`${fieldId('window')}-end`}
              type="text"
              inputMode="numeric"
              value={form.windowEnd}
              onChange={(event) => onChange({ windowEnd: event.target.value })}
              onBlur={() => onVisit('window')}
              aria-invalid={problem('window') ? true : undefined}
              aria-describedby={hintId('window')}
              placeholder="17:00"
              autoComplete="off"
            />
          </div>
          <p className={problem('window') ? 'field-error' : 'field-hint'} id={hintId('window')}>
            {problem('window') ?? 'Each day, 24-hour times in that zone; 00:00 to 24:00 for all day.'}
          </p>
        </fieldset>
        <SwitchField
          label="Weekdays only"
          checked={form.weekdaysOnly}
          onChange={(weekdaysOnly) => onChange({ weekdaysOnly })}
          hint={form.weekdaysOnly ? 'Monday to Friday; nothing is sent at weekends.' : 'Every day of the week.'}
        />
      </section>

      <section className="plan-section" aria-labelledby={ids.warmup}>
        <h2 id={ids.warmup}>Warm-up</h2>
        <div className="field plan-presets" role="radiogroup" aria-labelledby={ids.warmup}>
          {PRESET_NAMES.map((name) => (
            <label key={name} className="preset-option">
              <input
                type="radio"
                name={ids.preset}
                checked={form.policy === name}
                onChange={() => onChange({ policy: name })}
                aria-describedby={`${ids.preset}-${name}`}
              />
              <span>
                <span className="preset-name">{PRESET_LABELS[name]}</span>
                <span className="preset-description" id={`${ids.preset}-${name}`}>
                  {presetDescription(name)}
                </span>
              </span>
            </label>
          ))}
        </div>
        <SwitchField
          label="Custom first day and growth"
          checked={form.custom}
          onChange={(custom) => onChange({ custom })}
          hint={`Starting from ${PRESET_LABELS[form.policy].toLowerCase()}’s values.`}
        />
        {form.custom && (
          <div className="plan-custom">
            {textField('firstDay', 'First day', form.firstDay, 'Recipients on the first sending day.', {
              unit: 'recipients',
              inputMode: 'numeric',
            })}
            {textField('growth', 'Growth', form.growth, 'The largest day-over-day factor, from 1 to 10.', {
              unit: '× a day',
              inputMode: 'decimal',
            })}
          </div>
        )}
        <p className="field-hint plan-caps">{weekOneCapsText()}</p>
      </section>

      <div className="plan-submit">
        <p className="plan-submit-note" aria-live="polite" data-testid="plan-form-problems">
          {problemCount(problems, shown)}
        </p>
        <button type="submit" className="button button-primary button-large" disabled={planning}>
          {planning ? (
            <>
              <span className="spinner spinner-small spinner-on-accent" aria-hidden="true" /> Planning…
            </>
          ) : (
            'Plan send'
          )}
        </button>
      </div>
    </form>
  );
}

const FIELD_NAMES: Record<PlanField, string> = {
  max24HourSend: 'daily quota',
  maxSendRate: 'send rate',
  sentLast24Hours: 'sent in the last 24 hours',
  headroom: 'headroom',
  start: 'start',
  timeZone: 'time zone',
  window: 'send window',
  firstDay: 'first day',
  growth: 'growth',
};

/** "2 to fix: daily quota, send window." under the sidebar's action, which stays in view while the fields scroll. */
function problemCount(problems: PlanProblems, shown: ReadonlySet<PlanField>): string {
  const fields = (Object.keys(problems) as PlanField[]).filter((field) => shown.has(field));
  if (fields.length === 0) return '';
  return `${fields.length} to fix: ${fields.map((field) => FIELD_NAMES[field]).join(', ')}.`;
}

function SesQuotaFacts({ state }: { state: PlanQuotaState }) {
  if (state.status === 'loading') {
    return (
      <p className="plan-ses-quota">
        <span className="spinner spinner-small" aria-hidden="true" /> Reading the quota from SES…
      </p>
    );
  }
  if (state.status !== 'ready') return null;
  const { quota, readAt }: PlanQuotaReading = state.reading;
  return (
    <p className="plan-ses-quota" data-testid="ses-quota">
      {quota.max24HourSend < 0 ? 'No daily limit' : `${formatCount(quota.max24HourSend)} per 24 hours`} · {formatRate(quota.maxSendRate)} ·{' '}
      {formatCount(quota.sentLast24Hours)} sent in the last 24 hours
      <span className="field-hint">
        Read at {formatClock(readAt, Intl.DateTimeFormat().resolvedOptions().timeZone)}; read again when you plan.
      </span>
    </p>
  );
}
