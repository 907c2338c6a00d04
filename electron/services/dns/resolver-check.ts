// Before a resolver's answers decide anything, ask it questions whose answers
// are known. A network whose DNS says NXDOMAIN for everything (a captive portal
// before the login, a broken VPN, a DNS filter) made every row domain_not_found;
// one that says every name exists (NXDOMAIN rewriting to an ad or login page)
// would send to dead domains. Two kinds of canary catch both:
//
//   - mail domains that have had MX records for decades must have MX records;
//   - a random label under .com (a fresh one per run, so no resolver can have it
//     cached or listed) must be NXDOMAIN, for MX and for A (rewriting resolvers
//     often touch only A, and an MX host's A record is what makes a domain
//     deliverable).
//
// The names are fixed or random, never taken from the list: a canary tells the
// resolver nothing about the user's data. Each server is asked on its own,
// because the client spreads a domain's tries over every server: one liar among
// two would decide half the domains. A server is set aside only on proof (a
// wrong answer); one that does not answer the canaries is kept, as its silence
// can only make domains dns_unresolved, never remove them.
import { randomBytes } from 'node:crypto';
import { Cancelled, DnsClient, type ClientSettings, type MxRecord, type Outcome } from './client';
import { formatDnsServer, type DnsServerAddress } from './servers';

/** Mail domains with MX records since the 1990s or 2000s, at the three largest mailbox providers. */
export const CANARY_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com'] as const;

/** The random canary's shape: `preflight-canary-` and 20 hex digits under .com (80 random bits). */
export const CANARY_NONEXISTENT_PATTERN = /^preflight-canary-[0-9a-f]{20}\.com$/;

export function randomCanaryName(): string {
  return `preflight-canary-${randomBytes(10).toString('hex')}.com`;
}

export interface ServerJudgement {
  server: DnsServerAddress;
  /** 'trusted': every canary answered right; 'lying': at least one answered wrong; 'unknown': some went unanswered, none wrong. */
  trust: 'trusted' | 'lying' | 'unknown';
  /** For a liar: what it said, in a few words ("says gmail.com does not exist"). */
  lie?: string;
}

export interface ResolverCheck {
  judgements: ServerJudgement[];
  /** Canary queries sent, retries included (not part of the domains' `queriesSent`). */
  queriesSent: number;
}

/**
 * Ask every server the canaries, at most `concurrency` questions at once over
 * all servers. Rejects with Cancelled when the client is cancelled.
 */
export async function checkResolvers(settings: ClientSettings, signal: AbortSignal | undefined): Promise<ResolverCheck> {
  const nonexistent = randomCanaryName();
  const clients = settings.servers.map((server) => new DnsClient({ ...settings, servers: [server] }));
  const onAbort = (): void => clients.forEach((client) => client.cancel());
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw new Cancelled();
    type Question = { server: number; ask: (client: DnsClient) => Promise<string | null | undefined> };
    // null = right answer, a string = the lie, undefined = no answer.
    const questions: Question[] = [];
    settings.servers.forEach((_, server) => {
      for (const domain of CANARY_MAIL_DOMAINS)
        questions.push({ server, ask: async (client) => mailDomainLie(domain, await client.mx(domain)) });
      questions.push({ server, ask: async (client) => nonexistentLie(nonexistent, 'MX', await client.mx(nonexistent)) });
      questions.push({ server, ask: async (client) => nonexistentLie(nonexistent, 'A', await client.addresses(nonexistent, 4)) });
    });
    const answers: Array<string | null | undefined> = new Array(questions.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < questions.length) {
        const index = next++;
        const question = questions[index] as Question;
        answers[index] = await question.ask(clients[question.server] as DnsClient);
      }
    };
    await Promise.all(Array.from({ length: Math.min(settings.concurrency, questions.length) }, worker));
    const judgements = settings.servers.map((server, index): ServerJudgement => {
      const own = answers.filter((_, question) => questions[question]?.server === index);
      const lie = own.find((answer): answer is string => typeof answer === 'string');
      if (lie !== undefined) return { server, trust: 'lying', lie };
      return { server, trust: own.every((answer) => answer === null) ? 'trusted' : 'unknown' };
    });
    return { judgements, queriesSent: clients.reduce((sum, client) => sum + client.queriesSent, 0) };
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

function mailDomainLie(domain: string, outcome: Outcome<MxRecord>): string | null | undefined {
  switch (outcome.kind) {
    case 'failed':
      return undefined;
    case 'nxdomain':
      return `says ${domain} does not exist`;
    case 'nodata':
      return `says ${domain} has no MX record`;
    case 'answer':
      return outcome.records.some((mx) => mx.exchange !== '') ? null : `says ${domain} takes no mail (null MX)`;
  }
}

function nonexistentLie(name: string, type: 'MX' | 'A', outcome: Outcome<unknown>): string | null | undefined {
  switch (outcome.kind) {
    case 'failed':
      return undefined;
    case 'nxdomain':
      return outcome.owner === name ? null : `answers ${type} questions for made-up names (${name})`;
    case 'nodata':
    case 'answer':
      return `answers ${type} questions for made-up names (${name})`;
  }
}

/**
 * The servers to use, or the sentence to stop with. Liars are set aside with a
 * warning while a server that was not caught lying is left; when every server
 * lies, no domain verdict can be taken and the check stops.
 */
export function usableServers(check: ResolverCheck): { servers: DnsServerAddress[]; warning?: string } | { refusal: string } {
  const liars = check.judgements.filter((judgement) => judgement.trust === 'lying');
  const kept = check.judgements.filter((judgement) => judgement.trust !== 'lying').map((judgement) => judgement.server);
  if (liars.length === 0) return { servers: kept };
  const described = liars.map((judgement) => `${formatDnsServer(judgement.server)} ${judgement.lie}`).join('; ');
  if (kept.length === 0) {
    return {
      refusal:
        `The DNS ${liars.length === 1 ? 'server' : 'servers'} gave false answers to test questions (${described}), so no domain was judged by ${liars.length === 1 ? 'it' : 'them'}: ` +
        'sign in to the network if it has a login page or check the VPN or DNS filter, then check again with this or another DNS server (such as 1.1.1.1), or with domain checks off.',
    };
  }
  return {
    servers: kept,
    warning: `The DNS ${liars.length === 1 ? 'server' : 'servers'} ${described}: ${liars.length === 1 ? 'it was' : 'they were'} not used; domains were checked with ${kept.map(formatDnsServer).join(', ')}.`,
  };
}
