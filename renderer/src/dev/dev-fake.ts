// An in-memory stand-in for window.preflight, for working on the UI with
// `vite dev` in a plain browser (no Electron, no engine). Loaded only when
// import.meta.env.DEV is true and no preload bridge exists: never bundled.
// Tests use the real main-process handlers instead (test/ui/harness.ts).
//
// URL parameters: ?rows=N (list size, default 1,240), ?checkMs=N (how long a check takes).
import type { DecisionPreview, Decisions } from '../../../shared/model/decisions';
import type {
  CheckFailed,
  CheckFinished,
  EventChannel,
  EventChannels,
  PreflightApi,
  RequestChannel,
  RequestChannels,
} from '../../../shared/ipc/contract';
import type { CheckProgress, CheckSettings, InspectResult, Report, ReviewRow, RowPage, RowQuery } from '../../../shared/model/check';
import type { ReasonCode, Verdict } from '../../../shared/model/reasons';
import { verdictFor } from '../../../shared/model/reasons';
import type { AccountStatus } from '../../../shared/model/ses';
import { buildPlanDocument, BATCHES_FOLDER } from '../../../shared/plan/document';
import { resolvePlanRequest } from '../../../shared/plan/parameters';
import type { PlanRequest } from '../../../shared/plan/parameters';
import { planSchedule } from '../../../shared/plan/schedule';
import type { PlanQuota } from '../../../shared/plan/schedule';

const FIRST = [
  'Ava',
  'Liam',
  'Mia',
  'Noah',
  'Zoe',
  'Ethan',
  'Chloé',
  'Jonas',
  'Priya',
  'Mateo',
  'Hana',
  'Lucas',
  'Sofia',
  'Omar',
  'Ines',
  'Kai',
];
const LAST = ['Martin', 'Nguyen', 'Schmidt', 'García', 'Okafor', 'Rossi', 'Kowalski', 'Silva', 'Tanaka', 'Dubois', 'Larsen', 'Murphy'];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'hotmail.co.uk', 'northwind-traders.com', 'fastmail.com', 'web.de'];

interface FakeRow {
  email: string;
  normalized: string;
  reasons: ReasonCode[];
  suggestion: string;
  subscribed: string;
  optInDate: string;
  lastOpen: string;
  first: string;
  last: string;
}

function fakeRow(index: number): FakeRow {
  const first = FIRST[index % FIRST.length] ?? 'Ava';
  const last = LAST[(index * 7) % LAST.length] ?? 'Martin';
  let domain = DOMAINS[(index * 3) % DOMAINS.length] ?? 'gmail.com';
  let local = `${first}.${last}${index % 5 === 0 ? index % 100 : ''}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  const reasons: ReasonCode[] = [];
  let suggestion = '';
  let subscribed = index % 11 === 0 ? 'TRUE' : 'yes';
  if (index % 97 === 1) {
    domain = 'example.com';
    reasons.push('reserved_domain');
  } else if (index % 53 === 8) {
    domain = 'mailinator.com';
    reasons.push('disposable');
  } else if (index % 37 === 4) {
    domain = 'gmial.com';
    reasons.push('typo_suspected');
    suggestion = `${local}@gmail.com`;
  }
  if (index % 31 === 2) {
    local = ['info', 'sales', 'office', 'hello'][index % 4] ?? 'info';
    reasons.push('role_account');
  }
  if (index % 29 === 7) {
    subscribed = index % 2 ? 'no' : '';
    reasons.push('no_consent');
  } else if (index % 43 === 10) {
    subscribed = 'pending?';
    reasons.push('consent_unknown');
  }
  if (index % 41 === 6) reasons.push('consent_stale');
  if (index % 13 === 9) reasons.push('inactive');
  if (index % 17 === 3 && index > 20) reasons.push('duplicate');
  let email = `${local}@${domain}`;
  let normalized = email;
  if (index % 23 === 5) {
    email = `${local}@@${domain}`;
    normalized = '';
    reasons.splice(0, reasons.length, 'syntax_invalid');
    suggestion = '';
  } else if (index % 19 === 12) {
    email = ` ${first} ${last} <${local.toUpperCase()}@${domain}>`;
  }
  const year = 2019 + (index % 6);
  const optInDate = `${year}-${String((index % 12) + 1).padStart(2, '0')}-${String((index % 27) + 1).padStart(2, '0')}`;
  const lastOpen = index % 13 === 9 ? '2023-02-14' : `2025-${String((index % 9) + 1).padStart(2, '0')}-03`;
  return { email, normalized, reasons, suggestion, subscribed, optInDate, lastOpen, first, last };
}

function param(name: string, fallback: number): number {
  const value = Number(new URLSearchParams(window.location.search).get(name));
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function createDevFake(): PreflightApi {
  const rowCount = param('rows', 1240);
  const checkMs = param('checkMs', 3000);
  const listeners = new Map<EventChannel, Set<(event: never) => void>>();
  const jobs = new Map<string, { timer: number; done: boolean; report?: Report; verdicts?: Uint8Array; reasons?: ReasonCode[][] }>();
  let jobCounter = 0;

  function emit<K extends EventChannel>(channel: K, event: Parameters<EventChannels[K]>[0]) {
    for (const listener of listeners.get(channel) ?? []) (listener as (value: typeof event) => void)(event);
  }

  function inspect(path: string): InspectResult {
    const fileName = path.split(/[\\/]/).pop() ?? path;
    if (/\.(png|jpe?g|pdf|xlsx|zip)$/i.test(fileName)) {
      throw new Error(`${fileName} is not a text list: it contains binary data. Save the list as CSV and try again.`);
    }
    const withConsent = !/no-consent/.test(fileName);
    const headers = [
      'Email Address',
      'First Name',
      'Last Name',
      ...(withConsent ? ['Subscribed'] : []),
      'Opt-in Date',
      'Last Open',
      'Country',
      'Tags',
    ];
    const sample = Array.from({ length: Math.min(20, rowCount) }, (_, index) => {
      const row = fakeRow(index);
      return [
        row.email,
        row.first,
        row.last,
        ...(withConsent ? [row.subscribed] : []),
        row.optInDate,
        row.lastOpen,
        index % 3 ? 'DE' : 'US',
        'spring-2025;vip',
      ];
    });
    const at = (name: string) => headers.indexOf(name);
    return {
      path,
      fileName,
      notes: [],
      bytes: rowCount * 92,
      encoding: 'utf-8-bom',
      delimiter: ',',
      headers,
      sample,
      detected: {
        email: { index: 0, name: 'Email Address', confidence: 0.98, why: 'Header “Email Address”; 19 of 20 sampled cells are addresses.' },
        consent: withConsent
          ? { index: at('Subscribed'), name: 'Subscribed', confidence: 0.9, why: 'Header “Subscribed”; cells read yes/no.' }
          : null,
        optInDate: {
          index: at('Opt-in Date'),
          name: 'Opt-in Date',
          confidence: 0.85,
          why: 'Header “Opt-in Date”; every sampled cell is a date.',
        },
        lastActivity: [{ index: at('Last Open'), name: 'Last Open', confidence: 0.8, why: 'Header “Last Open”; dates.' }],
        doubleOptIn: null,
        optOut: [],
        status: null,
        verifier: null,
        unreadable: [],
      },
    };
  }

  function start(path: string, settings: CheckSettings): { jobId: string } {
    const jobId = `job-${++jobCounter}`;
    const bytesTotal = rowCount * 92;
    const withDomains = settings.dns.mode !== 'off' && !settings.offline;
    const began = Date.now();
    const job: { timer: number; done: boolean; report?: Report; verdicts?: Uint8Array; reasons?: ReasonCode[][] } = {
      timer: 0,
      done: false,
    };
    jobs.set(jobId, job);
    job.timer = window.setInterval(() => {
      const share = Math.min(1, (Date.now() - began) / checkMs);
      const reading = withDomains ? 0.6 : 0.8;
      const domains = withDomains ? 0.25 : 0;
      let progress: CheckProgress;
      if (share < reading) {
        const part = share / reading;
        progress = {
          phase: 'reading',
          bytesRead: Math.round(bytesTotal * part),
          bytesTotal,
          rows: Math.round(rowCount * part),
          domainsDone: 0,
          domainsTotal: 0,
        };
      } else if (share < reading + domains) {
        const part = (share - reading) / domains;
        progress = {
          phase: 'domains',
          bytesRead: bytesTotal,
          bytesTotal,
          rows: rowCount,
          domainsDone: Math.round(412 * part),
          domainsTotal: 412,
        };
      } else {
        const part = Math.min(1, (share - reading - domains) / (1 - reading - domains));
        progress = {
          phase: 'writing',
          bytesRead: Math.round(bytesTotal * part),
          bytesTotal,
          rows: rowCount,
          domainsDone: 412,
          domainsTotal: 412,
        };
      }
      emit('check:progress', { jobId, progress });
      if (share >= 1) {
        window.clearInterval(job.timer);
        job.done = true;
        if (/fail/.test(path)) {
          emit('check:failed', {
            jobId,
            message: 'The suppression file could not be read: line 3 is not an email address.',
            cancelled: false,
          } satisfies CheckFailed);
          return;
        }
        const finished = finish(jobId, path, settings);
        emit('check:finished', finished);
      }
    }, 80);
    return { jobId };
  }

  function finish(jobId: string, path: string, settings: CheckSettings): CheckFinished {
    const job = jobs.get(jobId);
    const verdicts = new Uint8Array(rowCount);
    const reasonsByRow: ReasonCode[][] = new Array<ReasonCode[]>(rowCount);
    const counts: Record<Verdict, number> = { send: 0, review: 0, remove: 0 };
    const reasonCounts: Partial<Record<ReasonCode, number>> = {};
    const noConsent = settings.columns?.consent === null;
    for (let index = 0; index < rowCount; index += 1) {
      const reasons = fakeRow(index).reasons.filter((code) => !noConsent || (code !== 'no_consent' && code !== 'consent_unknown'));
      const verdict = verdictFor(reasons);
      verdicts[index] = verdict === 'send' ? 0 : verdict === 'review' ? 1 : 2;
      reasonsByRow[index] = reasons;
      counts[verdict] += 1;
      for (const code of reasons) reasonCounts[code] = (reasonCounts[code] ?? 0) + 1;
    }
    const report: Report = {
      tool: { name: 'preflight', version: '0.1.0-dev' },
      generatedAt: new Date().toISOString(),
      rows: rowCount,
      verdicts: counts,
      reasons: reasonCounts,
      columns: {
        email: 'Email Address',
        consent: noConsent ? null : 'Subscribed',
        optInDate: 'Opt-in Date',
        lastActivity: ['Last Open'],
        doubleOptIn: null,
        optOut: [],
        status: null,
        verifier: null,
        consentSources: [],
      },
      input: { file: path, bytes: rowCount * 92, encoding: 'utf-8-bom', delimiter: ',', raggedRows: 2 },
      warnings: noConsent ? ['No opt-in column: consent was not checked. Every address was judged on the address alone.'] : [],
      settings: {
        consentMaxAgeDays: settings.consentMaxAgeDays,
        inactiveAfterDays: settings.inactiveAfterDays,
        offline: settings.offline,
        dns: settings.dns.mode,
        suppressionFile: settings.suppressionFile ?? null,
      },
      ...(settings.suppressionFile ? { suppression: { source: settings.suppressionFile, entries: 5120, matched: 14 } } : {}),
      domains: { checked: 412, fromCache: 0, byStatus: { deliverable: 403, domain_not_found: 7, dns_unresolved: 2 }, rowsUnchecked: 0 },
    };
    if (job) Object.assign(job, { report, verdicts, reasons: reasonsByRow });
    return { jobId, report };
  }

  /** Decisions by reason on the fake rows (row decisions are not kept by the fake); no forecast. */
  function preview(jobId: string, decisions: Decisions): DecisionPreview {
    const job = jobs.get(jobId);
    if (!job?.reasons) throw new Error('This check is no longer available. Run it again.');
    const verdicts: Record<Verdict, number> = { send: 0, review: 0, remove: 0 };
    const reviewRows: Partial<Record<ReasonCode, number>> = {};
    for (const reasons of job.reasons) {
      let verdict = verdictFor(reasons);
      if (verdict === 'review') {
        for (const code of reasons) reviewRows[code] = (reviewRows[code] ?? 0) + 1;
        if (reasons.some((code) => decisions.exclude.includes(code))) verdict = 'remove';
        else if (reasons.every((code) => decisions.accept.includes(code))) verdict = 'send';
      }
      verdicts[verdict] += 1;
    }
    const none = { bounceRate: 0, bounceRateLow: 0, bounceRateHigh: 0, complaintRate: 0, complaintRateLow: 0, complaintRateHigh: 0 };
    return { verdicts, send: none, reviewRows, corrections: 0 };
  }

  const matchCache = new Map<string, Int32Array>();
  function rows(jobId: string, query: RowQuery): RowPage {
    const job = jobs.get(jobId);
    if (!job?.verdicts || !job.reasons) throw new Error('This check is no longer available. Run it again.');
    const key = `${jobId}|${query.verdict ?? ''}|${query.reason ?? ''}|${query.search ?? ''}`;
    let matches = matchCache.get(key);
    if (!matches) {
      const wanted = query.verdict ? ['send', 'review', 'remove'].indexOf(query.verdict) : -1;
      const needle = query.search?.toLowerCase() ?? '';
      const found: number[] = [];
      for (let index = 0; index < rowCount; index += 1) {
        if (wanted >= 0 && job.verdicts[index] !== wanted) continue;
        if (query.reason && !job.reasons[index]?.includes(query.reason)) continue;
        if (needle) {
          const row = fakeRow(index);
          if (!row.email.toLowerCase().includes(needle) && !row.normalized.includes(needle)) continue;
        }
        found.push(index);
      }
      matches = Int32Array.from(found);
      matchCache.set(key, matches);
    }
    const page: ReviewRow[] = [];
    for (const index of matches.subarray(query.offset, query.offset + query.limit)) {
      const row = fakeRow(index);
      const reasons = job.reasons[index] ?? [];
      page.push({
        row: index + 1,
        email: row.email,
        normalized: row.normalized,
        verdict: verdictFor(reasons),
        reasons,
        suggestion: row.suggestion,
      });
    }
    return { total: matches.length, offset: query.offset, rows: page };
  }

  const account: AccountStatus = {
    region: 'eu-west-1',
    max24HourSend: 50_000,
    maxSendRate: 14,
    sentLast24Hours: 1_234,
    productionAccessEnabled: true,
    sendingEnabled: true,
    enforcementStatus: 'HEALTHY',
    suppressedReasons: ['BOUNCE', 'COMPLAINT'],
  };

  /** The real scheduler (shared/plan) over made-up recipients: the Plan screen shows a true plan's shape. */
  function plan(jobId: string, request: PlanRequest) {
    const job = jobs.get(jobId);
    const count = job?.report?.verdicts.send ?? rowCount;
    const now = Date.now();
    const resolved = resolvePlanRequest(request, now);
    const quota: PlanQuota =
      resolved.quota.source === 'ses'
        ? {
            max24HourSend: account.max24HourSend,
            maxSendRate: account.maxSendRate,
            sentLast24Hours: account.sentLast24Hours,
            source: 'ses',
            region: account.region,
          }
        : { ...resolved.quota, source: 'manual' };
    const options = { ...resolved, quota, quotaReadAt: now, maxBatchSeconds: 1800 };
    const groups = Uint8Array.from({ length: count }, (_, index) => [0, 0, 2, 1, 3][index % 5]!);
    const schedule = planSchedule({ count, groups, order: Uint32Array.from({ length: count }, (_, index) => index) }, options);
    const document = buildPlanDocument(schedule, { ...options, version: 'dev', generatedAt: now, input: 'send.csv', duplicatesRemoved: 0 });
    for (let step = 1; step <= 4; step++) {
      window.setTimeout(
        () =>
          emit('plan:progress', { jobId, progress: { phase: step < 4 ? 'reading' : 'writing', bytesRead: step * 25, bytesTotal: 100 } }),
        step * 100,
      );
    }
    const result = {
      document,
      riskColumn: true,
      engagementColumns: ['Last Open'],
      files: ['plan.json', 'plan.csv', 'plan.ics', ...document.batches.map((batch) => batch.file)],
    };
    return new Promise<typeof result>((resolve) => window.setTimeout(() => resolve(result), 500));
  }

  // A handler may answer later (plan:create shows its progress first), as the main process does.
  const handlers: {
    [K in RequestChannel]: (
      ...args: Parameters<RequestChannels[K]>
    ) => ReturnType<RequestChannels[K]> | Promise<ReturnType<RequestChannels[K]>>;
  } = {
    'dialog:open-list': () => '/Users/sam/Downloads/spring-newsletter-subscribers.csv',
    'dialog:open-suppression': () => '/Users/sam/Documents/ses-suppression-2025-05.csv',
    'dialog:choose-export-folder': () => '/Users/sam/Documents/Preflight results',
    'import:inspect': (path) => inspect(path),
    'check:start': ({ path, settings }) => start(path, settings),
    'check:cancel': (jobId) => {
      const job = jobs.get(jobId);
      if (job && !job.done) {
        window.clearInterval(job.timer);
        job.done = true;
        window.setTimeout(() => emit('check:failed', { jobId, message: 'Check cancelled.', cancelled: true }), 150);
      }
    },
    'review:rows': (jobId, query) => rows(jobId, query),
    'review:preview': (jobId, decisions) => preview(jobId, decisions),
    'review:decide': (jobId, selection, decision) => {
      const matches = rows(jobId, { ...selection.filter, offset: 0, limit: rowCount }).rows;
      const picked = selection.ranges ? selection.ranges.flatMap(([start, end]) => matches.slice(start, end)) : matches;
      const kept = picked.filter((row) =>
        decision === 'accepted' ? row.verdict !== 'remove' : decision === 'corrected' ? row.suggestion !== '' : true,
      );
      return {
        rows: kept.map((row) => ({
          address: row.normalized || row.email,
          decision,
          ...(decision === 'corrected' ? { corrected: row.suggestion } : {}),
        })),
        skipped: picked.length - kept.length,
      };
    },
    'domains:list': () =>
      DOMAINS.map((domain, index) => ({
        domain,
        rows: Math.round(rowCount / (index + 2)),
        status: domain === 'northwind-traders.com' ? 'dns_unresolved' : 'deliverable',
      })),
    'account:profiles': () => ['default', 'marketing'],
    'account:contact-lists': ({ region }) => ({
      region: region ?? 'eu-west-1',
      lists: [{ name: 'Newsletter', topics: ['weekly', 'offers'] }],
    }),
    'account:card': ({ region }) => ({
      source: 'live',
      card: {
        profile: 'default',
        account: {
          region: region ?? 'eu-west-1',
          max24HourSend: 200,
          maxSendRate: 1,
          sentLast24Hours: 12,
          productionAccessEnabled: false,
          sendingEnabled: true,
          enforcementStatus: 'HEALTHY',
          suppressedReasons: ['BOUNCE', 'COMPLAINT'],
        },
        suppression: null,
        productionAccess: ['Request production access in the SES console; each region needs its own request.'],
      },
    }),
    'account:request-production': ({ region, form }) => ({
      region: region ?? 'eu-west-1',
      sent: {
        MailType: form.mailType,
        WebsiteURL: form.websiteUrl,
        ContactLanguage: form.contactLanguage ?? 'EN',
        UseCaseDescription: form.useCaseDescription,
        ...(form.additionalContacts?.length ? { AdditionalContactEmailAddresses: form.additionalContacts } : {}),
        ProductionAccessEnabled: true,
      },
      account: {
        region: region ?? 'eu-west-1',
        max24HourSend: 200,
        maxSendRate: 1,
        sentLast24Hours: 12,
        productionAccessEnabled: false,
        sendingEnabled: true,
        enforcementStatus: 'HEALTHY',
        reviewStatus: 'PENDING',
        reviewCaseId: '9000000017',
        suppressedReasons: ['BOUNCE', 'COMPLAINT'],
      },
      advice:
        'AWS is reviewing the request: wait for its answer by email (typically 24–48 hours); sending another request does not speed it up.',
    }),
    'plan:quota': ({ region }) => ({
      quota: {
        max24HourSend: account.max24HourSend,
        maxSendRate: account.maxSendRate,
        sentLast24Hours: account.sentLast24Hours,
        source: 'ses',
        region: region ?? account.region,
      },
      readAt: new Date().toISOString(),
      account: { ...account, region: region ?? account.region },
      refusal: null,
    }),
    'plan:create': (jobId, request) => plan(jobId, request),
    'export:write': (_jobId, folder) => ({
      folder,
      files: [
        'annotated.csv',
        'send.csv',
        'review.csv',
        'remove.csv',
        'report.json',
        'plan.json',
        'plan.csv',
        'plan.ics',
        `${BATCHES_FOLDER}/batch-0001.csv`,
      ],
    }),
    'prefs:get': () => ({ dnsServers: [], dnsConcurrency: 64, consentMaxAgeDays: 730, inactiveAfterDays: 365 }),
    'prefs:set': (prefs) => prefs,
    'shell:open-external': () => undefined,
    'shell:show-folder': () => undefined,
  };

  return {
    invoke(channel, ...args) {
      const handler = handlers[channel] as (
        ...values: typeof args
      ) => ReturnType<RequestChannels[typeof channel]> | Promise<ReturnType<RequestChannels[typeof channel]>>;
      // A short delay, like a real round trip to the main process.
      return new Promise((resolve, reject) => {
        window.setTimeout(() => {
          try {
            resolve(handler(...args));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }, 30);
      });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener as (event: never) => void);
      listeners.set(channel, set);
      return () => set.delete(listener as (event: never) => void);
    },
    pathForFile(file) {
      return file instanceof File ? `/Users/sam/Desktop/${file.name}` : '';
    },
  };
}

export function installDevFake(): void {
  window.preflight = createDevFake();
}
