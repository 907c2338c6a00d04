// The window's header: the app's name, where the user is in Import → Export,
// and "New list" from anywhere.
import { CheckIcon, PlaneIcon, PlusIcon } from './icons';
import type { AppState, Step } from './state';
import { STEPS, canVisit, isDone } from './state';

interface HeaderProps {
  state: AppState;
  onNavigate: (step: Step) => void;
  onNewList: () => void;
}

export function Header({ state, onNavigate, onNewList }: HeaderProps) {
  return (
    <header className="app-header">
      <div className="brand">
        <PlaneIcon size={20} className="brand-mark" />
        <span className="brand-name">Preflight</span>
      </div>
      <nav className="stepper" aria-label="Steps">
        <ol>
          {STEPS.map(({ step, label }, index) => {
            const current = state.step === step;
            const done = !current && isDone(state, step);
            // The Import step means "start a new list" once a list is open.
            const reachable = !current && canVisit(state, step) && (step !== 'import' || state.list !== null);
            const className = `step${current ? ' is-current' : ''}${done ? ' is-done' : ''}`;
            const marker = (
              <span className="step-marker" aria-hidden="true">
                {done ? <CheckIcon size={12} /> : index + 1}
              </span>
            );
            return (
              <li key={step} className={className}>
                {reachable ? (
                  <button type="button" className="step-button" onClick={() => onNavigate(step)}>
                    {marker}
                    <span className="step-label">{label}</span>
                    {done && <span className="visually-hidden"> (done)</span>}
                  </button>
                ) : (
                  <span className="step-button" aria-current={current ? 'step' : undefined} aria-disabled={current ? undefined : 'true'}>
                    {marker}
                    <span className="step-label">{label}</span>
                    {done && <span className="visually-hidden"> (done)</span>}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      <div className="header-actions">
        {state.step !== 'import' && (
          <button type="button" className="button button-quiet" onClick={onNewList}>
            <PlusIcon size={14} />
            New list
          </button>
        )}
      </div>
    </header>
  );
}
