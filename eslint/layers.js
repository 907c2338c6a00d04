// Layers as an allowlist, after VS Code's code-import-patterns: each folder of
// docs/architecture.md's layer table names what it may import, and anything it does not
// name fails the lint. Static imports, re-exports, `import type`, dynamic `import()`,
// `import('…').Type` references and require() are all checked alike, because any of
// them pulls the other layer's code (or its Node types) in. A dynamic import whose path
// is computed cannot be checked and is refused. test/unit/layer-rules.test.ts runs a
// forbidden import of each kind through ESLint so a rule cannot quietly stop working.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
const DEPENDENCIES = Object.keys(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).dependencies ?? {});
/** Packages that render UI: the renderer's, nobody else's. */
const UI_PACKAGES = ['react', 'react-dom', '@tanstack/react-virtual'];
const RENDERER_PACKAGES = [...UI_PACKAGES, 'zod'];
/** Pure-JS packages shared/ may use (no Node, no DOM): address and domain data, and zod for report.json's schema (shared/model/report-schema.ts). */
const PURE_PACKAGES = [
  'zod',
  'email-addresses',
  'tldts',
  'role-based-email-addresses',
  'disposable-email-domains-js',
  '@zootools/email-spell-checker',
  'unicode-confusables',
];
const NODE_PACKAGES = DEPENDENCIES.filter((name) => !UI_PACKAGES.includes(name));

/**
 * Most specific folder first. `may`: the folders it may import from; `node`: Node's
 * built-ins; `electron`: the `electron` module; `packages`: npm dependencies.
 */
export const LAYERS = [
  { folder: 'shared', may: ['shared'], node: false, electron: false, packages: PURE_PACKAGES },
  {
    folder: 'electron/main',
    may: ['shared', 'electron/main', 'electron/services', 'electron/engine', 'electron/cli'],
    node: true,
    electron: true,
    packages: NODE_PACKAGES,
  },
  { folder: 'electron/preload', may: ['shared/ipc', 'electron/preload'], node: false, electron: true, packages: [] },
  {
    folder: 'electron/engine',
    may: ['shared', 'electron/engine', 'electron/services'],
    node: true,
    electron: false,
    packages: NODE_PACKAGES,
  },
  { folder: 'electron/services', may: ['shared', 'electron/services'], node: true, electron: false, packages: NODE_PACKAGES },
  {
    folder: 'electron/cli',
    may: ['shared', 'electron/cli', 'electron/engine', 'electron/services'],
    node: true,
    electron: false,
    packages: NODE_PACKAGES,
  },
  { folder: 'renderer', may: ['shared', 'renderer'], node: false, electron: false, packages: RENDERER_PACKAGES },
];

/** Raw IPC lives in the two typed wrappers only (after GitHub Desktop's ipc-shared.ts). */
const RAW_IPC = { ipcMain: 'electron/main/ipc.ts', ipcRenderer: 'electron/preload/preload.ts' };

const toRepo = (file) => relative(ROOT, file).split(sep).join('/');
const within = (path, folder) => path === folder || path.startsWith(`${folder}/`);
const layerOf = (path) => LAYERS.find((layer) => within(path, layer.folder));
const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

function problemWith(layer, file, specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = toRepo(resolve(dirname(file), specifier));
    if (layer.may.some((folder) => within(target, folder))) return null;
    return `${layer.folder}/ may not import ${target} (it may import ${layer.may.map((f) => `${f}/`).join(', ')}).`;
  }
  if (NODE.has(specifier) || NODE.has(specifier.split('/')[0])) {
    return layer.node ? null : `${layer.folder}/ runs where Node is not available: no ${specifier}.`;
  }
  if (specifier === 'electron' || specifier.startsWith('electron/')) {
    return layer.electron ? null : `Only electron/main and electron/preload import electron (${layer.folder}/ also runs without it).`;
  }
  const name = packageOf(specifier);
  return layer.packages.includes(name)
    ? null
    : `${layer.folder}/ may not import the package ${name} (not on its list in eslint/layers.js).`;
}

const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what docs/architecture.md lets it import.' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const path = toRepo(file);
    const layer = layerOf(path);
    if (!layer) return {};
    const check = (node, source) => {
      if (!source) return;
      if (source.type === 'Literal' && typeof source.value === 'string') {
        const problem = problemWith(layer, file, source.value);
        if (problem) context.report({ node, message: problem });
        return;
      }
      if (source.type === 'TemplateLiteral' && source.expressions.length === 0) {
        const problem = problemWith(layer, file, source.quasis[0].value.cooked);
        if (problem) context.report({ node, message: problem });
        return;
      }
      context.report({ node, message: 'A dynamic import with a computed path cannot be checked against the layers: name the module.' });
    };
    return {
      ImportDeclaration(node) {
        check(node, node.source);
        if (node.source.value !== 'electron') return;
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier') {
            context.report({ node: specifier, message: 'Import from electron by name, so the raw-IPC rule can see what is used.' });
            continue;
          }
          const name = specifier.imported.name ?? specifier.imported.value;
          if (RAW_IPC[name] && RAW_IPC[name] !== path) {
            context.report({ node: specifier, message: `Raw ${name} only in ${RAW_IPC[name]}: use the typed wrapper.` });
          }
        }
      },
      ExportAllDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.source ?? node.argument),
      TSExternalModuleReference: (node) => check(node, node.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1)
          check(node, node.arguments[0]);
      },
    };
  },
};

export default { rules: { 'allowed-imports': allowedImports } };
