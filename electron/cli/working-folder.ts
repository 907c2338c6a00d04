// The folder a relative path on the command line is relative to. npm runs a
// package's scripts in the package's root, so `npm run preflight -- check list.csv`
// typed in examples/ would look for list.csv in the root; npm keeps the folder the
// user typed it in as INIT_CWD. That folder counts only when this process is one
// of Preflight's own npm scripts: a pipeline's script that calls `preflight` runs
// in the pipeline's folder (its process.cwd()), whatever INIT_CWD says, and so does
// a shell that happens to have INIT_CWD exported.

import { isAbsolute, resolve } from 'node:path';

/** package.json's name: npm sets npm_package_name to it for this package's scripts. */
export const PACKAGE_NAME = 'preflight';

export function workingFolder(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  const typedIn = env['INIT_CWD'];
  const ownNpmScript = Boolean(env['npm_lifecycle_event']) && env['npm_package_name'] === PACKAGE_NAME;
  return ownNpmScript && typedIn && isAbsolute(typedIn) ? typedIn : cwd;
}

/** A path from the command line (a list, --out, --suppression, --cache-dir …) as an absolute path. */
export function resolveFromCommandLine(env: NodeJS.ProcessEnv, path: string): string {
  return resolve(workingFolder(env), path);
}
