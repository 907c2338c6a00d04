// `npm start`: build, then open the desktop app with Electron's development binary.
// That binary is not in the npm package: `electron` downloads it (about 100 MB, from
// GitHub's releases or ELECTRON_MIRROR) the first time it is needed. Offline, the
// download ended in a raw "TypeError: fetch failed" stack trace; here it ends in
// one sentence that says what is missing and that the CLI works without it.
// The binary is looked for before anything is built, so an offline start fails in
// seconds, not after a minute of building.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronPackage = dirname(createRequire(import.meta.url).resolve('electron/package.json'));

const OFFLINE_SENTENCE =
  "The desktop app needs Electron's binary, downloaded once from the internet (GitHub's Electron releases, or ELECTRON_MIRROR), and it could not be downloaded here. " +
  'The CLI works without it: npm run preflight -- check examples/recipients.csv';

/** The installed binary's path, as electron's own index.js finds it, or null when it is not there. */
function installedBinary(): string | null {
  const pathFile = join(electronPackage, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? join(override, executable ?? 'electron')
    : executable === null
      ? null
      : join(electronPackage, 'dist', executable);
  return binary !== null && existsSync(binary) ? binary : null;
}

/** Runs electron's own installer quietly; its stack trace is not shown, only whether it worked. */
function download(): boolean {
  process.stderr.write("preflight: downloading Electron's binary (once)…\n");
  const result = spawnSync(process.execPath, [join(electronPackage, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  return result.status === 0 && installedBinary() !== null;
}

function main(): void {
  if (installedBinary() === null && !download()) {
    process.stderr.write(`preflight: ${OFFLINE_SENTENCE}\n`);
    process.exit(1);
  }
  if (process.argv.includes('--check-only')) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const app = spawn(installedBinary() as string, ['.'], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

main();
