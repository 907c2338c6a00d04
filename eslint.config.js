// Lint zones (after Signal Desktop): each folder knows which process it runs in (its
// globals here), and imports only what its layer lists (eslint/layers.js, after VS Code).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import layers from './eslint/layers.js';

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
    // Every product folder imports only what its layer lists (eslint/layers.js, docs/architecture.md).
    files: ['shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { layers },
    rules: { 'layers/allowed-imports': 'error' },
  },
  {
    // shared/: pure TypeScript for every process: no Node, DOM or Electron globals (imports: eslint/layers.js).
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
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
    },
  },
  {
    // electron/: main process, preload, services, engine and CLI (imports: eslint/layers.js).
    files: ['electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: [
      'test/**/*.ts',
      'bench/**/*.ts',
      'bench/**/*.mjs',
      'bench/**/*.cjs',
      'scripts/**/*.ts',
      '*.config.ts',
      '*.config.js',
      '.ci/**/*.js',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Preloaded with `node -r`: CommonJS by necessity.
    files: ['bench/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
