// What a DNS answer says about the name that was asked, and nothing else.
//
// An answer may hold a CNAME chain (asked → alias → … → canonical) and the
// records of the canonical name; a resolver may also put in records of names
// nobody asked about (a cache-poisoning attempt, or just a broken server). Only
// the chain starting at the asked name is read; records owned by any other name
// are ignored. RFC 5321 §5.1: the MX look-up is for the canonical name, and when
// it has no MX its own address is the mail host (implicit MX).
import type { WireRecord, WireResponse } from './wire';

/** CNAMEs followed for one question at most, over every answer asked for it (a chain this long is a mistake or a trap). */
export const MAX_CNAME_HOPS = 8;

export type ChainStep<T> =
  /** Records of the asked type owned by the end of the chain. */
  | { kind: 'records'; owner: string; records: T[] }
  /** The chain ends at `owner`, which exists but has no record of the type (NODATA). */
  | { kind: 'nodata'; owner: string }
  /** The chain ends at `owner`, which does not exist. */
  | { kind: 'nxdomain'; owner: string }
  /** The chain leads to `target` and the answer stops there: ask again for the target. */
  | { kind: 'alias'; target: string }
  /** The chain comes back on itself, or is longer than MAX_CNAME_HOPS: nothing can be concluded. */
  | { kind: 'broken'; detail: string };

/** The state of one question's chain across the answers asked for it. */
export class CnameChain {
  private readonly seen: Set<string>;
  private hops = 0;

  constructor(readonly asked: string) {
    this.seen = new Set([asked]);
  }

  /** Read one NOERROR or NXDOMAIN answer for `name` (the asked name, or the alias the last step pointed at). */
  read<T>(name: string, type: string, response: WireResponse, data: (record: WireRecord) => T | undefined): ChainStep<T> {
    let current = name;
    for (;;) {
      const records: T[] = [];
      for (const record of response.answers) {
        if (record.name !== current || record.type !== type) continue;
        const value = data(record);
        if (value !== undefined) records.push(value);
      }
      if (records.length > 0) return { kind: 'records', owner: current, records };
      const alias = response.answers.find(
        (record) => record.name === current && record.type === 'CNAME' && typeof record.data === 'string',
      );
      if (alias === undefined) {
        // NXDOMAIN with a chain speaks of the chain's last name (RFC 6604).
        if (response.rcode === 'NXDOMAIN') return { kind: 'nxdomain', owner: current };
        return current === name ? { kind: 'nodata', owner: current } : { kind: 'alias', target: current };
      }
      const target = (alias.data as string).toLowerCase().replace(/\.$/, '');
      if (this.seen.has(target)) return { kind: 'broken', detail: `${this.asked}: the CNAME chain loops back to ${target}` };
      if (++this.hops > MAX_CNAME_HOPS) return { kind: 'broken', detail: `${this.asked}: more than ${MAX_CNAME_HOPS} CNAMEs in a row` };
      this.seen.add(target);
      current = target;
    }
  }
}
