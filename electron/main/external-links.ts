// The only web pages Preflight may open in the user's browser. A link in a list
// or a compromised renderer must not be able to launch arbitrary URLs or local
// programs through shell.openExternal (Electron security checklist, item 15).

const ALLOWED_ORIGINS = new Set(['https://docs.aws.amazon.com', 'https://console.aws.amazon.com', 'https://aws.amazon.com']);

/** True for an https URL on an allowlisted AWS host, with no credentials and the default port. */
export function isAllowedExternalUrl(candidate: string): boolean {
  if (typeof candidate !== 'string' || candidate.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  // URL.origin drops the default port and lower-cases the host, so
  // "https://AWS.amazon.com:443/" matches while "https://aws.amazon.com.evil.test" does not.
  return url.protocol === 'https:' && url.username === '' && url.password === '' && ALLOWED_ORIGINS.has(url.origin);
}

export const EXTERNAL_LINK_REFUSED = 'Preflight only opens links to the AWS documentation and the AWS console.';
