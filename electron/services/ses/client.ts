// The SES client, built the AWS way: the SDK's default credential chain, or a
// named profile from ~/.aws (static keys, SSO, credential_process, assume-role —
// all resolved by the SDK). Preflight never reads, stores, logs or returns a
// secret: it only lists profile names and hands the profile name to the SDK.
import { readFile } from 'node:fs/promises';
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SES_REGIONS } from '../../../shared/model/ses';
import { UserError } from '../../../shared/model/errors';
import { boundedHttpHandler, MAX_ANSWER_BYTES } from './bounded-http-handler';
import { rememberResolvedCredentials } from './credential-redaction';
import { describeSesError, isWellFormedRegion } from './errors';

export { SES_REGIONS };

export interface SesClientOptions {
  /** A profile from ~/.aws/config or ~/.aws/credentials; default: AWS_PROFILE, else the default chain. */
  profile?: string;
  /** Default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region`. */
  region?: string;
  /** Another SESv2 endpoint (tests, private endpoints); default: AWS_ENDPOINT_URL_SESV2, AWS_ENDPOINT_URL, else AWS. */
  endpoint?: string;
  /** Time allowed to open the connection (default 5 s). */
  connectionTimeoutMs?: number;
  /** Time allowed for a whole request and its whole answer (default 30 s), however the endpoint paces it. */
  requestTimeoutMs?: number;
  /** Largest answer read (default MAX_ANSWER_BYTES, 16 MiB). */
  maxAnswerBytes?: number;
  /** Connection agents (a proxy agent, or a test's agent with its own host look-up). */
  httpAgent?: HttpAgent;
  httpsAgent?: HttpsAgent;
}

/**
 * A SESv2 client. Its own retries are off (maxAttempts 1): every Preflight call
 * goes through sesCall (./call.ts), which paces requests to SES's one per second
 * and backs off on throttling itself. Two retry layers would multiply attempts
 * and ignore the pace. Its HTTP handler bounds each request's time and answer
 * size (./bounded-http-handler.ts). The client builds nothing over the network:
 * credentials and region are resolved on the first request.
 */
export function createSesClient(options: SesClientOptions = {}): SESv2Client {
  if (options.region !== undefined && !isWellFormedRegion(options.region)) {
    throw describeSesError(new Error('Invalid region'), { region: options.region, profile: options.profile });
  }
  // The SDK warns once per process that it will require Node 22 in 2027: noise
  // for CLI users on Node 20 (the app runs Electron's newer Node anyway).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // The AWS CLI's AWS_DEFAULT_REGION is not read by the JavaScript SDK: honour it
  // after AWS_REGION, as the CLI does, so both tools agree.
  const region = options.region || (!process.env.AWS_REGION && process.env.AWS_DEFAULT_REGION) || undefined;
  const client = new SESv2Client({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(region ? { region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
    requestHandler: boundedHttpHandler(options, MAX_ANSWER_BYTES),
  });
  rememberResolvedCredentials(client.config);
  return client;
}

/** The region the client will use, or the UserError saying none is set. Reads env and ~/.aws/config only. */
export async function resolveRegion(client: SESv2Client): Promise<string> {
  try {
    const region = await client.config.region();
    if (!region) throw new Error('Region is missing');
    return region;
  } catch (error) {
    throw describeSesError(error, { profile: clientProfile(client) });
  }
}

/** The profile name the client uses ('default' when none was chosen). */
export function clientProfile(client: SESv2Client): string {
  return client.config.profile ?? process.env.AWS_PROFILE ?? 'default';
}

/** The key saved SES data is filed under: the profile name, known without a network. */
export function accountKeyFor(profile?: string): string {
  return profile || process.env.AWS_PROFILE || 'default';
}

function configFilePath(): string {
  return process.env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config');
}

function credentialsFilePath(): string {
  return process.env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials');
}

/** Section name → the key names in it (values are never kept). A missing or unreadable file has none. */
async function iniSections(path: string): Promise<Map<string, Set<string>>> {
  const sections = new Map<string, Set<string>>();
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return sections;
  }
  let current: Set<string> | null = null;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(line);
    if (header) {
      const name = header[1]!.replace(/\s+/g, ' ');
      current = sections.get(name) ?? new Set<string>();
      sections.set(name, current);
      continue;
    }
    const key = /^([A-Za-z0-9_.-]+)\s*=/.exec(line);
    if (key && current) current.add(key[1]!.toLowerCase());
  }
  return sections;
}

/** Profile name → key names, merged from ~/.aws/config and ~/.aws/credentials. */
async function profileKeys(): Promise<Map<string, Set<string>>> {
  const profiles = new Map<string, Set<string>>();
  const add = (name: string, keys: Set<string>) => profiles.set(name, new Set([...(profiles.get(name) ?? []), ...keys]));
  for (const [section, keys] of await iniSections(configFilePath())) {
    if (section === 'default') add('default', keys);
    else if (section.startsWith('profile ')) add(section.slice('profile '.length).trim(), keys);
    // [sso-session x], [services x] are not profiles.
  }
  for (const [section, keys] of await iniSections(credentialsFilePath())) {
    if (!section.includes(' ')) add(section, keys);
  }
  return profiles;
}

/**
 * Profile names for the app's profile picker: `[profile NAME]` and `[default]` in
 * ~/.aws/config, `[NAME]` in ~/.aws/credentials (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE respected). Names only: values are never read into
 * the result. 'default' first, then alphabetical.
 */
export async function listProfiles(): Promise<string[]> {
  return [...(await profileKeys()).keys()].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
}

/**
 * How a profile gets its credentials, from the names of its keys: lets an error
 * say more than the SDK's "Could not load credentials from any providers".
 */
export async function profileSource(profile: string): Promise<'missing' | 'credential_process' | 'sso' | 'keys' | 'other'> {
  const keys = (await profileKeys()).get(profile);
  if (!keys) return 'missing';
  if (keys.has('credential_process')) return 'credential_process';
  if (keys.has('sso_session') || keys.has('sso_start_url')) return 'sso';
  if (keys.has('aws_access_key_id')) return 'keys';
  return 'other';
}

/** For callers that get a region from the user: the UserError to show for a malformed one. */
export function checkRegionName(region: string): void {
  if (!isWellFormedRegion(region)) {
    throw new UserError('bad_argument', `'${region}' is not an AWS region name: choose one of ${SES_REGIONS.join(', ')}.`);
  }
}
