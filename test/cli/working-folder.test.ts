// Relative paths on the command line mean the folder the user typed the command
// in: with `npm run preflight -- …` that is npm's INIT_CWD (npm itself runs the
// script in the package root); for anything else it is the process's own folder.
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckArgs } from '../../electron/cli/check-command';
import { parsePlanArgs } from '../../electron/cli/plan-command';
import { PACKAGE_NAME } from '../../electron/cli/working-folder';
import { readCsv, repoRoot, runCommand, tempDir } from '../support/cli';

let dir: string;

beforeAll(async () => {
  dir = await tempDir('preflight-working-folder-');
  await mkdir(join(dir, 'lists'));
  await copyFile(join(repoRoot, 'examples/recipients.csv'), join(dir, 'lists/recipients.csv'));
  await writeFile(join(dir, 'lists/suppressed.csv'), 'email,reason\r\nada@gmail.com,BOUNCE\r\n');
  await writeFile(join(dir, 'lists/recipients-ada.csv'), 'email\r\nada@gmail.com\r\ngrace@outlook.com\r\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `npm run preflight -- …` typed in `cwd`: npm finds the package with --prefix and runs the script in its root. */
const npmRunPreflight = (args: string[], cwd: string) =>
  runCommand('npm', ['run', '--silent', '--prefix', repoRoot, 'preflight', '--', ...args], cwd);

/** The environment npm gives a script of the package named `name`, typed in `typedIn`. */
const npmScript = (name: string, typedIn: string): NodeJS.ProcessEnv => ({
  npm_lifecycle_event: 'preflight',
  npm_package_name: name,
  INIT_CWD: typedIn,
});

describe('relative paths are relative to where the user typed the command', () => {
  it('`npm run preflight -- check recipients.csv` finds the list, the suppression list and the output folder next to the user, not in the repository', async () => {
    const lists = join(dir, 'lists');
    const result = await npmRunPreflight(
      ['check', 'recipients-ada.csv', '--out', 'out', '--suppression', 'suppressed.csv', '--offline', '--quiet'],
      lists,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const removed = await readCsv(join(lists, 'out/remove.csv'));
    expect(removed.rows.map((row) => [row['email'], row['preflight_reasons']])).toEqual([['ada@gmail.com', 'suppressed_bounce']]);
  });

  it("the name npm gives this package's scripts is package.json's", async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { name: string };
    expect(PACKAGE_NAME).toBe(pkg.name);
  });

  it("in Preflight's own npm script, --out, --suppression and --cache-dir follow INIT_CWD too", () => {
    const typedIn = join(dir, 'lists');
    const args = parseCheckArgs(
      ['recipients.csv', '--out', 'out', '--suppression', 'suppressed.csv', '--cache-dir', 'cache', '--offline'],
      npmScript(PACKAGE_NAME, typedIn),
    );
    if (args === 'help') throw new Error('unexpected help');
    expect(args.input).toBe(join(typedIn, 'recipients.csv'));
    expect(args.outDir).toBe(join(typedIn, 'out'));
    expect(args.settings.suppressionFile).toBe(join(typedIn, 'suppressed.csv'));
    expect(args.settings.cacheDir).toBe(join(typedIn, 'cache'));
    const plan = parsePlanArgs(['send.csv', '--out', 'plan', '--max-24h', '50', '--max-rate', '1'], npmScript(PACKAGE_NAME, typedIn));
    if (plan === 'help') throw new Error('unexpected help');
    expect([plan.input, plan.outDir]).toEqual([join(typedIn, 'send.csv'), join(typedIn, 'plan')]);
  });

  it("a pipeline's own npm script that calls preflight resolves paths in the folder it runs in, not its INIT_CWD", () => {
    const args = parseCheckArgs(
      ['recipients.csv', '--out', 'out', '--cache-dir', 'cache', '--offline'],
      npmScript('my-pipeline', join(dir, 'lists')),
    );
    if (args === 'help') throw new Error('unexpected help');
    expect(args.input).toBe(join(process.cwd(), 'recipients.csv'));
    expect(args.outDir).toBe(join(process.cwd(), 'out'));
    expect(args.settings.cacheDir).toBe(join(process.cwd(), 'cache'));
  });

  it('outside npm, an INIT_CWD left in the shell is ignored', () => {
    const args = parseCheckArgs(['recipients.csv', '--out', 'out', '--offline'], {
      INIT_CWD: join(dir, 'lists'),
      npm_package_name: PACKAGE_NAME,
    });
    if (args === 'help') throw new Error('unexpected help');
    expect(args.input).toBe(join(process.cwd(), 'recipients.csv'));
  });
});
