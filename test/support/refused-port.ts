// A TCP port on 127.0.0.1 that refuses connections, for "SES unreachable" tests.
//
// A port found free by binding port 0 and closing it is free only for that moment:
// with test files running in parallel, another file's server was handed the same
// ephemeral port and answered, so the test saw "Parse Error: Expected HTTP/" instead
// of ECONNREFUSED (seen once in CI). Port 1 is below the ephemeral range (Linux
// ip_local_port_range starts at 32768; no test server binds a fixed port), so no
// test can take it; it is checked to refuse before it is used.
import { connect } from 'node:net';

export const REFUSED_TCP_PORT = 1;

export async function refusedTcpPort(): Promise<number> {
  const refused = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: REFUSED_TCP_PORT });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
  if (!refused)
    throw new Error(`127.0.0.1:${REFUSED_TCP_PORT} accepts connections on this machine: the "unreachable" tests need it closed`);
  return REFUSED_TCP_PORT;
}
