// Reads the JSON of `npm audit --omit=dev --json` and says whether the production
// tree passed, failed, or could not be checked at all. "Could not be checked" must
// never read like "passed": build machines reach the npm registry through a mirror
// whose advisory endpoint answers 405.

export const SEVERITIES = ['info', 'low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeverityCounts = Record<Severity, number>;

export type AuditOutcome =
  /** The registry answered: `blocking` names the packages with a high or critical advisory. */
  | { kind: 'checked'; counts: SeverityCounts; blocking: string[] }
  /** The advisory endpoint could not be reached or refused the request. */
  | { kind: 'not-checked'; reason: string }
  /** npm failed for a reason of the project's own (no lockfile, unreadable output). */
  | { kind: 'failed'; reason: string };

/** Network failures npm reports when the registry cannot be reached at all. */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function interpretAudit(stdout: string): AuditOutcome {
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { kind: 'failed', reason: `npm audit printed no JSON (${firstLine(stdout) || 'empty output'})` };
  }
  if (typeof report !== 'object' || report === null) {
    return { kind: 'failed', reason: 'npm audit printed JSON that is not a report' };
  }
  const fields = report as {
    statusCode?: unknown;
    method?: unknown;
    uri?: unknown;
    message?: unknown;
    code?: unknown;
    error?: { code?: unknown; summary?: unknown };
    metadata?: { vulnerabilities?: Record<string, unknown> };
    vulnerabilities?: Record<string, { severity?: unknown }>;
  };

  const counts = fields.metadata?.vulnerabilities;
  if (counts !== undefined && typeof counts === 'object') {
    const tally = Object.fromEntries(SEVERITIES.map((severity) => [severity, Number(counts[severity] ?? 0)])) as SeverityCounts;
    const blocking = Object.entries(fields.vulnerabilities ?? {})
      .filter(([, vulnerability]) => vulnerability.severity === 'high' || vulnerability.severity === 'critical')
      .map(([name]) => name)
      .sort();
    return { kind: 'checked', counts: tally, blocking };
  }

  // An HTTP answer from the advisory endpoint (the mirror's 405, a 5xx, …).
  if (typeof fields.statusCode === 'number') {
    const where = typeof fields.uri === 'string' ? ` (${String(fields.method ?? 'POST')} ${fields.uri})` : '';
    return { kind: 'not-checked', reason: `registry advisory endpoint answered ${fields.statusCode}${where}` };
  }
  // npm puts the error's own fields at the top level and a summary under `error`.
  const code = fields.code ?? fields.error?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return { kind: 'not-checked', reason: `registry advisory endpoint unreachable (${code})` };
  }
  // npm-registry-fetch's FetchError: "request to <url> failed, reason: connect ECONNREFUSED …".
  const unreachable = typeof fields.message === 'string' ? /^request to \S+ failed, reason: (.+)$/.exec(fields.message) : null;
  if (unreachable) {
    return { kind: 'not-checked', reason: `registry advisory endpoint unreachable (${firstLine(unreachable[1] ?? '')})` };
  }
  const summary = fields.error?.summary || fields.message;
  return {
    kind: 'failed',
    reason: `npm audit failed: ${typeof summary === 'string' && summary !== '' ? firstLine(summary) : 'no reason given'}`,
  };
}

/** Exit code for an outcome: 1 on high/critical or an audit that broke; 0 otherwise, unless the audit is required. */
export function auditExitCode(outcome: AuditOutcome, requireAudit: boolean): 0 | 1 {
  switch (outcome.kind) {
    case 'checked':
      return outcome.counts.high + outcome.counts.critical > 0 ? 1 : 0;
    case 'not-checked':
      return requireAudit ? 1 : 0;
    case 'failed':
      return 1;
  }
}

/** One line for the log: it starts with "audit: OK", "audit: FAIL" or "audit: NOT CHECKED". */
export function describeAudit(outcome: AuditOutcome): string {
  switch (outcome.kind) {
    case 'checked': {
      const counts = SEVERITIES.map((severity) => `${outcome.counts[severity]} ${severity}`).join(', ');
      return outcome.blocking.length > 0 || outcome.counts.high + outcome.counts.critical > 0
        ? `audit: FAIL — high or critical advisories in the production tree (${counts}): ${outcome.blocking.join(', ')}`
        : `audit: OK — no high or critical advisories in the production tree (${counts})`;
    }
    case 'not-checked':
      return `audit: NOT CHECKED — ${outcome.reason}; known advisories could not be checked on this machine`;
    case 'failed':
      return `audit: FAIL — ${outcome.reason}`;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0]?.slice(0, 200) ?? '';
}
