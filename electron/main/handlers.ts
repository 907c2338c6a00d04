// What every request channel does, as plain async functions with no Electron
// import: the real app wires them to ipcMain (ipc.ts, main.ts) and the Chromium
// UI harness (test/ui/harness.ts) to Playwright bindings, so both run this code.

import { join, resolve } from 'node:path';
import type { EventChannel, EventChannels, RequestChannel, RequestChannels } from '../../shared/ipc/contract';
import { UserError } from '../../shared/model/errors';
import { inspectFile } from '../services/import/inspect';
import { createAccountCardReader } from './account-card';
import { readContactLists } from './contact-lists';
import { exportEntries } from './export';
import type { ExportEntry } from './export';
import { EXTERNAL_LINK_REFUSED, isAllowedExternalUrl } from './external-links';
import { JobManager } from './jobs';
import { log as defaultLog } from './log';
import type { Logger } from './log';
import { createPlanRequests } from './plan-requests';
import { requestProductionAccess } from './production-access';
import { PreferencesStore } from './prefs';

export interface HandlerDeps {
  dialogs: {
    openList(): Promise<string | null>;
    openSuppression(): Promise<string | null>;
    chooseExportFolder(): Promise<string | null>;
  };
  shell: { openExternal(url: string): Promise<void>; showFolder(path: string): Promise<void> };
  emit<K extends EventChannel>(channel: K, ...args: Parameters<EventChannels[K]>): void;
  /**
   * Where the DNS cache and the SES snapshots live. The app passes the CLI's default
   * (services/dns/cache-dir.ts) so both share one cache; tests leave it out and get
   * `<dataDir>/cache`, a fresh folder per test.
   */
  cacheDir?: string;
  /** The per-user data folder: prefs.json, jobs/<id>/ staging outputs. */
  dataDir: string;
  /** The bundled worker script (dist-electron/engine-worker.cjs). */
  engineWorkerPath: string;
  log?: Logger;
  /** Test knobs for the job manager (defaults: 100 ms between progress events, 2 s cancel grace). */
  jobs?: { progressIntervalMs?: number; cancelGraceMs?: number };
}

export type RequestHandlers = {
  [K in RequestChannel]: (...args: Parameters<RequestChannels[K]>) => Promise<ReturnType<RequestChannels[K]>>;
};

export function createHandlers(deps: HandlerDeps): { handlers: RequestHandlers; dispose(): Promise<void> } {
  const log = deps.log ?? defaultLog;
  const jobs = new JobManager({
    workerPath: deps.engineWorkerPath,
    jobsDir: join(deps.dataDir, 'jobs'),
    emit: deps.emit,
    log,
    ...deps.jobs,
  });
  const prefs = new PreferencesStore(join(deps.dataDir, 'prefs.json'), log);
  // The same cache folder as the jobs' engine: the card reads the suppression snapshot the checks save.
  const cacheDir = deps.cacheDir ?? join(deps.dataDir, 'cache');
  const accountCards = createAccountCardReader(cacheDir);
  const plans = createPlanRequests({ jobs, emit: deps.emit });
  // Folders the user picked in the export dialog, and those exported to: the
  // renderer may write to, and reveal, only these (not any path it names).
  const chosenExportFolders = new Set<string>();
  const exportedFolders = new Set<string>();

  const handlers: RequestHandlers = {
    'dialog:open-list': () => deps.dialogs.openList(),
    'dialog:open-suppression': () => deps.dialogs.openSuppression(),
    'dialog:choose-export-folder': async () => {
      const folder = await deps.dialogs.chooseExportFolder();
      if (folder) chosenExportFolders.add(resolve(folder));
      return folder;
    },
    'import:inspect': (path) => inspectFile(path),
    'check:start': async ({ path, settings }) => {
      // The main process decides where the DNS cache lives, never the renderer.
      const jobId = await jobs.start(path, { ...settings, cacheDir });
      return { jobId };
    },
    'check:cancel': (jobId) => jobs.cancel(jobId),
    'review:rows': (jobId, query) => jobs.rows(jobId, query),
    'review:preview': (jobId, decisions) => jobs.previewDecisions(jobId, decisions),
    'review:decide': (jobId, selection, decision) => jobs.decideRows(jobId, selection, decision),
    'domains:list': (jobId, limit) => jobs.domains(jobId, limit),
    'account:profiles': () => accountCards.profiles(),
    'account:card': (request) => accountCards.read(request),
    'account:contact-lists': (request) => readContactLists(request),
    'account:request-production': (submission) => requestProductionAccess(submission),
    'plan:quota': (request) => plans.quota(request),
    'plan:create': (jobId, request) => plans.create(jobId, request),
    'export:write': async (jobId, folder) => {
      const target = resolve(folder);
      if (!chosenExportFolders.has(target)) {
        throw new UserError('bad_argument', 'Choose the export folder with the Export button first.');
      }
      const outputs = await jobs.finishedOutputs(jobId);
      const entries: ExportEntry[] = outputs.files.map((name) => ({ source: join(outputs.dir, name), name }));
      if (outputs.plan) {
        // plan.json, plan.csv, plan.ics and the batches folder as a whole.
        const planEntries = new Set(outputs.plan.files.map((file) => file.split('/')[0]!));
        for (const name of planEntries) entries.push({ source: join(outputs.plan.dir, name), name });
      }
      const files = await exportEntries(target, entries);
      exportedFolders.add(target);
      return { folder: target, files };
    },
    'prefs:get': () => prefs.get(),
    'prefs:set': (preferences) => prefs.set(preferences),
    'shell:open-external': async (url) => {
      if (!isAllowedExternalUrl(url)) {
        log.warn(`Refused to open an external link that is not on the allowlist: ${url.slice(0, 200)}`);
        throw new UserError('bad_argument', EXTERNAL_LINK_REFUSED);
      }
      await deps.shell.openExternal(url);
    },
    'shell:show-folder': async (path) => {
      const folder = resolve(path);
      if (!exportedFolders.has(folder)) {
        throw new UserError('bad_argument', 'Preflight only shows folders you exported to.');
      }
      await deps.shell.showFolder(folder);
    },
  };

  return {
    handlers,
    dispose: () => {
      accountCards.dispose();
      return jobs.dispose();
    },
  };
}
