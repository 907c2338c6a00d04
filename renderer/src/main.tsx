// The renderer's entry: mount the app once the preload bridge is there.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// First, so each screen's stylesheet comes after the shared one and can refine it.
import './app/app.css';
import { App } from './app/App';
import { hasBridge } from './app/api';
import { MissingBridge } from './app/MissingBridge';

async function start() {
  // In `vite dev` in a plain browser there is no preload: use an in-memory stand-in.
  // import.meta.env.DEV is false in builds, so the stand-in is never bundled.
  if (import.meta.env.DEV && !hasBridge()) {
    const { installDevFake } = await import('./dev/dev-fake');
    installDevFake();
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  createRoot(root).render(<StrictMode>{hasBridge() ? <App /> : <MissingBridge />}</StrictMode>);
}

void start();
