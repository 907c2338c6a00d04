// A clone of the repository on its own must pass its tests and make sense to read:
// no file may point at a path outside it (the team's notes beside the repository
// are not in a user's clone; what the code cites lives in docs/sources.md).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The files git tracks and would track (untracked, not ignored): what a clone or the next commit holds. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' });
  return out.split('\0').filter((file) => file !== '' && file !== 'package-lock.json');
}

/** Relative paths written in a file ("../shared/x", "../../docs/y") and absolute ones under /work/. */
const RELATIVE_PATH = /(?<![\w./-])((?:\.\.\/)+[\w@.-]+(?:\/[\w@.-]+)*)/g;
const MACHINE_PATH = /\/work\/[\w.-]+/g;

/** Files whose relative paths start from another folder than their own (Vite's `root`). */
const BASE_FOLDER: Record<string, string> = { 'vite.config.ts': 'renderer' };

function outsidePaths(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(RELATIVE_PATH)) {
    const target = path.resolve(repoRoot, BASE_FOLDER[file] ?? path.dirname(file), match[1]!);
    if (path.relative(repoRoot, target).startsWith('..')) found.push(match[1]!);
  }
  for (const match of text.matchAll(MACHINE_PATH)) found.push(match[0]);
  return found;
}

describe('a clone of the repository on its own', () => {
  it('has no file that refers to a path outside the repository', () => {
    const offenders: string[] = [];
    for (const file of repositoryFiles()) {
      // Data as published upstream, and this file, whose examples are the paths it looks for.
      if (file.startsWith('test/fixtures/') || file === 'test/unit/self-contained.test.ts') continue;
      let text: string;
      try {
        text = readFileSync(path.join(repoRoot, file), 'utf8');
      } catch {
        continue; // deleted in the work tree but still tracked
      }
      if (text.includes('\0')) continue;
      for (const found of outsidePaths(file, text)) offenders.push(`${file}: ${found}`);
    }
    expect(offenders).toEqual([]);
  });

  it('counts a path that leaves the repository and not one that stays inside it', () => {
    expect(outsidePaths('shared/plan/policy.ts', 'see ../../../shared/REFERENCE.md')).toEqual(['../../../shared/REFERENCE.md']);
    expect(outsidePaths('shared/plan/policy.ts', "import '../model/errors'; and ../../docs/plan.md")).toEqual([]);
    expect(outsidePaths('README.md', 'read /work/shared/corpora')).toEqual(['/work/shared']);
  });
});
