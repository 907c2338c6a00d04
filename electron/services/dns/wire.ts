// One DNS question to one server, over UDP (TCP when the answer is truncated),
// with the whole answer back: its response code and every record with the name
// that owns it. Node's resolver (c-ares) cannot give us that: resolveMx turns an
// answer holding only a CNAME into [] and returns records owned by a name that
// was never asked (both measured against test/support/dns-server.ts on Node
// 20.20, c-ares 1.34.6), and Preflight removed domains on the strength of both.
// The packet format is dns-packet's; what is trusted in an answer is decided by
// the caller (answer-chain.ts).
//
// A reply is accepted only from the server asked (a connected socket), with the
// query's random ID and the same question; anything else on the socket is
// ignored, so a stray or spoofed packet cannot answer for another query.
import { randomInt } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import type { DnsServerAddress } from './servers';

export type QueryType = 'MX' | 'A' | 'AAAA' | 'TXT';

export interface WireRecord {
  /** Owner name, lower case, no trailing dot. */
  name: string;
  type: string;
  /** MX: { preference, exchange }; A, AAAA, CNAME: a string; TXT: its character-strings as Buffers. Other types are kept as dns-packet gives them. */
  data: unknown;
}

export interface WireResponse {
  /** 'NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', … */
  rcode: string;
  answers: WireRecord[];
}

/** A query that got no usable answer: `code` in c-ares's words, so the messages stay what users saw before. */
export class WireError extends Error {
  constructor(readonly code: 'ETIMEOUT' | 'ECONNREFUSED' | 'EBADRESP' | 'ECANCELLED' | 'ENETUNREACH') {
    super(code);
  }
}

/** Plain UDP answers are at most 512 bytes without EDNS (RFC 1035 §4.2.1); TCP frames up to 64 KB. */
const MAX_TCP_ANSWER = 65_535 + 2;

export function normalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * Ask `server` one question. Resolves with the response (any rcode); rejects
 * with a WireError when nothing usable came back in `timeoutMs`. Sends one UDP
 * packet, and a TCP query only when the UDP answer says it was truncated.
 */
export async function askServer(
  server: DnsServerAddress,
  name: string,
  type: QueryType,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WireResponse> {
  const id = randomInt(0, 65_536);
  const query = dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: 'IN' }] });
  const udp = await exchangeUdp(server, query, timeoutMs, signal, (packet) => matches(packet, id, name, type));
  if (!udp.flag_tc) return toResponse(udp);
  const tcp = await exchangeTcp(server, query, timeoutMs, signal, (packet) => matches(packet, id, name, type));
  return toResponse(tcp);
}

type Decoded = ReturnType<typeof dnsPacket.decode>;

function decode(buffer: Buffer): Decoded | null {
  try {
    return dnsPacket.decode(buffer);
  } catch {
    return null;
  }
}

function matches(packet: Decoded, id: number, name: string, type: QueryType): boolean {
  const question = packet.questions?.[0];
  return (
    packet.type === 'response' &&
    packet.id === id &&
    packet.questions?.length === 1 &&
    question !== undefined &&
    question.type === type &&
    normalName(question.name) === normalName(name)
  );
}

function toResponse(packet: Decoded): WireResponse {
  const answers: WireRecord[] = [];
  for (const record of packet.answers ?? []) {
    const recordClass = (record as { class?: string }).class;
    if (recordClass !== undefined && recordClass !== 'IN') continue;
    answers.push({ name: normalName(record.name), type: record.type, data: 'data' in record ? record.data : undefined });
  }
  // dns-packet decodes the header's rcode, its types do not say so.
  return { rcode: (packet as { rcode?: string }).rcode ?? 'NOERROR', answers };
}

function exchangeUdp(
  server: DnsServerAddress,
  query: Buffer,
  timeoutMs: number,
  signal: AbortSignal,
  accept: (packet: Decoded) => boolean,
): Promise<Decoded> {
  return new Promise((resolve, reject) => {
    const socket: Socket = createSocket(server.family === 6 ? 'udp6' : 'udp4');
    const finish = settle(socket.close.bind(socket), signal, timeoutMs, resolve, reject);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(new WireError(error.code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'ENETUNREACH')),
    );
    socket.on('message', (message) => {
      const packet = decode(message);
      // Not ours, or unreadable: keep waiting for the real answer until the time-out.
      if (packet !== null && accept(packet)) finish(null, packet);
    });
    // Connected: only the server's own packets arrive, and an ICMP "port unreachable" surfaces as ECONNREFUSED.
    socket.connect(server.port, server.host, () => socket.send(query, (error) => error && finish(new WireError('ENETUNREACH'))));
  });
}

function exchangeTcp(
  server: DnsServerAddress,
  query: Buffer,
  timeoutMs: number,
  signal: AbortSignal,
  accept: (packet: Decoded) => boolean,
): Promise<Decoded> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: server.host, port: server.port });
    const finish = settle(() => socket.destroy(), signal, timeoutMs, resolve, reject);
    let received = Buffer.alloc(0);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(new WireError(error.code === 'ECONNREFUSED' ? 'ECONNREFUSED' : 'ENETUNREACH')),
    );
    // RFC 1035 §4.2.2: over TCP each message is preceded by its length in two bytes.
    const length = Buffer.alloc(2);
    length.writeUInt16BE(query.length);
    socket.on('connect', () => socket.write(Buffer.concat([length, query])));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length > MAX_TCP_ANSWER) return finish(new WireError('EBADRESP'));
      if (received.length < 2 || received.length < received.readUInt16BE(0) + 2) return;
      const packet = decode(received.subarray(2, received.readUInt16BE(0) + 2));
      finish(packet !== null && accept(packet) ? null : new WireError('EBADRESP'), packet ?? undefined);
    });
    socket.on('end', () => finish(new WireError('EBADRESP')));
  });
}

/** One settle for a socket's promise: the first outcome wins, the time-out and the abort listener are cleared, the socket closed. */
function settle(
  close: () => void,
  signal: AbortSignal,
  timeoutMs: number,
  resolve: (packet: Decoded) => void,
  reject: (error: Error) => void,
): (error: Error | null, packet?: Decoded) => void {
  let done = false;
  const finish = (error: Error | null, packet?: Decoded): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    try {
      close();
    } catch {
      // Already closed.
    }
    if (error !== null || packet === undefined) reject(error ?? new WireError('EBADRESP'));
    else resolve(packet);
  };
  const onAbort = (): void => finish(new WireError('ECANCELLED'));
  const timer = setTimeout(() => finish(new WireError('ETIMEOUT')), timeoutMs);
  if (signal.aborted) queueMicrotask(onAbort);
  else signal.addEventListener('abort', onAbort, { once: true });
  return finish;
}
