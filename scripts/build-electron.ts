// Bundles everything that runs in Node or Electron with esbuild (the renderer is
// Vite's job): main, the sandboxed preload, the engine worker and, when present,
// the CLI. Any error or warning-as-error fails the build with a non-zero exit.

import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'dist-electron');

export interface Bundle {
  name: string;
  entry: string;
  outfile: string;
  /** A sandboxed preload's require() knows only 'electron', 'events', 'timers' and 'url'. */
  sandboxed?: boolean;
}

export const BUNDLES: Bundle[] = [
  { name: 'main', entry: 'electron/main/main.ts', outfile: 'main.cjs' },
  // A sandboxed preload can require only 'electron' (and a few polyfilled
  // modules): shared code is bundled in.
  { name: 'preload', entry: 'electron/preload/preload.ts', outfile: 'preload.cjs', sandboxed: true },
  { name: 'engine worker', entry: 'electron/engine/worker.ts', outfile: 'engine-worker.cjs' },
  { name: 'CLI', entry: 'electron/cli/index.ts', outfile: 'cli.cjs' },
];

export function bundleOptions(bundle: Bundle, outDir = OUT_DIR): BuildOptions {
  // The sources are ES modules; in CJS output import.meta.url would be empty, so
  // it is defined as the bundle's own file URL (not in the sandboxed preload,
  // which has neither node:url nor a use for it).
  const importMetaShim: BuildOptions = bundle.sandboxed
    ? {}
    : {
        define: { 'import.meta.url': '__bundleFileUrl' },
        banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
      };
  return {
    ...importMetaShim,
    absWorkingDir: root,
    entryPoints: [join(root, bundle.entry)],
    outfile: join(outDir, bundle.outfile),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'silent',
    legalComments: 'none',
  };
}

type EsbuildFailure = { errors?: { text: string; location?: { file: string; line: number } | null }[] };

function describeFailure(bundle: Bundle, error: unknown): string[] {
  const errors = (error as EsbuildFailure).errors;
  if (!errors?.length) return [`error (${bundle.name}): ${error instanceof Error ? error.message : String(error)}`];
  return errors.map((e) => `error (${bundle.name}): ${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`);
}

/** Builds every bundle (all of them, so one run reports every problem); throws if any failed. */
export async function buildElectron(outDir = OUT_DIR): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  const written: string[] = [];
  const problems: string[] = [];
  for (const bundle of BUNDLES) {
    if (!existsSync(join(root, bundle.entry))) {
      console.log(`skip ${bundle.name}: ${bundle.entry} does not exist yet`);
      continue;
    }
    try {
      const result = await build(bundleOptions(bundle, outDir));
      for (const warning of result.warnings) console.warn(`warning (${bundle.name}): ${warning.text}`);
      written.push(join(outDir, bundle.outfile));
      console.log(`built ${bundle.name} → ${join('dist-electron', bundle.outfile)}`);
    } catch (error) {
      problems.push(...describeFailure(bundle, error));
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return written;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  buildElectron().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
