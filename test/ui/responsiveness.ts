// Measures how responsive the renderer stays while a large list is imported,
// checked and scrolled: long tasks (PerformanceObserver 'longtask'), the
// progress bar's values, the rows in the DOM and the rows the table fetched.
// Shared by test/ui/responsiveness.test.ts and bench/ui.ts, so the test and
// the 1M-row benchmark measure the same thing.
//
// The functions passed to page.evaluate run in Chromium; this file compiles
// without the DOM library, so the few browser globals they use are typed here.
import type { CDPSession, Page } from 'playwright-core';
import type { UiHarness } from './harness';

/** Phases of the user's path, marked in the page's clock (performance.now()). */
export type Phase = 'load' | 'import' | 'check' | 'review' | 'scroll';
const PHASES: readonly Phase[] = ['load', 'import', 'check', 'review', 'scroll'];

export interface LongTask {
  phase: Phase;
  /** performance.now() in the page. */
  start: number;
  /** Wall time, as the PerformanceObserver reports it. */
  durationMs: number;
  /**
   * CPU time the renderer's main thread spent in that task (from a Chromium
   * trace, attachRendererCpu): on a busy machine a task's wall time also counts
   * the time the thread waited for a core.
   */
  cpuMs?: number;
}

export interface ProbeResult {
  longTasks: LongTask[];
  /** Every distinct aria-valuenow the progress bar showed, in order. */
  progressValues: number[];
  /** The most row elements the review table held at once. */
  maxDomRows: number;
  /** Row elements in the table now. */
  domRows: number;
  /** review:rows answers the page received, and the rows in them. */
  pagesFetched: number;
  rowsFetched: number;
  /** Where each phase began, in the page's clock. */
  marks: Partial<Record<Phase, number>>;
}

interface ProbeState {
  longTasks: { start: number; duration: number }[];
  progressValues: number[];
  maxDomRows: number;
  pagesFetched: number;
  rowsFetched: number;
  marks: Record<string, number>;
}

interface PageGlobals {
  __responsiveness?: ProbeState;
  __preflightInvoke(channel: string, args: unknown[]): Promise<{ ok: boolean; value?: unknown }>;
  PerformanceObserver: new (callback: (list: { getEntries(): { startTime: number; duration: number }[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
  performance: { now(): number; mark(name: string): { startTime: number } };
  document: {
    querySelector(selector: string): { getAttribute(name: string): string | null } | null;
    querySelectorAll(selector: string): { length: number };
  };
  setInterval(callback: () => void, ms: number): number;
}

const PROGRESS_BAR = '[role="progressbar"][aria-label="Check progress"]';
const TABLE_ROWS = '[data-testid="review-scroll"] [role="row"]';

/**
 * Starts observing the page: long tasks (buffered, so tasks from page load are
 * kept too, under the phase 'load'), the progress bar and the table's rows
 * sampled every 50 ms, and the rows each review:rows answer carried.
 */
export async function installProbe(page: Page): Promise<void> {
  await page.evaluate(
    ([progressBar, tableRows]) => {
      const web = globalThis as unknown as PageGlobals;
      if (web.__responsiveness) return;
      const state: ProbeState = { longTasks: [], progressValues: [], maxDomRows: 0, pagesFetched: 0, rowsFetched: 0, marks: {} };
      web.__responsiveness = state;
      new web.PerformanceObserver((list) => {
        for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      web.setInterval(() => {
        const bar = web.document.querySelector(progressBar);
        const value = bar ? Number(bar.getAttribute('aria-valuenow')) : NaN;
        if (Number.isFinite(value) && state.progressValues[state.progressValues.length - 1] !== value) state.progressValues.push(value);
        state.maxDomRows = Math.max(state.maxDomRows, web.document.querySelectorAll(tableRows).length);
      }, 50);
      // The harness's transport looks the binding up on every request, so wrapping it sees every page the table asks for.
      const invoke = web.__preflightInvoke.bind(web);
      web.__preflightInvoke = async (channel, args) => {
        const result = await invoke(channel, args);
        if (channel === 'review:rows' && result.ok) {
          state.pagesFetched += 1;
          state.rowsFetched += (result.value as { rows: unknown[] }).rows.length;
        }
        return result;
      };
    },
    [PROGRESS_BAR, TABLE_ROWS] as const,
  );
}

/** Marks the start of a phase (now, in the page's clock). */
export async function markPhase(page: Page, phase: Phase): Promise<number> {
  return page.evaluate((name) => {
    const web = globalThis as unknown as PageGlobals;
    const now = web.performance.now();
    if (web.__responsiveness) web.__responsiveness.marks[name] = now;
    return now;
  }, phase);
}

export async function readProbe(page: Page): Promise<ProbeResult> {
  const state = await page.evaluate((tableRows) => {
    const web = globalThis as unknown as PageGlobals;
    if (!web.__responsiveness) throw new Error('installProbe first');
    return { ...web.__responsiveness, domRows: web.document.querySelectorAll(tableRows).length };
  }, TABLE_ROWS);
  const marks = state.marks as Partial<Record<Phase, number>>;
  const phaseAt = (time: number): Phase => {
    let phase: Phase = 'load';
    for (const candidate of PHASES) {
      const start = marks[candidate];
      if (start !== undefined && start <= time) phase = candidate;
    }
    return phase;
  };
  return {
    longTasks: state.longTasks.map((task) => ({ phase: phaseAt(task.start), start: task.start, durationMs: task.duration })),
    progressValues: state.progressValues,
    maxDomRows: state.maxDomRows,
    domRows: state.domRows,
    pagesFetched: state.pagesFetched,
    rowsFetched: state.rowsFetched,
    marks,
  };
}

/** Long tasks from the import on: what the user lives through once they start. */
export function tasksAfterLoad(result: ProbeResult): LongTask[] {
  return result.longTasks.filter((task) => task.phase !== 'load');
}

/** Import through the Open list dialog, up to the Columns screen. */
export async function importList(ui: UiHarness, path: string): Promise<void> {
  const { page } = ui;
  await markPhase(page, 'import');
  ui.setDialogResult('openList', path);
  await page.getByRole('button', { name: /Open list/ }).click();
  await page.getByRole('heading', { name: 'Check the columns' }).waitFor({ timeout: 60_000 });
}

/**
 * Columns → Check list with domain checks off (and SES off, the default) →
 * Review. Returns the wall time from the click to the Review screen, in ms.
 */
export async function checkOffline(ui: UiHarness, timeoutMs: number): Promise<number> {
  const { page } = ui;
  const dns = page.getByRole('switch', { name: 'Check that each domain accepts mail' });
  if (await dns.isChecked()) await dns.uncheck();
  const ses = page.getByRole('switch', { name: 'Use my SES account' });
  if ((await ses.count()) === 1 && (await ses.isChecked())) await ses.uncheck();
  await markPhase(page, 'check');
  const started = Date.now();
  await page.getByRole('button', { name: 'Check list' }).click();
  await page.getByRole('heading', { name: 'Review the results' }).waitFor({ timeout: timeoutMs });
  const wallMs = Date.now() - started;
  await markPhase(page, 'review');
  return wallMs;
}

/** The Review screen's row count ("100,000 rows"), once the first page has answered. */
export async function shownRowCount(page: Page, timeoutMs = 30_000): Promise<string> {
  const count = page.getByTestId('match-count');
  await page.waitForFunction(
    () => {
      const element = (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="match-count"]') as {
        textContent?: string | null;
      } | null;
      return !!element?.textContent && !element.textContent.startsWith('Loading');
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  return count.innerText();
}

export interface ScrollResult {
  /** Row number (from the file) of the last row in the DOM once the table is at the bottom. */
  lastRowNumber: number;
  /** The text of its Row cell, e.g. "1,000,000". */
  lastRowText: string;
  /** Each step's wait for its rows to arrive, ms. */
  stepWaitsMs: number[];
}

interface ScrollerElement {
  scrollTop: number;
  scrollHeight: number;
  clientHeight: number;
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
}

/**
 * Scrolls the review table from the top to the very bottom in `steps` jumps of
 * the scroll container, waiting at each step for the rows in view to arrive
 * from the worker; then Home and End from the keyboard. Returns the last row.
 */
export async function scrollToLastRow(page: Page, steps: number, timeoutMs = 30_000): Promise<ScrollResult> {
  await markPhase(page, 'scroll');
  const scroller = page.getByTestId('review-scroll');
  await scroller.focus();
  const loadingRows = page.getByTestId('review-scroll').locator('[role="row"].is-loading');
  const stepWaitsMs: number[] = [];
  const settle = async () => {
    const started = Date.now();
    // A frame for the virtualizer to render the new range, then until no row is a placeholder.
    await page.evaluate(
      () =>
        new Promise((resolve) =>
          (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(() => resolve(null)),
        ),
    );
    await loadingRows.first().waitFor({ state: 'detached', timeout: timeoutMs });
    stepWaitsMs.push(Date.now() - started);
  };
  for (let step = 1; step <= steps; step += 1) {
    await scroller.evaluate((element, fraction) => {
      const box = element as unknown as ScrollerElement;
      box.scrollTop = Math.round(fraction * (box.scrollHeight - box.clientHeight));
    }, step / steps);
    await settle();
  }
  await page.keyboard.press('Home');
  await page.locator('[data-row="1"]').waitFor({ timeout: timeoutMs });
  await page.keyboard.press('End');
  await settle();
  const last = await scroller.evaluate((element) => {
    const rows = Array.from((element as unknown as ScrollerElement).querySelectorAll('[role="row"][data-row]'));
    let best = { number: -1, text: '' };
    for (const row of rows) {
      const number = Number(row.getAttribute('data-row'));
      if (number > best.number)
        best = {
          number,
          text:
            (row as unknown as { querySelector(s: string): { textContent: string | null } }).querySelector('.cell-number').textContent ??
            '',
        };
    }
    return best;
  });
  return { lastRowNumber: last.number, lastRowText: last.text, stepWaitsMs };
}

/** The renderer's JS heap, before and after a forced garbage collection (CDP). */
export async function heapUsage(page: Page): Promise<{ usedMb: number; afterGcMb: number }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    const before = await cdp.send('Runtime.getHeapUsage');
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await cdp.send('Runtime.getHeapUsage');
    return { usedMb: before.usedSize / 2 ** 20, afterGcMb: after.usedSize / 2 ** 20 };
  } finally {
    await cdp.detach();
  }
}

/** "check 142 ms (CPU 38 ms) at 5312 ms" */
export function describeTask(task: LongTask): string {
  const cpu = task.cpuMs === undefined ? '' : ` (CPU ${Math.round(task.cpuMs)} ms)`;
  return `${task.phase} ${Math.round(task.durationMs)} ms${cpu} at ${Math.round(task.start)} ms`;
}

const CLOCK_MARK = 'responsiveness:clock';

/** Starts a Chromium trace of the page's top-level tasks (with their thread CPU time). */
export async function startRendererTrace(page: Page): Promise<void> {
  const browser = page.context().browser();
  if (!browser) throw new Error('The page has no browser to trace');
  await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/**
 * Stops the trace and gives each long task the CPU time of the renderer task
 * it was: the one on the page's main thread that overlaps it most. A mark made
 * now ties the page's clock to the trace's.
 */
export async function attachRendererCpu(page: Page, result: ProbeResult): Promise<ProbeResult> {
  const markedAt = await page.evaluate((name) => (globalThis as unknown as PageGlobals).performance.mark(name).startTime, CLOCK_MARK);
  const raw = await page.context().browser()!.stopTracing();
  const trace = JSON.parse(raw.toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mark = events.find((event) => event.name === CLOCK_MARK);
  if (!mark) throw new Error('The trace has no clock mark: was startRendererTrace called?');
  // The mark is made on the page's main thread: its tasks are that thread's.
  const offsetUs = mark.ts - markedAt * 1000;
  const tasks = events.filter(
    (event) =>
      event.pid === mark.pid &&
      event.tid === mark.tid &&
      event.ph === 'X' &&
      event.name === 'ThreadControllerImpl::RunTask' &&
      event.dur !== undefined,
  );
  const longTasks = result.longTasks.map((task) => {
    const from = task.start * 1000 + offsetUs;
    const to = from + task.durationMs * 1000;
    let best: { overlap: number; cpuUs: number } | null = null;
    for (const event of tasks) {
      const overlap = Math.min(to, event.ts + event.dur!) - Math.max(from, event.ts);
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { overlap, cpuUs: event.tdur ?? event.dur! };
    }
    // The trace's task and the observer's entry are the same task: they coincide (tasks before the trace began do not).
    return best && best.overlap >= 0.9 * (to - from) ? { ...task, cpuMs: best.cpuUs / 1000 } : task;
  });
  return { ...result, longTasks };
}
