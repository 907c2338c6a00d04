// A suppression list held compactly: every key's UTF-8 bytes in one buffer, and an
// open-addressing hash table in typed arrays. Measured on 1M entries (2-core machine, busy):
// a Map<string, entry> took ~1 s to fill, held ~150 MB of heap in 2M small objects that
// every major GC of the long check pass traces again, and cost ~1.4 µs a lookup (cache
// misses along its chains). This table holds 1M addresses in ~70 MB that the GC never
// looks into; a lookup copies and hashes the row's address once and, when it misses (nearly
// always), reads one bit of a filter small enough to stay in cache.
//
// Adding only appends (key bytes, hash, reason); entries reach the slots in one pass at the
// first read ("settle"), where the slot reads of consecutive entries overlap in the CPU
// instead of each waiting for its cache miss in the middle of parsing a line. A key seen
// again is merged there, into its first entry, and the later entry is marked dead.
//
// Keys are lower-cased addresses; lookups by `get` are exact like a Map's, and `reasonOf`
// lower-cases for the caller without making a new string.
import type { SuppressionEntry } from '../ses/suppression';

const BOUNCE_ENTRY: SuppressionEntry = Object.freeze({ reason: 'BOUNCE', lastUpdate: null });
const COMPLAINT_ENTRY: SuppressionEntry = Object.freeze({ reason: 'COMPLAINT', lastUpdate: null });

export const REASON_BOUNCE = 0;
export const REASON_COMPLAINT = 1;
export type SuppressionReasonCode = typeof REASON_BOUNCE | typeof REASON_COMPLAINT;
/** An entry whose key came again later and was merged into the first one (settle). */
const DEAD = 255;

/** Addresses are at most 254 characters (RFC 5321); longer ones are looked up through a copy of their own. */
const SCRATCH_BYTES = 1024;
// Lookups copy the address here (TextEncoder) and hash it four bytes a step through the word
// view; that reads the bytes in the platform's order, which hashBytes assumes is little-endian.
// (A Buffer like every other byte array the table compares, so its loops see one kind of array.)
const SCRATCH = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
const SCRATCH_WORDS = new Int32Array(SCRATCH.buffer, SCRATCH.byteOffset, SCRATCH_BYTES / 4);
const WORDS_ARE_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const ENCODER = new TextEncoder();
const BATCH_HASHES = new Int32Array(256);
/** settle sorts the new entries when there are this many, into regions of the slots of 64 KB or more. */
const SETTLE_SORTED_FROM = 50_000;
const SETTLE_REGIONS = 256;

function mix(hash: number, word: number): number {
  hash = Math.imul(hash ^ word, 0x9e3779b1);
  return hash ^ (hash >>> 15);
}

/** murmur3's finaliser: every input bit reaches the low bits (the slot index) and the high bits (the filter). */
function finish(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/** The hash of a key: its bytes taken as little-endian 32-bit words (the last one zero-padded), and its length. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = end - start;
  let i = start;
  for (; i + 4 <= end; i += 4) hash = mix(hash, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  if (i < end) {
    let word = 0;
    for (let shift = 0; i < end; i++, shift += 8) word |= bytes[i]! << shift;
    hash = mix(hash, word);
  }
  return finish(hash);
}

function lowerAscii(byte: number): number {
  return byte >= 65 && byte <= 90 ? byte | 32 : byte;
}

export class SuppressionTable implements ReadonlyMap<string, SuppressionEntry> {
  /**
   * Every entry's key bytes, each starting at a multiple of 4 and zero-padded to the next:
   * entry i ends at keyEnds[i] and starts at align4(keyEnds[i - 1]). addAscii writes whole
   * words through keyWords (a view of the same memory).
   */
  private keyBytes: Buffer;
  private keyWords: Int32Array;
  private keyUsed = 0;
  private keyEnds: Int32Array;
  private hashes: Int32Array;
  /** REASON_BOUNCE, REASON_COMPLAINT, or DEAD for an entry merged into an earlier one with the same key. */
  private reasons: Uint8Array;
  /** Epoch ms of each entry's last update (NaN: unknown); allocated at the first entry that has one. */
  private updates: Float64Array | null = null;
  /** Entries appended, dead ones included. */
  private appended = 0;
  /** Entries [0, settled) are in the slots (or dead). */
  private settled = 0;
  private live = 0;
  /** Pairs (hash, entry index + 1); an index of 0 marks a free slot. At most 3/4 full (slotCountFor). */
  private slots: Int32Array;
  private slotMask: number;
  /**
   * One bit per 1/16 of an entry's share of the hash space, set for each key's hash: a lookup
   * that misses (nearly every row) is answered from this array (2 MB per 1M entries, 8 times
   * smaller than the slots, so it is mostly in cache; ~6% of misses get past it). Built at
   * the first lookup after a change.
   */
  private filter: Int32Array | null = null;
  private filterShift = 0;
  /** The bytes hashOf hashed: the scratch buffer, or a Buffer of a non-ASCII address's lower case. */
  private probe: Uint8Array = SCRATCH;
  private probeLength = 0;

  /** @param expected entries and key bytes to make room for at once (growing copies everything). */
  constructor(expected: { entries?: number; keyBytes?: number } = {}) {
    const entries = Math.max(16, expected.entries ?? 1024);
    this.keyBytes = Buffer.allocUnsafeSlow(align4(Math.max(256, expected.keyBytes ?? entries * 32)));
    this.keyWords = wordsOf(this.keyBytes);
    this.keyEnds = new Int32Array(entries);
    this.hashes = new Int32Array(entries);
    this.reasons = new Uint8Array(entries);
    const slotCount = slotCountFor(entries);
    this.slots = new Int32Array(slotCount * 2);
    this.slotMask = slotCount - 1;
  }

  get size(): number {
    this.settle();
    return this.live;
  }

  /** Makes room for `factor` times the entries and key bytes held now (a reader that has seen part of a file). */
  reserveScaled(factor: number): void {
    this.reserve(Math.ceil(this.appended * factor) + 16, Math.ceil(this.keyUsed * factor) + 1024);
  }

  /** Makes room for this many entries and key bytes in all, so reading a big file does not grow step by step. */
  reserve(entries: number, keyBytes: number): void {
    if (keyBytes > this.keyBytes.length) this.growKeyBytes(keyBytes);
    if (entries > this.keyEnds.length) this.growEntries(entries);
    if (slotCountFor(entries) > this.slotMask + 1) this.rehash(slotCountFor(entries));
  }

  /**
   * Adds an address given as text: trimmed and lower-cased into the key. An address listed
   * twice keeps COMPLAINT over BOUNCE, else the later entry.
   * @param lastUpdate epoch ms, or NaN when unknown
   */
  add(address: string, reason: SuppressionReasonCode, lastUpdate = NaN): void {
    const key = address.trim().toLowerCase();
    this.ensureKeyRoom(Buffer.byteLength(key, 'utf8'));
    const at = this.keyUsed;
    const written = this.keyBytes.write(key, at, 'utf8');
    for (let i = at + written; (i & 3) !== 0; i++) this.keyBytes[i] = 0;
    this.append(hashBytes(this.keyBytes, at, at + written), written, reason, lastUpdate);
  }

  /**
   * Adds an address given as ASCII bytes, already trimmed: lower-cased as they are copied in.
   * (Non-ASCII addresses go through `add`, where toLowerCase knows every script.)
   */
  addAscii(bytes: Uint8Array, start: number, end: number, reason: SuppressionReasonCode, lastUpdate = NaN): void {
    const length = end - start;
    this.ensureKeyRoom(length);
    const at = this.keyUsed;
    if (WORDS_ARE_LITTLE_ENDIAN) {
      // Four bytes a step: read, lower-cased (SWAR, as in hashOf), stored as one word and
      // hashed, in one pass; a JS loop costs ~3 ns a byte, so passes and stores count.
      const words = this.keyWords;
      let seen = 0;
      let hash = length;
      let to = at >>> 2;
      let i = start;
      for (; i + 4 <= end; i += 4) {
        let word = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
        seen |= word;
        word |= ((word + 0x3f3f3f3f) & ~(word + 0x25252525) & 0x80808080) >>> 2;
        words[to++] = word;
        hash = mix(hash, word);
      }
      if (i < end) {
        let word = 0;
        for (let shift = 0; i < end; i++, shift += 8) word |= bytes[i]! << shift;
        seen |= word;
        word |= ((word + 0x3f3f3f3f) & ~(word + 0x25252525) & 0x80808080) >>> 2;
        words[to] = word;
        hash = mix(hash, word);
      }
      if ((seen & 0x80808080) === 0) {
        this.append(finish(hash), length, reason, lastUpdate);
        return;
      }
      // Not ASCII after all (the lowering above assumed it): byte by byte below.
    }
    const keys = this.keyBytes;
    for (let i = 0; i < length; i++) keys[at + i] = lowerAscii(bytes[start + i]!);
    for (let i = at + length; (i & 3) !== 0; i++) keys[i] = 0;
    this.append(hashBytes(keys, at, at + length), length, reason, lastUpdate);
  }

  /** A new entry for the key just written at keyUsed; settle() puts it in the slots. */
  private append(hash: number, length: number, reason: SuppressionReasonCode, lastUpdate: number): void {
    const index = this.appended;
    if (index === this.keyEnds.length) this.growEntries(index * 2);
    this.keyEnds[index] = this.keyUsed + length;
    this.keyUsed = align4(this.keyUsed + length);
    this.hashes[index] = hash;
    this.reasons[index] = reason;
    if (!Number.isNaN(lastUpdate) || this.updates !== null) this.setUpdate(index, lastUpdate);
    this.appended++;
  }

  /** Puts the appended entries in the slots, merging each repeated key into its first entry. */
  private settle(): void {
    if (this.settled === this.appended) return;
    if (this.appended > maxEntriesFor(this.slotMask + 1)) this.rehash(slotCountFor(this.appended));
    const from = this.settled;
    const to = this.appended;
    const regions = SETTLE_REGIONS;
    const regionShift = Math.log2(this.slotMask + 1) - Math.log2(regions);
    if (to - from < SETTLE_SORTED_FROM || regionShift < 8) {
      for (let index = from; index < to; index++) this.place(index, this.hashes[index]!);
    } else {
      // Placed region by region of the slots (a stable counting sort of the new entries by
      // where their probe starts): the slot writes stay within a cache-sized stretch instead
      // of each missing the cache; a repeated key stays in file order within its region.
      const mask = this.slotMask;
      const hashes = this.hashes;
      const starts = new Int32Array(regions + 1);
      for (let index = from; index < to; index++) starts[((hashes[index]! & mask) >>> regionShift) + 1]!++;
      for (let region = 0; region < regions; region++) starts[region + 1]! += starts[region]!;
      const order = new Int32Array((to - from) * 2); // pairs (entry index, hash): read in order
      for (let index = from; index < to; index++) {
        const hash = hashes[index]!;
        const at = starts[(hash & mask) >>> regionShift]!++ * 2;
        order[at] = index;
        order[at + 1] = hash;
      }
      for (let i = 0; i < order.length; i += 2) this.place(order[i]!, order[i + 1]!);
    }
    this.settled = to;
    this.filter = null;
  }

  /** Entry `index` into its slot, or merged into the entry that holds its key already. */
  private place(index: number, hash: number): void {
    const slots = this.slots;
    const mask = this.slotMask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const other = slots[slot * 2 + 1]! - 1;
      if (other < 0) {
        slots[slot * 2] = hash;
        slots[slot * 2 + 1] = index + 1;
        this.live++;
        return;
      }
      if (slots[slot * 2] === hash && this.sameKeyBytes(other, this.keyBytes, this.keyStart(index), this.keyEnds[index]!)) {
        this.merge(other, index);
        return;
      }
    }
  }

  /** A key listed again: COMPLAINT stays over BOUNCE, else the later entry's reason and time win. */
  private merge(first: number, later: number): void {
    const reason = this.reasons[later]!;
    if (!(this.reasons[first] === REASON_COMPLAINT && reason === REASON_BOUNCE)) {
      this.reasons[first] = reason;
      if (this.updates !== null) this.updates[first] = this.updates[later]!;
    }
    this.reasons[later] = DEAD;
  }

  private setUpdate(index: number, lastUpdate: number): void {
    this.updates ??= new Float64Array(this.keyEnds.length).fill(NaN);
    this.updates[index] = lastUpdate;
  }

  private keyStart(index: number): number {
    return index === 0 ? 0 : align4(this.keyEnds[index - 1]!);
  }

  private sameKeyBytes(index: number, bytes: Uint8Array, start: number, end: number): boolean {
    const keyStart = this.keyStart(index);
    if (this.keyEnds[index]! - keyStart !== end - start) return false;
    const keys = this.keyBytes;
    for (let i = 0; i < end - start; i++) if (keys[keyStart + i] !== bytes[start + i]) return false;
    return true;
  }

  /**
   * The entry index of `address` compared without case (as address.toLowerCase()), or -1.
   */
  private indexOf(address: string): number {
    const hash = this.hashOf(address);
    return this.find(hash, this.probe, this.probeLength);
  }

  /**
   * The hash of address.toLowerCase(), leaving its bytes in probe[0, probeLength) for find.
   * TextEncoder copies an ASCII address into the scratch buffer, where it is lower-cased and
   * hashed four bytes a step: charCodeAt on the row store's (sliced) strings cost twice as much.
   */
  private hashOf(address: string): number {
    const length = address.length;
    const { read, written } = length > SCRATCH_BYTES - 3 ? { read: 0, written: 0 } : ENCODER.encodeInto(address, SCRATCH);
    if (read !== length || written !== length || !WORDS_ARE_LITTLE_ENDIAN) {
      // Not ASCII (or very long): toLowerCase knows every script.
      const bytes = Buffer.from(address.toLowerCase(), 'utf8');
      this.probe = bytes;
      this.probeLength = bytes.length;
      return hashBytes(bytes, 0, bytes.length);
    }
    for (let i = length; (i & 3) !== 0; i++) SCRATCH[i] = 0;
    const words = SCRATCH_WORDS;
    const count = (length + 3) >>> 2;
    let hash = length;
    for (let i = 0; i < count; i++) {
      let word = words[i]!;
      // A..Z → a..z in all four bytes at once (every byte is below 0x80 here): bit 7 of
      // byte + 0x3f is set from 'A' up, of byte + 0x25 from 'Z' + 1 up; the difference, moved to bit 5.
      word |= ((word + 0x3f3f3f3f) & ~(word + 0x25252525) & 0x80808080) >>> 2;
      words[i] = word;
      hash = mix(hash, word);
    }
    this.probe = SCRATCH;
    this.probeLength = length;
    return finish(hash);
  }

  /**
   * reasonOf for addresses[0, count), '' being no address: REASON_* or -1 for each.
   * In batches: the hashes of a batch first, then their filter bits, so that the filter's
   * cache misses overlap instead of each waiting behind the next address's hashing.
   */
  reasonsOf(addresses: readonly string[], count = addresses.length): Int8Array {
    this.settle();
    const filter = this.filter ?? this.buildFilter();
    const shift = this.filterShift;
    const reasons = new Int8Array(count).fill(-1);
    const hashes = BATCH_HASHES;
    for (let from = 0; from < count; from += BATCH_HASHES.length) {
      const size = Math.min(BATCH_HASHES.length, count - from);
      // Touch the batch's strings first, in a loop short enough for their cache misses to overlap.
      for (let i = 0; i < size; i++) hashes[i] = addresses[from + i]!.length;
      for (let i = 0; i < size; i++) if (hashes[i] !== 0) hashes[i] = this.hashOf(addresses[from + i]!);
      for (let i = 0; i < size; i++) {
        const bit = hashes[i]! >>> shift;
        if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) continue;
        const address = addresses[from + i]!;
        if (address) reasons[from + i] = this.reasonOf(address); // a hash of 0 may be a real one
      }
    }
    return reasons;
  }

  /** The entry whose key is bytes[0, length) (with this hash), or -1. */
  private find(hash: number, bytes: Uint8Array, length: number): number {
    this.settle();
    const filter = this.filter ?? this.buildFilter();
    const bit = hash >>> this.filterShift;
    if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return -1;
    const slots = this.slots;
    const mask = this.slotMask;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = slots[slot * 2 + 1]! - 1;
      if (index < 0) return -1;
      if (slots[slot * 2] === hash && this.sameKeyBytes(index, bytes, 0, length)) return index;
    }
  }

  /** REASON_BOUNCE or REASON_COMPLAINT when `address` is listed (in any case), else -1. Makes no object. */
  reasonOf(address: string): SuppressionReasonCode | -1 {
    const index = this.indexOf(address);
    return index < 0 ? -1 : (this.reasons[index] as SuppressionReasonCode);
  }

  /** The entry for `address` in any case, or undefined. */
  lookup(address: string): SuppressionEntry | undefined {
    const index = this.indexOf(address);
    return index < 0 ? undefined : this.entryAt(index);
  }

  // ── ReadonlyMap: exact keys, like the Map this replaces ───────────────────

  get(key: string): SuppressionEntry | undefined {
    return typeof key === 'string' && key === key.toLowerCase() ? this.lookup(key) : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  forEach(callback: (value: SuppressionEntry, key: string, map: ReadonlyMap<string, SuppressionEntry>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  *entries(): MapIterator<[string, SuppressionEntry]> {
    this.settle();
    for (let index = 0; index < this.appended; index++) if (this.reasons[index] !== DEAD) yield [this.keyAt(index), this.entryAt(index)];
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<SuppressionEntry> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, SuppressionEntry]> {
    return this.entries();
  }

  private keyAt(index: number): string {
    return this.keyBytes.toString('utf8', this.keyStart(index), this.keyEnds[index]);
  }

  private entryAt(index: number): SuppressionEntry {
    const reason = this.reasons[index] === REASON_COMPLAINT ? 'COMPLAINT' : 'BOUNCE';
    const update = this.updates?.[index] ?? NaN;
    if (Number.isNaN(update)) return reason === 'COMPLAINT' ? COMPLAINT_ENTRY : BOUNCE_ENTRY;
    return { reason, lastUpdate: new Date(update).toISOString() };
  }

  private buildFilter(): Int32Array {
    let bits = 1024;
    let shift = 22;
    while (bits < this.live * 16) {
      bits *= 2;
      shift--;
    }
    const filter = new Int32Array(bits / 32);
    for (let index = 0; index < this.settled; index++) {
      if (this.reasons[index] === DEAD) continue;
      const bit = this.hashes[index]! >>> shift;
      filter[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.filterShift = shift;
    return (this.filter = filter);
  }

  // ── growth ────────────────────────────────────────────────────────────────

  /** Room for a key of `length` bytes and its padding at keyUsed. */
  private ensureKeyRoom(length: number): void {
    const needed = align4(this.keyUsed + length);
    if (needed > this.keyBytes.length) this.growKeyBytes(Math.max(needed, Math.ceil(this.keyBytes.length * 1.5)));
  }

  private growKeyBytes(size: number): void {
    const grown = Buffer.allocUnsafeSlow(align4(size));
    this.keyBytes.copy(grown, 0, 0, this.keyUsed);
    this.keyBytes = grown;
    this.keyWords = wordsOf(grown);
  }

  private growEntries(size: number): void {
    const used = this.appended;
    const ends = new Int32Array(size);
    ends.set(this.keyEnds.subarray(0, used));
    this.keyEnds = ends;
    const hashes = new Int32Array(size);
    hashes.set(this.hashes.subarray(0, used));
    this.hashes = hashes;
    const reasons = new Uint8Array(size);
    reasons.set(this.reasons.subarray(0, used));
    this.reasons = reasons;
    if (this.updates) {
      const updates = new Float64Array(size).fill(NaN);
      updates.set(this.updates.subarray(0, used));
      this.updates = updates;
    }
  }

  /** New slots for the settled entries (the others are placed by settle). */
  private rehash(slotCount: number): void {
    this.slots = new Int32Array(slotCount * 2);
    this.slotMask = slotCount - 1;
    const slots = this.slots;
    const mask = this.slotMask;
    for (let index = 0; index < this.settled; index++) {
      if (this.reasons[index] === DEAD) continue;
      const hash = this.hashes[index]!;
      let slot = hash & mask;
      while (slots[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
      slots[slot * 2] = hash;
      slots[slot * 2 + 1] = index + 1;
    }
    this.filter = null;
  }

  readonly [Symbol.toStringTag] = 'SuppressionTable';
}

/**
 * Slots for `entries`: a power of two, at most 3/4 full. A lookup that gets past the filter
 * reads ~2–8 consecutive slots at that load, within one or two cache lines.
 */
function slotCountFor(entries: number): number {
  let count = 32;
  while (maxEntriesFor(count) < entries) count *= 2;
  return count;
}

function maxEntriesFor(slotCount: number): number {
  return slotCount * 0.75;
}

function align4(offset: number): number {
  return (offset + 3) & ~3;
}

/** An Int32Array over a Buffer of its own (allocUnsafeSlow: offset 0, length a multiple of 4). */
function wordsOf(buffer: Buffer): Int32Array {
  return new Int32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2);
}
