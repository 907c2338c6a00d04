// The production dependency tree and its licences, read from package-lock.json and
// the installed manifests. Shared by scripts/audit-deps.ts and the licence test, so
// the check CI runs is the one the script prints.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Licences Preflight may ship without obligations beyond keeping the notice.
 * Anything else (copyleft, proprietary, missing, a custom text) needs a person to
 * read it before it joins the production tree, so it fails the check.
 */
export const PERMISSIVE_LICENCES: ReadonlySet<string> = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'CC0-1.0',
  'Unlicense',
  'BlueOak-1.0.0',
  'Python-2.0',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'Zlib',
]);

export interface ProductionPackage {
  /** The package's name, e.g. `@smithy/core`. */
  name: string;
  version: string;
  /** Its folder relative to the project root, e.g. `node_modules/@smithy/core`. */
  path: string;
}

export interface PackageLicence extends ProductionPackage {
  /** The SPDX expression from the installed package.json; undefined when it declares none. */
  licence: string | undefined;
  permissive: boolean;
}

interface LockEntry {
  name?: unknown;
  version?: unknown;
  dev?: unknown;
  link?: unknown;
}

/**
 * Every package `npm ci --omit=dev` would install: the lockfile's `packages` entries
 * not marked `dev: true`. `devOptional` and `optional` entries count as production
 * (npm installs them unless told otherwise); workspace links are not packages.
 */
export function productionPackages(lockfile: unknown): ProductionPackage[] {
  const packages = (lockfile as { packages?: unknown } | null)?.packages;
  if (typeof packages !== 'object' || packages === null) {
    throw new Error('package-lock.json has no "packages" map (lockfileVersion 2 or 3 is needed).');
  }
  const result: ProductionPackage[] = [];
  for (const [path, raw] of Object.entries(packages as Record<string, unknown>)) {
    if (path === '' || typeof raw !== 'object' || raw === null) continue;
    const entry = raw as LockEntry;
    if (entry.dev === true || entry.link === true) continue;
    const name = typeof entry.name === 'string' ? entry.name : nameFromPath(path);
    const version = typeof entry.version === 'string' ? entry.version : '';
    result.push({ name, version, path });
  }
  return result.sort((a, b) => compareText(a.path, b.path));
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
function nameFromPath(path: string): string {
  const marker = 'node_modules/';
  const at = path.lastIndexOf(marker);
  return at === -1 ? path : path.slice(at + marker.length);
}

/**
 * The licence a package.json declares, as an SPDX expression. Old manifests use
 * `{ "type": "MIT" }` or a `licenses` array (meaning any of them).
 */
export function declaredLicence(manifest: unknown): string | undefined {
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const { license, licenses } = manifest as { license?: unknown; licenses?: unknown };
  const single = licenceName(license);
  if (single !== undefined) return single;
  if (Array.isArray(licenses)) {
    const names = licenses.map(licenceName).filter((name): name is string => name !== undefined);
    if (names.length === 1) return names[0];
    if (names.length > 1) return `(${names.join(' OR ')})`;
  }
  return undefined;
}

function licenceName(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'object' && value !== null) {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string' && type.trim() !== '') return type.trim();
  }
  return undefined;
}

/**
 * Whether an SPDX expression lets Preflight ship the package: with OR, one
 * permissive choice is enough; with AND, every part must be permissive. A `WITH`
 * exception, `SEE LICENSE IN …`, `UNLICENSED` or anything unparseable is not.
 */
export function isPermissive(expression: string | undefined): boolean {
  if (expression === undefined) return false;
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  let position = 0;

  // expression := term (OR term)* ; term := factor (AND factor)* ; factor := id | '(' expression ')'
  const parseExpression = (): boolean | undefined => {
    let value = parseTerm();
    while (value !== undefined && tokens[position]?.toUpperCase() === 'OR') {
      position += 1;
      const right = parseTerm();
      value = right === undefined ? undefined : value || right;
    }
    return value;
  };
  const parseTerm = (): boolean | undefined => {
    let value = parseFactor();
    while (value !== undefined && tokens[position]?.toUpperCase() === 'AND') {
      position += 1;
      const right = parseFactor();
      value = right === undefined ? undefined : value && right;
    }
    return value;
  };
  const parseFactor = (): boolean | undefined => {
    const token = tokens[position];
    if (token === undefined) return undefined;
    position += 1;
    if (token === '(') {
      const inner = parseExpression();
      if (tokens[position] !== ')') return undefined;
      position += 1;
      return inner;
    }
    if (token === ')' || ['AND', 'OR', 'WITH'].includes(token.toUpperCase())) return undefined;
    if (tokens[position]?.toUpperCase() === 'WITH') return undefined;
    return PERMISSIVE_LICENCES.has(token);
  };

  const verdict = parseExpression();
  return verdict === true && position === tokens.length;
}

/** Each production package with the licence its installed package.json declares. */
export function readProductionLicences(root: string): PackageLicence[] {
  const lockfile: unknown = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  return productionPackages(lockfile).map((pkg) => {
    const licence = declaredLicence(readManifest(join(root, pkg.path, 'package.json')));
    return { ...pkg, licence, permissive: isPermissive(licence) };
  });
}

function readManifest(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${file} is missing: run npm ci before checking licences.`, { cause: error });
    throw error;
  }
}

/** "37 packages: 22 Apache-2.0, 13 MIT, 1 CC0-1.0, 1 0BSD" — most common licence first. */
export function summariseLicences(packages: readonly PackageLicence[]): string {
  const counts = new Map<string, number>();
  for (const pkg of packages) {
    const key = pkg.licence ?? 'no licence declared';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || compareText(a, b))
    .map(([licence, count]) => `${count} ${licence}`);
  return `${packages.length} packages: ${parts.join(', ')}`;
}

/** Locale-independent order, so the printed list and the documented summary never depend on the machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
