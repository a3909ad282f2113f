/**
 * checkProofOfWork (header.ts) for hashes still in bytes, as a scan meets them: the target of the
 * last `bits` seen is kept as eight 32-bit words (bits change once per 2,016 blocks), and the hash,
 * a little-endian 256-bit number in internal byte order, is compared with it word by word from the
 * most significant end. No hex string and no bigint per header; the same verdicts.
 */
import { decodeCompact } from './difficulty.js';
import { checkProofOfWork, type PowCheck } from './header.js';

const ZERO_HASH = '0'.repeat(64);

export type PowFailure = Exclude<PowCheck, { ok: true }>['reason'];

export class ProofOfWorkChecker {
  private bits = -1;
  /** Why `bits` itself fails (then every hash does), or null. */
  private bitsFailure: PowFailure | null = null;
  /** The target, least significant word first. */
  private readonly target = new Uint32Array(8);

  constructor(private readonly powLimit: bigint) {}

  /** Null when the header's proof of work holds, else checkProofOfWork's reason. */
  check(hashInternal: Uint8Array, bits: number): PowFailure | null {
    if (bits !== this.bits) this.setBits(bits);
    if (this.bitsFailure !== null) return this.bitsFailure;
    const h = hashInternal;
    for (let j = 7; j >= 0; j--) {
      const i = 4 * j;
      const word = ((h[i] as number) | ((h[i + 1] as number) << 8) | ((h[i + 2] as number) << 16) | ((h[i + 3] as number) << 24)) >>> 0;
      const t = this.target[j] as number;
      if (word !== t) return word < t ? null : 'hash-above-target';
    }
    return null;
  }

  private setBits(bits: number): void {
    // A zero hash meets every valid target, so what fails it is the bits alone.
    const verdict = checkProofOfWork({ hash: ZERO_HASH, bits }, this.powLimit);
    this.bitsFailure = verdict.ok ? null : verdict.reason;
    const target = verdict.ok ? decodeCompact(bits).target : 0n;
    for (let j = 0; j < 8; j++) this.target[j] = Number((target >> BigInt(32 * j)) & 0xffff_ffffn);
    this.bits = bits;
  }
}
