// A real DNS server for tests: dns2 answering on 127.0.0.1 (UDP, and TCP on the
// same port) from a small in-memory zone table. Every case Preflight's domain
// check must tell apart has a name here, so the tests exercise c-ares's real
// error mapping instead of a mocked one. It also counts what it receives, so
// tests can prove retries, caching and the concurrency bound from the server's
// side.
import { createSocket } from 'node:dgram';
import dns2 from 'dns2';
import { CANARY_MAIL_DOMAINS, CANARY_NONEXISTENT_PATTERN } from '../../electron/services/dns/resolver-check';

const { Packet, UDPServer, TCPServer } = dns2;
type DnsPacket = InstanceType<typeof Packet>;

export interface MxRecord {
  priority: number;
  /** '' or '.' is the root: with priority 0 and no other MX, a null MX (RFC 7505). */
  exchange: string;
}

/** A name that exists. A type it has no records for is answered NOERROR/NODATA. */
export interface NameRecords {
  mx?: MxRecord[];
  a?: string[];
  aaaa?: string[];
  /** TXT records, each as its character-strings (SPF, DMARC: `[['v=DMARC1; p=none']]`). */
  txt?: string[][];
  /** TTL of every record of the name, in seconds (default 300). */
  ttl?: number;
  /** Answer SERVFAIL to the first N queries for this name, then answer normally. */
  failFirst?: number;
  /** Ignore the first N queries for this name (the client times out), then answer normally. */
  dropFirst?: number;
  /**
   * The name is an alias: every question about it is answered with this CNAME,
   * followed (as a recursive resolver does, up to 10 links) by the target's
   * answer, unless `chase` is false.
   */
  cname?: string;
  /** With `cname`: false answers with the CNAME alone (NOERROR), leaving the client to ask for the target. */
  chase?: boolean;
  /** Records owned by another name, put into every answer for this one (a broken or poisoning server). */
  foreign?: { name: string; mx?: MxRecord[]; a?: string[] };
  /** Answer an MX question with the name's A records instead (NOERROR, no MX in the answer). */
  aForMx?: boolean;
}

export type NameEntry =
  | NameRecords
  /** Every query for the name gets this response code. */
  | { rcode: 'SERVFAIL' | 'REFUSED' | 'NXDOMAIN' | 'NOTIMP' }
  /** The server never answers for this name: the client can only time out. */
  | { silent: true };

/** Names (lower case, no trailing dot) to what the server answers. Names not listed are NXDOMAIN. */
export type Zones = Record<string, NameEntry>;

export interface DnsServerOptions {
  /** Hold every answer this long (ms): keeps queries outstanding so the client's bound is visible. */
  delayMs?: number;
  /** Also answer over TCP on the same port (default true). */
  tcp?: boolean;
  /** '127.0.0.1' (default) or '::1'. */
  address?: '127.0.0.1' | '::1';
  /**
   * Die mid-run: right after sending this many answers the server closes its
   * sockets (later queries meet a closed port), and answers not yet sent are dropped.
   */
  stopAfterAnswers?: number;
  /** Answer every UDP query with the TC (truncated) bit and no records, so the client must ask again over TCP. */
  truncateUdp?: boolean;
  /**
   * A resolver that lies, as on a captive portal, a broken VPN or behind a DNS filter:
   * 'nxdomain' answers NXDOMAIN to every question, canaries and zone names alike;
   * 'everything-exists' answers every name the zone table does not hold (the
   * canaries' made-up name included) with an MX host and an A record, as NXDOMAIN
   * rewriting does. Default: the truth, with the canaries' mail domains answered.
   */
  lie?: 'nxdomain' | 'everything-exists';
}

export interface QueryCounts {
  total: number;
  /** 'MX', 'A', 'AAAA', … */
  byType: Record<string, number>;
  /** 'name TYPE' → count, e.g. 'servfail.test MX'. */
  byName: Record<string, number>;
  /** Most queries received and not yet answered at any moment (answered ones only: silent names are not counted). */
  maxOutstanding: number;
  /** 'name TYPE' → answers actually sent (a query dropped, ignored or cut off by stopAfterAnswers is not here). */
  answeredByName: Record<string, number>;
  /**
   * Questions about the resolver canaries (resolver-check.ts): counted here only,
   * not in the other counts nor toward stopAfterAnswers, so a test's counts are
   * its domains' queries as they were before canaries existed.
   */
  canaries: number;
}

export interface RunningDnsServer {
  port: number;
  address: string;
  /** For Resolver.setServers / checkDomains({ servers }): '127.0.0.1:PORT' or '[::1]:PORT'. */
  server: string;
  queries: QueryCounts;
  /** Zero the counters (between a cold and a warm run). */
  resetCounts(): void;
  /** Replace or add names while running. */
  setZones(zones: Zones): void;
  stop(): Promise<void>;
}

const NEGATIVE_SOA = {
  name: 'test',
  type: Packet.TYPE.SOA,
  class: Packet.CLASS.IN,
  ttl: 300,
  primary: 'ns.test',
  admin: 'hostmaster.test',
  serial: 1,
  refresh: 3600,
  retry: 600,
  expiration: 86400,
  minimum: 300,
};

const RCODES = {
  SERVFAIL: Packet.RCODE.SERVFAIL,
  REFUSED: Packet.RCODE.REFUSED,
  NXDOMAIN: Packet.RCODE.NXDOMAIN,
  NOTIMP: Packet.RCODE.NOTIMP,
} as const;

/**
 * The cases the domain check distinguishes, one name each. Tests import the
 * names from here so a renamed zone fails loudly.
 */
export const CASES = {
  mx: 'mx.test',
  nullMx: 'nullmx.test',
  nullMxDot: 'nullmx-dot.test',
  aOnly: 'aonly.test',
  aaaaOnly: 'aaaaonly.test',
  noData: 'nodata.test',
  nxdomain: 'nxdomain.test',
  servfail: 'servfail.test',
  refused: 'refused.test',
  silent: 'silent.test',
  dangling: 'dangling.test',
  aaaaMxHost: 'v6host.test',
  firstMxDangling: 'multi.test',
  mxHostServfail: 'hostfail.test',
  flakyServfail: 'flaky.test',
  flakyTimeout: 'slow.test',
  shortTtl: 'shortttl.test',
  loopbackMx: 'loopback.test',
} as const;

/** What the canaries' mail domains answer unless a test's zones or `lie` say otherwise. */
const CANARY_ZONES: Zones = Object.fromEntries(
  CANARY_MAIL_DOMAINS.map((domain) => [domain, { mx: [{ priority: 10, exchange: `mx.canary.${domain}` }] } satisfies NameRecords]),
);

function isCanary(name: string): boolean {
  return (CANARY_MAIL_DOMAINS as readonly string[]).includes(name) || CANARY_NONEXISTENT_PATTERN.test(name);
}

/** The everything-exists liar's answer for a name it does not know. */
function madeUp(name: string): NameRecords {
  return { mx: [{ priority: 10, exchange: `mail.${name}` }], a: ['198.51.100.250'] };
}

export function standardZones(): Zones {
  return {
    [CASES.mx]: { mx: [{ priority: 10, exchange: 'mail.mx.test' }] },
    'mail.mx.test': { a: ['192.0.2.10'], ttl: 3600 },
    // RFC 7505 writes the exchange as "."; on the wire both are the root name.
    [CASES.nullMx]: { mx: [{ priority: 0, exchange: '' }], a: ['192.0.2.11'] },
    [CASES.nullMxDot]: { mx: [{ priority: 0, exchange: '.' }] },
    [CASES.aOnly]: { a: ['192.0.2.20'], ttl: 600 },
    [CASES.aaaaOnly]: { aaaa: ['2001:db8::20'] },
    [CASES.noData]: {},
    [CASES.servfail]: { rcode: 'SERVFAIL' },
    [CASES.refused]: { rcode: 'REFUSED' },
    [CASES.silent]: { silent: true },
    [CASES.dangling]: { mx: [{ priority: 10, exchange: 'gone.dangling.test' }] },
    [CASES.aaaaMxHost]: { mx: [{ priority: 10, exchange: 'mx6.v6host.test' }] },
    'mx6.v6host.test': { aaaa: ['2001:db8::25'] },
    [CASES.firstMxDangling]: {
      mx: [
        { priority: 20, exchange: 'mx2.multi.test' },
        { priority: 5, exchange: 'gone.multi.test' },
      ],
    },
    'mx2.multi.test': { a: ['192.0.2.30'] },
    [CASES.mxHostServfail]: { mx: [{ priority: 10, exchange: 'mx.hostfail.test' }] },
    'mx.hostfail.test': { rcode: 'SERVFAIL' },
    [CASES.flakyServfail]: { mx: [{ priority: 10, exchange: 'mail.mx.test' }], failFirst: 1 },
    [CASES.flakyTimeout]: { mx: [{ priority: 10, exchange: 'mail.mx.test' }], dropFirst: 1 },
    [CASES.shortTtl]: { mx: [{ priority: 10, exchange: 'mail.shortttl.test' }] },
    'mail.shortttl.test': { a: ['192.0.2.40'], ttl: 60 },
    // The pre-RFC 7505 way to refuse mail: an MX host at the loopback address.
    [CASES.loopbackMx]: { mx: [{ priority: 10, exchange: 'lo.loopback.test' }] },
    'lo.loopback.test': { a: ['127.0.0.1'], aaaa: ['::1'] },
  };
}

/**
 * N synthetic domains `d<i>.<suffix>` for load tests, most sharing a few MX
 * hosts (as real lists share Google's and Microsoft's), some with their own
 * host, some implicit-MX, some without mail.
 */
export function syntheticZones(count: number, suffix = 'load.test'): { zones: Zones; domains: string[] } {
  const zones: Zones = {};
  const domains: string[] = [];
  const sharedHosts = 4;
  for (let h = 0; h < sharedHosts; h++) zones[`mx${h}.${suffix}`] = { a: [`198.51.100.${h + 1}`], ttl: 3600 };
  for (let i = 0; i < count; i++) {
    const domain = `d${i}.${suffix}`;
    domains.push(domain);
    switch (i % 10) {
      case 0:
        zones[domain] = { mx: [{ priority: 10, exchange: `mail.${domain}` }] };
        zones[`mail.${domain}`] = { a: ['203.0.113.7'], ttl: 3600 };
        break;
      case 1:
        zones[domain] = { a: ['203.0.113.8'], ttl: 3600 };
        break;
      case 2:
        break; // NXDOMAIN
      case 3:
        zones[domain] = { mx: [{ priority: 0, exchange: '' }] };
        break;
      default:
        zones[domain] = { mx: [{ priority: 10, exchange: `mx${i % sharedHosts}.${suffix}` }], ttl: 3600 };
    }
  }
  return { zones, domains };
}

/** Start the server on 127.0.0.1 on a free port. */
export async function startDnsServer(zones: Zones = standardZones(), options: DnsServerOptions = {}): Promise<RunningDnsServer> {
  const address = options.address ?? '127.0.0.1';
  const table = new Map<string, NameEntry>([...Object.entries(CANARY_ZONES), ...Object.entries(zones)]);
  const seen = new Map<string, number>();
  const queries: QueryCounts = { total: 0, byType: {}, byName: {}, maxOutstanding: 0, answeredByName: {}, canaries: 0 };
  let outstanding = 0;
  let answersSent = 0;

  const answer = (request: DnsPacket): DnsPacket | null => {
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    const question = request.questions[0];
    if (!question) {
      response.header.rcode = Packet.RCODE.FORMERR;
      return response;
    }
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const typeName = Packet.typeName(question.type);
    if (isCanary(name)) {
      queries.canaries++;
    } else {
      queries.total++;
      queries.byType[typeName] = (queries.byType[typeName] ?? 0) + 1;
      const key = `${name} ${typeName}`;
      queries.byName[key] = (queries.byName[key] ?? 0) + 1;
    }
    const timesAsked = (seen.get(name) ?? 0) + 1;
    seen.set(name, timesAsked);

    const entry =
      options.lie === 'nxdomain' ? undefined : (table.get(name) ?? (options.lie === 'everything-exists' ? madeUp(name) : undefined));
    if (entry === undefined) {
      response.header.rcode = Packet.RCODE.NXDOMAIN;
      response.authorities.push(new Packet.Resource(NEGATIVE_SOA));
      return response;
    }
    if ('silent' in entry) return null;
    if ('rcode' in entry) {
      response.header.rcode = RCODES[entry.rcode];
      return response;
    }
    if (entry.dropFirst !== undefined && timesAsked <= entry.dropFirst) return null;
    if (entry.failFirst !== undefined && timesAsked <= entry.failFirst) {
      response.header.rcode = Packet.RCODE.SERVFAIL;
      return response;
    }
    const link = (owner: string, records: NameRecords, depth: number): void => {
      const ttl = records.ttl ?? 300;
      const base = { name: owner, class: Packet.CLASS.IN, ttl };
      if (records.cname !== undefined) {
        response.answers.push(new Packet.Resource({ ...base, type: Packet.TYPE.CNAME, domain: records.cname }));
        if (records.chase === false || depth >= 10) return;
        const target = table.get(records.cname);
        if (target === undefined) response.header.rcode = Packet.RCODE.NXDOMAIN;
        else if (!('rcode' in target) && !('silent' in target)) link(records.cname, target, depth + 1);
        return;
      }
      if (question.type === Packet.TYPE.MX && !records.aForMx) {
        for (const mx of records.mx ?? []) {
          response.answers.push(
            new Packet.Resource({ ...base, type: Packet.TYPE.MX, priority: mx.priority, exchange: mx.exchange === '.' ? '' : mx.exchange }),
          );
        }
      } else if (question.type === Packet.TYPE.A || (question.type === Packet.TYPE.MX && records.aForMx)) {
        for (const a of records.a ?? []) response.answers.push(new Packet.Resource({ ...base, type: Packet.TYPE.A, address: a }));
      } else if (question.type === Packet.TYPE.AAAA) {
        for (const a of records.aaaa ?? []) response.answers.push(new Packet.Resource({ ...base, type: Packet.TYPE.AAAA, address: a }));
      } else if (question.type === Packet.TYPE.TXT) {
        for (const strings of records.txt ?? [])
          response.answers.push(new Packet.Resource({ ...base, type: Packet.TYPE.TXT, data: strings }));
      }
      if (records.foreign) {
        const other = { name: records.foreign.name, class: Packet.CLASS.IN, ttl };
        if (question.type === Packet.TYPE.MX) {
          for (const mx of records.foreign.mx ?? []) {
            response.answers.push(
              new Packet.Resource({
                ...other,
                type: Packet.TYPE.MX,
                priority: mx.priority,
                exchange: mx.exchange === '.' ? '' : mx.exchange,
              }),
            );
          }
        }
        if (question.type === Packet.TYPE.A)
          for (const a of records.foreign.a ?? [])
            response.answers.push(new Packet.Resource({ ...other, type: Packet.TYPE.A, address: a }));
      }
    };
    link(question.name, entry, 0);
    // NODATA (RFC 2308): NOERROR, no answer, the zone's SOA in the authority section.
    if (response.answers.length === 0) response.authorities.push(new Packet.Resource(NEGATIVE_SOA));
    return response;
  };

  const handle = (request: DnsPacket, send: (response: DnsPacket) => Promise<Buffer>, overUdp: boolean): void => {
    let response = answer(request);
    if (response === null) return;
    if (overUdp && options.truncateUdp) {
      response = Packet.createResponseFromRequest(request);
      response.header.aa = 1;
      response.header.tc = 1;
    }
    const question = request.questions[0];
    const key = question ? `${question.name.toLowerCase().replace(/\.$/, '')} ${Packet.typeName(question.type)}` : '';
    outstanding++;
    queries.maxOutstanding = Math.max(queries.maxOutstanding, outstanding);
    const canary = question !== undefined && isCanary(question.name.toLowerCase().replace(/\.$/, ''));
    const reply = (): void => {
      outstanding--;
      const limit = options.stopAfterAnswers;
      if (limit !== undefined && answersSent >= limit) return;
      if (canary) {
        void send(response).catch(() => undefined);
        return;
      }
      answersSent++;
      queries.answeredByName[key] = (queries.answeredByName[key] ?? 0) + 1;
      const sent = send(response).catch(() => undefined);
      if (answersSent === limit) void sent.then(stop);
    };
    if (options.delayMs) setTimeout(reply, options.delayMs);
    else reply();
  };

  const udp = new UDPServer({ type: address === '::1' ? 'udp6' : 'udp4' });
  udp.on('request', (request: DnsPacket, send: (response: DnsPacket) => Promise<Buffer>) => handle(request, send, true));
  udp.on('requestError', () => undefined);
  const port = await listenUdp(udp, address);
  udp.on('error', () => undefined);

  let tcp: InstanceType<typeof TCPServer> | undefined;
  if (options.tcp !== false) {
    tcp = new TCPServer();
    tcp.on('request', (request: DnsPacket, send: (response: DnsPacket) => Promise<Buffer>) => handle(request, send, false));
    tcp.on('requestError', () => undefined);
    tcp.on('error', () => undefined);
    const server = tcp;
    // The UDP port's TCP twin is almost always free; if not, go UDP-only rather than fail the test.
    await new Promise<void>((resolve) => {
      server.once('error', () => {
        tcp = undefined;
        resolve();
      });
      server.listen(port, address, () => resolve());
    });
  }

  let stopping: Promise<void> | undefined;
  // Idempotent: a server that died by stopAfterAnswers can still be stopped by the test.
  function stop(): Promise<void> {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      const server = tcp;
      if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return stopping;
  }

  return {
    port,
    address,
    server: address === '::1' ? `[::1]:${port}` : `${address}:${port}`,
    queries,
    resetCounts() {
      queries.total = 0;
      queries.byType = {};
      queries.byName = {};
      queries.maxOutstanding = 0;
      queries.answeredByName = {};
      queries.canaries = 0;
      seen.clear();
    },
    setZones(more: Zones) {
      for (const [name, entry] of Object.entries(more)) table.set(name, entry);
    },
    stop,
  };
}

/** Bind to a free port; rejects (instead of hanging) when the address cannot be used, e.g. ::1 without IPv6. */
function listenUdp(udp: InstanceType<typeof UDPServer>, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, address, () => {
      udp.off('error', reject);
      resolve(udp.address().port);
    });
  });
}

/** A UDP port on 127.0.0.1 where nothing listens: a "server down" (c-ares sees ECONNREFUSED). */
export async function unusedPort(): Promise<number> {
  const socket = createSocket('udp4');
  const port = await new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
