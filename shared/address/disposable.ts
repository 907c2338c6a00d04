// Disposable (throw-away) mailbox domains, from the curated CC0 list in
// `disposable-email-domains-js`, matched on the domain or any parent domain.

import { disposableEmailBlocklistSet } from 'disposable-email-domains-js';

/**
 * Privacy relays are never disposable, whatever a blocklist says: they forward to
 * the person's own, long-lived mailbox, the person chose to give that address, and
 * mail to it is read (broader lists such as `mailchecker` flag them wrongly).
 * DuckDuckGo Email Protection, Firefox Relay, SimpleLogin and Proton Pass aliases,
 * Apple's Hide My Email, addy.io (AnonAddy).
 */
export const PRIVACY_RELAY_DOMAINS: readonly string[] = [
  'duck.com',
  'mozmail.com',
  'relay.firefox.com',
  'simplelogin.com',
  'simplelogin.co',
  'simplelogin.fr',
  'simplelogin.io',
  'slmail.me',
  'aleeas.com',
  '8alias.com',
  '8shield.net',
  'passmail.net',
  'passmail.com',
  'passinbox.com',
  'privaterelay.appleid.com',
  'anonaddy.com',
  'anonaddy.me',
  'addy.io',
];

const RELAYS: ReadonlySet<string> = new Set(PRIVACY_RELAY_DOMAINS);

let defaultBlocklist: ReadonlySet<string> | null = null;

/** The package's list, loaded once on first use (about 9,000 domains). */
export function defaultDisposableDomains(): ReadonlySet<string> {
  defaultBlocklist ??= disposableEmailBlocklistSet();
  return defaultBlocklist;
}

/** Whether an ASCII lower-case domain is a disposable mailbox service (relays never are). */
export function isDisposableDomain(domain: string, blocklist: ReadonlySet<string>): boolean {
  // The domain itself, then each parent that still has a dot: a.b.example.com, b.example.com, example.com.
  let listed = false;
  let candidate = domain;
  for (;;) {
    if (RELAYS.has(candidate)) return false;
    if (blocklist.has(candidate)) listed = true;
    const dot = candidate.indexOf('.');
    if (dot < 0 || candidate.indexOf('.', dot + 1) < 0) return listed;
    candidate = candidate.slice(dot + 1);
  }
}
