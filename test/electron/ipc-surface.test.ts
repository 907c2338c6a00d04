// The whole IPC surface in one reviewed file (after Insomnia): every channel the
// renderer can call, with the JSON Schema of its arguments, and every event it
// can receive. A new channel or a loosened argument changes ipc-surface.json and
// so shows up in review. Update deliberately with `npx vitest run -u`.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_CHANNELS, REQUEST_CHANNELS } from '../../shared/ipc/contract';
import { REQUEST_ARGUMENT_SCHEMAS } from '../../electron/main/ipc-schemas';

describe('IPC surface', () => {
  it('matches the reviewed snapshot', async () => {
    const surface = {
      requests: Object.fromEntries(
        REQUEST_CHANNELS.map((channel) => [channel, z.toJSONSchema(REQUEST_ARGUMENT_SCHEMAS[channel], { unrepresentable: 'any' })]),
      ),
      events: [...EVENT_CHANNELS],
    };
    await expect(`${JSON.stringify(surface, null, 2)}\n`).toMatchFileSnapshot('./ipc-surface.json');
  });

  it('has a schema for every request channel and no schema for anything else', () => {
    expect(Object.keys(REQUEST_ARGUMENT_SCHEMAS).sort()).toEqual([...REQUEST_CHANNELS].sort());
  });
});
