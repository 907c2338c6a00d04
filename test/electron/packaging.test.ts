// Packaging and bundling: electron-builder.yml is valid for electron-builder 26
// and sets the fuses; the esbuild bundles have the shapes Electron needs.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLES, bundleOptions } from '../../scripts/build-electron';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

interface BuilderConfig {
  productName?: string;
  extraResources?: ({ from?: string; to?: string; filter?: string[] } | string)[];
  asar?: boolean;
  files?: (string | { filter?: string[] })[];
  electronFuses?: Record<string, boolean>;
  mac?: { target?: string[] };
  win?: { target?: string[] };
  linux?: { target?: string[]; executableName?: string };
}

async function loadBuilderConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(dir: string, path: string | null, extra: null): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, null, null);
  // Throws, listing the offending keys, when the file does not match electron-builder's schema.
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder.yml', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    config = await loadBuilderConfig();
  });

  it('is valid for electron-builder and sets every fuse as docs/security.md says', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs only the built app into an asar, for every platform', () => {
    expect(config.productName).toBe('Preflight');
    expect(config.asar).toBe(true);
    // electron-builder normalises the list into [{ filter: [...] }].
    const files = (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));
    expect(files).toEqual(expect.arrayContaining(['dist/renderer/**/*', 'dist-electron/**/*', 'package.json', '!**/node_modules/**/*']));
    expect(files.filter((f) => !f.startsWith('!')).every((f) => /^(dist\/renderer|dist-electron)\/|^package\.json$/.test(f))).toBe(true);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
  });
});

describe('the CLI in the packaged app', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    config = await loadBuilderConfig();
  });

  it('ships the preflight launchers in resources/bin, beside the binary they start', async () => {
    const bin = (config.extraResources ?? []).find((entry) => typeof entry !== 'string' && entry.to === 'bin') as {
      from: string;
      filter: string[];
    };
    expect(bin.from).toBe('build/bin');
    expect(bin.filter.sort()).toEqual(['preflight', 'preflight.cmd']);
    // The launchers look for <install>/preflight (Linux), Contents/MacOS/Preflight and Preflight.exe.
    expect(config.linux?.executableName).toBe('preflight');
    expect(config.productName).toBe('Preflight');
    const cmd = await readFile(join(root, 'build/bin/preflight.cmd'), 'utf8');
    expect(cmd).toContain('"%~dp0..\\..\\Preflight.exe" --cli %*');
  });

  it('the launcher starts the app binary with --cli and every argument, through a link on PATH', async () => {
    // An installed Linux layout: <install>/preflight and <install>/resources/bin/preflight,
    // with the binary replaced by a script that prints what it was given.
    const install = await mkdtemp(join(tmpdir(), 'preflight-install-'));
    try {
      await mkdir(join(install, 'resources/bin'), { recursive: true });
      await copyFile(join(root, 'build/bin/preflight'), join(install, 'resources/bin/preflight'));
      await chmod(join(install, 'resources/bin/preflight'), 0o755);
      await writeFile(join(install, 'preflight'), '#!/bin/sh\nprintf "%s|" "$@"\nexit 3\n', { mode: 0o755 });
      await mkdir(join(install, 'path'));
      await symlink(join(install, 'resources/bin/preflight'), join(install, 'path/preflight'));
      const run = spawnSync(join(install, 'path/preflight'), ['check', 'my list.csv', '--json'], { encoding: 'utf8' });
      expect(run.stdout).toBe('--cli|check|my list.csv|--json|');
      // The CLI's exit status reaches the pipeline (3: a gate failed).
      expect(run.status).toBe(3);
    } finally {
      await rm(install, { recursive: true, force: true });
    }
  });

  it('the main bundle runs the CLI for --cli instead of opening a window', async () => {
    const { cliArguments } = await import('../../electron/main/cli-mode');
    expect(cliArguments(['/opt/Preflight/preflight', '--cli', 'check', 'a.csv'], true)).toEqual(['check', 'a.csv']);
    expect(cliArguments(['/x/electron', '.', '--cli', '--version'], false)).toEqual(['--version']);
    expect(cliArguments(['/opt/Preflight/preflight'], true)).toBeNull();
    // Only right after the binary: a list named --cli given to the app is not the switch.
    expect(cliArguments(['/opt/Preflight/preflight', 'open', '--cli'], true)).toBeNull();
  });
});

describe('package.json', () => {
  it('starts the bundled main and does not depend on the remote module', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
      main: string;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.main).toBe('dist-electron/main.cjs');
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('@electron/remote');
  });
});

describe('esbuild bundles', () => {
  it('are CommonJS for Node 22 with electron left external', () => {
    expect(BUNDLES.map((b) => b.outfile)).toEqual(['main.cjs', 'preload.cjs', 'engine-worker.cjs', 'cli.cjs']);
    for (const bundle of BUNDLES) {
      const options = bundleOptions(bundle, '/out');
      expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['electron'] });
    }
  });

  it('give the sandboxed preload no require but electron', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'preflight-preload-'));
    try {
      const bundle = BUNDLES.find((b) => b.outfile === 'preload.cjs')!;
      await build({ ...bundleOptions(bundle, outDir), sourcemap: false });
      const code = await readFile(join(outDir, 'preload.cjs'), 'utf8');
      expect([...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
      expect(code).toContain('exposeInMainWorld("preflight"');
      expect(code).not.toContain('__filename');
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
