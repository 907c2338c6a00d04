// Credentials never reach a log, the terminal, the renderer or a file. An SES
// endpoint (or a proxy in front of it) can quote the request back in its error
// message: AWS's own IncompleteSignatureException quotes the Authorization
// header, a rejected signature quotes the signed headers with the session token,
// and a hostile endpoint can echo anything it received. So every message that
// leaves Preflight goes through redactCredentials at its boundary (CLI stdout and
// stderr, report.json, IPC replies and events, the log), and the SES client
// remembers the values its credential chain resolved so that they are removed
// whatever shape they have. What the chain never resolved (a credential_process
// that printed its keys and failed) is caught by shape.

/** What a removed value is replaced with. */
export const REDACTED = '[credential removed]';

/** Access key IDs: long-term (AKIA) and temporary (ASIA), 20 characters. */
const KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g;
/** Runs of the base64 alphabet ('=' only as padding), the shape of secret access keys and session tokens. */
const BASE64_RUN = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=])/g;
/** Shortest piece of a remembered value that is still treated as that value (a cut or escaped copy); shorter values count only whole. */
const MIN_FRAGMENT = 16;

const remembered = new Set<string>();

function mixed(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

/**
 * A run shaped like a secret: exactly 40 base64 characters (a secret access key)
 * or 100 and more (a session token; real ones are 300 to 1,000), mixing upper
 * case, lower case and digits. Hex digests (SHA-1 is 40 characters) have no
 * upper case; paths and sentences are broken up by dots, dashes and spaces.
 */
function looksSecret(run: string): boolean {
  const core = run.replace(/=+$/, '');
  return (core.length === 40 || core.length >= 100) && mixed(core);
}

/** The forms a value takes when quoted: as it is, URL-encoded, JSON-escaped. */
function formsOf(value: string): string[] {
  return [...new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])];
}

/**
 * Remembers the credential values the SDK resolved (called by the SES client on
 * every resolution), so they are redacted even when they do not look like
 * credentials. Per process (and per worker thread): each one redacts what it resolved.
 */
export function rememberCredentials(identity: { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }): void {
  for (const value of [identity.accessKeyId, identity.secretAccessKey, identity.sessionToken]) {
    if (typeof value === 'string' && value.length >= 8) for (const form of formsOf(value)) remembered.add(form);
  }
}

type CredentialIdentity = Parameters<typeof rememberCredentials>[0];

/**
 * Makes an AWS SDK client remember, for redaction, whatever its credential chain
 * resolves (keys, SSO, credential_process, a role) before the signer uses it, so
 * an endpoint quoting it back is never shown. The signer reads config.credentials
 * on every request.
 */
export function rememberResolvedCredentials<Provider extends (...args: never[]) => Promise<CredentialIdentity>>(config: {
  credentials: Provider;
}): void {
  const resolve = config.credentials;
  const remembering = async (...args: Parameters<Provider>) => {
    const identity = await resolve(...args);
    rememberCredentials(identity);
    return identity;
  };
  config.credentials = remembering as Provider;
}

/** Forgets every remembered value (tests). */
export function forgetCredentials(): void {
  remembered.clear();
}

/** Where `value`, or any MIN_FRAGMENT characters of it in a row, occur in `text`: [start, end) spans. */
function occurrences(text: string, value: string): [number, number][] {
  const spans: [number, number][] = [];
  const width = Math.min(MIN_FRAGMENT, value.length);
  for (let start = 0; start + width <= value.length; start++) {
    const piece = value.slice(start, start + width);
    for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + 1)) spans.push([at, at + width]);
  }
  return spans;
}

/** The text with every credential value, and everything shaped like one, replaced by REDACTED. */
export function redactCredentials(text: string): string {
  let result = text;
  const spans = [...remembered].flatMap((value) => occurrences(text, value)).sort((a, b) => a[0] - b[0]);
  if (spans.length > 0) {
    // Overlapping pieces of one value (or of two) become one REDACTED.
    const parts: string[] = [];
    let cursor = 0;
    let open: [number, number] | null = null;
    for (const span of [...spans, [Infinity, Infinity] as [number, number]]) {
      if (open && span[0] <= open[1]) {
        open[1] = Math.max(open[1], span[1]);
        continue;
      }
      if (open) {
        parts.push(text.slice(cursor, open[0]), REDACTED);
        cursor = open[1];
      }
      open = [...span];
    }
    parts.push(text.slice(cursor));
    result = parts.join('');
  }
  return result.replace(KEY_ID, REDACTED).replace(BASE64_RUN, (run) => (looksSecret(run) ? REDACTED : run));
}

/** A copy of a JSON-like value with every string redacted (report.json, IPC replies). Maps, Dates and class instances are kept as they are. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactCredentials(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  }
  return value;
}
