// Which column holds the addresses, the opt-in, the opt-in date, the last
// engagement and the double opt-in: from the header names (many spellings and
// languages, the exports of Mailchimp, HubSpot, Shopify, Klaviyo, Google Sheets,
// Excel) and from what the sampled cells contain. For the email column the contents
// win over the header; for the other roles the header proposes and the contents must
// confirm (a yes/no column is only "consent" when its header says so). Every guess
// carries a confidence and a sentence saying why; the user can override each one.

import { cleanCell } from '../address/clean';
import { isConsentWord, parseDate } from '../consent/consent';
import { describeColumn, identifyVerifier, isReadable, readOptIn, readVerifier } from '../consent/sources';
import { foldWord } from '../consent/words';
import type { ColumnGuess, DetectedColumns, UnreadableColumn } from '../model/check';
import type { ConsentRole, OptOutKind } from '../model/consent';

/** Lower case, accents and punctuation removed, words separated by one space: "E-Mail-Adresse" → "e mail adresse". */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const compact = (normalized: string) => normalized.replace(/ /g, '');

/**
 * A header given on the command line: an exact match ignoring case, spaces, dashes and
 * underscores first, then the one header that contains it. null when there is none, or
 * several contain it.
 */
export function resolveColumnByName(headers: readonly string[], name: string): number | null {
  const wanted = compact(normalizeHeader(name));
  if (wanted === '') return null;
  const keys = headers.map((header) => compact(normalizeHeader(header)));
  const exact = keys.indexOf(wanted);
  if (exact >= 0) return exact;
  const containing = keys.flatMap((key, index) => (key.includes(wanted) ? [index] : []));
  return containing.length === 1 ? containing[0]! : null;
}

/** Header words for an address column, in English and the languages lists are commonly kept in. */
const EMAIL_HEADERS = new Set([
  'email',
  'e mail',
  'mail',
  'email address',
  'e mail address',
  'mail address',
  'emailaddress',
  'email id',
  'email addr',
  'primary email',
  'work email',
  'personal email',
  'contact email',
  'customer email',
  'subscriber email',
  'user email',
  'recipient',
  'recipient email',
  'to',
  'address email',
  // German, French, Spanish, Italian, Portuguese, Dutch, Nordic, Finnish, Polish, Czech.
  'e mail adresse',
  'email adresse',
  'mailadresse',
  'emailadresse',
  'courriel',
  'adresse e mail',
  'adresse email',
  'adresse mail',
  'adresse courriel',
  'correo',
  'correo electronico',
  'email correo',
  'direccion de correo',
  'direccion de email',
  'indirizzo email',
  'indirizzo e mail',
  'posta elettronica',
  'endereco de email',
  'endereco de e mail',
  'e mail adres',
  'emailadres',
  'e mailadres',
  'mailadres',
  'e post',
  'epost',
  'e postadresse',
  'e postadress',
  'sahkoposti',
  'sahkopostiosoite',
  'adres e mail',
  'adres email',
  'e mailova adresa',
]);

const EMAIL_WORD = /\b(?:e ?mail|mail|correo|courriel|e ?post|sahkoposti)\b|email|mail$/;
/** Qualifiers that make an address column a second choice. */
const SECONDARY =
  /\b(?:secondary|second|alternate|alternative|alt|other|additional|backup|old|previous|former|manager|owner|assistant|parent|guardian|spouse|billing|invoice|cc|bcc|reply|sender|from|referrer|referred|sales ?rep|agent)\b|\b2\b/;

/** A loose "looks like an address" test for sampling; the analyzer decides validity later. */
const LOOKS_LIKE_ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

const NEGATED_CONSENT =
  /\b(?:unsub\w*|opted out|opt out|optout|do not|dont|no email|bounce\w*|clean\w*|block\w*|suppress\w*|spam|complain\w*|sms|text|phone|mobile|whatsapp|push|postal|rating)\b/;
const CONSENT_HEADER =
  /\b(?:opt(?:ed)? ?in|consent\w*|subscri\w*|newsletter|permission|gdpr|agree\w*|accepts? (?:email )?marketing|marketing (?:opt ?in|consent|permission|status)|email status|member status|status|einwilligung|zustimmung|consentimiento|consentement|consenso|toestemming|samtycke|abonn\w*|suscri\w*|inscri\w*)\b/;
const STRONG_CONSENT =
  /^(?:opt ?in|opted in|optin|consent|email consent|email opt ?in|marketing opt ?in|marketing consent|email marketing consent|accepts email marketing|accepts marketing|email marketing|subscribed|email subscribed|subscription status|email subscription status|newsletter|newsletter opt ?in|gdpr consent)$/;
/** Any date-ish header word: such a column is an opt-in or activity date, not the consent flag. */
const DATE_WORD = /\b(?:date|time|timestamp|at|on|when|datum|fecha|zeit|created|updated|changed)\b/;

const OPT_IN_DATE =
  /\b(?:opt ?in|optin|opted in|consent\w*|subscri\w*|signup|sign up|signed up|joined|confirm\w*|date added|added|anmeld\w*|einwillig\w*|inscri\w*|suscri\w*|alta|aangemeld\w*)\b/;
const NOT_OPT_IN_DATE = /\b(?:unsub\w*|opt(?:ed)? ?out|clean\w*|bounce\w*|last|changed|updated|modified|ip|sms|phone|birth\w*)\b/;

const ACTIVITY =
  /\b(?:last|latest|most recent|recent|letzte\w*|derniere?|ultim[ao])\b.*\b(?:open\w*|click\w*|activ\w*|engag\w*|active|interaction|visit\w*|seen|login|sign ?in|offnung|klick|ouverture|clic|apertura)\b|\b(?:open\w*|click\w*|engag\w*|activity)\b.*\b(?:last|latest)\b/;
const NOT_ACTIVITY =
  /\b(?:chang\w*|modif\w*|updat\w*|name|contact\w*|order\w*|purchase\w*|sales|call\w*|meeting|note|ip|count|rate|number|total)\b|\bsms\b/;

const DOUBLE_OPT_IN = /\b(?:double opt ?in|double optin|doi|confirm\w*|opt ?in confirm\w*|verified opt ?in)\b/;

interface Column {
  index: number;
  header: string;
  normalized: string;
  /** Sampled cells that are not blank. */
  values: string[];
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

function share(values: readonly string[], test: (value: string) => boolean): number {
  if (values.length === 0) return 0;
  let hits = 0;
  for (const value of values) if (test(value)) hits++;
  return hits / values.length;
}

const isDate = (value: string) => parseDate(value) !== null || parseDate(value, 'dmy') !== null;
const cells = (n: number) => `${n} sampled cell${n === 1 ? '' : 's'}`;

function detectEmail(columns: Column[]): ColumnGuess | null {
  let best: (ColumnGuess & { score: number }) | null = null;
  for (const column of columns) {
    const { normalized, values } = column;
    const headerExact = EMAIL_HEADERS.has(normalized);
    const headerMentions = headerExact || EMAIL_WORD.test(normalized);
    const secondary = SECONDARY.test(normalized);
    const addressShare = share(values, (value) => LOOKS_LIKE_ADDRESS.test(cleanCell(value)));
    const headerScore = headerExact ? 1 : headerMentions ? 0.6 : 0;
    // Contents first: most of the cells must look like addresses, unless there is nothing to sample.
    if (values.length > 0 ? addressShare < 0.5 : !headerExact) continue;
    const score = (values.length > 0 ? addressShare * 0.7 : 0.35) + headerScore * 0.3 - (secondary ? 0.25 : 0);
    const reasons: string[] = [];
    if (headerMentions) reasons.push(`header "${column.header}"${secondary ? ' (sounds like a second address)' : ''}`);
    reasons.push(
      values.length > 0 ? `${percent(addressShare)} of ${cells(values.length)} are addresses` : 'no sampled cells to confirm it',
    );
    const confidence = Math.max(
      0.05,
      Math.min(0.99, values.length > 0 ? addressShare * (headerExact ? 1 : headerMentions ? 0.95 : 0.85) - (secondary ? 0.15 : 0) : 0.5),
    );
    if (!best || score > best.score) {
      best = { index: column.index, name: column.header, confidence: round(confidence), why: capitalise(reasons.join('; ')), score };
    }
  }
  return best && strip(best);
}

function detectConsent(columns: Column[], exclude: ReadonlySet<number>): ColumnGuess | null {
  let best: (ColumnGuess & { score: number }) | null = null;
  for (const column of columns) {
    const { normalized, values } = column;
    if (exclude.has(column.index) || !CONSENT_HEADER.test(normalized) || NEGATED_CONSENT.test(normalized)) continue;
    // "Double opt-in" says whether an opt-in was confirmed: its own role, not the opt-in itself.
    if (values.length === 0 || /\bdouble\b|\bdoi\b/.test(normalized)) continue;
    const wordShare = share(values, isConsentWord);
    const readable = share(values, (value) => isConsentWord(value) || isDate(value));
    // A date column whose header says "opt-in date" is the opt-in date, not the flag.
    if (DATE_WORD.test(normalized) && wordShare < 0.5) continue;
    if (readable < 0.8) continue;
    const strong = STRONG_CONSENT.test(normalized);
    const aboutEmail = /\be ?mail\b|email/.test(normalized);
    const score = readable + (strong ? 0.5 : 0) + (aboutEmail ? 0.2 : 0);
    const confidence = readable * (strong ? 0.97 : 0.8);
    const why = `Header "${column.header}"; ${percent(readable)} of ${cells(values.length)} read as yes/no${wordShare < readable ? ' or a date' : ''}`;
    if (!best || score > best.score) best = { index: column.index, name: column.header, confidence: round(confidence), why, score };
  }
  return best && strip(best);
}

function detectDateColumn(
  columns: Column[],
  exclude: ReadonlySet<number>,
  matches: (normalized: string) => number,
  what: string,
): Array<ColumnGuess & { score: number }> {
  const found: Array<ColumnGuess & { score: number }> = [];
  for (const column of columns) {
    if (exclude.has(column.index)) continue;
    const headerScore = matches(column.normalized);
    if (headerScore <= 0 || column.values.length === 0) continue;
    const dateShare = share(column.values, isDate);
    if (dateShare < 0.8) continue;
    found.push({
      index: column.index,
      name: column.header,
      confidence: round(dateShare * headerScore * 0.95),
      why: `Header "${column.header}" names ${what}; ${percent(dateShare)} of ${cells(column.values.length)} are dates`,
      score: headerScore + dateShare,
    });
  }
  return found;
}

function optInDateScore(normalized: string): number {
  if (NOT_OPT_IN_DATE.test(normalized)) return 0;
  if (
    /^(?:optin time|opt in time|opt in date|optin date|opted in at|opted in on|opt in timestamp|consent date|consent timestamp|consent time|consented at|email marketing consent timestamp|subscribed at|subscribed on|subscription date|date subscribed|signup date|sign up date)$/.test(
      normalized,
    )
  ) {
    return 1;
  }
  if (normalized === 'timestamp') return 0.5; // Google Forms: when the sign-up form was sent
  if (!OPT_IN_DATE.test(normalized)) return 0;
  if (/\bconfirm/.test(normalized)) return 0.6; // Mailchimp CONFIRM_TIME: the confirmation, right after the opt-in
  if (/\badded\b/.test(normalized)) return 0.5;
  return DATE_WORD.test(normalized) ? 0.8 : 0.6;
}

function activityScore(normalized: string): number {
  if (NOT_ACTIVITY.test(normalized)) return 0;
  return ACTIVITY.test(normalized) ? 1 : 0;
}

function detectDoubleOptIn(columns: Column[], exclude: ReadonlySet<number>): ColumnGuess | null {
  let best: (ColumnGuess & { score: number }) | null = null;
  for (const column of columns) {
    const { normalized, values } = column;
    if (exclude.has(column.index) || !DOUBLE_OPT_IN.test(normalized) || NEGATED_CONSENT.test(normalized)) continue;
    // Flags or confirmation times; blank cells mean "not confirmed" (e.g. CONFIRM_TIME of single opt-ins).
    const readable = values.length === 0 ? 0 : share(values, (value) => isConsentWord(value) || isDate(value));
    if (values.length > 0 && readable < 0.8) continue;
    const explicit = /double|doi/.test(normalized);
    const score = (explicit ? 1 : 0.6) + readable;
    const confidence = (explicit ? 0.9 : 0.7) * (values.length === 0 ? 0.6 : readable);
    const why =
      values.length === 0
        ? `Header "${column.header}"; its sampled cells are blank (not confirmed)`
        : `Header "${column.header}"; ${percent(readable)} of ${cells(values.length)} read as yes/no or a confirmation time`;
    if (!best || score > best.score) best = { index: column.index, name: column.header, confidence: round(confidence), why, score };
  }
  return best && strip(best);
}

// ---- Opt-outs, ESP statuses and earlier verifier results (docs/consent.md) ----

/**
 * Headers of opt-out flags: HubSpot "Unsubscribed from all email", Salesforce "Email Opt
 * Out" / HasOptedOutOfEmail, Dynamics 365 "Do not allow Bulk Emails" (donotbulkemail) and
 * its "Bulk Email" label, Brevo EMAIL_BLACKLISTED, Mailchimp UNSUB_TIME / CLEAN_TIME …
 */
const OPT_OUT_HEADER =
  /\b(?:unsub\w*|opted out|opt(?:ed)? ?outs?|optout\w*|do ?not (?:allow )?(?:bulk )?e ?mails?|do not (?:mail|contact|market)|donot\w*|no (?:e ?mail|marketing)|blacklist\w*|blocklist\w*|global unsubscribe|bulk e ?mails?|suppress\w*|spam report\w*|cleaned|clean time|bounce[ds]?|is email bounced)\b/;
/** Columns about an opt-out that are not the flag itself, or about another channel. */
const NOT_OPT_OUT =
  /\b(?:campaign|title|source|sms|text|phone|mobile|whatsapp|push|postal|fax|call\w*|count|rate|link|url|ip|rating|type)\b|\breason\b(?<!suppression reason)/;
/** Opt-out columns that record a bounce rather than an unsubscribe. */
const BOUNCE_HEADER = /\b(?:clean\w*|bounce\w*)\b/;

/** ESP member-status headers (ActiveCampaign "Status", HubSpot "Marketing contact status", …). */
const STATUS_HEADER = /\b(?:status|state|subscription|membership)\b/;
/** Status headers that name consent outright: unreadable values get a warning. */
const STRONG_STATUS = /\b(?:subscri\w*|member|marketing|email|permission|list|contact|newsletter)\b/;
/** Statuses of other things: orders, deals, accounts, addresses. */
const NOT_STATUS =
  /\b(?:order|payment|deal|ticket|lead|account|shipping|fulfil\w*|financial|marital|employment|province|tax|sub status|substatus|sms|text|phone|mobile|whatsapp)\b/;

/** Verifier products whose export columns carry their name ("ZB Status"). */
const VERIFIER_BRAND = /\b(?:zb|zerobounce|neverbounce|kickbox|emailable|bouncer|millionverifier|debounce)\b/;
const VERIFIER_HEADER =
  /\b(?:status|result|results|state|quality|verdict|verification|validation|validity|deliverability|verified|verify)\b/;
/** Verifier columns that are not the verdict (ZeroBounce "ZB Sub Status", "ZB Did You Mean", …). */
const NOT_VERIFIER =
  /\b(?:sub status|substatus|reason|did you mean|free email|mx|smtp|domain|score|processed|first ?name|last ?name|gender|country|city|region|zip\w*|date|time)\b/;
/** Values only a verifier writes: with them, a plain "Result" or "Status" header is a verifier's. */
const VERIFIER_WORDS = new Set([
  'valid',
  'deliverable',
  'undeliverable',
  'catch all',
  'catchall',
  'accept all',
  'spamtrap',
  'do not mail',
  'risky',
  'ok',
  'safe to send',
  'disposable',
]);
/** Values only an ESP status writes (a yes/no column with a "Status" header is no status). */
const STATUS_WORDS = new Set([
  'subscribed',
  'unsubscribed',
  'cleaned',
  'bounced',
  'pending',
  'transactional',
  'non subscribed',
  'never subscribed',
  'not subscribed',
  'active',
  'unconfirmed',
  'marketing contact',
  'non marketing contact',
  'opted in',
  'opted out',
  'suppressed',
  'archived',
  'explicit',
  'implicit',
  'cancelled',
  'complained',
  'blocklisted',
  'blacklisted',
]);

const READABLE_SHARE = 0.8;

function unreadableWarning(column: Column, role: ConsentRole): UnreadableColumn {
  const odd = [...new Set(column.values.filter((value) => !isReadable(role, value)))]
    .slice(0, 3)
    .map((v) => `"${v.length > 24 ? `${v.slice(0, 23)}…` : v}"`);
  const what =
    role === 'opt-out'
      ? 'an opt-out column'
      : role === 'status'
        ? 'a subscription status column'
        : role === 'verifier'
          ? "an email verifier's results"
          : 'an opt-in column';
  return {
    index: column.index,
    name: column.header,
    role,
    warning: `"${column.header}" looks like ${what}, but Preflight cannot read its values (${odd.join(', ')}), so it is not used: choose its role if it says who may be mailed.`,
  };
}

function guessFor(column: Column, role: ConsentRole, why: string, confidence: number, kind?: OptOutKind): ColumnGuess {
  const guess: ColumnGuess = {
    index: column.index,
    name: column.header,
    confidence: round(confidence),
    why,
    meaning: describeColumn(role, column.values, kind),
  };
  if (kind) guess.optOutKind = kind;
  if (role === 'verifier') {
    const verifier = identifyVerifier(column.header, column.values);
    if (verifier) guess.verifier = verifier;
  }
  return guess;
}

/** Whether a header names an opt-out flag (its "yes" means "do not mail"). */
export function looksLikeOptOut(header: string): boolean {
  const normalized = normalizeHeader(header);
  return OPT_OUT_HEADER.test(normalized) && !NOT_OPT_OUT.test(normalized);
}

/** What an opt-out column records, from its header: "CLEAN_TIME", "Hard bounced" record bounces. */
export function optOutKindOf(header: string): OptOutKind {
  const normalized = normalizeHeader(header);
  return BOUNCE_HEADER.test(normalized) && !/\bunsub\w*|opt(?:ed)? ?out/.test(normalized) ? 'bounced' : 'unsubscribed';
}

function detectVerifier(columns: Column[], exclude: ReadonlySet<number>, unreadable: UnreadableColumn[]): ColumnGuess | null {
  let best: (ColumnGuess & { score: number }) | null = null;
  for (const column of columns) {
    const { normalized, values } = column;
    if (exclude.has(column.index) || !VERIFIER_HEADER.test(normalized) || NOT_VERIFIER.test(normalized) || values.length === 0) continue;
    const brand = VERIFIER_BRAND.test(normalized);
    const distinctive = values.some((value) => VERIFIER_WORDS.has(foldWord(value)));
    if (!brand && !distinctive) continue;
    const readable = share(values, (value) => readVerifier(value) !== 'unreadable');
    if (readable < READABLE_SHARE) {
      if (brand) unreadable.push(unreadableWarning(column, 'verifier'));
      continue;
    }
    // MillionVerifier writes "quality" (good/risky/bad) beside "result" (ok/catch_all/…): the result is the finer one.
    const score = readable + (brand ? 0.5 : 0) + (/\b(?:result|status|state)\b/.test(normalized) ? 0.1 : 0);
    const why = `Header "${column.header}"; ${percent(readable)} of ${cells(values.length)} are verifier results`;
    if (!best || score > best.score) best = { ...guessFor(column, 'verifier', why, readable * (brand ? 0.97 : 0.85)), score };
  }
  return best && strip(best);
}

function detectStatus(columns: Column[], exclude: ReadonlySet<number>, unreadable: UnreadableColumn[]): ColumnGuess | null {
  let best: (ColumnGuess & { score: number }) | null = null;
  for (const column of columns) {
    const { normalized, values } = column;
    if (exclude.has(column.index) || !STATUS_HEADER.test(normalized) || NOT_STATUS.test(normalized) || values.length === 0) continue;
    // "Unsubscribe status" is an opt-out: read as a status, its "true" would mean consent.
    if (DATE_WORD.test(normalized) || VERIFIER_BRAND.test(normalized) || looksLikeOptOut(column.header)) continue;
    const strong = STRONG_STATUS.test(normalized);
    const readable = share(values, (value) => readOptIn(value) !== 'unreadable');
    const statusWords = values.some((value) => STATUS_WORDS.has(foldWord(value)));
    if (!statusWords && !(strong && readable >= READABLE_SHARE)) continue;
    if (readable < READABLE_SHARE) {
      if (strong) unreadable.push(unreadableWarning(column, 'status'));
      continue;
    }
    const score = readable + (strong ? 0.3 : 0) + (statusWords ? 0.3 : 0);
    const why = `Header "${column.header}"; ${percent(readable)} of ${cells(values.length)} are subscription states`;
    if (!best || score > best.score) best = { ...guessFor(column, 'status', why, readable * (strong ? 0.95 : 0.85)), score };
  }
  return best && strip(best);
}

/** Dynamics 365 writes its "do not allow" flags as Allow / Do Not Allow, under any label. */
const ALLOW_WORDS = new Set(['allow', 'do not allow']);

function detectOptOuts(columns: Column[], exclude: ReadonlySet<number>, unreadable: UnreadableColumn[]): ColumnGuess[] {
  const found: ColumnGuess[] = [];
  for (const column of columns) {
    const { normalized, values } = column;
    if (exclude.has(column.index)) continue;
    const allowValues = values.length > 0 && values.every((value) => ALLOW_WORDS.has(foldWord(value)));
    if (!allowValues && (!OPT_OUT_HEADER.test(normalized) || NOT_OPT_OUT.test(normalized))) continue;
    const kind = optOutKindOf(column.header);
    const readable = values.length === 0 ? 1 : share(values, (value) => isReadable('opt-out', value, kind));
    if (readable < READABLE_SHARE) {
      unreadable.push(unreadableWarning(column, 'opt-out'));
      continue;
    }
    const why =
      values.length === 0
        ? `Header "${column.header}" names an opt-out; its sampled cells are blank (nobody in the sample opted out)`
        : `Header "${column.header}"${allowValues ? ' with Allow / Do Not Allow values' : ''}; ${percent(readable)} of ${cells(values.length)} read as opted out or not`;
    found.push(guessFor(column, 'opt-out', why, values.length === 0 ? 0.7 : readable * 0.95, kind));
  }
  return found;
}

const round = (value: number) => Math.round(value * 100) / 100;
const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const strip = ({ score: _score, ...guess }: ColumnGuess & { score: number }): ColumnGuess => guess;

/** The roles of a list's columns, from its header row and a sample of data rows. */
export function detectColumns(headers: readonly string[], sample: readonly (readonly string[])[]): DetectedColumns {
  const width = Math.max(headers.length, ...sample.map((row) => row.length));
  const columns: Column[] = [];
  for (let index = 0; index < width; index++) {
    const header = headers[index] ?? '';
    columns.push({
      index,
      header,
      normalized: normalizeHeader(header),
      values: sample.map((row) => (row[index] ?? '').trim()).filter((value) => value !== ''),
    });
  }

  const email = detectEmail(columns);
  const taken = new Set<number>(email ? [email.index] : []);
  const unreadable: UnreadableColumn[] = [];
  // Verifier results and ESP states before the opt-in: a "Status" column is one of them.
  const verifier = detectVerifier(columns, taken, unreadable);
  if (verifier) taken.add(verifier.index);
  const status = detectStatus(columns, taken, unreadable);
  if (status) taken.add(status.index);
  const consentGuess = detectConsent(columns, taken);
  const consent = consentGuess && { ...consentGuess, meaning: describeColumn('opt-in', columns[consentGuess.index]!.values) };
  if (consent) taken.add(consent.index);
  const optOut = detectOptOuts(columns, taken, unreadable);
  for (const guess of optOut) taken.add(guess.index);

  const optInCandidates = detectDateColumn(columns, taken, optInDateScore, 'the opt-in moment').sort((a, b) => b.score - a.score);
  const optInDate = optInCandidates[0] ? strip(optInCandidates[0]) : null;
  if (optInDate) taken.add(optInDate.index);

  const lastActivity = detectDateColumn(columns, taken, activityScore, 'the last engagement').map(strip);
  for (const guess of lastActivity) taken.add(guess.index);

  // CONFIRM_TIME may be the opt-in date when nothing better exists, and still say "confirmed".
  const doubleOptIn = detectDoubleOptIn(columns, new Set(email ? [email.index] : []).add(consent?.index ?? -1));

  return { email, consent, optInDate, lastActivity, doubleOptIn, optOut, status, verifier, unreadable };
}
