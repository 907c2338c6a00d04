// The renderer's only door to the rest of the app: window.preflight, exposed by
// the preload script and typed by shared/ipc/contract.ts. Screens import these
// helpers rather than touching window.preflight, so a missing bridge or a
// changed channel fails in one place.
import type { EventChannel, EventChannels, PreflightApi, RequestChannel, RequestChannels } from '../../../shared/ipc/contract';

declare global {
  interface Window {
    preflight: PreflightApi;
  }
}

/** True when the preload bridge is present (it is missing in a plain browser tab). */
export function hasBridge(): boolean {
  return typeof window.preflight === 'object' && window.preflight !== null;
}

export function invoke<K extends RequestChannel>(
  channel: K,
  ...args: Parameters<RequestChannels[K]>
): Promise<ReturnType<RequestChannels[K]>> {
  return window.preflight.invoke(channel, ...args);
}

/** Subscribe to a main → renderer event; returns the unsubscribe function. */
export function on<K extends EventChannel>(channel: K, listener: EventChannels[K]): () => void {
  return window.preflight.on(channel, listener);
}

/** The file-system path of a dropped file, or '' when the item is not a local file. */
export function pathForFile(file: File): string {
  try {
    return window.preflight.pathForFile(file) ?? '';
  } catch {
    return '';
  }
}

// Electron wraps errors thrown by ipcMain.handle as
// "Error invoking remote method 'x': Error: <message>"; the preload normally
// unwraps them, but strip the wrapper defensively so users only ever see the sentence.
const ELECTRON_WRAPPER = /^Error invoking remote method '[^']*':\s*(?:\w*Error:\s*)?/;

/** The one user-facing sentence carried by a failed request. */
export function messageOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const message = raw.replace(ELECTRON_WRAPPER, '').trim();
  return message || 'Something went wrong. Please try again.';
}
