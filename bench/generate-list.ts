// A deterministic, realistic recipient list for benchmarks: the mix of
// providers, names with accents, quoted commas, consent and dates that real
// exports have, plus the defects Preflight looks for (duplicates, typos, role
// accounts, invalid cells). Same seed, same bytes.
import { createWriteStream, existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { once } from 'node:events';
import { seededRandom } from '../test/support/seeded-random';

export interface ListShape {
  rows: number;
  /** Distinct company domains (the long tail next to the big providers). */
  companyDomains: number;
  seed?: number;
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'José',
  'Zoë',
  'Müller',
  'Søren',
  'Ana',
  'Chloé',
  'Björn',
  'Li',
  'Priya',
  'Olu',
  'Noah',
  'Emma',
  'Mateo',
  'Aïcha',
  'Łukasz',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'García',
  'Dubois',
  'Schmidt',
  'Kowalski',
  'Nakamura',
  'Okafor',
  'Silva',
  "O'Brien",
  'Nguyen',
  'Jensen',
];
const PROVIDERS: [string, number][] = [
  ['gmail.com', 0.3],
  ['yahoo.com', 0.08],
  ['outlook.com', 0.06],
  ['hotmail.com', 0.06],
  ['icloud.com', 0.04],
  ['aol.com', 0.02],
  ['gmx.de', 0.02],
  ['web.de', 0.01],
  ['protonmail.com', 0.01],
];
const TYPOS = ['gmial.com', 'gmail.con', 'hotmial.com', 'yahooo.com', 'outlok.com'];
const ROLES = ['info', 'sales', 'support', 'admin', 'marketing'];
const CONSENT = ['yes', 'yes', 'yes', 'yes', 'Subscribed', 'TRUE', '1', 'no', '', 'pending'];

/**
 * The benchmarks' shared list (`npm run bench`, `bench:check-dns`): generated
 * once with about rows / 40 company domains, then reused. Written under a temp
 * name and renamed, so an interrupted run never leaves half a list to reuse.
 */
export async function ensureBenchList(path: string, rows: number): Promise<void> {
  if (existsSync(path)) return;
  process.stderr.write(`generating ${rows.toLocaleString('en-US')} rows → ${path}\n`);
  await generateList(`${path}.partial`, { rows, companyDomains: Math.max(100, Math.floor(rows / 40)) });
  await rename(`${path}.partial`, path);
}

export async function generateList(path: string, shape: ListShape): Promise<{ bytes: number }> {
  const random = seededRandom(shape.seed ?? 20261126);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const companies = Array.from(
    { length: shape.companyDomains },
    (_, i) => `company-${i.toString(36)}.${pick(['com', 'de', 'co.uk', 'fr', 'io', 'nl', 'es'])}`,
  );
  const out = createWriteStream(path, { encoding: 'utf8' });
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('Email Address,First Name,Last Name,Company,Opt-in,Opt-in Date,Last Open,Notes\n');
  const day = 86_400_000;
  const now = Date.UTC(2026, 10, 1);
  const recent: string[] = [];
  for (let i = 0; i < shape.rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const r = random();
    let domain: string;
    let acc = 0;
    domain = '';
    for (const [name, share] of PROVIDERS) {
      acc += share;
      if (r < acc) {
        domain = name;
        break;
      }
    }
    if (!domain) domain = companies[Math.floor(Math.pow(random(), 2) * companies.length)]!;
    const local = `${first}.${last}${Math.floor(random() * 10_000)}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9.]/g, '');
    let email = `${local}@${domain}`;
    const defect = random();
    if (defect < 0.03 && recent.length) email = pick(recent).toUpperCase();
    else if (defect < 0.04) email = `${local}@${pick(TYPOS)}`;
    else if (defect < 0.05) email = `${pick(ROLES)}@${domain}`;
    else if (defect < 0.055) email = `${local}@@${domain}`;
    else if (defect < 0.06) email = `"${first} ${last}" <${email}>`;
    if (recent.length < 1000) recent.push(email);
    else recent[i % 1000] = email;
    const optIn = new Date(now - Math.floor(random() * 1500) * day).toISOString().slice(0, 10);
    const lastOpen = random() < 0.2 ? '' : new Date(now - Math.floor(random() * 900) * day).toISOString().slice(0, 10);
    const company = random() < 0.1 ? `"${last}, ${first} & Co."` : `${last} GmbH`;
    const notes = random() < 0.02 ? `"Met at fair\nfollow up"` : '';
    const quoted = email.includes('"') || email.includes(',') ? `"${email.replace(/"/g, '""')}"` : email;
    await write(`${quoted},${first},${last},${company},${pick(CONSENT)},${optIn},${lastOpen},${notes}\n`);
  }
  out.end();
  await once(out, 'finish');
  return { bytes };
}
