// One DNS question at a time to the configured servers, with Preflight's own
// retries: one try is one packet (wire.ts), so `queriesSent` is exact, and the
// back-off and the choice of server are ours (docs/dns.md). Every question
// follows the CNAME chain from the asked name (answer-chain.ts).
import { setMaxListeners } from 'node:events';
import { CnameChain } from './answer-chain';
import type { DnsServerAddress } from './servers';
import { askServer, normalName, WireError, type QueryType, type WireRecord, type WireResponse } from './wire';

export interface ClientSettings {
  servers: DnsServerAddress[];
  concurrency: number;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
}

export type Outcome<T> =
  | { kind: 'answer'; owner: string; records: T[] }
  | { kind: 'nodata'; owner: string }
  | { kind: 'nxdomain'; owner: string }
  | { kind: 'failed'; detail: string };

export interface MxRecord {
  exchange: string;
  priority: number;
}

export class Cancelled extends Error {}

const RCODE_WORDS: Record<string, string> = {
  SERVFAIL: 'server failure (SERVFAIL)',
  REFUSED: 'refused (REFUSED)',
  FORMERR: 'server could not read the query (FORMERR)',
  NOTIMP: 'not implemented by the server (NOTIMP)',
};

const WIRE_WORDS: Record<WireError['code'], string> = {
  ETIMEOUT: 'timed out',
  ECONNREFUSED: 'server unreachable (connection refused)',
  ENETUNREACH: 'server unreachable',
  EBADRESP: 'unreadable answer',
  ECANCELLED: 'cancelled',
};

function mxData(record: WireRecord): MxRecord | undefined {
  const data = record.data as { exchange?: unknown; preference?: unknown } | undefined;
  if (typeof data?.exchange !== 'string' || typeof data.preference !== 'number') return undefined;
  return { exchange: normalName(data.exchange), priority: data.preference };
}

const addressData = (record: WireRecord): string | undefined => (typeof record.data === 'string' ? record.data : undefined);

/** A TXT record's character-strings (RFC 1035 §3.3.14), each read as UTF-8 (SPF and DMARC are ASCII). */
function txtData(record: WireRecord): string[] | undefined {
  const data = record.data;
  const parts = Array.isArray(data) ? data : Buffer.isBuffer(data) ? [data] : null;
  if (!parts || !parts.every((part) => Buffer.isBuffer(part))) return undefined;
  return (parts as Buffer[]).map((part) => part.toString('utf8'));
}

export class DnsClient {
  queriesSent = 0;
  private readonly servers: DnsServerAddress[];
  /** Consecutive failures per server: the first try goes to the server failing least. */
  private readonly failures: number[];
  private readonly sleepers = new Set<() => void>();
  private readonly aborter = new AbortController();
  private cancelled = false;

  constructor(private readonly settings: ClientSettings) {
    // One abort listener per question in flight: up to `concurrency` (64 by default)
    // at once, each removed when its answer comes. Node warns past 10 on stderr,
    // which a user read as a leak in the middle of their check's output.
    setMaxListeners(settings.concurrency + 16, this.aborter.signal);
    this.servers = settings.servers;
    this.failures = settings.servers.map(() => 0);
  }

  mx(name: string): Promise<Outcome<MxRecord>> {
    return this.lookup(name, 'MX', mxData);
  }

  addresses(name: string, family: 4 | 6): Promise<Outcome<string>> {
    return this.lookup(name, family === 4 ? 'A' : 'AAAA', addressData);
  }

  /** TXT records of `name`, each as its character-strings (SPF and DMARC, for the sender readiness). */
  txt(name: string): Promise<Outcome<string[]>> {
    return this.lookup(name, 'TXT', txtData);
  }

  cancel(): void {
    this.cancelled = true;
    this.aborter.abort();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }

  /** One question, following the CNAME chain from `name` (answer-chain.ts): asks again for an alias the answer leaves open. */
  private async lookup<T>(name: string, type: QueryType, data: (record: WireRecord) => T | undefined): Promise<Outcome<T>> {
    const chain = new CnameChain(name);
    let current = name;
    for (;;) {
      const response = await this.query(current, type);
      if ('detail' in response) return { kind: 'failed', detail: response.detail };
      const step = chain.read(current, type, response, data);
      switch (step.kind) {
        case 'records':
          return { kind: 'answer', owner: step.owner, records: step.records };
        case 'nodata':
        case 'nxdomain':
          return step;
        case 'broken':
          return { kind: 'failed', detail: step.detail };
        case 'alias':
          current = step.target;
      }
    }
  }

  /** One question to the servers, with retries: a NOERROR or NXDOMAIN answer, or why there was none. */
  private async query(name: string, type: QueryType): Promise<WireResponse | { detail: string }> {
    const count = this.servers.length;
    const first = this.preferredServer();
    let lastError = 'no answer';
    let tries = 0;
    for (let attempt = 0; attempt < this.settings.attempts; attempt++) {
      if (this.cancelled) throw new Cancelled();
      if (attempt > 0) await this.pause(this.settings.retryDelayMs * 2 ** (attempt - 1));
      const index = (first + attempt) % count;
      this.queriesSent++;
      tries++;
      try {
        const response = await askServer(this.servers[index] as DnsServerAddress, name, type, this.settings.timeoutMs, this.aborter.signal);
        if (response.rcode === 'NOERROR' || response.rcode === 'NXDOMAIN') {
          this.failures[index] = 0;
          return response;
        }
        this.failures[index] = (this.failures[index] ?? 0) + 1;
        lastError = RCODE_WORDS[response.rcode] ?? response.rcode;
      } catch (error) {
        if (this.cancelled) throw new Cancelled();
        this.failures[index] = (this.failures[index] ?? 0) + 1;
        lastError = error instanceof WireError ? WIRE_WORDS[error.code] : String(error);
      }
    }
    return { detail: `${type} look-up for ${name}: ${lastError}${tries > 1 ? ` (${tries} tries)` : ''}` };
  }

  private preferredServer(): number {
    let best = 0;
    for (let index = 1; index < this.failures.length; index++) {
      if ((this.failures[index] ?? 0) < (this.failures[best] ?? 0)) best = index;
    }
    return best;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.cancelled) {
        reject(new Cancelled());
        return;
      }
      const wake = (): void => {
        clearTimeout(timer);
        reject(new Cancelled());
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve();
      }, ms);
      this.sleepers.add(wake);
    });
  }
}
