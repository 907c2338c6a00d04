import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// `vite dev` injects CSS as <style> tags, an inline React Refresh preamble and an
// HMR WebSocket, all of which index.html's strict CSP blocks. Relax the policy
// for the dev server only; builds keep index.html's policy (electron/main/csp.ts) untouched.
function devServerCsp(): Plugin {
  const relaxed =
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws:; object-src 'none'";
  return {
    name: 'preflight-dev-server-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/(http-equiv="Content-Security-Policy"\s+content=")[^"]*"/, `$1${relaxed}"`),
  };
}

// The renderer only. Main, preload, the engine worker and the CLI are bundled by
// scripts/build-electron.ts (esbuild), since they run in Node, not a browser.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devServerCsp()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
  },
  server: { port: 5173, strictPort: true },
});
