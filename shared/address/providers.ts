// Consumer mailbox providers: which company runs the mailbox behind a domain,
// and how that provider folds different spellings into one mailbox.
//
// The table is ours (the `free-email-domains` package is not available, and its
// list mixes in disposable domains). It covers the providers that matter for
// per-provider send caps and for spotting personal addresses; an address on any
// other domain is 'other' and not a consumer domain.

/** The mailbox operator, as far as send caps and reputation go. */
export type MailboxProvider =
  | 'gmail'
  | 'yahoo'
  | 'aol'
  | 'microsoft'
  | 'apple'
  | 'proton'
  | 'fastmail'
  | 'gmx'
  | 'yandex'
  | 'mailru'
  | 'zoho'
  | 'qq'
  | 'netease'
  | 'tuta'
  | 'hey'
  | 'isp'
  | 'relay'
  | 'other';

export const MAILBOX_PROVIDERS: readonly MailboxProvider[] = [
  'gmail',
  'yahoo',
  'aol',
  'microsoft',
  'apple',
  'proton',
  'fastmail',
  'gmx',
  'yandex',
  'mailru',
  'zoho',
  'qq',
  'netease',
  'tuta',
  'hey',
  'isp',
  'relay',
  'other',
];

const ccTlds = (base: string, suffixes: string): string[] => suffixes.split(' ').map((suffix) => `${base}.${suffix}`);

/** Domains per provider. Every domain here is a consumer mailbox domain (free or paid webmail, ISP mail, relay). */
const PROVIDER_DOMAINS: Record<Exclude<MailboxProvider, 'other'>, string[]> = {
  gmail: ['gmail.com', 'googlemail.com'],
  yahoo: [
    'yahoo.com',
    'ymail.com',
    'rocketmail.com',
    'yahoo.in',
    ...ccTlds(
      'yahoo',
      'co.uk fr de it es ca ie nl be at ch se dk no fi pl pt gr ro cz hu ' +
        'com.au co.nz co.in co.id co.za co.kr co.th com.br com.mx com.ar com.co com.pe com.ve com.sg com.my com.ph com.hk com.tw com.vn com.tr',
    ),
  ],
  // AOL is run by Yahoo but throttles new senders on its own (docs/sources.md: about 5k/day in week one);
  // verizon.net mailboxes moved to AOL Mail in 2017.
  aol: ['aol.com', 'aim.com', 'love.com', 'verizon.net', ...ccTlds('aol', 'co.uk fr de it es nl be ca com.au com.br jp')],
  microsoft: [
    'outlook.com',
    'hotmail.com',
    'live.com',
    'msn.com',
    'passport.com',
    'windowslive.com',
    ...ccTlds(
      'hotmail',
      'co.uk fr de it es be nl ca at ch se dk no fi gr hu cz sk pl pt ie lt lv rs ' +
        'com.au co.nz com.br com.ar com.mx cl co.jp co.th co.kr co.id co.il co.za com.tr com.vn my sg ph',
    ),
    ...ccTlds(
      'outlook',
      'de fr it es be nl at dk ie pt cz sk hu lv sa kr jp in ph my sg cl ' +
        'com.au co.nz com.br com.ar com.gr com.tr com.vn co.id co.il co.th',
    ),
    ...ccTlds('live', 'co.uk fr de it nl be ca at ch se dk no fi ie ru jp in hk cl com.au com.mx com.ar com.pt com.my com.sg co.za co.kr'),
  ],
  apple: ['icloud.com', 'me.com', 'mac.com', 'privaterelay.appleid.com'],
  proton: ['proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me'],
  fastmail: [
    'fastmail.com',
    'fastmail.fm',
    'fastmail.net',
    'fastmail.org',
    'fastmail.us',
    'fastmail.to',
    'fastmail.in',
    'fastmail.de',
    'fastmail.co.uk',
    'fastmail.jp',
    'messagingengine.com',
    'sent.com',
    'eml.cc',
    'imap.cc',
  ],
  // GMX, WEB.DE and mail.com are one company (United Internet) on shared infrastructure.
  gmx: [
    'web.de',
    'mail.com',
    'email.com',
    'usa.com',
    'post.com',
    'myself.com',
    'consultant.com',
    'engineer.com',
    ...ccTlds('gmx', 'de net at ch com fr es it co.uk us'),
  ],
  yandex: ['yandex.ru', 'yandex.com', 'ya.ru', 'yandex.by', 'yandex.kz', 'yandex.ua', 'yandex.com.tr', 'narod.ru'],
  mailru: ['mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'internet.ru'],
  zoho: ['zoho.com', 'zohomail.com', 'zoho.eu', 'zohomail.eu', 'zoho.in', 'zohomail.in'],
  qq: ['qq.com', 'vip.qq.com', 'foxmail.com'],
  netease: ['163.com', '126.com', 'yeah.net', '188.com', 'vip.163.com', 'vip.126.com'],
  tuta: ['tutanota.com', 'tutanota.de', 'tutamail.com', 'tuta.io', 'tuta.com', 'keemail.me'],
  hey: ['hey.com'],
  // Internet providers' and national webmail services: personal mailboxes run by smaller operators.
  isp: [
    // North America
    'comcast.net',
    'xfinity.com',
    'att.net',
    'sbcglobal.net',
    'bellsouth.net',
    'pacbell.net',
    'swbell.net',
    'ameritech.net',
    'prodigy.net',
    'cox.net',
    'charter.net',
    'spectrum.net',
    'earthlink.net',
    'optonline.net',
    'frontier.com',
    'windstream.net',
    'centurylink.net',
    'juno.com',
    'netzero.net',
    'roadrunner.com',
    'twc.com',
    'shaw.ca',
    'rogers.com',
    'sympatico.ca',
    'telus.net',
    'videotron.ca',
    'bell.net',
    // UK, Ireland
    'btinternet.com',
    'sky.com',
    'virginmedia.com',
    'talktalk.net',
    'ntlworld.com',
    'blueyonder.co.uk',
    'eircom.net',
    // Western Europe
    't-online.de',
    'freenet.de',
    'arcor.de',
    'posteo.de',
    'posteo.net',
    'mailbox.org',
    'orange.fr',
    'wanadoo.fr',
    'free.fr',
    'laposte.net',
    'sfr.fr',
    'neuf.fr',
    'bbox.fr',
    'libero.it',
    'virgilio.it',
    'alice.it',
    'tiscali.it',
    'tin.it',
    'email.it',
    'telefonica.net',
    'terra.es',
    'sapo.pt',
    'home.nl',
    'kpnmail.nl',
    'ziggo.nl',
    'planet.nl',
    'hetnet.nl',
    'telenet.be',
    'skynet.be',
    'bluewin.ch',
    'hispeed.ch',
    'gmx.li',
    'chello.at',
    'aon.at',
    'online.no',
    'telia.com',
    'bredband.net',
    // Central and Eastern Europe
    'wp.pl',
    'o2.pl',
    'onet.pl',
    'interia.pl',
    'op.pl',
    'seznam.cz',
    'centrum.cz',
    'email.cz',
    'azet.sk',
    'freemail.hu',
    'citromail.hu',
    'abv.bg',
    'inbox.lv',
    'rambler.ru',
    'ukr.net',
    'i.ua',
    // Asia-Pacific, Latin America
    'bigpond.com',
    'bigpond.net.au',
    'optusnet.com.au',
    'iinet.net.au',
    'xtra.co.nz',
    'yahoo.co.jp',
    'docomo.ne.jp',
    'ezweb.ne.jp',
    'au.com',
    'softbank.ne.jp',
    'i.softbank.jp',
    'nifty.com',
    'naver.com',
    'daum.net',
    'hanmail.net',
    'sina.com',
    'sina.cn',
    'sohu.com',
    'aliyun.com',
    'rediffmail.com',
    'uol.com.br',
    'bol.com.br',
    'terra.com.br',
    'ig.com.br',
    'prodigy.net.mx',
    // Independent webmail
    'mailfence.com',
    'hushmail.com',
    'runbox.com',
    'disroot.org',
    'lycos.com',
    'excite.com',
    'inbox.com',
    'mail2world.com',
  ],
  // Privacy relays: real forwarding services that deliver to a person's own mailbox (never "disposable").
  relay: [
    'duck.com',
    'mozmail.com',
    'simplelogin.com',
    'simplelogin.co',
    'simplelogin.fr',
    'slmail.me',
    'aleeas.com',
    'passmail.net',
    'passmail.com',
    'anonaddy.com',
    'anonaddy.me',
    'addy.io',
  ],
};

interface ProviderEntry {
  provider: Exclude<MailboxProvider, 'other'>;
}

const PROVIDER_BY_DOMAIN: ReadonlyMap<string, ProviderEntry> = (() => {
  const map = new Map<string, ProviderEntry>();
  for (const [provider, domains] of Object.entries(PROVIDER_DOMAINS) as [ProviderEntry['provider'], string[]][]) {
    for (const domain of domains) map.set(domain, { provider });
  }
  return map;
})();

/** The provider of an ASCII lower-case domain, and whether it is a consumer mailbox domain. */
export function providerOf(domain: string): { provider: MailboxProvider; freeProvider: boolean } {
  const entry = PROVIDER_BY_DOMAIN.get(domain);
  if (entry) return { provider: entry.provider, freeProvider: true };
  if (fastmailUserOf(domain)) return { provider: 'fastmail', freeProvider: true };
  return { provider: 'other', freeProvider: false };
}

/** Every domain of the table (lookalike.ts compares a domain's confusable skeleton with each). */
export function knownMailboxDomains(): IterableIterator<string> {
  return PROVIDER_BY_DOMAIN.keys();
}

/** Every domain of the table, for the typo checker's "is this a known real domain" test. */
export function isKnownMailboxDomain(domain: string): boolean {
  return PROVIDER_BY_DOMAIN.has(domain);
}

/** Fastmail's subdomain addressing: anything@user.fastmail.com is user@fastmail.com. */
function fastmailUserOf(domain: string): string | null {
  if (!domain.endsWith('.fastmail.com')) return null;
  const user = domain.slice(0, -'.fastmail.com'.length);
  return user && !user.includes('.') ? user : null;
}

const withoutTag = (local: string, separator: string): string => {
  const at = local.indexOf(separator);
  return at > 0 ? local.slice(0, at) : local;
};

/**
 * The mailbox an address reaches by its provider's documented rules, as `local@domain`
 * in lower case. Only rules a provider documents are applied; elsewhere a +tag is kept,
 * because many company mail servers do not strip it.
 *
 * - Gmail: dots are ignored and +tags dropped; googlemail.com is gmail.com
 *   (Google: "Dots don't matter in Gmail addresses"; "add a plus sign and any word").
 * - Microsoft (Outlook.com, Hotmail, Live, MSN): +tags dropped ("plus addressing" in Outlook.com); dots count.
 * - Apple: +tags dropped (iCloud Mail "plus addressing"); me.com and mac.com names are the same iCloud mailbox.
 * - Yahoo: "-keyword" disposable addresses reach the base name's mailbox (Yahoo IDs cannot contain '-').
 * - Fastmail: +tags dropped, and anything@user.fastmail.com is user@fastmail.com.
 * - Proton: +tags dropped; proton.me, protonmail.com, protonmail.ch and pm.me share one username.
 * - Yandex: +tags dropped; dots and hyphens in a login are the same; every Yandex domain reaches the same mailbox.
 * - Zoho, Tuta, HEY and everything else: only case is folded.
 */
export function mailboxKey(local: string, domain: string, provider: MailboxProvider): string {
  return mailboxKeyOfLowerCase(local.toLowerCase(), domain, provider);
}

/** mailboxKey for a local part already in lower case. */
export function mailboxKeyOfLowerCase(lower: string, domain: string, provider: MailboxProvider): string {
  switch (provider) {
    case 'gmail': {
      const base = withoutTag(lower, '+');
      return `${base.includes('.') ? base.replaceAll('.', '') : base}@gmail.com`;
    }
    case 'microsoft':
      return `${withoutTag(lower, '+')}@${domain}`;
    case 'apple':
      return domain === 'privaterelay.appleid.com' ? `${lower}@${domain}` : `${withoutTag(lower, '+')}@icloud.com`;
    case 'yahoo':
      return `${withoutTag(lower, '-')}@${domain}`;
    case 'fastmail': {
      const user = fastmailUserOf(domain);
      return user ? `${user}@fastmail.com` : `${withoutTag(lower, '+')}@${domain}`;
    }
    case 'proton':
      return `${withoutTag(lower, '+')}@proton.me`;
    case 'yandex':
      return `${withoutTag(lower, '+').replaceAll('.', '-')}@yandex.ru`;
    default:
      return `${lower}@${domain}`;
  }
}
