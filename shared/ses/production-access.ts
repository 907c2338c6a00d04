// The production-access request (SESv2 PutAccountDetails), read and checked the
// same way for the CLI (`preflight ses request-production`) and the app's form:
// the same sentences for the same mistakes. Pure data: the service that sends it
// is electron/services/ses/production-access.ts.
//
// The limits are the SESv2 API reference's, "PutAccountDetails", Request Body
// (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutAccountDetails.html,
// read through this project's documentation search on 2026-12-07): MailType
// MARKETING | TRANSACTIONAL (required); WebsiteURL required, 1–1,000 characters,
// pattern ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))? (RFC 3986's
// generic URI: anything, so the http(s)://host shape below is ours, what AWS's
// reviewers can open); ContactLanguage EN | JA; UseCaseDescription at most 5,000
// characters (deprecated and optional there; AWS's reviewers still read one);
// AdditionalContactEmailAddresses 1–4 items, each 6–254 characters matching
// ^(.+)@(.+)$. The pinned SDK (@aws-sdk/client-sesv2 3.1176.0) carries none of
// them: its model marks the three text members sensitive and the use case
// deprecated, and checks no length (dist-cjs/index.js, models_0.d.ts).

import { UserError } from '../model/errors';
import type { AccountStatus } from '../model/ses';

export type MailType = 'MARKETING' | 'TRANSACTIONAL';
export type ContactLanguage = 'EN' | 'JA';
export type ReviewStatus = 'PENDING' | 'FAILED' | 'GRANTED' | 'DENIED';

/** What the user typed (CLI options or the app's form), not yet checked. */
export interface ProductionAccessForm {
  mailType: string;
  websiteUrl: string;
  /** Default EN. */
  contactLanguage?: string;
  useCaseDescription: string;
  additionalContacts?: readonly string[];
}

/**
 * Exactly the body PutAccountDetails sends, in the order the pinned SDK's
 * serializer writes its members (MailType, WebsiteURL, ContactLanguage,
 * UseCaseDescription, AdditionalContactEmailAddresses, ProductionAccessEnabled).
 */
export interface ProductionAccessRequest {
  MailType: MailType;
  WebsiteURL: string;
  ContactLanguage: ContactLanguage;
  UseCaseDescription: string;
  AdditionalContactEmailAddresses?: string[];
  ProductionAccessEnabled: true;
}

export const MAX_WEBSITE_URL = 1_000;
export const MAX_USE_CASE = 5_000;
export const MAX_ADDITIONAL_CONTACTS = 4;

/** Marks a part of the drafted use case only the user can write (shared/ses/use-case-draft.ts). */
export const FILL_IN_OPEN = '[[';
export const FILL_IN_CLOSE = ']]';

const bad = (sentence: string) => new UserError('bad_argument', sentence);

export function readMailType(value: string): MailType {
  const upper = value.trim().toUpperCase();
  if (upper === 'MARKETING' || upper === 'TRANSACTIONAL') return upper;
  throw bad(`The mail type must be marketing or transactional, not "${value}".`);
}

function readLanguage(value: string | undefined): ContactLanguage {
  if (value === undefined || value.trim() === '') return 'EN';
  const upper = value.trim().toUpperCase();
  if (upper === 'EN' || upper === 'JA') return upper;
  throw bad(`AWS answers production-access requests in English (en) or Japanese (ja), not "${value}".`);
}

function readWebsite(value: string): string {
  const url = value.trim();
  if (url === '') throw bad('The website is missing: give the https:// address of the site your recipients signed up on.');
  if (url.length > MAX_WEBSITE_URL)
    throw bad(
      `The website address is ${url.length.toLocaleString('en-US')} characters long; SES takes at most ${MAX_WEBSITE_URL.toLocaleString('en-US')}.`,
    );
  // shared/ has no URL class (no DOM, no Node): the shape AWS asks for, http(s)://host[:port][/…],
  // with a host name of dotted labels and no user name or password before it.
  const match = /^https?:\/\/([^/?#\s]+)([/?#]\S*)?$/i.exec(url);
  if (match && match[1]!.includes('@')) throw bad('The website address must not carry a user name or password.');
  const host = match?.[1]!.replace(/:\d{1,5}$/, '') ?? '';
  if (!match || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i.test(host)) {
    throw bad(`"${url}" is not a website address: write it as https://www.example.com.`);
  }
  return url;
}

// An address as SES's pattern takes it, plus what makes it deliverable at all:
// one @, a dotted domain, no spaces.
const CONTACT = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function readContacts(values: readonly string[] | undefined): string[] | undefined {
  const contacts = (values ?? []).map((value) => value.trim()).filter((value) => value !== '');
  if (contacts.length === 0) return undefined;
  if (contacts.length > MAX_ADDITIONAL_CONTACTS)
    throw bad(`SES takes at most ${MAX_ADDITIONAL_CONTACTS} additional contacts; ${contacts.length} were given.`);
  for (const contact of contacts) {
    if (!CONTACT.test(contact) || contact.length < 6 || contact.length > 254)
      throw bad(`"${contact}" is not an email address: additional contacts are addresses such as ops@example.com.`);
  }
  const seen = new Set<string>();
  for (const contact of contacts) {
    if (seen.has(contact.toLowerCase())) throw bad(`${contact} is listed twice among the additional contacts.`);
    seen.add(contact.toLowerCase());
  }
  return contacts;
}

/** The first [[…]] part of a drafted use case still to be written, or null. */
export function unfilledPart(text: string): string | null {
  const open = text.indexOf(FILL_IN_OPEN);
  if (open < 0) return null;
  const close = text.indexOf(FILL_IN_CLOSE, open);
  return text.slice(open, close >= 0 ? close + FILL_IN_CLOSE.length : open + 60);
}

function readUseCase(value: string, allowUnfilled: boolean): string {
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (text === '')
    throw bad(
      'The use case is empty: say what you send, to whom, how they signed up, and how you handle bounces, complaints and unsubscribes.',
    );
  if (text.length > MAX_USE_CASE)
    throw bad(
      `The use case is ${text.length.toLocaleString('en-US')} characters long; SES takes at most ${MAX_USE_CASE.toLocaleString('en-US')}.`,
    );
  const gap = allowUnfilled ? null : unfilledPart(text);
  if (gap) throw bad(`The use case still has a part to fill in (${gap}): write it in your own words, then send the request.`);
  return text;
}

/**
 * The request the form describes, or the sentence saying what to fix.
 * `allowUnfilled` lets a preview show a draft whose [[…]] parts are not written yet.
 */
export function buildProductionAccessRequest(
  form: ProductionAccessForm,
  options: { allowUnfilled?: boolean } = {},
): ProductionAccessRequest {
  const mailType = readMailType(form.mailType);
  const website = readWebsite(form.websiteUrl);
  const language = readLanguage(form.contactLanguage);
  const useCase = readUseCase(form.useCaseDescription, options.allowUnfilled ?? false);
  const contacts = readContacts(form.additionalContacts);
  return {
    MailType: mailType,
    WebsiteURL: website,
    ContactLanguage: language,
    UseCaseDescription: useCase,
    ...(contacts ? { AdditionalContactEmailAddresses: contacts } : {}),
    ProductionAccessEnabled: true,
  };
}

/** "a@x.com, b@y.com" (the CLI's --additional-contacts) as a list. */
export function splitContacts(value: string | undefined): string[] {
  return (value ?? '').split(/[,;\s]+/).filter((part) => part !== '');
}

/** Who reads a sentence: the CLI's names its flags, the app's the controls on screen. */
export type Audience = 'cli' | 'app';

/** What to do next, for each review status GetAccount reports. */
export function reviewAdvice(status: string, audience: Audience = 'app'): string {
  switch (status) {
    case 'PENDING':
      return 'AWS is reviewing the request: wait for its answer by email (typically 24–48 hours); sending another request does not speed it up.';
    case 'FAILED':
      return 'AWS is waiting for your reply: answer the case in the AWS Support Center (Your support cases) with what it asks for.';
    case 'GRANTED':
      return 'Production access was granted in this region: SES now sends to any recipient within the quota shown.';
    case 'DENIED':
      return (
        'AWS declined the request: it usually asks for a clearer use case, how recipients opt in, how bounces and complaints are handled, and an unsubscribe link; reply to the case in the AWS Support Center' +
        (audience === 'cli' ? ', or send a new request with --resubmit once those are in place.' : ' once those are in place.')
      );
    default:
      return `SES reports the review as ${status}: see the case in the AWS Support Center.`;
  }
}

/**
 * Why no request should be sent for this account, or null when one may be.
 * A request already under review (or answered) is shown, not repeated, unless
 * the user asks to resubmit; an account in production needs none.
 */
export function productionRequestBlocker(account: AccountStatus, resubmit: boolean, audience: Audience = 'app'): string | null {
  if (account.productionAccessEnabled) {
    return `The SES account already has production access in ${account.region}: there is nothing to request.`;
  }
  if (account.reviewStatus && !resubmit) {
    const caseText = account.reviewCaseId ? ` (case ${account.reviewCaseId})` : '';
    const resend = audience === 'cli' && account.reviewStatus !== 'PENDING' ? '; --resubmit sends a new request' : '';
    return `A production-access request for ${account.region} is already ${account.reviewStatus}${caseText}: ${reviewAdvice(account.reviewStatus, audience)} Nothing was sent${resend}.`;
  }
  return null;
}
