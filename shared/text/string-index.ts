// A string → int32 map for keys met a million times: the duplicate check's addresses
// (1M rows: ~1.3M keys with provider aliases) and the address rules' domains, which are
// looked up by a range of the cell (lookupIn) without cutting a new string per row.
// For the duplicate check: A Map of that size took ~120 MB
// and a large share of the check's garbage-collection time, as its backing store is one
// big array the collector traces on every major collection. Here the table is typed
// arrays (open addressing, linear probing) and the only traced objects are the keys,
// which are mostly the same strings the row store keeps anyway.

const EMPTY = 0;
const MAX_LOAD = 0.5;

/** FNV-1a over the UTF-16 code units of text[from, to). */
function hashOf(text: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

export class StringIndex {
  /**
   * Two int32 per slot: the key's hash and entry + 1 (0 = empty). The hash sits beside the
   * entry so a probe reads one cache line; at a million keys the table is far larger than
   * the CPU's caches and each miss costs more than the hashing.
   */
  private table: Int32Array;
  private mask: number;
  private values: Int32Array;
  private readonly keys: string[] = [];
  /** Where the key of the last failed lookup would go. */
  private pendingSlot = -1;
  private pendingHash = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.table = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    this.values = new Int32Array(Math.max(16, expected));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The entry holding `key`, or -1 (then insert() may add it). */
  lookup(key: string): number {
    return this.lookupIn(key, 0, key.length);
  }

  /** lookup(text.slice(from, to)) without making that string. */
  lookupIn(text: string, from: number, to: number): number {
    const hash = hashOf(text, from, to);
    const table = this.table;
    const length = to - from;
    let slot = hash & this.mask;
    for (;;) {
      const entry = table[slot * 2 + 1]! - 1;
      if (entry < 0) {
        this.pendingSlot = slot;
        this.pendingHash = hash;
        return -1;
      }
      if (table[slot * 2] === hash) {
        const key = this.keys[entry]!;
        if (key.length === length && text.startsWith(key, from)) return entry;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The key of an entry. */
  key(entry: number): string {
    return this.keys[entry]!;
  }

  value(entry: number): number {
    return this.values[entry]!;
  }

  update(entry: number, value: number): void {
    this.values[entry] = value;
  }

  /** Adds `key`, which the lookup() or lookupIn() just before this call did not find. Its entry is the previous size. */
  insert(key: string, value: number): void {
    if (this.pendingSlot < 0) throw new Error('StringIndex.insert without a failed lookup of the same key');
    const entry = this.keys.length;
    if (entry === this.values.length) {
      const values = new Int32Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.keys.push(key);
    this.values[entry] = value;
    this.table[this.pendingSlot * 2] = this.pendingHash;
    this.table[this.pendingSlot * 2 + 1] = entry + 1;
    this.pendingSlot = -1;
    if (this.keys.length > (this.mask + 1) * MAX_LOAD) this.grow();
  }

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const table = new Int32Array(capacity * 2);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === EMPTY) continue;
      let slot = old[at]! & mask;
      while (table[slot * 2 + 1] !== EMPTY) slot = (slot + 1) & mask;
      table[slot * 2] = old[at]!;
      table[slot * 2 + 1] = old[at + 1]!;
    }
    this.table = table;
    this.mask = mask;
  }
}
