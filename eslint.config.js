// Lint zones (after Signal Desktop): each folder knows which process it runs in,
// and an import across layers fails the build.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'coverage/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // shared/: pure TypeScript for every process. No Node, no DOM, no Electron, no app layer.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron', 'react', 'react-dom'].map((name) => ({
            name,
            message: 'shared/ must run in every process: no Node, Electron or UI imports.',
          })),
          patterns: [
            { group: ['**/electron/**', '**/renderer/**', 'node:*'], message: 'shared/ imports nothing from electron/ or renderer/.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'process', 'Buffer', 'require', '__dirname'],
    },
  },
  {
    // renderer/: the React UI. Talks to the rest only through window.preflight (shared/ipc).
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron'].map((name) => ({
            name,
            message: 'The renderer is sandboxed: no Node or Electron. Ask the main process through window.preflight.',
          })),
          patterns: [
            { group: ['**/electron/**', 'node:*'], message: 'renderer/ never imports electron/: use the IPC contract in shared/ipc.' },
          ],
        },
      ],
    },
  },
  {
    // electron/: main process, preload, services, engine and CLI. Never the UI.
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/renderer/**', 'react', 'react-dom'], message: 'electron/ does not import the UI.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'bench/**/*.mjs', 'bench/**/*.cjs', 'scripts/**/*.ts', '*.config.ts', '*.config.js', '.ci/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Preloaded with `node -r`: CommonJS by necessity.
    files: ['bench/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
