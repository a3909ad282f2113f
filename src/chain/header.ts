/**
 * The 80-byte block header: parse, serialise, hash and check proof of work.
 *
 * Layout (little-endian integers; hashes in internal byte order):
 *   offset 0  version     int32
 *   offset 4  prev hash   32 bytes
 *   offset 36 merkle root 32 bytes
 *   offset 68 time        uint32 (unix seconds, miner-set)
 *   offset 72 bits        uint32 (compact target)
 *   offset 76 nonce       uint32
 * Block hash = SHA-256(SHA-256(header)); people and explorers print it byte-reversed
 * ("display order"), which is also the order in which it reads as a 256-bit number ≤ target.
 */
import { hash } from 'node:crypto';
import { ParseError } from '../errors.js';
import { decodeCompact, POW_LIMIT } from './difficulty.js';

export const HEADER_BYTES = 80;

export interface BlockHeader {
  version: number;
  /** Previous block hash, display (big-endian) hex; all zeros for genesis. */
  prev_hash: string;
  /** Merkle root, display (big-endian) hex. */
  merkle_root: string;
  time_unix_s: number;
  /** Compact target. */
  bits: number;
  nonce: number;
  /** Double SHA-256 of the 80 bytes, display hex. */
  hash: string;
}

/** Hex of `bytes` reversed: internal byte order → display order. */
export function reversedHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).reverse().toString('hex');
}

/** SHA-256 applied twice (Bitcoin's hash256). */
export function hash256(bytes: Uint8Array): Buffer {
  // One-shot crypto.hash: no Hash object per call (block-file scans hash every header).
  return hash('sha256', hash('sha256', bytes, 'buffer'), 'buffer');
}

/**
 * Parses the header at `offset` of `bytes` (default 0). Extra bytes after it (the transactions)
 * are ignored. Throws ParseError at the offset where the data ends when fewer than 80 bytes remain.
 */
export function parseHeader(bytes: Uint8Array, offset = 0, source?: string): BlockHeader {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number ≥ 0, got ${offset}`);
  const available = bytes.length - offset;
  if (available < HEADER_BYTES) {
    // The offset reported is where the data ran out (the first missing byte).
    throw new ParseError(`block header at byte ${offset} needs ${HEADER_BYTES} bytes, only ${Math.max(available, 0)} remain`, {
      offset: Math.max(offset, bytes.length),
      source,
    });
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset + offset, HEADER_BYTES);
  return {
    version: buf.readInt32LE(0),
    prev_hash: reversedHex(buf.subarray(4, 36)),
    merkle_root: reversedHex(buf.subarray(36, 68)),
    time_unix_s: buf.readUInt32LE(68),
    bits: buf.readUInt32LE(72),
    nonce: buf.readUInt32LE(76),
    hash: reversedHex(hash256(buf)),
  };
}

/**
 * Parses a header from hex (at least 160 hex digits; a whole block's hex is fine). ParseError
 * names the byte offset of the first character that is not hex, or of the missing bytes.
 */
export function parseHeaderHex(hex: string, source?: string): BlockHeader {
  const text = hex.slice(0, HEADER_BYTES * 2);
  const bad = /[^0-9a-fA-F]/.exec(text);
  if (bad) throw new ParseError(`"${bad[0]}" is not a hex digit`, { offset: Math.floor(bad.index / 2), source });
  if (text.length % 2 === 1) throw new ParseError('odd number of hex digits', { offset: Math.floor(text.length / 2), source });
  return parseHeader(Buffer.from(text, 'hex'), 0, source);
}

function hashBytes(displayHex: string, field: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(displayHex)) throw new RangeError(`${field} must be 64 hex digits, got "${displayHex}"`);
  return Buffer.from(displayHex, 'hex').reverse();
}

/** The 80 serialised bytes of a header (inverse of parseHeader; `hash` is not read). */
export function serializeHeader(h: Omit<BlockHeader, 'hash'>): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES);
  buf.writeInt32LE(h.version, 0);
  hashBytes(h.prev_hash, 'prev_hash').copy(buf, 4);
  hashBytes(h.merkle_root, 'merkle_root').copy(buf, 36);
  buf.writeUInt32LE(h.time_unix_s, 68);
  buf.writeUInt32LE(h.bits, 72);
  buf.writeUInt32LE(h.nonce, 76);
  return buf;
}

export type PowCheck = { ok: true } | { ok: false; reason: 'negative-target' | 'overflow-target' | 'zero-target' | 'above-pow-limit' | 'hash-above-target' };

/**
 * Core's CheckProofOfWork: the bits must decode to a positive target within `powLimit` (mainnet
 * 2^224 − 1 by default) and the block hash, read as a 256-bit number, must not exceed it.
 */
export function checkProofOfWork(header: Pick<BlockHeader, 'hash' | 'bits'>, powLimit: bigint = POW_LIMIT): PowCheck {
  const d = decodeCompact(header.bits);
  if (d.negative) return { ok: false, reason: 'negative-target' };
  if (d.overflow) return { ok: false, reason: 'overflow-target' };
  if (d.target === 0n) return { ok: false, reason: 'zero-target' };
  if (d.target > powLimit) return { ok: false, reason: 'above-pow-limit' };
  if (BigInt(`0x${header.hash}`) > d.target) return { ok: false, reason: 'hash-above-target' };
  return { ok: true };
}
