/**
 * A compact index of block headers found in any order (block files), and the best chain through
 * them: the tree tip with the most cumulative work (Σ ⌊2^256 / (target + 1)⌋, Core's rule), ties
 * going to the tip seen first. Blocks off it but in its tree are stale; blocks in other trees are
 * disconnected (they share no block with it). A block whose parent is absent starts a
 * tree at height 0 when its parent is the all-zero hash (genesis), at its BIP34 height when the
 * coinbase carries one (a pruned node's oldest files), and is otherwise an orphan; so is every
 * block below an invalid `bits`.
 *
 * Memory is what bounds a mainnet-length scan (≈ 900k blocks): one entry is ENTRY_BYTES = 88 bytes
 * in one growable byte buffer (no object per block), hashes are looked up through an
 * open-addressing table of int32 slots, and selection uses typed arrays (parent, children,
 * cumulative work as 8 × 32-bit limbs, tree root): ≈ 171 bytes per block at the peak, ≈ 154 MB for 900k.
 *
 * Entry layout (little-endian):
 *   0  hash      32 bytes, internal byte order (the hash256 output; display order is reversed)
 *   32 prev hash 32 bytes, internal byte order
 *   64 bits      uint32
 *   68 bip34     int32, −1 when the coinbase carries no height
 *   72 file      uint32 (blk file number)
 *   76 offset    uint32 (record's magic, in the file)
 *   80 size      uint32 (block bytes)
 *   84 reserved  uint32 (0)
 * The packed entries are also what the store persists between incremental syncs.
 */
import { workForBits } from './difficulty.js';

export const ENTRY_BYTES = 88;

/** Packed entries (scan order kept) without those of the blk file numbers in `files`. */
export function packedWithoutFiles(packed: Uint8Array, files: ReadonlySet<number>): Uint8Array {
  const v = Buffer.from(packed.buffer, packed.byteOffset, packed.length);
  const out = Buffer.allocUnsafe(packed.length);
  let n = 0;
  for (let at = 0; at + ENTRY_BYTES <= v.length; at += ENTRY_BYTES) {
    if (files.has(v.readUInt32LE(at + 72))) continue;
    v.copy(out, n, at, at + ENTRY_BYTES);
    n += ENTRY_BYTES;
  }
  return new Uint8Array(out.subarray(0, n));
}

export interface IndexEntry {
  /** Display-order hex. */
  hash: string;
  prev_hash: string;
  bits: number;
  bip34Height: number | null;
  file: number;
  offset: number;
  size: number;
}

export interface BestChainIndex {
  /** Entry numbers of the best chain, ascending; entry chain[i] is at height firstHeight + i. */
  chain: Int32Array;
  firstHeight: number;
  /** Cumulative work of the best chain from its first block. */
  work: bigint;
  /** Linked blocks off the best chain but in its tree (forks from it). */
  stale: number;
  /** Linked blocks in other trees than the best chain's: they share no block with it. */
  disconnected: number;
  /** Blocks that could not be placed (no known parent, no usable height, or invalid bits). */
  orphans: number;
}

const LIMBS = 8;

function displayHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).reverse().toString('hex');
}

export class HeaderIndex {
  private buf: Buffer;
  private n = 0;
  private slots: Int32Array;
  /** Blocks offered more than once (same hash); the first copy is kept. */
  duplicates = 0;

  constructor(capacity = 1024) {
    this.buf = Buffer.alloc(Math.max(1, capacity) * ENTRY_BYTES);
    this.slots = new Int32Array(tableSize(capacity));
  }

  get count(): number {
    return this.n;
  }

  /**
   * Adds one header; false (and counted as a duplicate) when its hash is already indexed. `hash`
   * and `prev` are 32 bytes in internal byte order.
   */
  add(hash: Uint8Array, prev: Uint8Array, bits: number, bip34Height: number | null, file: number, offset: number, size: number): boolean {
    return this.insert(hash, prev, bits, bip34Height ?? -1, file, offset, size);
  }

  /** Adds packed entries (from `packed`); duplicates are skipped and counted. */
  addPacked(packed: Uint8Array): void {
    if (packed.length % ENTRY_BYTES !== 0) throw new RangeError(`packed header entries must be a multiple of ${ENTRY_BYTES} bytes, got ${packed.length}`);
    const v = Buffer.from(packed.buffer, packed.byteOffset, packed.length);
    this.reserve(this.n + packed.length / ENTRY_BYTES);
    for (let at = 0; at < v.length; at += ENTRY_BYTES) {
      this.insert(
        v.subarray(at, at + 32),
        v.subarray(at + 32, at + 64),
        v.readUInt32LE(at + 64),
        v.readInt32LE(at + 68),
        v.readUInt32LE(at + 72),
        v.readUInt32LE(at + 76),
        v.readUInt32LE(at + 80),
      );
    }
  }

  /** add with the entry's own bip34 field: the height, or −1 for none. */
  private insert(hash: Uint8Array, prev: Uint8Array, bits: number, bip34: number, file: number, offset: number, size: number): boolean {
    if (this.find(hash, 0) >= 0) {
      this.duplicates++;
      return false;
    }
    if (!Number.isInteger(offset) || offset < 0 || offset > 0xffff_ffff) throw new RangeError(`block-file offset ${offset} does not fit 32 bits`);
    this.reserve(this.n + 1);
    const at = this.n * ENTRY_BYTES;
    this.buf.set(hash.subarray(0, 32), at);
    this.buf.set(prev.subarray(0, 32), at + 32);
    this.buf.writeUInt32LE(bits >>> 0, at + 64);
    this.buf.writeInt32LE(bip34, at + 68);
    this.buf.writeUInt32LE(file, at + 72);
    this.buf.writeUInt32LE(offset, at + 76);
    this.buf.writeUInt32LE(size, at + 80);
    this.buf.writeUInt32LE(0, at + 84);
    this.insertSlot(this.n);
    this.n++;
    return true;
  }

  /** Packed bytes of entries [from, to) (a copy), for persisting. */
  packed(from = 0, to = this.n): Uint8Array {
    return new Uint8Array(this.buf.subarray(from * ENTRY_BYTES, to * ENTRY_BYTES));
  }

  entry(i: number): IndexEntry {
    const at = this.at(i);
    const bip = this.buf.readInt32LE(at + 68);
    return {
      hash: displayHex(this.buf.subarray(at, at + 32)),
      prev_hash: displayHex(this.buf.subarray(at + 32, at + 64)),
      bits: this.buf.readUInt32LE(at + 64),
      bip34Height: bip < 0 ? null : bip,
      file: this.buf.readUInt32LE(at + 72),
      offset: this.buf.readUInt32LE(at + 76),
      size: this.buf.readUInt32LE(at + 80),
    };
  }

  hashHex(i: number): string {
    const at = this.at(i);
    return displayHex(this.buf.subarray(at, at + 32));
  }

  /** Entry number of a hash given in display-order hex, or −1. */
  indexOfHex(hashHex: string): number {
    if (!/^[0-9a-f]{64}$/.test(hashHex)) return -1;
    return this.find(Buffer.from(hashHex, 'hex').reverse(), 0);
  }

  /** Picks the best chain (see the module comment). */
  selectBest(): BestChainIndex {
    const n = this.n;
    const b = this.buf;
    const parent = new Int32Array(n);
    const childStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const p = this.find(b, i * ENTRY_BYTES + 32);
      parent[i] = p;
      if (p >= 0) childStart[p + 1] = (childStart[p + 1] as number) + 1;
    }
    for (let i = 0; i < n; i++) childStart[i + 1] = (childStart[i + 1] as number) + (childStart[i] as number);
    const children = new Int32Array(n);
    const fill = childStart.slice(0, n);
    for (let i = 0; i < n; i++) {
      const p = parent[i] as number;
      if (p < 0) continue;
      const slot = fill[p] as number;
      children[slot] = i;
      fill[p] = slot + 1;
    }
    // The root of each linked block's tree, so forks of the best chain (stale) are told apart from
    // blocks that share nothing with it (disconnected: e.g. a pruned node's stray old blocks).
    const rootOf = new Int32Array(n).fill(-1);
    const work = new Uint32Array(n * LIMBS);
    const workOf = workCache();
    const stack = new Int32Array(n);
    let top = 0;
    let orphans = 0;
    let linked = 0;
    const subtree = (root: number): number => {
      // Blocks in the tree under `root`, root included (iteratively: chains are deep).
      let count = 0;
      let t = 0;
      const s = [root];
      while (t < s.length) {
        const x = s[t++] as number;
        count++;
        for (let c = childStart[x] as number; c < (childStart[x + 1] as number); c++) s.push(children[c] as number);
      }
      return count;
    };
    for (let i = 0; i < n; i++) {
      if ((parent[i] as number) >= 0) continue;
      const bip = b.readInt32LE(i * ENTRY_BYTES + 68);
      const genesis = isZero(b, i * ENTRY_BYTES + 32);
      const w = workOf(b.readUInt32LE(i * ENTRY_BYTES + 64));
      if ((!genesis && bip < 0) || w === null) {
        orphans += subtree(i);
        continue;
      }
      rootOf[i] = i;
      work.set(w, i * LIMBS);
      stack[top++] = i;
    }
    let best = -1;
    while (top > 0) {
      const x = stack[--top] as number;
      linked++;
      if (best < 0 || compareLimbs(work, x, best) > 0 || (compareLimbs(work, x, best) === 0 && x < best)) best = x;
      for (let c = childStart[x] as number; c < (childStart[x + 1] as number); c++) {
        const y = children[c] as number;
        const w = workOf(b.readUInt32LE(y * ENTRY_BYTES + 64));
        if (w === null) {
          orphans += subtree(y);
          continue;
        }
        rootOf[y] = rootOf[x] as number;
        addLimbs(work, y, x, w);
        stack[top++] = y;
      }
    }
    let len = 0;
    for (let x = best; x >= 0; x = parent[x] as number) len++;
    const chain = new Int32Array(len);
    for (let x = best, k = len - 1; x >= 0; x = parent[x] as number, k--) chain[k] = x;
    let inBestTree = 0;
    if (best >= 0) for (let i = 0; i < n; i++) if (rootOf[i] === rootOf[best]) inBestTree++;
    return {
      chain,
      // The first block is a root: genesis (height 0) or its BIP34 height.
      firstHeight: len > 0 && !isZero(b, (chain[0] as number) * ENTRY_BYTES + 32) ? b.readInt32LE((chain[0] as number) * ENTRY_BYTES + 68) : 0,
      work: best < 0 ? 0n : limbsToBigInt(work, best),
      stale: inBestTree - len,
      disconnected: linked - inBestTree,
      orphans,
    };
  }

  private at(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.n) throw new RangeError(`no header entry ${i} (have ${this.n})`);
    return i * ENTRY_BYTES;
  }

  private reserve(count: number): void {
    if (count * ENTRY_BYTES > this.buf.length) {
      // ×1.5: a mainnet-length index grows in a few steps without doubling its peak.
      const next = Buffer.alloc(Math.max(count, Math.ceil((this.buf.length / ENTRY_BYTES) * 1.5)) * ENTRY_BYTES);
      this.buf.copy(next, 0, 0, this.n * ENTRY_BYTES);
      this.buf = next;
    }
    if (count * 2 > this.slots.length) {
      this.slots = new Int32Array(tableSize(count));
      for (let i = 0; i < this.n; i++) this.insertSlot(i);
    }
  }

  private insertSlot(i: number): void {
    const mask = this.slots.length - 1;
    let s = this.buf.readUInt32LE(i * ENTRY_BYTES) & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = i + 1;
  }

  /** Entry number whose hash equals the 32 bytes at `key[at]`, or −1. */
  private find(key: Uint8Array, at: number): number {
    const mask = this.slots.length - 1;
    // Hash bytes are uniformly random in internal order's first bytes: a fine table hash.
    let s = ((key[at] as number) | ((key[at + 1] as number) << 8) | ((key[at + 2] as number) << 16) | ((key[at + 3] as number) << 24)) & mask;
    for (;;) {
      const e = this.slots[s] as number;
      if (e === 0) return -1;
      if (this.sameHash(e - 1, key, at)) return e - 1;
      s = (s + 1) & mask;
    }
  }

  private sameHash(i: number, key: Uint8Array, at: number): boolean {
    const base = i * ENTRY_BYTES;
    for (let k = 0; k < 32; k++) if (this.buf[base + k] !== key[at + k]) return false;
    return true;
  }
}

function tableSize(count: number): number {
  let size = 1024;
  while (size < count * 2) size *= 2;
  return size;
}

function isZero(b: Uint8Array, at: number): boolean {
  for (let k = 0; k < 32; k++) if (b[at + k] !== 0) return false;
  return true;
}

/** Work per bits value as 8 little-endian 32-bit limbs (null for invalid bits); few distinct bits, so cached. */
function workCache(): (bits: number) => Uint32Array | null {
  const cache = new Map<number, Uint32Array | null>();
  return (bits) => {
    let w = cache.get(bits);
    if (w === undefined) {
      try {
        let v = workForBits(bits);
        w = new Uint32Array(LIMBS);
        for (let k = 0; k < LIMBS; k++, v >>= 32n) w[k] = Number(v & 0xffff_ffffn);
      } catch {
        w = null;
      }
      cache.set(bits, w);
    }
    return w;
  };
}

/** work[y] = work[x] + w (256-bit, little-endian limbs). */
function addLimbs(work: Uint32Array, y: number, x: number, w: Uint32Array): void {
  let carry = 0;
  for (let k = 0; k < LIMBS; k++) {
    const s = (work[x * LIMBS + k] as number) + (w[k] as number) + carry;
    work[y * LIMBS + k] = s >>> 0;
    carry = s > 0xffff_ffff ? 1 : 0;
  }
}

function compareLimbs(work: Uint32Array, a: number, b: number): number {
  for (let k = LIMBS - 1; k >= 0; k--) {
    const d = (work[a * LIMBS + k] as number) - (work[b * LIMBS + k] as number);
    if (d !== 0) return d;
  }
  return 0;
}

function limbsToBigInt(work: Uint32Array, i: number): bigint {
  let v = 0n;
  for (let k = LIMBS - 1; k >= 0; k--) v = (v << 32n) | BigInt(work[i * LIMBS + k] as number);
  return v;
}
