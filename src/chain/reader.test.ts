import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../errors.js';
import { ByteReader, encodeVarint, MAX_COMPACT_SIZE } from './reader.js';

const r = (...bytes: number[]): ByteReader => new ByteReader(Uint8Array.from(bytes), 1000);

describe('CompactSize (varint)', () => {
  it('reads each width at its boundaries', () => {
    expect(r(0x00).varint()).toBe(0);
    expect(r(0xfc).varint()).toBe(0xfc);
    expect(r(0xfd, 0xfd, 0x00).varint()).toBe(0xfd);
    expect(r(0xfd, 0xff, 0xff).varint()).toBe(0xffff);
    expect(r(0xfe, 0x00, 0x00, 0x01, 0x00).varint()).toBe(0x10000);
    expect(r(0xfe, 0x00, 0x00, 0x00, 0x02).varint()).toBe(MAX_COMPACT_SIZE);
    expect(r(0xff, 0, 0, 0, 0, 1, 0, 0, 0).varint('v', Number.MAX_SAFE_INTEGER)).toBe(2 ** 32);
  });

  it('rejects non-canonical encodings like Core, with the offset of the prefix byte', () => {
    for (const bytes of [
      [0xfd, 0xfc, 0x00],
      [0xfe, 0xff, 0xff, 0x00, 0x00],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0],
    ]) {
      const reader = new ByteReader(Uint8Array.from([0xaa, ...bytes]), 1000, 'blk00000.dat', 1);
      const err = (() => {
        try {
          reader.varint('count');
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).offset).toBe(1001);
    }
  });

  it('rejects sizes above MAX_SIZE (32 MiB) and truncated prefixes', () => {
    expect(() => r(0xfe, 0x01, 0x00, 0x00, 0x02).varint()).toThrow(ParseError);
    expect(() => r(0xff, 0, 0, 0, 0, 1, 0, 0, 0).varint()).toThrow(ParseError);
    expect(() => r(0xfd, 0x01).varint()).toThrow(ParseError);
    expect(() => r().varint()).toThrow(ParseError);
  });

  it('round-trips every canonical value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_COMPACT_SIZE }), (n) => {
        const enc = encodeVarint(n);
        const reader = new ByteReader(enc);
        expect(reader.varint()).toBe(n);
        expect(reader.remaining).toBe(0);
      }),
    );
  });

  it('reads little-endian integers', () => {
    expect(r(0x78, 0x56, 0x34, 0x12).u32le()).toBe(0x12345678);
    expect(r(0xff, 0xff, 0xff, 0xff).u32le()).toBe(0xffffffff);
    expect(r(0xff, 0xff, 0xff, 0xff).i32le()).toBe(-1);
    expect(r(0x00, 0xf2, 0x05, 0x2a, 0x01, 0x00, 0x00, 0x00).u64le()).toBe(5_000_000_000n);
  });
});
