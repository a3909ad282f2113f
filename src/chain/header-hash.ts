/**
 * Double SHA-256 (FIPS 180-4) of 80-byte block headers, in plain TypeScript with preallocated
 * state: three compressions (two for the 80-byte message, one for the 32-byte digest), no object
 * per call. A block-file scan hashes every header, and for inputs this small the fixed cost of a
 * call into node:crypto (two calls, two Buffers) outweighs the hashing itself; `hash256` in
 * header.ts stays the general one.
 */
import { HEADER_BYTES } from './header.js';

/** Round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
const K = Int32Array.of(
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
);

/** Initial hash value: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const IV = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);

/** One SHA-256 compression of the 16 words w[0..15] into `state` (w is expanded in place to 64 words). */
function compress(state: Int32Array, w: Int32Array): void {
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15] as number;
    const y = w[t - 2] as number;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    w[t] = ((w[t - 16] as number) + s0 + (w[t - 7] as number) + s1) | 0;
  }
  let a = state[0] as number;
  let b = state[1] as number;
  let c = state[2] as number;
  let d = state[3] as number;
  let e = state[4] as number;
  let f = state[5] as number;
  let g = state[6] as number;
  let h = state[7] as number;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + (K[t] as number) + (w[t] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = ((state[0] as number) + a) | 0;
  state[1] = ((state[1] as number) + b) | 0;
  state[2] = ((state[2] as number) + c) | 0;
  state[3] = ((state[3] as number) + d) | 0;
  state[4] = ((state[4] as number) + e) | 0;
  state[5] = ((state[5] as number) + f) | 0;
  state[6] = ((state[6] as number) + g) | 0;
  state[7] = ((state[7] as number) + h) | 0;
}

function wordBE(b: Uint8Array, i: number): number {
  return ((b[i] as number) << 24) | ((b[i + 1] as number) << 16) | ((b[i + 2] as number) << 8) | (b[i + 3] as number);
}

/**
 * Hashes headers one after another, reusing its buffers: `hash` returns a view that the next call
 * overwrites (copy what you keep). One hasher per scan, not shared between concurrent users.
 */
export class HeaderHasher {
  private readonly w = new Int32Array(64);
  private readonly state = new Int32Array(8);
  private readonly digest = new Uint8Array(32);
  private readonly digestWords = new DataView(this.digest.buffer);

  /** SHA-256(SHA-256(bytes[at .. at + 80))), internal byte order (as hash256 returns it). */
  hash(bytes: Uint8Array, at = 0): Uint8Array {
    if (!(at >= 0 && at + HEADER_BYTES <= bytes.length)) throw new RangeError(`a header needs ${HEADER_BYTES} bytes at ${at}, the input has ${bytes.length}`);
    const { w, state } = this;
    // First hash, block 1: header bytes 0–63.
    state.set(IV);
    for (let i = 0; i < 16; i++) w[i] = wordBE(bytes, at + 4 * i);
    compress(state, w);
    // Block 2: bytes 64–79, the 0x80 pad byte, zeros, the message length (640 bits).
    for (let i = 0; i < 4; i++) w[i] = wordBE(bytes, at + 64 + 4 * i);
    w[4] = 0x80000000;
    w.fill(0, 5, 15);
    w[15] = HEADER_BYTES * 8;
    compress(state, w);
    // Second hash: the 32-byte digest, padded, length 256 bits.
    w.set(state, 0);
    w[8] = 0x80000000;
    w.fill(0, 9, 15);
    w[15] = 256;
    state.set(IV);
    compress(state, w);
    for (let i = 0; i < 8; i++) this.digestWords.setInt32(4 * i, state[i] as number); // big-endian
    return this.digest;
  }
}

/**
 * SHA-256 of any bytes with the same compression: the scan never calls it (HeaderHasher is the
 * hot path); it lets the compression be checked against the standard's published vectors.
 */
export function sha256(bytes: Uint8Array): Uint8Array {
  // Message, the 0x80 byte, zeros to 56 mod 64, the bit length as a 64-bit big-endian number.
  const padded = new Uint8Array((((bytes.length + 8) >>> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const bits = bytes.length * 8;
  const end = padded.length;
  // Byte i of the bit length from the end: a Uint8Array keeps the integer part of bits / 256^i mod 256.
  for (let i = 0; i < 8; i++) padded[end - 1 - i] = bits / 256 ** i;
  const state = Int32Array.from(IV);
  const w = new Int32Array(64);
  for (let at = 0; at < end; at += 64) {
    for (let i = 0; i < 16; i++) w[i] = wordBE(padded, at + 4 * i);
    compress(state, w);
  }
  const out = new Uint8Array(32);
  const words = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) words.setInt32(4 * i, state[i] as number); // big-endian
  return out;
}
