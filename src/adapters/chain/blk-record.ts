/**
 * Bytes of one blk*.dat record, de-obfuscated and framed: the per-record helpers of the scanner
 * (blk-files.ts). The key of Core's xor.dat applies at absolute file offsets (blk-dir.ts), so every
 * helper takes the file offset of the bytes it is given.
 */
import { xorInPlace } from './blk-dir.js';

/** Largest record accepted: Core's MAX_BLOCK_SERIALIZED_SIZE (4,000,000 bytes). */
export const MAX_BLOCK_BYTES = 4_000_000;

/** Copy of `len` file bytes at `buf[start]` (file offset `fileOffset`), de-obfuscated (the rare paths: resync, a record header that is not a clean record). */
export function decoded(buf: Uint8Array, start: number, len: number, key: Uint8Array, fileOffset: number): Uint8Array {
  // new + set is a memcpy; Uint8Array.from(view) would walk the bytes one by one.
  const out = new Uint8Array(len);
  out.set(buf.subarray(start, start + len));
  xorInPlace(out, key, fileOffset);
  return out;
}

/** True when the raw (on-disk) bytes are all zero: pre-allocated space, not data. */
export function rawZero(buf: Uint8Array, start: number, len: number): boolean {
  for (let i = start; i < start + len; i++) if (buf[i] !== 0) return false;
  return true;
}

export function magicAt(buf: Uint8Array, at: number, magic: Uint8Array): boolean {
  return buf[at] === magic[0] && buf[at + 1] === magic[1] && buf[at + 2] === magic[2] && buf[at + 3] === magic[3];
}

export function u32At(buf: Uint8Array, at: number): number {
  return ((buf[at] as number) | ((buf[at + 1] as number) << 8) | ((buf[at + 2] as number) << 16)) + (buf[at + 3] as number) * 0x1_000000;
}

/**
 * Where de-obfuscated record bytes go: one buffer for the whole scan (grown when a record needs
 * more), so decoding a record allocates nothing; with an all-zero key no copy is made at all.
 */
export interface Scratch {
  bytes: Uint8Array;
  words: Uint32Array;
  zeroKey: boolean;
  key: Uint8Array;
  /** The key rotated to an offset, and the same 8 bytes as two words in the host's byte order. */
  rot: Uint8Array;
  rotWords: Uint32Array;
}

export function newScratch(key: Uint8Array, bytes = 2048): Scratch {
  const buf = new Uint8Array((bytes + 15) & ~7);
  const rot = new Uint8Array(8);
  return { bytes: buf, words: new Uint32Array(buf.buffer), zeroKey: key.every((b) => b === 0), key, rot, rotWords: new Uint32Array(rot.buffer) };
}

/**
 * The `len` file bytes at `buf[start]` (file offset `fileOffset`), de-obfuscated: a view of `buf`
 * itself when the key is zero, else of the scratch buffer, valid until the next call.
 */
export function decodedInto(s: Scratch, buf: Uint8Array, start: number, len: number, fileOffset: number): Uint8Array {
  if (s.zeroKey) return buf.subarray(start, start + len);
  if (s.bytes.length < len + 8) {
    s.bytes = new Uint8Array((Math.max(len + 8, 2 * s.bytes.length) + 7) & ~7);
    s.words = new Uint32Array(s.bytes.buffer);
  }
  s.bytes.set(buf.subarray(start, start + len));
  // XOR whole words of the key rotated to this offset (a few bytes past `len` are scratch garbage, never read).
  for (let j = 0; j < 8; j++) s.rot[j] = s.key[(fileOffset + j) & 7] as number;
  const k0 = s.rotWords[0] as number;
  const k1 = s.rotWords[1] as number;
  const w = s.words;
  for (let i = 0, n = ((len + 7) >>> 3) << 1; i < n; i += 2) {
    w[i] = (w[i] as number) ^ k0;
    w[i + 1] = (w[i + 1] as number) ^ k1;
  }
  return s.bytes.subarray(0, len);
}

/** De-obfuscates `len` bytes at `buf[start]` in place (a buffer the scan owns: a whole block read once more). */
export function decodeOwned(buf: Buffer, start: number, len: number, key: Uint8Array, fileOffset: number): Uint8Array {
  const view = buf.subarray(start, start + len);
  xorInPlace(view, key, fileOffset);
  return view;
}

/**
 * Block bytes of the record at `pos` when its raw 8-byte header at `raw[at]` is a clean record (not
 * zeros, the magic, a block size, the block inside the file of `c.size` bytes), else −1 and the
 * scanner's slower path decides (padding, truncation, garbage).
 * The common case, decided without a copy, an allocation or an await.
 */
export function recordSize(c: { size: number; key: Uint8Array; magic: Uint8Array }, raw: Uint8Array, at: number, pos: number): number {
  if (pos + 8 > c.size || at < 0 || at + 8 > raw.length) return -1;
  const k = c.key;
  const m = c.magic;
  const b0 = raw[at] as number;
  const b1 = raw[at + 1] as number;
  const b2 = raw[at + 2] as number;
  const b3 = raw[at + 3] as number;
  const b4 = raw[at + 4] as number;
  const b5 = raw[at + 5] as number;
  const b6 = raw[at + 6] as number;
  const b7 = raw[at + 7] as number;
  if ((b0 | b1 | b2 | b3 | b4 | b5 | b6 | b7) === 0) return -1;
  if (
    (b0 ^ (k[pos & 7] as number)) !== m[0] ||
    (b1 ^ (k[(pos + 1) & 7] as number)) !== m[1] ||
    (b2 ^ (k[(pos + 2) & 7] as number)) !== m[2] ||
    (b3 ^ (k[(pos + 3) & 7] as number)) !== m[3]
  )
    return -1;
  const size =
    ((b4 ^ (k[(pos + 4) & 7] as number)) | ((b5 ^ (k[(pos + 5) & 7] as number)) << 8) | ((b6 ^ (k[(pos + 6) & 7] as number)) << 16)) +
    (b7 ^ (k[(pos + 7) & 7] as number)) * 0x1_000000;
  return size >= 81 && size <= MAX_BLOCK_BYTES && pos + 8 + size <= c.size ? size : -1;
}
