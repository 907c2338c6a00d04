// Shown when the page is opened outside Preflight's window (no preload bridge):
// a clear sentence instead of a blank page.
export function MissingBridge() {
  return (
    <main className="missing-bridge">
      <h1>Preflight needs its own window</h1>
      <p>This page is part of the Preflight desktop app and cannot run in a web browser. Start Preflight from its icon.</p>
    </main>
  );
}
