// A send.csv like the one `preflight check` writes (the original columns, then the
// preflight_* columns; UTF-8 with BOM, CRLF), generated deterministically at test
// time with the same CSV writer the check uses. Cells include commas, quotes,
// line breaks and accents, so batch files must carry rows over byte for byte.
import { seededRandom } from './seeded-random';
import { createCsvWriter } from '../../electron/services/export/csv-writer';

export const SEND_LIST_HEADER = [
  'Email',
  'First Name',
  'Last Name',
  'Company',
  'Last Open',
  'preflight_verdict',
  'preflight_reasons',
  'preflight_suggestion',
  'preflight_normalized',
  'preflight_risk',
];

/** Domains and their share of a typical consumer-heavy list. */
const DOMAINS: [string, number][] = [
  ['gmail.com', 40],
  ['yahoo.com', 8],
  ['aol.com', 3],
  ['outlook.com', 8],
  ['hotmail.com', 6],
  ['icloud.com', 5],
  ['northwind-traders.com', 15],
  ['contoso-widgets.de', 15],
];

const FIRST = ['Ada', 'Grace', 'José', 'Zoë', 'Anne-Marie', 'Søren', 'Ông', 'Chloé'];
const LAST = ['Lovelace', 'Hopper', "O'Brien", 'Müller', 'Núñez', 'Smith, Jr.', 'van der Berg', '"Ace" Lee'];
const COMPANIES = ['Analytical Engines Ltd', 'Navy, Research', 'Café "Zur Post"', 'Line\nBreak GmbH', '=SUM(A1)', ''];

export interface SendListOptions {
  /** Write a preflight_risk value on every row (default true); false leaves the column empty, as before the risk model. */
  risk?: boolean;
  seed?: number;
}

export { seededRandom as mulberry32 };

/** Writes `count` recipients; the address of row i (0-based) is `r{i}.…@domain`, so rows can be told apart. */
export async function writeSendList(path: string, count: number, options: SendListOptions = {}): Promise<void> {
  const random = seededRandom(options.seed ?? 42);
  const total = DOMAINS.reduce((n, [, share]) => n + share, 0);
  const writer = createCsvWriter(path);
  writer.write(SEND_LIST_HEADER);
  for (let i = 0; i < count; i++) {
    let pick = random() * total;
    let d = 0;
    while (pick >= DOMAINS[d]![1]) pick -= DOMAINS[d++]![1];
    const domain = DOMAINS[d]![0];
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[(i >> 3) % LAST.length]!;
    const address = `r${i}.${first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}@${domain}`;
    const daysAgo = Math.floor(random() * 500);
    const lastOpen = random() < 0.15 ? '' : new Date(Date.UTC(2026, 1, 1) - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const risk = options.risk === false ? '' : (0.001 + random() * random() * 0.05).toFixed(4);
    writer.write([address, first, last, COMPANIES[i % COMPANIES.length]!, lastOpen, 'send', '', '', address, risk]);
  }
  await writer.close();
}
