// Checks the production dependency tree: known advisories (`npm audit --omit=dev`)
// and licences (every package in package-lock.json not marked dev).
//
//   tsx scripts/audit-deps.ts [--require-audit]
//
// Exit 1 on a high or critical advisory, on a licence outside the allowlist, or when
// npm audit breaks for a reason of the project's own. When the registry's advisory
// endpoint cannot be reached (the build machines' mirror answers 405), the audit
// line says NOT CHECKED and the exit code stays 0 — unless --require-audit is given.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditExitCode, describeAudit, interpretAudit } from './deps/audit-report';
import type { AuditOutcome } from './deps/audit-report';
import { readProductionLicences, summariseLicences } from './deps/licences';
import type { PackageLicence } from './deps/licences';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function runAudit(): AuditOutcome {
  // Under `npm run`, npm_execpath is the npm that started us: use the same one.
  const npmCli = process.env.npm_execpath;
  const [command, args] =
    npmCli !== undefined && /npm-cli\.[cm]?js$/.test(npmCli)
      ? [process.execPath, [npmCli, 'audit', '--omit=dev', '--json']]
      : ['npm', ['audit', '--omit=dev', '--json']];
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (result.error) return { kind: 'failed', reason: `could not run npm audit (${result.error.message})` };
  return interpretAudit(result.stdout);
}

function licenceTable(packages: readonly PackageLicence[], direct: ReadonlySet<string>): string {
  const rows = packages.map((pkg) => [
    pkg.path.replace(/^node_modules\//, '') === pkg.name ? pkg.name : `${pkg.name} (${pkg.path})`,
    pkg.version,
    pkg.licence ?? '(none declared)',
    [direct.has(pkg.path) ? 'direct' : '', pkg.permissive ? '' : 'NOT ALLOWED'].filter(Boolean).join(', '),
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd()).join('\n');
}

function main(): number {
  const requireAudit = process.argv.includes('--require-audit');

  const audit = runAudit();
  console.log(describeAudit(audit));
  let exitCode: number = auditExitCode(audit, requireAudit);

  let packages: PackageLicence[];
  try {
    packages = readProductionLicences(root);
  } catch (error) {
    console.log(`licences: FAIL — ${(error as Error).message}`);
    return 1;
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const direct = new Set(Object.keys(manifest.dependencies ?? {}).map((name) => `node_modules/${name}`));
  const refused = packages.filter((pkg) => !pkg.permissive);

  console.log(`licences: production tree (package-lock.json, not dev), ${packages.length} packages:`);
  console.log(licenceTable(packages, direct));
  if (refused.length > 0) {
    console.log(
      `licences: FAIL — not in the permissive allowlist (scripts/deps/licences.ts): ${refused
        .map((pkg) => `${pkg.name}@${pkg.version} (${pkg.licence ?? 'none declared'})`)
        .join(', ')}`,
    );
    exitCode = 1;
  } else {
    console.log(`licences: OK — ${summariseLicences(packages)}`);
  }
  return exitCode;
}

process.exitCode = main();
