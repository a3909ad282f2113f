/**
 * Bounds-checked little-endian reader over bytes from the chain (blocks, transactions). Every
 * failure is a ParseError carrying the absolute byte offset (`base` + position), so a bad block
 * file names the exact byte that broke the parse.
 */
import { ParseError } from '../errors.js';

/** Core's MAX_SIZE: no CompactSize in a serialized block or transaction may exceed 32 MiB. */
export const MAX_COMPACT_SIZE = 0x0200_0000;

export class ByteReader {
  /** Read position, relative to `bytes`. */
  pos: number;

  /**
   * @param bytes the buffer to read
   * @param base absolute offset of `bytes[0]` in its source (file offset), used in errors
   * @param source name of the source (a file name) for errors
   */
  constructor(
    readonly bytes: Uint8Array,
    readonly base = 0,
    readonly source?: string,
    pos = 0,
  ) {
    this.pos = pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Absolute offset of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }

  fail(message: string, at = this.pos): never {
    throw new ParseError(message, { offset: this.base + at, ...(this.source !== undefined ? { source: this.source } : {}) });
  }

  need(n: number, what: string): void {
    if (n > this.remaining) this.fail(`${what}: need ${n} bytes, only ${this.remaining} left`);
  }

  u8(what = 'byte'): number {
    this.need(1, what);
    return this.bytes[this.pos++] as number;
  }

  u16le(what = 'uint16'): number {
    this.need(2, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 2;
    return (b[p] as number) | ((b[p + 1] as number) << 8);
  }

  u32le(what = 'uint32'): number {
    this.need(4, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) + (b[p + 3] as number) * 0x1_000000;
  }

  i32le(what = 'int32'): number {
    return this.u32le(what) | 0;
  }

  u64le(what = 'uint64'): bigint {
    const lo = this.u32le(what);
    const hi = this.u32le(what);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A view (no copy) of the next `n` bytes. */
  bytesView(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(n: number, what = 'bytes'): void {
    this.need(n, what);
    this.pos += n;
  }

  /**
   * Core's CompactSize: < 0xfd is the value; 0xfd + uint16, 0xfe + uint32, 0xff + uint64.
   * Like Core, rejects non-canonical encodings (a wider form for a value that fits a narrower one)
   * and values above `max` (default MAX_SIZE, 32 MiB).
   */
  varint(what = 'varint', max = MAX_COMPACT_SIZE): number {
    const at = this.pos;
    const first = this.u8(what);
    let value: number;
    if (first < 0xfd) value = first;
    else if (first === 0xfd) {
      value = this.u16le(what);
      if (value < 0xfd) this.fail(`${what}: non-canonical CompactSize`, at);
    } else if (first === 0xfe) {
      value = this.u32le(what);
      if (value <= 0xffff) this.fail(`${what}: non-canonical CompactSize`, at);
    } else {
      const big = this.u64le(what);
      if (big <= 0xffff_ffffn) this.fail(`${what}: non-canonical CompactSize`, at);
      if (big > BigInt(max)) this.fail(`${what}: CompactSize ${big} exceeds ${max}`, at);
      value = Number(big);
    }
    if (value > max) this.fail(`${what}: CompactSize ${value} exceeds ${max}`, at);
    return value;
  }
}

/** Encodes a CompactSize (for tests and generated chains). */
export function encodeVarint(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint must be a whole number ≥ 0, got ${n}`);
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >>> 8);
  if (n <= 0xffff_ffff) return Uint8Array.of(0xfe, n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
  const out = new Uint8Array(9);
  out[0] = 0xff;
  new DataView(out.buffer).setBigUint64(1, BigInt(n), true);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function hexToBytes(hex: string, what = 'hex'): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new ParseError(`${what}: not an even-length hex string`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
