// The words consent cells are written in, by what they say. One table for every
// consent source (opt-in, opt-out, ESP status, earlier verifier), so a word means the
// same wherever it appears. Where each spelling comes from: docs/consent.md.

/** Lower case, spaces/underscores/hyphens folded to one space, a trailing full stop dropped. */
export const foldWord = (cell: string): string =>
  cell
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/[.!]+$/, '');

/** A plain affirmative: in an opt-in column it grants consent, in an opt-out column it opts out. */
export const AFFIRMATIVE = new Set([
  'yes',
  'y',
  'true',
  '1',
  'x',
  '✓',
  '✔',
  '☑',
  '✅',
  'on',
  'checked',
  // German, Dutch, French, Spanish, Italian, Portuguese, Polish, Swedish/Danish/Norwegian.
  'ja',
  'oui',
  'si',
  'sí',
  'sì',
  'sim',
  'tak',
  'wahr',
  'vrai',
  'verdadero',
  'vero',
  'waar',
  'verdadeiro',
  'sann',
  'sand',
]);

/** A plain negative: in an opt-in column it is no consent, in an opt-out column it is "did not opt out". */
export const NEGATIVE = new Set([
  'no',
  'n',
  'false',
  '0',
  '✗',
  '✘',
  '❌',
  '☐',
  'off',
  'unchecked',
  'none',
  'nein',
  'nee',
  'non',
  'não',
  'nao',
  'nie',
  'nej',
  'falsch',
  'faux',
  'falso',
  'onwaar',
  'usann',
  'falsk',
]);

/** States that grant marketing consent (opt-in columns and ESP status columns). */
export const SUBSCRIBED = new Set([
  'subscribed',
  'subscriber',
  'opted in',
  'opt in',
  'optin',
  'granted',
  'confirmed',
  'given',
  'accepted',
  'accepts marketing',
  'consented',
  'allowed',
  'allow',
  // ESP member states: ActiveCampaign/MailerLite/Campaign Monitor/Kit "active", HubSpot marketing contacts,
  // Constant Contact permission states.
  'active',
  'marketing contact',
  'explicit',
  'implicit',
  'permission to send',
  // Shopify marketing_opt_in_level and consent states.
  'single opt in',
  'confirmed opt in',
  'double opt in',
  'abonniert',
  'inscrit',
  'abonné',
  'suscrito',
  'iscritto',
  'inscrito',
  'aangemeld',
]);

/** The person opted out, unsubscribed or complained: never mail them (reason `unsubscribed`). */
export const OPTED_OUT = new Set([
  'unsubscribed',
  'unsubscribe',
  'unsubscribed from all',
  'opted out',
  'opt out',
  'optout',
  'revoked',
  'withdrawn',
  'do not allow',
  'do not email',
  'do not mail',
  'do not contact',
  'blacklisted',
  'blocklisted',
  'blocked',
  'global unsubscribe',
  'globally unsubscribed',
  'user suppressed',
  'cancelled',
  'canceled',
  'spam',
  'spam complaint',
  'complained',
  'complaint',
  'abuse',
  'junk',
  'marked as spam',
  'abgemeldet',
  'désinscrit',
  'desinscrit',
  'afgemeld',
  'baja',
]);

/** An ESP saw the address hard-bounce or found it invalid (reason `previously_bounced`). */
export const BOUNCED = new Set([
  'cleaned',
  'bounced',
  'hard bounce',
  'hard bounced',
  'hardbounce',
  'invalid',
  'invalid email',
  'undeliverable',
  // Salesforce Marketing Cloud: held after repeated bounces.
  'held',
]);

/** States without marketing consent (reason `no_consent`). */
export const NOT_SUBSCRIBED = new Set([
  'not subscribed',
  'never subscribed',
  'non subscribed',
  'nonsubscribed',
  'unsubscribed never',
  'no consent',
  'non marketing contact',
  'non marketing',
  'set to non marketing on next update',
  'transactional',
  'denied',
  'declined',
  'refused',
  'rejected',
  'not granted',
  'redacted',
  'suppressed',
  'removed',
  'deleted',
  // Constant Contact "No Permissions Set" (and blank), HubSpot NOT_SPECIFIED.
  'no permissions set',
  'no permission set',
  'not set',
  'not specified',
]);

/** A confirmation is still outstanding (double opt-in not completed): review. */
export const PENDING = new Set([
  'pending',
  'unconfirmed',
  'awaiting confirmation',
  'not confirmed',
  'invited',
  'pending confirmation',
  // Kit "inactive" (not yet confirmed); Constant Contact "Temporary hold".
  'inactive',
  'temporary hold',
  'temp hold',
]);
