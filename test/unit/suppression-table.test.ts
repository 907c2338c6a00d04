import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySuppression } from '../../electron/engine/suppression-stage';
import { NO_DOMAIN, RowStore, reasonsOf } from '../../electron/engine/row-store';
import type { SuppressionEntry } from '../../electron/services/ses/suppression';
import { REASON_BOUNCE, REASON_COMPLAINT, SuppressionTable, type SuppressionReasonCode } from '../../electron/services/suppression/table';

const REASONS = ['BOUNCE', 'COMPLAINT'] as const;

/** What the table replaces: a Map keyed by the trimmed, lower-cased address (file.ts's rules). */
function addToMap(map: Map<string, SuppressionEntry>, address: string, reason: SuppressionReasonCode, lastUpdate: number): void {
  const key = address.trim().toLowerCase();
  const entry: SuppressionEntry = {
    reason: REASONS[reason],
    lastUpdate: Number.isNaN(lastUpdate) ? null : new Date(lastUpdate).toISOString(),
  };
  if (map.get(key)?.reason === 'COMPLAINT' && entry.reason === 'BOUNCE') return;
  map.set(key, entry);
}

// Addresses from a small alphabet so that the same address comes back in other cases,
// with non-ASCII letters whose lower case is longer in UTF-8 (İ → i̇) or not ASCII at all.
const addressArbitrary = fc
  .tuple(
    fc.stringMatching(/^[a-cA-C.İéÉß]{0,4}$/),
    fc.constantFrom('example.org', 'EXAMPLE.org', 'exämple.de', 'b.c'),
    fc.constantFrom('', ' ', '\t'),
  )
  .map(([local, domain, pad]) => `${pad}${local}@${domain}${pad}`);

const opArbitrary = fc.record({
  address: addressArbitrary,
  reason: fc.constantFrom<SuppressionReasonCode>(REASON_BOUNCE, REASON_COMPLAINT),
  lastUpdate: fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 2e12 })),
  ascii: fc.boolean(),
});

describe('SuppressionTable', () => {
  it('holds the same entries, in the same order, as the Map it replaces', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (ops, initialEntries) => {
        const table = new SuppressionTable({ entries: initialEntries, keyBytes: 8 });
        const map = new Map<string, SuppressionEntry>();
        for (const { address, reason, lastUpdate, ascii } of ops) {
          const trimmed = address.trim();
          if (ascii && [...trimmed].every((char) => char.charCodeAt(0) < 128)) {
            const bytes = Buffer.from(`,${trimmed};`, 'latin1');
            table.addAscii(bytes, 1, bytes.length - 1, reason, lastUpdate);
          } else {
            table.add(address, reason, lastUpdate);
          }
          addToMap(map, address, reason, lastUpdate);
        }
        expect([...table]).toEqual([...map]);
        expect(table.size).toBe(map.size);
        const probes = [...ops.map(({ address }) => address.trim()), '', 'absent@example.org'];
        expect([...table.reasonsOf(probes)]).toEqual(probes.map((address) => (address ? table.reasonOf(address) : -1)));
        for (const { address } of ops) {
          const key = address.trim().toLowerCase();
          expect(table.get(key)).toEqual(map.get(key));
          expect(table.lookup(address.trim())).toEqual(map.get(key));
          const reason = table.reasonOf(address.trim());
          expect(reason === -1 ? undefined : REASONS[reason]).toBe(map.get(key)?.reason);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds addresses in any case, and only exact keys through get, as a Map would', () => {
    const table = new SuppressionTable();
    table.add(' Bounced@Example.org ', REASON_BOUNCE);
    table.add('RENÉ@exämple.fr', REASON_COMPLAINT, Date.parse('2024-03-01T10:00:00Z'));
    expect(table.reasonOf('BOUNCED@example.ORG')).toBe(REASON_BOUNCE);
    expect(table.lookup('René@Exämple.fr')).toEqual({ reason: 'COMPLAINT', lastUpdate: '2024-03-01T10:00:00.000Z' });
    expect(table.get('bounced@example.org')).toEqual({ reason: 'BOUNCE', lastUpdate: null });
    expect(table.get('Bounced@Example.org')).toBeUndefined();
    expect(table.has('rené@exämple.fr')).toBe(true);
    expect(table.reasonOf('bounced@example.org ')).toBe(-1);
    expect(table.reasonOf('other@example.org')).toBe(-1);
    expect([...table.keys()]).toEqual(['bounced@example.org', 'rené@exämple.fr']);
  });

  it('lower-cases only ASCII letters when given bytes that are not ASCII after all', () => {
    const table = new SuppressionTable();
    const bytes = Buffer.from('éA@B.org', 'utf8');
    table.addAscii(bytes, 0, bytes.length, REASON_BOUNCE);
    table.addAscii(Buffer.from('Zoë@b.org'), 0, Buffer.byteLength('Zoë@b.org'), REASON_COMPLAINT);
    expect([...table.keys()]).toEqual(['éa@b.org', 'zoë@b.org']);
    expect(table.reasonOf('ÉA@b.org')).toBe(REASON_BOUNCE);
    expect(table.reasonOf('ZOË@B.ORG')).toBe(REASON_COMPLAINT);
  });

  it('merges repeated addresses the same way when a large batch is placed region by region', () => {
    // Over 50,000 new entries at once take settle's sorted path.
    const table = new SuppressionTable();
    const map = new Map<string, SuppressionEntry>();
    const add = (address: string, reason: SuppressionReasonCode, lastUpdate: number): void => {
      table.add(address, reason, lastUpdate);
      addToMap(map, address, reason, lastUpdate);
    };
    for (let i = 0; i < 60_000; i++) add(`user${i}@example-${i % 50}.org`, i % 7 === 0 ? REASON_COMPLAINT : REASON_BOUNCE, NaN);
    for (let i = 0; i < 60_000; i += 3) add(`USER${i}@Example-${i % 50}.org`, i % 2 === 0 ? REASON_COMPLAINT : REASON_BOUNCE, i * 1000);
    for (let i = 0; i < 60_000; i += 5) add(`user${i}@example-${i % 50}.org`, REASON_BOUNCE, NaN);
    expect(table.size).toBe(60_000);
    expect([...table]).toEqual([...map]);
  });

  it('keeps every entry through growth and reserve', () => {
    const table = new SuppressionTable({ entries: 16, keyBytes: 64 });
    for (let i = 0; i < 5000; i++) {
      if (i === 2500) table.reserveScaled(2);
      if (i === 4000) table.reserve(20000, 400000);
      table.add(`user${i}@example-${i % 97}.com`, i % 3 === 0 ? REASON_COMPLAINT : REASON_BOUNCE);
    }
    expect(table.size).toBe(5000);
    for (let i = 0; i < 5000; i++) {
      expect(table.reasonOf(`USER${i}@example-${i % 97}.com`)).toBe(i % 3 === 0 ? REASON_COMPLAINT : REASON_BOUNCE);
    }
    expect(table.reasonOf('user5000@example-53.com')).toBe(-1);
  });
});

describe('applySuppression', () => {
  it('marks the same rows from a table as from a Map, ignoring case', () => {
    const store = new RowStore();
    const addresses = ['Linus@kernel.org', 'ada@example.org', '', 'RENÉ@exämple.fr', 'grace@example.org', 'ada@example.org'];
    for (const address of addresses) store.add(address, address, NO_DOMAIN, 0, '');
    const table = new SuppressionTable();
    const map = new Map<string, SuppressionEntry>();
    for (const [address, reason] of [
      ['linus@kernel.org', REASON_BOUNCE],
      ['ADA@example.org', REASON_COMPLAINT],
      ['rené@exämple.fr', REASON_BOUNCE],
      ['nobody@example.org', REASON_COMPLAINT],
    ] as const) {
      table.add(address, reason);
      addToMap(map, address, reason, NaN);
    }
    const fromTable = applySuppression(store, { source: 'file.csv', entries: table });
    const tableReasons = addresses.map((_, row) => reasonsOf(store.mask(row)));
    const mapStore = new RowStore();
    for (const address of addresses) mapStore.add(address, address, NO_DOMAIN, 0, '');
    const fromMap = applySuppression(mapStore, { source: 'file.csv', entries: map });
    expect(fromTable).toEqual({ source: 'file.csv', entries: 4, matched: 4 });
    expect(fromMap).toEqual(fromTable);
    expect(addresses.map((_, row) => reasonsOf(mapStore.mask(row)))).toEqual(tableReasons);
    expect(tableReasons).toEqual([
      ['suppressed_bounce'],
      ['suppressed_complaint'],
      [],
      ['suppressed_bounce'],
      [],
      ['suppressed_complaint'],
    ]);
  });
});
