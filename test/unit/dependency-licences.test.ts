// The production dependencies are documented and permissively licensed: adding a
// dependency without a row in docs/security.md, or pulling in a copyleft package,
// fails CI.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { declaredLicence, isPermissive, productionPackages, readProductionLicences, summariseLicences } from '../../scripts/deps/licences';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface DocumentedDependency {
  name: string;
  version: string;
  licence: string;
  purpose: string;
}

/** The first table under "## Production dependencies and licences" in docs/security.md. */
function documentedDependencies(markdown: string): DocumentedDependency[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Production dependencies and licences'));
  if (section === undefined) throw new Error('docs/security.md has no "## Production dependencies and licences" section');
  const tableLines = section
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|'));
  const rows = tableLines
    .map((line) =>
      line
        .slice(1, line.endsWith('|') ? -1 : undefined)
        .split('|')
        .map((cell) => cell.trim().replace(/^`|`$/g, '')),
    )
    .filter((cells) => !cells.every((cell) => /^:?-+:?$/.test(cell)));
  const [header, ...body] = rows;
  expect(header?.slice(0, 3), 'table columns').toEqual(['Package', 'Version', 'Licence']);
  return body.map(([name = '', version = '', licence = '', purpose = '']) => ({ name, version, licence, purpose }));
}

describe('docs/security.md', () => {
  const manifest = readJson('package.json') as { dependencies: Record<string, string> };
  const lockfile = readJson('package-lock.json') as { packages: Record<string, { version?: string }> };
  const documented = documentedDependencies(readFileSync(join(root, 'docs/security.md'), 'utf8'));
  const direct = Object.entries(manifest.dependencies);

  it.each(direct)('documents %s with its pinned version, its licence and what it is for', (name, spec) => {
    // Pinned: an exact version, the one the lockfile installs.
    expect(spec, `package.json pins ${name} to an exact version`).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(lockfile.packages[`node_modules/${name}`]?.version, `package-lock.json installs ${name}@${spec}`).toBe(spec);

    const row = documented.find((entry) => entry.name === name);
    expect(row, `docs/security.md has a row for ${name}`).toBeDefined();
    const installed = declaredLicence(readJson(`node_modules/${name}/package.json`));
    expect(row).toMatchObject({ version: spec, licence: installed });
    expect(row?.purpose.length, `docs/security.md says what ${name} is for`).toBeGreaterThan(0);
  });

  it('documents no package that is not a direct production dependency', () => {
    expect(documented.map((entry) => entry.name).sort()).toEqual(direct.map(([name]) => name).sort());
  });

  it('states the current size and licences of the whole production tree', () => {
    // The line `npm run audit:deps` prints last, e.g. "37 packages: 22 Apache-2.0, 13 MIT, …".
    const summary = summariseLicences(readProductionLicences(root));
    expect(readFileSync(join(root, 'docs/security.md'), 'utf8'), `docs/security.md says "${summary}" on one line`).toContain(summary);
  });
});

describe('the production tree', () => {
  it('holds only permissively licensed packages', () => {
    const packages = readProductionLicences(root);
    expect(packages.length).toBeGreaterThan(0);
    const refused = packages.filter((pkg) => !pkg.permissive).map((pkg) => `${pkg.name}@${pkg.version}: ${pkg.licence ?? 'none declared'}`);
    expect(refused).toEqual([]);
  });

  it('leaves out dev-only packages and includes every direct dependency', () => {
    const names = new Set(readProductionLicences(root).map((pkg) => pkg.name));
    const manifest = readJson('package.json') as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const name of Object.keys(manifest.dependencies)) expect(names).toContain(name);
    for (const name of ['vitest', 'typescript', 'electron', 'eslint']) expect(names).not.toContain(name);
  });
});

describe('licence allowlist', () => {
  it.each(['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause', '0BSD', 'CC0-1.0', 'BlueOak-1.0.0', 'Python-2.0', 'CC-BY-4.0'])(
    'accepts %s',
    (licence) => {
      expect(isPermissive(licence)).toBe(true);
    },
  );

  it.each([
    'GPL-3.0-only',
    'GPL-2.0-or-later',
    'LGPL-2.1',
    'AGPL-3.0',
    'MPL-2.0',
    'EPL-2.0',
    'SSPL-1.0',
    'BUSL-1.1',
    'UNLICENSED',
    'SEE LICENSE IN LICENSE.txt',
    'Custom: https://example.com/licence',
    'mit',
  ])('refuses %s', (licence) => {
    expect(isPermissive(licence)).toBe(false);
  });

  it('reads SPDX expressions: one permissive choice under OR, all parts under AND', () => {
    expect(isPermissive('(MIT OR GPL-3.0-only)')).toBe(true);
    expect(isPermissive('(GPL-3.0-only OR Apache-2.0)')).toBe(true);
    expect(isPermissive('(MIT AND Zlib)')).toBe(true);
    expect(isPermissive('(MIT AND GPL-3.0-only)')).toBe(false);
    expect(isPermissive('(MIT OR (Apache-2.0 AND LGPL-2.1))')).toBe(true);
    expect(isPermissive('((MIT AND LGPL-2.1) OR GPL-2.0)')).toBe(false);
    expect(isPermissive('MIT AND (ISC OR GPL-3.0)')).toBe(true);
  });

  it('refuses a missing licence, a licence exception and a malformed expression', () => {
    expect(isPermissive(undefined)).toBe(false);
    expect(isPermissive('')).toBe(false);
    expect(isPermissive('Apache-2.0 WITH LLVM-exception')).toBe(false);
    expect(isPermissive('(MIT OR')).toBe(false);
    expect(isPermissive('MIT)')).toBe(false);
    expect(isPermissive('MIT ISC')).toBe(false);
    expect(isPermissive('OR MIT')).toBe(false);
  });

  it('reads the licence shapes old manifests use', () => {
    expect(declaredLicence({ license: 'ISC' })).toBe('ISC');
    expect(declaredLicence({ license: { type: 'MIT', url: 'https://opensource.org/licenses/MIT' } })).toBe('MIT');
    expect(declaredLicence({ licenses: [{ type: 'MIT' }] })).toBe('MIT');
    expect(declaredLicence({ licenses: [{ type: 'MIT' }, { type: 'GPL-2.0' }] })).toBe('(MIT OR GPL-2.0)');
    expect(declaredLicence({ name: 'no-licence' })).toBeUndefined();
    expect(declaredLicence({ license: '  ' })).toBeUndefined();
  });
});

describe('productionPackages', () => {
  const lockfile = {
    lockfileVersion: 3,
    packages: {
      '': { name: 'app', version: '1.0.0' },
      'node_modules/kept': { version: '1.0.0' },
      'node_modules/@scope/kept': { version: '2.0.0' },
      'node_modules/kept/node_modules/nested': { version: '3.0.0' },
      'node_modules/maybe': { version: '4.0.0', optional: true },
      'node_modules/either': { version: '5.0.0', devOptional: true },
      'node_modules/alias': { name: 'real-name', version: '6.0.0' },
      'node_modules/tooling': { version: '7.0.0', dev: true },
      'node_modules/workspace': { resolved: 'packages/workspace', link: true },
    },
  };

  it('keeps everything npm installs with --omit=dev, by its package name', () => {
    expect(productionPackages(lockfile).map((pkg) => `${pkg.name}@${pkg.version}`)).toEqual([
      '@scope/kept@2.0.0',
      'real-name@6.0.0',
      'either@5.0.0',
      'kept@1.0.0',
      'nested@3.0.0',
      'maybe@4.0.0',
    ]);
  });

  it('refuses a lockfile without a packages map', () => {
    expect(() => productionPackages({ lockfileVersion: 1, dependencies: {} })).toThrow(/lockfileVersion 2 or 3/);
  });
});

describe('readProductionLicences on an installed tree', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function install(packages: Record<string, { version: string; dev?: boolean; manifest?: object }>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'preflight-licences-'));
    const entries: Record<string, object> = { '': { name: 'app', version: '1.0.0' } };
    for (const [name, { version, dev, manifest }] of Object.entries(packages)) {
      entries[`node_modules/${name}`] = dev ? { version, dev: true } : { version };
      if (manifest !== undefined) {
        await mkdir(join(dir, 'node_modules', name), { recursive: true });
        await writeFile(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version, ...manifest }));
      }
    }
    await writeFile(join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: entries }));
    return dir;
  }

  it('flags a copyleft or undeclared licence and ignores dev packages', async () => {
    const tree = await install({
      fine: { version: '1.0.0', manifest: { license: 'MIT' } },
      copyleft: { version: '2.0.0', manifest: { license: 'GPL-3.0-only' } },
      silent: { version: '3.0.0', manifest: {} },
      'dev-copyleft': { version: '4.0.0', dev: true, manifest: { license: 'AGPL-3.0' } },
    });
    const packages = readProductionLicences(tree);
    expect(packages.map(({ name, licence, permissive }) => ({ name, licence, permissive }))).toEqual([
      { name: 'copyleft', licence: 'GPL-3.0-only', permissive: false },
      { name: 'fine', licence: 'MIT', permissive: true },
      { name: 'silent', licence: undefined, permissive: false },
    ]);
    expect(summariseLicences(packages)).toBe('3 packages: 1 GPL-3.0-only, 1 MIT, 1 no licence declared');
  });

  it('says to run npm ci when a locked package is not installed', async () => {
    const tree = await install({ absent: { version: '1.0.0' } });
    expect(() => readProductionLicences(tree)).toThrow(/node_modules\/absent\/package\.json is missing: run npm ci/);
  });
});
