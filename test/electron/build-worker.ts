// Builds the engine worker bundle for tests, the way scripts/build-electron.ts
// does, optionally with electron/engine/check.ts replaced by a fake engine.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { BUNDLES, bundleOptions } from '../../scripts/build-electron';

const FAKE_ENGINE = fileURLToPath(new URL('./fake-engine/check.ts', import.meta.url));

const useFakeEngine: Plugin = {
  name: 'fake-engine',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/check$/ }, (args) =>
      args.importer.endsWith(join('electron', 'engine', 'worker.ts')) ? { path: FAKE_ENGINE } : undefined,
    );
  },
};

/** Returns the path of a freshly built engine-worker.cjs in a temp folder. */
export async function buildEngineWorker(options: { fakeEngine: boolean }): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'preflight-worker-'));
  const bundle = BUNDLES.find((b) => b.outfile === 'engine-worker.cjs')!;
  const settings = bundleOptions(bundle, outDir);
  await build({ ...settings, sourcemap: false, plugins: options.fakeEngine ? [useFakeEngine] : [] });
  return join(outDir, bundle.outfile);
}
