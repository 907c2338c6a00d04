import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer only. Main, preload, the engine worker and the CLI are bundled by
// scripts/build-electron.ts (esbuild), since they run in Node, not a browser.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
  },
  server: { port: 5173, strictPort: true },
});
