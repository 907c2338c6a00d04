// "Request production access" for a sandbox account: the form pre-filled from
// the check (the use case drafted from its report, editable), the readiness list
// beside it, then a preview of exactly what is sent with the confirm button, then
// the review status SES reports. The form is read with the CLI's rules
// (shared/ses/production-access.ts), so each mistake gets the CLI's sentence; the
// main process reads it again before it sends (account:request-production).
import { useId, useMemo, useState } from 'react';
import type { ProductionAccessSubmitted } from '../../../shared/ipc/contract';
import type { Report } from '../../../shared/model/check';
import { isUserError } from '../../../shared/model/errors';
import {
  buildProductionAccessRequest,
  splitContacts,
  type ContactLanguage,
  type MailType,
  type ProductionAccessRequest as SentRequest,
} from '../../../shared/ses/production-access';
import { draftUseCase, type DraftReport } from '../../../shared/ses/use-case-draft';
import { invoke, messageOf } from '../app/api';
import { ReadinessList } from './AccountReview';

/** The parts of the check's report the draft reads. */
function draftReport(report: Report): DraftReport {
  const reasons: Record<string, number> = {};
  for (const [code, rows] of Object.entries(report.reasons)) if (rows !== undefined) reasons[code] = rows;
  const forecast = report.forecast?.send;
  const readiness = report.readiness ?? null;
  return {
    rows: report.rows,
    verdicts: { send: report.verdicts.send ?? 0, review: report.verdicts.review ?? 0, remove: report.verdicts.remove ?? 0 },
    reasons,
    input: { file: report.input.file },
    columns: { consent: report.columns.consent, doubleOptIn: report.columns.doubleOptIn, consentSources: report.columns.consentSources },
    settings: { dns: report.settings.dns },
    ...(report.suppression ? { suppression: report.suppression } : {}),
    ...(report.domains ? { domains: { checked: report.domains.checked, rowsUnchecked: report.domains.rowsUnchecked } } : {}),
    ...(forecast ? { forecast: { send: forecast } } : {}),
    ...(readiness ? { readiness } : {}),
  };
}

type Stage =
  | { step: 'form' }
  | { step: 'preview'; request: SentRequest }
  | { step: 'sending'; request: SentRequest }
  | { step: 'sent'; result: ProductionAccessSubmitted };

/**
 * `readinessListed`: the screen already lists the sender readiness (Review's SES account tab), so the form
 * leaves it out rather than show the same checklist twice on one screen.
 */
export function ProductionAccessRequest({
  report,
  profile,
  region,
  readinessListed = false,
}: {
  report: Report;
  profile?: string;
  region: string;
  readinessListed?: boolean;
}) {
  const ids = { title: useId(), mail: useId(), website: useId(), language: useId(), contacts: useId(), useCase: useId(), problem: useId() };
  const [mailType, setMailType] = useState<MailType>('MARKETING');
  const [website, setWebsite] = useState('');
  const [language, setLanguage] = useState<ContactLanguage>('EN');
  const [contacts, setContacts] = useState('');
  const drafted = useMemo(() => draftUseCase(draftReport(report), { mailType }), [report, mailType]);
  const [edited, setEdited] = useState<string | null>(null);
  const useCase = edited ?? drafted;
  const [stage, setStage] = useState<Stage>({ step: 'form' });
  const [problem, setProblem] = useState<string | null>(null);
  const readiness = report.readiness ?? null;

  const form = {
    mailType,
    websiteUrl: website,
    contactLanguage: language,
    useCaseDescription: useCase,
    additionalContacts: splitContacts(contacts),
  };

  function preview() {
    try {
      setStage({ step: 'preview', request: buildProductionAccessRequest(form) });
      setProblem(null);
    } catch (error) {
      setProblem(isUserError(error) ? error.message : messageOf(error));
    }
  }

  async function send(request: SentRequest) {
    setStage({ step: 'sending', request });
    setProblem(null);
    try {
      const result = await invoke('account:request-production', { ...(profile ? { profile } : {}), region, form });
      setStage({ step: 'sent', result });
    } catch (error) {
      setStage({ step: 'preview', request });
      setProblem(messageOf(error));
    }
  }

  return (
    <section className="production-request" aria-labelledby={ids.title} data-testid="production-request">
      <h2 id={ids.title}>Request production access in {region}</h2>
      {stage.step === 'sent' ? (
        <SentStatus result={stage.result} />
      ) : (
        <div className={`production-layout${readinessListed ? ' is-single' : ''}`}>
          <div className="production-form">
            {stage.step === 'form' ? (
              <>
                <div className="field" role="radiogroup" aria-label="What you send">
                  <label className="radio">
                    <input type="radio" name={ids.mail} checked={mailType === 'MARKETING'} onChange={() => setMailType('MARKETING')} />
                    Marketing (newsletters, offers)
                  </label>
                  <label className="radio">
                    <input
                      type="radio"
                      name={ids.mail}
                      checked={mailType === 'TRANSACTIONAL'}
                      onChange={() => setMailType('TRANSACTIONAL')}
                    />
                    Transactional (account and order messages)
                  </label>
                </div>
                <div className="field">
                  <label htmlFor={ids.website}>Website</label>
                  <input
                    id={ids.website}
                    type="url"
                    className="is-wide"
                    value={website}
                    placeholder="https://www.example.com"
                    onChange={(event) => setWebsite(event.target.value)}
                    spellCheck={false}
                    autoComplete="off"
                  />
                </div>
                <div className="production-row">
                  <div className="field">
                    <label htmlFor={ids.language}>AWS answers in</label>
                    <select id={ids.language} value={language} onChange={(event) => setLanguage(event.target.value as ContactLanguage)}>
                      <option value="EN">English</option>
                      <option value="JA">Japanese</option>
                    </select>
                  </div>
                  <div className="field production-contacts">
                    <label htmlFor={ids.contacts}>Also notify (optional)</label>
                    <input
                      id={ids.contacts}
                      type="text"
                      value={contacts}
                      placeholder="ops@example.com, owner@example.com"
                      onChange={(event) => setContacts(event.target.value)}
                      spellCheck={false}
                      autoComplete="off"
                    />
                  </div>
                </div>
                <div className="field">
                  <label htmlFor={ids.useCase}>Use case</label>
                  <textarea
                    id={ids.useCase}
                    rows={12}
                    value={useCase}
                    onChange={(event) => setEdited(event.target.value)}
                    aria-describedby={ids.problem}
                  />
                  <p className="field-hint">
                    Drafted from this check: it states only what the check measured. Replace every [[…]] with what is true for you.
                  </p>
                </div>
              </>
            ) : (
              <RequestPreview request={stage.request} region={region} profile={profile ?? 'default'} />
            )}
            {problem && (
              <p className="field-error" role="alert" id={ids.problem} data-testid="production-problem">
                {problem}
              </p>
            )}
            <div className="production-actions">
              {stage.step === 'form' ? (
                <button type="button" className="button button-primary" onClick={preview}>
                  Preview the request
                </button>
              ) : (
                <>
                  <button type="button" className="button" onClick={() => setStage({ step: 'form' })} disabled={stage.step === 'sending'}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => void send(stage.request)}
                    disabled={stage.step === 'sending'}
                  >
                    {stage.step === 'sending' ? 'Sending…' : 'Send request to AWS'}
                  </button>
                </>
              )}
            </div>
          </div>
          {!readinessListed && (
            <aside className="production-readiness" aria-label="Sender readiness">
              <h3>Sender readiness</h3>
              {readiness ? (
                <ReadinessList readiness={readiness} />
              ) : (
                <p className="empty-note">Check with a From address to see SPF, DKIM and DMARC here: AWS looks for them.</p>
              )}
            </aside>
          )}
        </div>
      )}
    </section>
  );
}

function RequestPreview({ request, region, profile }: { request: SentRequest; region: string; profile: string }) {
  return (
    <div className="production-preview" data-testid="production-preview">
      <p>
        Exactly this is sent to SES in <strong>{region}</strong> (profile {profile}) as <code>POST /v2/email/account/details</code>, the
        PutAccountDetails call. Nothing is sent until you press Send.
      </p>
      <pre tabIndex={0}>{JSON.stringify(request, null, 2)}</pre>
    </div>
  );
}

function SentStatus({ result }: { result: ProductionAccessSubmitted }) {
  const account = result.account;
  return (
    <div className="callout callout-info" role="status" data-testid="production-status">
      <div>
        <p className="callout-title">The production-access request for {result.region} was sent.</p>
        {account?.reviewStatus ? (
          <p>
            Review: <strong>{account.reviewStatus}</strong>
            {account.reviewCaseId ? ` (case ${account.reviewCaseId})` : ''}. {result.advice}
          </p>
        ) : (
          <p>SES has not reported a review status yet: check the account again later.</p>
        )}
      </div>
    </div>
  );
}
