// `tsx scripts/audit-deps.ts`: a high or critical advisory fails the check, and an
// advisory endpoint that cannot answer is reported as NOT CHECKED, never as a pass.
// The end-to-end cases run the real `npm audit` against a stand-in registry on
// 127.0.0.1 (npm_config_registry), so npm's own report format is what is parsed.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { auditExitCode, describeAudit, interpretAudit } from '../../scripts/deps/audit-report';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// What npm 11 printed on the build machine, whose registry mirror refuses POST.
const MIRROR_405 = JSON.stringify({
  message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  method: 'POST',
  uri: 'https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  headers: { allow: ['GET,HEAD'] },
  statusCode: 405,
  body: '',
  error: { summary: '', detail: '' },
});
const REFUSED = JSON.stringify({
  message: 'request to http://127.0.0.1:9/-/npm/v1/security/advisories/bulk failed, reason: connect ECONNREFUSED 127.0.0.1:9',
  error: { summary: '', detail: '' },
});
const NO_LOCKFILE = JSON.stringify({
  error: {
    code: 'ENOLOCK',
    summary: 'This command requires an existing lockfile.',
    detail: 'Try creating one first with: npm i --package-lock-only',
  },
});

function report(
  counts: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>,
  vulnerabilities: Record<string, string> = {},
): string {
  const full = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts };
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(Object.entries(vulnerabilities).map(([name, severity]) => [name, { name, severity }])),
    metadata: { vulnerabilities: { ...full, total: Object.values(full).reduce((a, b) => a + b, 0) } },
  });
}

describe('interpretAudit', () => {
  it('fails on a high or a critical advisory and names the packages', () => {
    const high = interpretAudit(report({ low: 3, high: 1 }, { tslib: 'low', papaparse: 'high' }));
    expect(high).toEqual({ kind: 'checked', counts: { info: 0, low: 3, moderate: 0, high: 1, critical: 0 }, blocking: ['papaparse'] });
    expect(auditExitCode(high, false)).toBe(1);
    expect(describeAudit(high)).toBe(
      'audit: FAIL — high or critical advisories in the production tree (0 info, 3 low, 0 moderate, 1 high, 0 critical): papaparse',
    );

    const critical = interpretAudit(report({ critical: 2 }, { zod: 'critical', react: 'critical' }));
    expect(auditExitCode(critical, false)).toBe(1);
    expect(describeAudit(critical)).toMatch(/: react, zod$/);
  });

  it('passes with only low and moderate advisories, printing the counts', () => {
    const outcome = interpretAudit(report({ low: 2, moderate: 1 }, { a: 'low', b: 'moderate' }));
    expect(auditExitCode(outcome, false)).toBe(0);
    expect(describeAudit(outcome)).toBe(
      'audit: OK — no high or critical advisories in the production tree (0 info, 2 low, 1 moderate, 0 high, 0 critical)',
    );
  });

  it('reports a 405 from the advisory endpoint as NOT CHECKED, exit 0 unless the audit is required', () => {
    const outcome = interpretAudit(MIRROR_405);
    expect(outcome.kind).toBe('not-checked');
    expect(describeAudit(outcome)).toMatch(
      /^audit: NOT CHECKED — registry advisory endpoint answered 405 \(POST https:\/\/registry\.npmjs\.org\/-\/npm\/v1\/security\/advisories\/bulk\)/,
    );
    expect(auditExitCode(outcome, false)).toBe(0);
    expect(auditExitCode(outcome, true)).toBe(1);
  });

  it('reports an unreachable registry as NOT CHECKED', () => {
    const outcome = interpretAudit(REFUSED);
    expect(describeAudit(outcome)).toMatch(
      /^audit: NOT CHECKED — registry advisory endpoint unreachable \(connect ECONNREFUSED 127\.0\.0\.1:9\)/,
    );
    expect(interpretAudit(JSON.stringify({ code: 'ENOTFOUND', error: { summary: '' } })).kind).toBe('not-checked');
  });

  it('fails when npm audit breaks for a reason of the project’s own', () => {
    const noLock = interpretAudit(NO_LOCKFILE);
    expect(describeAudit(noLock)).toBe('audit: FAIL — npm audit failed: This command requires an existing lockfile.');
    expect(auditExitCode(noLock, false)).toBe(1);
    const garbage = interpretAudit('npm ERR! something odd\n');
    expect(describeAudit(garbage)).toBe('audit: FAIL — npm audit printed no JSON (npm ERR! something odd)');
    expect(auditExitCode(garbage, false)).toBe(1);
    expect(auditExitCode(interpretAudit(''), false)).toBe(1);
  });
});

describe('scripts/audit-deps.ts with the real npm', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    server = undefined;
  });

  /** A registry on 127.0.0.1 whose advisory endpoint answers as given; every package document is a 404. */
  async function startRegistry(advisories: (response: ServerResponse) => void): Promise<string> {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.method === 'POST' && request.url?.startsWith('/-/npm/v1/security/')) advisories(response);
        else response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((listening) => server?.listen(0, '127.0.0.1', listening));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  async function runScript(registry: string): Promise<{ code: number; stdout: string }> {
    const env = { ...process.env, npm_config_registry: registry, npm_config_fetch_retries: '0' };
    try {
      const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['scripts/audit-deps.ts'], { cwd: root, env });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? '' };
    }
  }

  it('exits 1 and names the package when the registry reports a high advisory', async () => {
    const registry = await startRegistry((response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          papaparse: [
            {
              id: 1,
              url: 'https://advisories.invalid/1',
              title: 'Stand-in ReDoS',
              severity: 'high',
              vulnerable_versions: '<=99.0.0',
              cwe: [],
              cvss: { score: 7.5, vectorString: null },
            },
          ],
        }),
      ),
    );
    const { code, stdout } = await runScript(registry);
    expect(stdout).toContain(
      'audit: FAIL — high or critical advisories in the production tree (0 info, 0 low, 0 moderate, 1 high, 0 critical): papaparse',
    );
    expect(code).toBe(1);
  });

  it('exits 0 but says NOT CHECKED when the advisory endpoint answers 405, and still lists the licences', async () => {
    const registry = await startRegistry((response) => response.writeHead(405, { allow: 'GET,HEAD' }).end());
    const { code, stdout } = await runScript(registry);
    expect(stdout).toMatch(/^audit: NOT CHECKED — registry advisory endpoint answered 405 /m);
    expect(stdout).toMatch(/^ {2}papaparse +\d+\.\d+\.\d+ +MIT +direct$/m);
    expect(stdout).toMatch(/^licences: OK — \d+ packages: /m);
    expect(code).toBe(0);
  });
});
