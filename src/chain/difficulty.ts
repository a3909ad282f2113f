/**
 * Proof-of-work arithmetic: compact `bits` ↔ 256-bit target ↔ difficulty, work per block and the
 * network hashrate a difficulty implies. Targets are exact `bigint`s; only difficulty and hashrate
 * (ratios meant for people and economics) become floats.
 *
 * Compact form (Bitcoin Core `arith_uint256::SetCompact`/`GetCompact`): the top byte is a base-256
 * exponent E, the low 23 bits a mantissa M and bit 0x00800000 a sign:
 *   target = M · 256^(E−3)   (M shifted right by 8·(3−E) when E ≤ 3)
 * Consensus rejects a header whose bits decode as negative, zero, overflowing 256 bits, or above
 * the proof-of-work limit; `decodeCompact` reports those flags exactly as Core computes them.
 */
import { ValidationError } from '../errors.js';
import { hsToEhs } from '../units/hashrate.js';

/** Difficulty-1 target: 0x00000000FFFF · 2^208 (bits 0x1d00ffff), the genesis target. */
export const DIFF1_TARGET = 0xffffn << 208n;
export const DIFF1_BITS = 0x1d00ffff;
/** Mainnet proof-of-work limit (Core `powLimit`): 2^224 − 1. Compacts to 0x1d00ffff. */
export const POW_LIMIT = (1n << 224n) - 1n;
/** Core's powLimit on signet (bits 0x1e0377ae) and regtest (bits 0x207fffff). Testnets use mainnet's. */
export const POW_LIMIT_SIGNET = 0x0377aen << 216n;
export const POW_LIMIT_REGTEST = 0x7fffffn << 232n;
const TWO_256 = 1n << 256n;
/** Expected hashes per block at difficulty 1: 2^32 (more exactly 2^256 / (DIFF1_TARGET + 1) ≈ 2^32). */
export const HASHES_PER_DIFFICULTY = 2 ** 32;
/** Target block interval (s): ten minutes. */
export const TARGET_BLOCK_INTERVAL_S = 600;

export interface DecodedCompact {
  /** The magnitude decoded, truncated to 256 bits like Core's arith_uint256. */
  target: bigint;
  /** Sign bit set with a non-zero mantissa (Core's fNegative). */
  negative: boolean;
  /** The value does not fit in 256 bits (Core's fOverflow). */
  overflow: boolean;
}

function assertUint32(bits: number, field: string): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > 0xffffffff) {
    throw ValidationError.field(field, `must be an unsigned 32-bit integer, got ${bits}`);
  }
}

/** Decodes compact bits exactly as Core's SetCompact, including its negative/overflow flags. */
export function decodeCompact(bits: number): DecodedCompact {
  assertUint32(bits, 'bits');
  const size = bits >>> 24;
  let word = bits & 0x007fffff;
  let value: bigint;
  if (size <= 3) {
    word >>>= 8 * (3 - size);
    value = BigInt(word);
  } else {
    value = BigInt(word) << BigInt(8 * (size - 3));
  }
  const negative = word !== 0 && (bits & 0x00800000) !== 0;
  const overflow = word !== 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
  return { target: value & (TWO_256 - 1n), negative, overflow };
}

/**
 * Target (exact bigint) for compact `bits`. Throws a ValidationError (`bits`) for encodings consensus rejects
 * as targets: negative, overflowing, or zero (a zero target can never be met).
 */
export function bitsToTarget(bits: number): bigint {
  const d = decodeCompact(bits);
  if (d.negative) throw ValidationError.field('bits', `0x${bitsToHex(bits)} encodes a negative target`);
  if (d.overflow) throw ValidationError.field('bits', `0x${bitsToHex(bits)} overflows 256 bits`);
  if (d.target === 0n) throw ValidationError.field('bits', `0x${bitsToHex(bits)} encodes a zero target`);
  return d.target;
}

/**
 * Compact encoding of a non-negative target (Core's GetCompact): the normalized form, whose
 * mantissa never has the sign bit set. Precision beyond three significant bytes is dropped.
 */
export function targetToBits(target: bigint): number {
  if (target < 0n || target >= TWO_256) throw new RangeError(`target must be in [0, 2^256), got ${target}`);
  let size = target === 0n ? 0 : Math.ceil(target.toString(2).length / 8);
  // Three significant bytes; below three a negative shift count shifts left (BigInt >> −n is << n).
  let compact = Number(target >> BigInt(8 * (size - 3)));
  if (compact & 0x00800000) {
    compact >>>= 8;
    size += 1;
  }
  return ((size << 24) | compact) >>> 0;
}

/** Parses bits written as hex (`1d00ffff`, `0x17020f79`); a ValidationError (`bits`) unless 1–8 hex digits. */
export function parseBitsHex(text: string): number {
  const m = /^(?:0x)?([0-9a-fA-F]{1,8})$/.exec(text.trim());
  if (!m) throw ValidationError.field('bits', `must be 1–8 hex digits (e.g. 1d00ffff), got "${text}"`);
  return Number.parseInt(m[1] as string, 16);
}

/** Eight lowercase hex digits, e.g. `1d00ffff`. */
export function bitsToHex(bits: number): string {
  assertUint32(bits, 'bits');
  return bits.toString(16).padStart(8, '0');
}

/** 64 lowercase hex digits (big-endian), as block explorers and Electrum print targets. */
export function targetToHex(target: bigint): string {
  return target.toString(16).padStart(64, '0');
}

function assertTarget(target: bigint): void {
  if (target <= 0n || target >= TWO_256) throw new RangeError(`target must be in (0, 2^256), got ${target}`);
}

/** Difficulty = DIFF1_TARGET / target (dimensionless, float). 1 at the genesis target. */
export function targetToDifficulty(target: bigint): number {
  assertTarget(target);
  // Split into integer part and remainder so the float keeps full precision at any size.
  const q = DIFF1_TARGET / target;
  const r = DIFF1_TARGET % target;
  return Number(q) + Number((r << 64n) / target) / 2 ** 64;
}

export function bitsToDifficulty(bits: number): number {
  return targetToDifficulty(bitsToTarget(bits));
}

/**
 * Difficulty as an exact decimal string with `places` decimals, rounded half up:
 * round(DIFF1_TARGET · 10^places / target) / 10^places — for display and for comparing with tables.
 */
export function difficultyDecimal(target: bigint, places = 6): string {
  assertTarget(target);
  const scale = 10n ** BigInt(places);
  const scaled = (2n * DIFF1_TARGET * scale + target) / (2n * target);
  if (places === 0) return scaled.toString();
  const whole = scaled / scale;
  const frac = (scaled % scale).toString().padStart(places, '0');
  return `${whole}.${frac}`;
}

/**
 * Expected hashes to find a block at `target`: work = ⌊2^256 / (target + 1)⌋ (Core's GetBlockProof).
 * Chains are compared by the sum of this over their blocks (cumulative work), not by length.
 */
export function workForTarget(target: bigint): bigint {
  assertTarget(target);
  return TWO_256 / (target + 1n);
}

export function workForBits(bits: number): bigint {
  return workForTarget(bitsToTarget(bits));
}

/** Cumulative work (exact) of a sequence of blocks given their compact bits. */
export function cumulativeWork(bitsList: Iterable<number>): bigint {
  let total = 0n;
  for (const bits of bitsList) total += workForBits(bits);
  return total;
}

export interface ImpliedHashrate {
  /** Network hashrate (H/s) that finds one block per `block_interval_s` on average: D·2^32 / interval. */
  hashrate_hs: number;
  /** The same in EH/s (1e18 H/s), the unit shown to people. */
  network_hashrate_ehs: number;
}

/**
 * Network hashrate implied by difficulty: H = D · 2^32 / interval H/s, interval 600 s by default
 * (pass an observed mean interval for "implied by blocks found").
 */
export function hashrateFromDifficulty(difficulty: number, block_interval_s = TARGET_BLOCK_INTERVAL_S): ImpliedHashrate {
  if (!Number.isFinite(difficulty) || difficulty <= 0) throw ValidationError.field('difficulty', `must be > 0, got ${difficulty}`);
  if (!Number.isFinite(block_interval_s) || block_interval_s <= 0) {
    throw ValidationError.field('block_interval_s', `must be > 0, got ${block_interval_s}`);
  }
  const hashrate_hs = (difficulty * HASHES_PER_DIFFICULTY) / block_interval_s;
  return { hashrate_hs, network_hashrate_ehs: hsToEhs(hashrate_hs) };
}

/** True when a block hash (as a 256-bit number, display-order hex read big-endian) meets `target`. */
export function meetsTarget(hashHex: string, target: bigint): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(hashHex)) throw ValidationError.field('hash', `must be 64 hex digits, got "${hashHex}"`);
  return BigInt(`0x${hashHex}`) <= target;
}
