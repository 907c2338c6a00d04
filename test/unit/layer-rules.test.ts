// The layer rules (eslint/layers.js) through ESLint's own API: one forbidden import of
// every kind, each of which must fail the lint, and the imports each layer needs, which
// must pass. If a rule quietly stopped working (a config change, a new import syntax),
// code that pulls the engine into the renderer or Node into shared/ would lint clean.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { repoRoot } from '../support/cli';

const eslint = new ESLint({ cwd: repoRoot });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'layers/allowed-imports').map((message) => message.message);
}

const FORBIDDEN: [string, string, string][] = [
  ['shared/x/a.ts', "import { readFile } from 'node:fs';\nvoid readFile;\n", 'Node in shared/'],
  [
    'shared/x/a.ts',
    "export async function f() { return import('../../electron/engine/check'); }\n",
    'a dynamic import of the engine from shared/',
  ],
  ['shared/x/a.ts', "export type T = import('../../electron/engine/check').CheckRun;\n", 'a type reference to the engine from shared/'],
  ['shared/x/a.ts', "export * from '../../electron/services/dns/cache';\n", 'a re-export of a service from shared/'],
  [
    'shared/x/a.ts',
    "import type { CheckRun } from '../../electron/engine/check';\nexport type T = CheckRun;\n",
    'an import type of the engine from shared/',
  ],
  ['shared/x/a.ts', "import papa from 'papaparse';\nvoid papa;\n", "a package not on shared/'s list"],
  [
    'renderer/src/a.ts',
    "export const load = () => import('../../electron/engine/check');\n",
    'a dynamic import of the engine from the renderer',
  ],
  ['renderer/src/x/a.ts', "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n", 'electron in the renderer'],
  ['renderer/src/x/a.ts', "import { join } from 'node:path';\nvoid join;\n", 'Node in the renderer'],
  ['electron/services/x/a.ts', "import { app } from 'electron';\nvoid app;\n", 'electron in a service the CLI runs'],
  ['electron/services/x/a.ts', "import { runCheck } from '../../engine/check';\nvoid runCheck;\n", 'a service importing the engine'],
  ['electron/engine/a.ts', "import { runCli } from '../cli/cli';\nvoid runCli;\n", 'the engine importing the CLI'],
  ['electron/engine/a.ts', "import React from 'react';\nvoid React;\n", 'the UI in the engine'],
  ['electron/cli/a.ts', "import { BrowserWindow } from 'electron';\nvoid BrowserWindow;\n", 'electron in the CLI'],
  ['electron/main/other.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;\n", 'raw ipcMain outside electron/main/ipc.ts'],
  ['electron/main/other.ts', "import * as electron from 'electron';\nvoid electron;\n", 'a namespace import that hides raw IPC'],
  [
    'electron/preload/other.ts',
    "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n",
    'raw ipcRenderer outside the preload wrapper',
  ],
  [
    'electron/preload/preload.ts',
    "import { readCsv } from '../services/import/records';\nvoid readCsv;\n",
    'a service in the sandboxed preload',
  ],
  ['electron/engine/a.ts', 'export const load = (name: string) => import(name);\n', 'a computed dynamic import'],
  [
    'electron/engine/a.ts',
    "// eslint-disable-next-line @typescript-eslint/no-require-imports\nconst x = require('../main/prefs');\nvoid x;\n",
    'require() of the main process from the engine',
  ],
];

const ALLOWED: [string, string][] = [
  ['shared/x/a.ts', "import { REASONS } from '../model/reasons';\nimport { parse } from 'tldts';\nvoid REASONS; void parse;\n"],
  [
    'renderer/src/a.ts',
    "import { useState } from 'react';\nimport type { Report } from '../../shared/model/check';\nexport type R = Report;\nvoid useState;\n",
  ],
  [
    'electron/engine/a.ts',
    "import { stat } from 'node:fs/promises';\nimport { scanRecords } from '../services/import/records';\nvoid stat; void scanRecords;\n",
  ],
  ['electron/main/ipc.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;\n"],
  ['electron/cli/a.ts', "export const load = () => import('../engine/ses-account-stage');\n"],
];

describe('the layer rules catch every kind of forbidden import', () => {
  it.each(FORBIDDEN)('%s: %s (%s)', async (file, code) => {
    expect(await layerErrors(file, code)).not.toEqual([]);
  });

  it.each(ALLOWED)('%s may import what its layer lists', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});
