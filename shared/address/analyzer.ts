// One email cell in, everything the address rules say about it out: the
// normalised address, the reasons it cannot or should not be sent to, a
// suggested fix, the mailbox it reaches by its provider's rules, and the provider.
//
// Syntax has two paths (docs/syntax-policy.md):
//   - a fast path: one strict regular expression plus the per-domain checks. It
//     accepts only addresses that are certainly valid under the full policy;
//   - the full path, for everything the fast path does not accept, which also says
//     why: a cheap structural screen, `email-addresses` (an RFC 5322 parser) for what
//     passes it, and the deliverability policy on top.
// Almost every address in a real list takes the fast path; `email-addresses` alone
// manages about 45,000 addresses a second (docs/sources.md), far too slow for 1M rows.
// Everything known about a domain is computed once and kept in a Map: lists repeat
// their domains heavily.

import emailAddresses from 'email-addresses';
import type { ReasonCode } from '../model/reasons';
import { defaultDisposableDomains, isDisposableDomain } from './disposable';
import { hasValidLabels, isIcannTld, isReservedDomain, topLevelOf } from './hostname';
import { mailboxKeyOfLowerCase, providerOf, type MailboxProvider } from './providers';
import { lookalikeDomain } from './lookalike';
import { isRoleLowerCase } from './roles';
import { suggestDomain } from './typo';
import { cleanCell } from './clean';
import { flatCopy } from '../text/flat-copy';
import { StringIndex } from '../text/string-index';

export type { MailboxProvider } from './providers';
export { suggestDomain } from './typo';
export { cleanCell } from './clean';

export interface AddressAnalysis {
  /** local@asciiDomain: the domain lower-cased and IDNA-encoded, the local part as typed; '' if none. */
  normalized: string;
  /** The normalised address in lower case: what exact duplicates are found by ('' if none). */
  key: string;
  local: string;
  /** The domain in ASCII lower case ('' if none). */
  domain: string;
  reasons: ReasonCode[];
  /** A full corrected address ('' if none). */
  suggestion: string;
  /** The mailbox by the provider's rules (see providers.ts); '' if the address is not sendable. */
  aliasKey: string;
  /**
   * An id for the domain as typed, given by this analyzer in order of first sight (-1 when
   * `domain` is ''): callers that count rows per domain index arrays with it instead of
   * looking the domain string up again.
   */
  domainId: number;
  provider: MailboxProvider;
  /** A consumer mailbox domain (free or paid webmail, ISP mail, privacy relay), not a company's own. */
  freeProvider: boolean;
}

export interface AddressAnalyzerOptions {
  /** IDNA (UTS #46) to ASCII; '' when the domain cannot be encoded. The engine passes Node's `url.domainToASCII`. */
  toAscii: (domain: string) => string;
  /** IDNA back to Unicode, for the look-alike rule on domains written as xn--; the engine passes Node's `url.domainToUnicode`. */
  toUnicode?: (domain: string) => string;
  /** Replaces the disposable-domain list (tests). */
  disposableDomains?: ReadonlySet<string>;
}

/** What the syntax paths decide, before any domain or role rule. */
export interface SyntaxResult {
  status: 'valid' | 'no_address' | 'syntax_invalid' | 'ses_unsupported';
  /** The local part as typed ('' when none could be found). */
  local: string;
  /** The ASCII lower-case domain ('' when none could be made). */
  domain: string;
}

/** RFC 5321 §4.5.3.1: 64 octets for the local part; 254 for the whole address (the 256-octet path less "<>"). */
export const MAX_LOCAL_LENGTH = 64;
export const MAX_ADDRESS_LENGTH = 254;

/**
 * The fast path: an unquoted ASCII dot-atom local part and a letters-digits-hyphens
 * domain of two labels or more. Everything it matches is also a plain RFC 5322
 * addr-spec, so `email-addresses` reads the same local part and domain from it.
 */
export const FAST_ADDRESS = /^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const ASCII_DOT_ATOM = /^[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*$/;
const NON_ASCII = /[\u0080-\uffff]/;
/** C0 and C1 control characters and DEL. */
const CONTROL = /\p{Cc}/u;
const WHITESPACE = /\s/;

/** UTF-8 octets of a string (RFC 5321 limits are in octets). */
function utf8Length(text: string): number {
  let octets = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) octets += 1;
    else if (unit < 0x800) octets += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      octets += 4;
      i++;
    } else octets += 3;
  }
  return octets;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function isIpv6(text: string): boolean {
  let body = text;
  let groupsWanted = 8;
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    if (!IPV4.test(body.slice(lastColon + 1))) return false;
    body = body.slice(0, lastColon + 1) + '0';
    groupsWanted = 7;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  return halves.length === 2 ? groups.length < groupsWanted : groups.length === groupsWanted;
}

/** [1.2.3.4] or [IPv6:…]: a well-formed IP literal (sendable by RFC, not by SES) versus malformed text. */
function isIpLiteral(literal: string): boolean {
  const inside = literal.slice(1, -1);
  if (IPV4.test(inside)) return true;
  return inside.slice(0, 5).toLowerCase() === 'ipv6:' && isIpv6(inside.slice(5));
}

interface DomainFacts {
  /** IDNA ASCII, lower case; '' when the domain cannot be encoded; null when it is the domain as typed. */
  ascii: string | null;
  /** Valid hostname labels, two labels or more, a TLD that exists (or a reserved name). */
  valid: boolean;
  reserved: boolean;
  disposable: boolean;
  /** A corrected domain when this one looks like a slip of a common one. */
  suggestion: string | null;
  provider: MailboxProvider;
  freeProvider: boolean;
  /** A look-alike (lookalike.ts): the provider domain it imitates, '' when it only mixes alphabets, null when it is none. */
  lookalikeOf: string | null;
}

/** success@, bounce@, complaint@ … here are SES's test recipients (docs/sources.md), not shared mailboxes. */
const SES_MAILBOX_SIMULATOR = 'simulator.amazonses.com';

/** See computeDomainFacts. */
export const CANONICAL_ASCII_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z][a-z0-9-]*$/;

/** An addr-spec taken apart: the local part as typed and its content (unquoted), the domain as typed. */
interface AddressShape {
  local: string;
  content: string;
  quoted: boolean;
  domain: string;
  literal: boolean;
}

const OTHER_PROVIDER = { provider: 'other', freeProvider: false } as const;

/**
 * The facts of most company domains: valid, already canonical ASCII, nothing to report.
 * One shared object instead of one per domain keeps a list of 200,000 company domains
 * from filling the heap (about a fifth of the time on such lists).
 */
const ORDINARY_DOMAIN: DomainFacts = Object.freeze({
  ascii: null,
  valid: true,
  reserved: false,
  disposable: false,
  suggestion: null,
  provider: 'other',
  freeProvider: false,
  lookalikeOf: null,
});

/** The ASCII domain of facts found under `raw`. */
const asciiOf = (facts: DomainFacts, raw: string): string => facts.ascii ?? raw;

/** Characters that never appear unquoted in an address the policy accepts. */
const UNQUOTED_PART = /^[^\s"()<>[\]\\,;:@]+$/;
const QUOTED_LOCAL = /^"(?:[^"\\]|\\.)*"$/;
const LITERAL_DOMAIN = /^\[[^[\]\\\s]*\]$/;
const badDots = (part: string) => part.startsWith('.') || part.endsWith('.') || part.includes('..');

/**
 * A cheap structural screen before the RFC 5322 parser: one @, an unquoted or wholly quoted
 * local part, a plain or bracketed domain, no comments, white space or stray dots. Everything
 * it turns away the policy rejects anyway; it keeps `email-addresses`, whose backtracking
 * takes a second on 250 open parentheses, away from such cells.
 */
function hasPlainShape(text: string): boolean {
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return false;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  const localOk = local.startsWith('"') ? QUOTED_LOCAL.test(local) : UNQUOTED_PART.test(local) && !badDots(local);
  const domainOk = domain.startsWith('[') ? LITERAL_DOMAIN.test(domain) : UNQUOTED_PART.test(domain) && !badDots(domain);
  return localOk && domainOk;
}

/** Cleanups that often turn a broken cell into the address that was meant; offered as a suggestion only. */
function repairCandidate(text: string): string {
  let repaired = text
    .replace(/[.,;:]+$/, '') // a sentence's full stop after the address
    .replace(/\s*([@.])\s*/g, '$1') // spaces around @ and dots
    .replace(/@{2,}/g, '@');
  const at = repaired.lastIndexOf('@');
  if (at > 0) {
    repaired =
      repaired.slice(0, at + 1) +
      repaired
        .slice(at + 1)
        .replace(/,/g, '.')
        .replace(/\.{2,}/g, '.')
        .replace(/^\./, '');
  }
  return repaired;
}

export class AddressAnalyzer {
  private readonly toAscii: (domain: string) => string;
  private readonly toUnicode: ((domain: string) => string) | undefined;
  private readonly disposableDomains: ReadonlySet<string>;
  /** Domains as typed, numbered in order of first sight; facts by the same number. */
  private readonly domains = new StringIndex();
  private readonly facts: DomainFacts[] = [];
  /** The id of the domain domainFacts() last looked up. */
  private lastDomainId = -1;

  constructor(options: AddressAnalyzerOptions) {
    this.toAscii = options.toAscii;
    this.toUnicode = options.toUnicode;
    this.disposableDomains = options.disposableDomains ?? defaultDisposableDomains();
  }

  analyze(cell: string): AddressAnalysis {
    if (this.matchFast(cell)) return this.accepted(this.hit.local, this.hit.facts!, this.hit.ascii, this.hit.address);
    const text = cleanCell(cell);
    if (text !== cell && this.matchFast(text)) return this.accepted(this.hit.local, this.hit.facts!, this.hit.ascii, this.hit.address);
    return this.slowPath(text);
  }

  /** The fast path on an already-cleaned text: the parts when the address is certainly valid, else null. */
  fastSyntax(text: string): SyntaxResult | null {
    return this.matchFast(text) ? { status: 'valid', local: this.hit.local, domain: this.hit.ascii } : null;
  }

  /** The full path on an already-cleaned text (what the fast path falls back to). */
  fullSyntax(text: string): SyntaxResult {
    const { status, local, ascii } = this.parseFully(text);
    return { status, local, domain: ascii };
  }

  /** The corrected domain for an ASCII domain, memoised with the other domain facts. */
  suggestDomain(domain: string): string | null {
    return this.domainFacts(domain).suggestion;
  }

  /** What the last successful matchFast found; reused so that the hot path allocates nothing. */
  private readonly hit: { local: string; facts: DomainFacts | null; ascii: string; address: string | null } = {
    local: '',
    facts: null,
    ascii: '',
    address: null,
  };

  /** The fast path: true (with `hit` filled in) when the text is certainly a valid address. */
  private matchFast(text: string): boolean {
    if (!FAST_ADDRESS.test(text)) return false;
    const at = text.indexOf('@');
    if (at > MAX_LOCAL_LENGTH) return false;
    // Looked up by its place in the cell: no string is cut for a domain already seen.
    const facts = this.domainFactsIn(text, at + 1, text.length);
    const raw = this.domains.key(this.lastDomainId);
    const ascii = asciiOf(facts, raw);
    if (!facts.valid || at + 1 + ascii.length > MAX_ADDRESS_LENGTH) return false;
    this.hit.local = text.slice(0, at);
    this.hit.facts = facts;
    this.hit.ascii = ascii;
    // Most cells already are the normalised address: no new string is needed.
    this.hit.address = ascii === raw ? text : null;
    return true;
  }

  private accepted(local: string, facts: DomainFacts, ascii: string, address: string | null = null): AddressAnalysis {
    const lower = local.toLowerCase();
    const normalized = address ?? `${local}@${ascii}`;
    const key = lower === local ? normalized : `${lower}@${ascii}`;
    const reasons: ReasonCode[] = [];
    if (facts.reserved) reasons.push('reserved_domain');
    if (facts.disposable) reasons.push('disposable');
    if (ascii !== SES_MAILBOX_SIMULATOR && isRoleLowerCase(lower)) reasons.push('role_account');
    if (facts.suggestion) reasons.push('typo_suspected');
    if (facts.lookalikeOf !== null) reasons.push('lookalike_domain');
    const better = facts.suggestion ?? (facts.lookalikeOf || null);
    return {
      normalized,
      key,
      local,
      domain: ascii,
      domainId: this.lastDomainId,
      reasons,
      suggestion: better ? `${local}@${better}` : '',
      // A company domain's mailbox is the address in lower case.
      aliasKey: facts.provider === 'other' ? key : mailboxKeyOfLowerCase(lower, ascii, facts.provider),
      provider: facts.provider,
      freeProvider: facts.freeProvider,
    };
  }

  private slowPath(text: string): AddressAnalysis {
    const parsed = this.parseFully(text);
    const { status, local, facts, ascii } = parsed;
    if (status === 'valid') return this.accepted(local, facts!, ascii);
    const base: AddressAnalysis = {
      normalized: '',
      key: '',
      local,
      domain: ascii,
      domainId: ascii ? this.lastDomainId : -1,
      reasons: [],
      suggestion: '',
      aliasKey: '',
      provider: facts?.provider ?? 'other',
      freeProvider: facts?.freeProvider ?? false,
    };
    if (status === 'no_address') return { ...base, reasons: ['no_address'] };
    if (status === 'ses_unsupported') {
      const reasons: ReasonCode[] = ['ses_unsupported'];
      if (facts?.reserved) reasons.push('reserved_domain');
      if (facts?.disposable) reasons.push('disposable');
      if (facts?.suggestion) reasons.push('typo_suspected');
      const domain = parsed.literal || ascii;
      let suggestion = '';
      if (parsed.dequoted !== null) suggestion = `${parsed.dequoted}@${facts?.suggestion ?? domain}`;
      else if (facts?.suggestion) suggestion = `${local}@${facts.suggestion}`;
      const normalized = `${local}@${domain}`;
      return { ...base, normalized, key: normalized.toLowerCase(), reasons, suggestion };
    }
    // syntax_invalid: a corrected domain (gmail.con) or a repaired cell ("ann@gmail.com.") may say what was meant.
    if (facts?.suggestion && local !== '') {
      return { ...base, reasons: ['syntax_invalid', 'typo_suspected'], suggestion: `${local}@${facts.suggestion}` };
    }
    return { ...base, reasons: ['syntax_invalid'], suggestion: this.repairSuggestion(text) };
  }

  private repairSuggestion(text: string): string {
    if (text.length > 2 * MAX_ADDRESS_LENGTH) return '';
    const repaired = repairCandidate(text);
    if (repaired === text) return '';
    if (this.matchFast(repaired)) {
      const { local, facts, ascii } = this.hit;
      return facts!.reserved ? '' : `${local}@${facts!.suggestion ?? ascii}`;
    }
    const parsed = this.parseFully(repaired);
    if (parsed.status !== 'valid' || parsed.facts!.reserved) return '';
    return `${parsed.local}@${parsed.facts!.suggestion ?? parsed.ascii}`;
  }

  /**
   * The parts of an addr-spec, or null when it is not one the policy could accept. A plain
   * ASCII dot-atom@dot-atom (FAST_ADDRESS) needs no parser: its parts are the two sides of
   * the @ (address-fastpath.test.ts checks that email-addresses reads them the same way).
   * Everything else is screened, then parsed by email-addresses.
   */
  private shapeOf(text: string): AddressShape | null {
    if (FAST_ADDRESS.test(text)) {
      const at = text.indexOf('@');
      const local = text.slice(0, at);
      return { local, content: local, quoted: false, domain: text.slice(at + 1), literal: false };
    }
    if (!hasPlainShape(text)) return null;
    const parsed = emailAddresses.parseOneAddress({ input: text, rfc6532: true });
    if (!parsed || parsed.type !== 'mailbox') return null;
    const { local: localNode, domain: domainNode, comments, name } = parsed.parts;
    const localKind = localNode.children[0]?.name;
    const domainKind = domainNode.children[0]?.name;
    const quoted = localKind === 'quoted-string';
    // Display names are taken off by cleanCell; one left here, comments, folding white space
    // and obsolete forms (a."b".c, a . b) are RFC 5322 syntax no list should contain.
    if (name !== null || comments.length > 0 || (localKind !== 'dot-atom' && !quoted)) return null;
    if (domainKind !== 'dot-atom' && domainKind !== 'domain-literal') return null;
    const local = quoted ? localNode.tokens : parsed.local;
    if (WHITESPACE.test(domainNode.tokens) || (!quoted && WHITESPACE.test(local))) return null;
    return { local, content: parsed.local, quoted, domain: parsed.domain, literal: domainKind === 'domain-literal' };
  }

  private parseFully(text: string): {
    status: SyntaxResult['status'];
    local: string;
    facts: DomainFacts | null;
    /** The ASCII domain ('' when none could be made). */
    ascii: string;
    /** The bracketed IP literal, for an address that has one. */
    literal: string;
    /** A quoted local part whose content is a plain dot-atom, unquoted. */
    dequoted: string | null;
  } {
    const result = (
      status: SyntaxResult['status'],
      local: string,
      facts: DomainFacts | null,
      raw: string,
      literal = '',
      dequoted: string | null = null,
    ) => ({
      status,
      local,
      facts,
      ascii: facts ? asciiOf(facts, raw) : '',
      literal,
      dequoted,
    });
    if (text === '') return result('no_address', '', null, '');
    // Longer than a whole address may be (every character is at least one octet): no parse needed.
    if (!text.includes('@') || CONTROL.test(text) || text.length > MAX_ADDRESS_LENGTH)
      return result('syntax_invalid', this.guessLocal(text), null, '');
    const shape = this.shapeOf(text);
    if (!shape) {
      const guessed = this.guessDomain(text);
      return result('syntax_invalid', this.guessLocal(text), guessed === null ? null : this.domainFacts(guessed), guessed ?? '');
    }
    const { local, quoted, domain } = shape;
    if (!quoted && (local.startsWith('.') || local.endsWith('.') || local.includes('..'))) return result('syntax_invalid', local, null, '');
    if (utf8Length(local) > MAX_LOCAL_LENGTH) return result('syntax_invalid', local, null, '');

    if (shape.literal) {
      if (!isIpLiteral(domain) || utf8Length(local) + 1 + domain.length > MAX_ADDRESS_LENGTH)
        return result('syntax_invalid', local, null, '');
      return result('ses_unsupported', local, null, '', domain);
    }
    const facts = this.domainFacts(domain);
    if (!facts.valid) return result('syntax_invalid', local, facts, domain);
    if (utf8Length(local) + 1 + asciiOf(facts, domain).length > MAX_ADDRESS_LENGTH) return result('syntax_invalid', local, facts, domain);
    if (quoted) {
      const dequoted = ASCII_DOT_ATOM.test(shape.content) && shape.content.length <= MAX_LOCAL_LENGTH ? shape.content : null;
      return result('ses_unsupported', local, facts, domain, '', dequoted);
    }
    if (NON_ASCII.test(local)) return result('ses_unsupported', local, facts, domain);
    return result('valid', local, facts, domain);
  }

  /** For a cell the parser rejects: the text before the last @, to show in the review table. */
  private guessLocal(text: string): string {
    const at = text.lastIndexOf('@');
    return at > 0 ? text.slice(0, at) : '';
  }

  /** For a cell the parser rejects: what follows the last @, when it is a plain domain. */
  private guessDomain(text: string): string | null {
    if (text.length > MAX_ADDRESS_LENGTH) return null;
    const domain = text.slice(text.lastIndexOf('@') + 1);
    return domain && !WHITESPACE.test(domain) && !/[@<>()[\]\\,;:"]/.test(domain) ? domain : null;
  }

  private domainFacts(raw: string): DomainFacts {
    return this.domainFactsIn(raw, 0, raw.length);
  }

  /** The facts of the domain text[from, to), as typed; sets lastDomainId. */
  private domainFactsIn(text: string, from: number, to: number): DomainFacts {
    let id = this.domains.lookupIn(text, from, to);
    if (id < 0) {
      const raw = flatCopy(text.slice(from, to));
      id = this.domains.size;
      this.domains.insert(raw, id);
      this.facts.push(this.computeDomainFacts(raw));
    }
    this.lastDomainId = id;
    return this.facts[id]!;
  }

  private computeDomainFacts(raw: string): DomainFacts {
    // UTS #46 maps a domain that is already lower-case letters, digits and hyphens, has no
    // punycode label and does not end in a number (which the URL host parser reads as
    // IPv4) to itself: skip the call for the common case (proved in address-fastpath.test.ts).
    const ascii = CANONICAL_ASCII_DOMAIN.test(raw) && !raw.includes('xn--') ? raw : this.toAscii(raw);
    let valid = false;
    let reserved = false;
    let disposable = false;
    let suggestion: string | null = null;
    let owner: ReturnType<typeof providerOf> = OTHER_PROVIDER;
    if (hasValidLabels(ascii)) {
      if (isReservedDomain(ascii)) {
        valid = true;
        reserved = true;
      } else {
        const tld = topLevelOf(ascii);
        suggestion = suggestDomain(ascii);
        if (tld !== ascii && isIcannTld(tld)) {
          valid = true;
          // The blocklist also lists typo domains of big providers (gmial.com, hotmial.com). A
          // typo is the truer finding: the person's real address is the corrected one.
          disposable = suggestion === null && isDisposableDomain(ascii, this.disposableDomains);
          owner = providerOf(ascii);
        }
      }
    }
    // Only a name with a non-ASCII label can be a look-alike (lookalike.ts); asked once per distinct domain.
    const lookalike =
      valid && !reserved && ascii.includes('xn--')
        ? lookalikeDomain(this.toUnicode ? this.toUnicode(ascii) : raw.toLowerCase(), ascii)
        : null;
    const lookalikeOf = lookalike === null ? null : (lookalike.imitates ?? '');
    if (ascii === raw && valid && !reserved && !disposable && suggestion === null && owner === OTHER_PROVIDER) return ORDINARY_DOMAIN;
    return { ascii, valid, reserved, disposable, suggestion, provider: owner.provider, freeProvider: owner.freeProvider, lookalikeOf };
  }
}
