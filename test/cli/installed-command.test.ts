// The `preflight` command a pipeline installs: package.json's bin entry points at
// the built CLI bundle, and `npm install -g`, `npm link` and `npx preflight` run it
// with plain Node (no tsx), from any folder.
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLES, bundleOptions } from '../../scripts/build-electron';
import { repoRoot, runCommand as run, tempDir } from '../support/cli';

interface PackageJson {
  name: string;
  version: string;
  bin?: Record<string, string>;
}

let dir: string;
let pkgDir: string;
let pkg: PackageJson;

beforeAll(async () => {
  dir = await tempDir('preflight-installed-');
  pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
  // The package as `npm run build` leaves it: package.json's name, version and bin,
  // and the CLI bundle where bin says it is. Its dependencies are inside the bundle.
  pkgDir = join(dir, 'checkout');
  const cli = BUNDLES.find((bundle) => bundle.name === 'CLI')!;
  await build({ ...bundleOptions(cli, join(pkgDir, 'dist-electron')), sourcemap: false });
  await writeFile(join(pkgDir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, private: true, bin: pkg.bin }));
  await mkdir(join(dir, 'lists'));
  await copyFile(join(repoRoot, 'examples/recipients.csv'), join(dir, 'lists/recipients.csv'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a pipeline that installs Preflight gets a `preflight` command', () => {
  it('package.json names the built, executable CLI bundle as the preflight command', async () => {
    expect(pkg.bin).toEqual({ preflight: 'dist-electron/cli.cjs' });
    const bundle = join(pkgDir, pkg.bin!['preflight']!);
    expect((await readFile(bundle, 'utf8')).split('\n', 1)[0]).toBe('#!/usr/bin/env node');
    expect((await stat(bundle)).mode & 0o111).not.toBe(0);
  });

  it('`npm install -g` of a checkout puts preflight on PATH, and it checks a list in the folder it is run from', async () => {
    const prefix = join(dir, 'global');
    const install = await run('npm', ['install', '-g', pkgDir, '--prefix', prefix, '--offline', '--no-audit', '--no-fund'], dir);
    expect(install.code, install.stderr).toBe(0);
    const result = await run(
      join(prefix, 'bin/preflight'),
      ['check', 'recipients.csv', '--out', 'out', '--offline', '--json'],
      join(dir, 'lists'),
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ rows: 26 });
    await stat(join(dir, 'lists/out/send.csv'));
  });

  it('`npx preflight` inside the checkout runs the bundle, from a subfolder too', async () => {
    const sub = join(pkgDir, 'examples');
    await mkdir(sub, { recursive: true });
    const result = await run('npx', ['--offline', 'preflight', '--version'], sub);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`preflight ${pkg.version}\n`);
  });

  it('the bundle runs with plain node on the shipped sample, outside the repository', async () => {
    const bundle = join(pkgDir, 'dist-electron/cli.cjs');
    const result = await run(
      process.execPath,
      [bundle, 'check', join(repoRoot, 'examples/recipients.csv'), '--out', join(dir, 'plain'), '--offline'],
      dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^26 rows checked/);
  });
});
