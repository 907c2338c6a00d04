// Verified identities, and the sandbox gate built from them: in the sandbox SES
// delivers only to a verified EMAIL_ADDRESS identity (exact), an address on a
// verified DOMAIN identity (its subdomains are not covered), or the mailbox
// simulator (docs/sources.md, "Identities"). A recipient the gate does not allow is
// `unverified_sandbox` (applied to the rows by engine/ses-account-stage.ts).
import { domainToASCII } from 'node:url';
import { ListEmailIdentitiesCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { LIST_IDENTITIES_ANSWER, PageTokens, readAnswer } from './answers';
import { sesCall, type SesCallOptions } from './call';
import { resolveRegion } from './client';

export interface IdentitySummary {
  name: string;
  type: 'EMAIL_ADDRESS' | 'DOMAIN' | 'MANAGED_DOMAIN' | string;
  /** VerificationStatus is SUCCESS. */
  verified: boolean;
  verificationStatus: string;
  sendingEnabled: boolean;
}

/** Largest PageSize ListEmailIdentities accepts (API reference: 0–1000). */
const IDENTITY_PAGE_SIZE = 1000;
/** SES allows 10,000 identities per region (quotas page): 10 pages; far more means the listing never ends. */
const MAX_IDENTITY_PAGES = 100;

/** Every identity of the account in the client's region, following NextToken. */
export async function listIdentities(
  client: SESv2Client,
  options: SesCallOptions & { maxPages?: number } = {},
): Promise<IdentitySummary[]> {
  const identities: IdentitySummary[] = [];
  const pageTokens = new PageTokens('ListEmailIdentities', () => resolveRegion(client), options.maxPages ?? MAX_IDENTITY_PAGES);
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await sesCall(
      client,
      'ses:ListEmailIdentities',
      async (abortSignal) =>
        readAnswer(
          LIST_IDENTITIES_ANSWER,
          await client.send(new ListEmailIdentitiesCommand({ PageSize: IDENTITY_PAGE_SIZE, ...(token ? { NextToken: token } : {}) }), {
            abortSignal,
          }),
          'ListEmailIdentities',
        ),
      options,
    );
    for (const identity of page.EmailIdentities ?? []) {
      if (!identity.IdentityName) continue;
      identities.push({
        name: identity.IdentityName,
        type: identity.IdentityType ?? 'UNKNOWN',
        verified: identity.VerificationStatus === 'SUCCESS',
        verificationStatus: identity.VerificationStatus ?? 'UNKNOWN',
        sendingEnabled: identity.SendingEnabled ?? false,
      });
    }
    nextToken = await pageTokens.next(page.NextToken);
  } while (nextToken);
  return identities;
}

/** The mailbox simulator's domain: reachable from the sandbox. */
export const SIMULATOR_DOMAIN = 'simulator.amazonses.com';

export interface SandboxGate {
  /** Whether SES would deliver to this address from the sandbox. Both arguments are compared ignoring case. */
  allows(normalizedAddress: string, domain: string): boolean;
  /** How many verified identities the gate knows (for messages). */
  readonly verifiedAddresses: number;
  readonly verifiedDomains: number;
}

/** Lower case, and IDNs in their ASCII form, so 'Bücher.example' and 'xn--bcher-kva.example' match. */
function domainKey(domain: string): string {
  const lower = domain.trim().toLowerCase().replace(/\.$/, '');
  return domainToASCII(lower) || lower;
}

function addressKey(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  return at < 0 ? lower : `${lower.slice(0, at)}@${domainKey(lower.slice(at + 1))}`;
}

export function createSandboxGate(identities: readonly IdentitySummary[]): SandboxGate {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  for (const identity of identities) {
    if (!identity.verified) continue;
    if (identity.type === 'EMAIL_ADDRESS') addresses.add(addressKey(identity.name));
    else if (identity.type === 'DOMAIN') domains.add(domainKey(identity.name));
  }
  return {
    verifiedAddresses: addresses.size,
    verifiedDomains: domains.size,
    allows(normalizedAddress, domain) {
      const address = addressKey(normalizedAddress);
      const at = address.lastIndexOf('@');
      const addressDomain = domain ? domainKey(domain) : at < 0 ? '' : address.slice(at + 1);
      if (addressDomain === SIMULATOR_DOMAIN) return true;
      // Exact domain only: a verified example.com does not cover news.example.com.
      return addresses.has(address) || domains.has(addressDomain);
    },
  };
}
