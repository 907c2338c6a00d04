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
  /** entry + 1 per slot; 0 = empty. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private values: Int32Array;
  private readonly keys: string[] = [];
  /** Where the key of the last failed lookup would go. */
  private pendingSlot = -1;
  private pendingHash = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.hashes = new Int32Array(Math.max(16, expected));
    this.values = new Int32Array(Math.max(16, expected));
  }

  get size(): number {
    return this.keys.length;
  }

  /** The entry holding `key`, or -1 (then insert() may add it). */
  lookup(key: string): number {
    const hash = hashOf(key, 0, key.length);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) {
        this.pendingSlot = slot;
        this.pendingHash = hash;
        return -1;
      }
      if (this.hashes[entry] === hash && this.keys[entry] === key) return entry;
      slot = (slot + 1) & mask;
    }
  }

  /** lookup(text.slice(from, to)) without making that string. */
  lookupIn(text: string, from: number, to: number): number {
    const hash = hashOf(text, from, to);
    const mask = this.slots.length - 1;
    const length = to - from;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) {
        this.pendingSlot = slot;
        this.pendingHash = hash;
        return -1;
      }
      if (this.hashes[entry] === hash) {
        const key = this.keys[entry]!;
        if (key.length === length && text.startsWith(key, from)) return entry;
      }
      slot = (slot + 1) & mask;
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
    if (entry === this.values.length) this.growEntries();
    this.keys.push(key);
    this.hashes[entry] = this.pendingHash;
    this.values[entry] = value;
    this.slots[this.pendingSlot] = entry + 1;
    this.pendingSlot = -1;
    if (this.keys.length > this.slots.length * MAX_LOAD) this.growSlots();
  }

  private growEntries(): void {
    const size = this.values.length * 2;
    const hashes = new Int32Array(size);
    const values = new Int32Array(size);
    hashes.set(this.hashes);
    values.set(this.values);
    this.hashes = hashes;
    this.values = values;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.keys.length; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}
