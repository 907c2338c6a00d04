// The preload exposes exactly window.preflight = { invoke, on, pathForFile }.
import type { EventEmitter } from 'node:events';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PreflightApi } from '../../shared/ipc/contract';

const stub = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const invokes: [string, unknown[]][] = [];
  let reply: unknown = { ok: true, value: null };
  return {
    exposed,
    invokes,
    setReply: (value: unknown) => (reply = value),
    getReply: () => reply,
  };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: async (channel: string, ...args: unknown[]) => {
      stub.invokes.push([channel, args]);
      return stub.getReply();
    },
  });
  return {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => stub.exposed.set(key, value) },
    ipcRenderer,
    webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
  };
});

let api: PreflightApi;
let ipcRenderer: EventEmitter;

beforeAll(async () => {
  await import('../../electron/preload/preload');
  api = stub.exposed.get('preflight') as PreflightApi;
  ipcRenderer = (await import('electron')).ipcRenderer as unknown as EventEmitter;
});

describe('preload', () => {
  it('exposes window.preflight with exactly invoke, on and pathForFile', () => {
    expect([...stub.exposed.keys()]).toEqual(['preflight']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on', 'pathForFile']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('unwraps a successful result', async () => {
    stub.setReply({ ok: true, value: { jobId: 'j' } });
    const settings = {} as never;
    await expect(api.invoke('check:start', { path: '/l.csv', settings })).resolves.toEqual({ jobId: 'j' });
    expect(stub.invokes.at(-1)).toEqual(['check:start', [{ path: '/l.csv', settings }]]);
  });

  it('throws an Error carrying the main process sentence', async () => {
    stub.setReply({ ok: false, message: 'Preflight cannot read /l.csv: permission was denied.' });
    await expect(api.invoke('import:inspect', '/l.csv')).rejects.toThrow(new Error('Preflight cannot read /l.csv: permission was denied.'));
  });

  it('refuses channels that are not in the contract without calling the main process', async () => {
    const before = stub.invokes.length;
    const loose = api as unknown as { invoke(c: string): Promise<unknown>; on(c: string, l: () => void): () => void };
    await expect(loose.invoke('fs:read')).rejects.toThrow('Unknown request channel: fs:read');
    expect(() => loose.on('ipc:anything', () => {})).toThrow('Unknown event channel: ipc:anything');
    expect(stub.invokes.length).toBe(before);
  });

  it('delivers event payloads without the IPC event object, until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.on('check:progress', (...args) => received.push(args));
    const payload = { jobId: 'j', progress: { phase: 'reading' } };
    ipcRenderer.emit('check:progress', { sender: 'the IPC event', ports: [] }, payload);
    expect(received).toEqual([[payload]]);
    unsubscribe();
    ipcRenderer.emit('check:progress', { sender: 'the IPC event' }, payload);
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listenerCount('check:progress')).toBe(0);
  });

  it('resolves a dropped file to its path through webUtils', () => {
    expect(api.pathForFile({ name: 'list.csv' })).toBe('/dropped/list.csv');
  });
});
