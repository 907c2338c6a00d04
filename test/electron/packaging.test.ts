// Packaging and bundling: electron-builder.yml is valid for electron-builder 26
// and sets the fuses; the esbuild bundles have the shapes Electron needs.
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
  asar?: boolean;
  files?: (string | { filter?: string[] })[];
  electronFuses?: Record<string, boolean>;
  mac?: { target?: string[] };
  win?: { target?: string[] };
  linux?: { target?: string[] };
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
  it('are CommonJS for Node 20 with electron left external', () => {
    expect(BUNDLES.map((b) => b.outfile)).toEqual(['main.cjs', 'preload.cjs', 'engine-worker.cjs', 'cli.cjs']);
    for (const bundle of BUNDLES) {
      const options = bundleOptions(bundle, '/out');
      expect(options).toMatchObject({ bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['electron'] });
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
