/**
 * What linking a block into a chain needs — its hash, parent, bits and (where BIP34 is a rule) its
 * height — read per record of a block-file scan. The coinbase gets the same checks as
 * parseBlockPrefix (it must parse and be a coinbase), walked over the bytes with integer
 * arithmetic: no transaction objects, no bigint, no hex, a reused result. When the walk meets
 * anything it does not accept, the general parser (block.ts) reads the block again and throws its
 * exact ParseError, so errors and offsets are the general parser's.
 */
import { InternalError } from '../errors.js';
import { readCoinbase } from './block.js';
import { pushedHeightAt, trustedBip34Height, BIP34_HEIGHT } from './coinbase.js';
import { HEADER_BYTES } from './header.js';
import { HeaderHasher } from './header-hash.js';
import { MAX_COMPACT_SIZE } from './reader.js';

export interface LinkFacts {
  /** Block hash, internal byte order (32 bytes). */
  hash: Uint8Array;
  /** Previous block hash, internal byte order. */
  prev: Uint8Array;
  bits: number;
  /** BIP34 height pushed by the coinbase where BIP34 is a rule (trustedBip34Height), else null. */
  bip34Height: number | null;
}

/** Consensus: no amount above 21M BTC (Core's MAX_MONEY); exact as a double (< 2^53). */
const MAX_MONEY_SAT = 2_100_000_000_000_000;

/** Little-endian uint32 at `p`; bytes past the end read as 0 (never NaN), as the walk relies on. */
function u32(b: Uint8Array, p: number): number {
  return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
}

/**
 * Reads link facts block after block into one result object and one hash buffer: what `read`
 * returns is overwritten by the next call (copy what you keep). Not for concurrent use.
 */
export class LinkFactsReader {
  private readonly hasher = new HeaderHasher();
  private readonly facts: LinkFacts = { hash: new Uint8Array(32), prev: new Uint8Array(32), bits: 0, bip34Height: null };
  private b: Uint8Array = new Uint8Array(0);
  private p = 0;

  constructor(private readonly bip34ActivationHeight = BIP34_HEIGHT) {}

  /** Link facts of the block at `bytes[0]` (all of it, or a prefix holding header and coinbase). */
  read(bytes: Uint8Array, base = 0, source?: string): LinkFacts {
    const script = this.walkCoinbase(bytes);
    if (script === 0) {
      // The walk refuses exactly what the general parser refuses: that parser throws its ParseError.
      readCoinbase(bytes, base, source);
      throw new InternalError(`link facts: the coinbase walk refused a block the general parser accepts (offset ${base})`);
    }
    const h = pushedHeightAt(bytes, script, this.scriptLength);
    const f = this.facts;
    f.hash = this.hasher.hash(bytes, 0);
    f.prev.set(bytes.subarray(4, 36));
    f.bits = u32(bytes, 72);
    f.bip34Height = trustedBip34Height(u32(bytes, 0) | 0, h < 0 ? null : h, this.bip34ActivationHeight);
    return f;
  }

  /** Length of the scriptSig found by the last successful walkCoinbase. */
  private scriptLength = 0;

  /**
   * Checks transaction count and the first transaction as readCoinbase does (parseTransaction and
   * the coinbase test); returns the offset of the coinbase's scriptSig (past the header, so never
   * 0), or 0 for anything else. Fields are skipped without bounds checks: the position only grows,
   * so a block cut anywhere ends past the bytes, which the last test refuses; a CompactSize past
   * the end is refused where it is read (so no count runs on, and no length moves back).
   */
  private walkCoinbase(bytes: Uint8Array): number {
    const b = bytes;
    this.b = b;
    this.p = HEADER_BYTES;
    if (this.varint() <= 0) return 0; // transaction count
    this.p += 4; // version
    let segwit = false;
    // A zero input count is no coinbase, so a 0x00 here is the segwit marker or a refusal.
    if (b[this.p] === 0x00) {
      if (b[this.p + 1] !== 0x01) return 0;
      this.p += 2;
      segwit = true;
    }
    // A coinbase has exactly one input, with a null prevout; the general parser reports the others.
    if (this.varint() !== 1) return 0;
    for (let i = 0; i < 32; i++) if (b[this.p + i] !== 0) return 0;
    if (u32(b, this.p + 32) !== 0xffff_ffff) return 0;
    this.p += 36;
    const scriptLen = this.varint();
    if (scriptLen < 0) return 0;
    const script = this.p;
    this.p += scriptLen + 4; // scriptSig, sequence
    const nOut = this.varint();
    if (nOut < 0) return 0;
    for (let i = 0; i < nOut; i++) {
      if (u32(b, this.p + 4) * 0x1_0000_0000 + u32(b, this.p) > MAX_MONEY_SAT) return 0;
      this.p += 8;
      const n = this.varint();
      if (n < 0) return 0;
      this.p += n;
    }
    if (segwit) {
      const items = this.varint();
      if (items < 0) return 0;
      for (let j = 0; j < items; j++) {
        const n = this.varint();
        if (n < 0) return 0;
        this.p += n;
      }
    }
    this.p += 4; // locktime
    if (this.p > b.length) return 0;
    this.scriptLength = scriptLen;
    return script;
  }

  /** Core's CompactSize (canonical, ≤ MAX_COMPACT_SIZE) at the position, or −1 (also past the end). */
  private varint(): number {
    const b = this.b;
    const p = this.p;
    // Past the end `first` is undefined: no case matches, −1.
    const first = b[p] as number;
    if (first < 0xfd) {
      this.p = p + 1;
      return first;
    }
    if (first === 0xfd) {
      const v = (b[p + 1] as number) | ((b[p + 2] as number) << 8);
      if (v < 0xfd) return -1;
      this.p = p + 3;
      return v;
    }
    if (first === 0xfe) {
      const v = u32(b, p + 1);
      if (v <= 0xffff || v > MAX_COMPACT_SIZE) return -1;
      this.p = p + 5;
      return v;
    }
    return -1; // 0xff: canonical only above 2^32, beyond MAX_COMPACT_SIZE
  }
}

/** parseLinkFacts for one block: a fresh result, its own copies of the hashes. */
export function parseLinkFacts(bytes: Uint8Array, base = 0, source?: string, bip34ActivationHeight = BIP34_HEIGHT): LinkFacts {
  const f = new LinkFactsReader(bip34ActivationHeight).read(bytes, base, source);
  return { ...f, hash: Uint8Array.from(f.hash), prev: Uint8Array.from(f.prev) };
}
