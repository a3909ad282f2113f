import { describe, expect, it } from 'vitest';
import { DIFF1_BITS } from './difficulty.js';
import { hash256 } from './header.js';
import { ENTRY_BYTES, HeaderIndex } from './header-index.js';

/** Internal-order hash standing for block n; −1 is the all-zero genesis parent. */
const h = (n: number): Uint8Array => (n < 0 ? new Uint8Array(32) : hash256(Uint8Array.of(n & 0xff, (n >> 8) & 0xff, n >> 16)));
const display = (b: Uint8Array): string => Buffer.from(b).reverse().toString('hex');

describe('HeaderIndex entries', () => {
  it('stores every field of an entry and gives it back, hashes in display order', () => {
    const idx = new HeaderIndex(1);
    expect(idx.add(h(1), h(-1), DIFF1_BITS, null, 7, 0xffff_ffff, 285)).toBe(true);
    expect(idx.add(h(2), h(1), 0x1c00ffff, 840_000, 0, 0, 1)).toBe(true);
    expect(idx.count).toBe(2);
    expect(idx.entry(0)).toEqual({
      hash: display(h(1)),
      prev_hash: '00'.repeat(32),
      bits: DIFF1_BITS,
      bip34Height: null,
      file: 7,
      offset: 0xffff_ffff,
      size: 285,
    });
    expect(idx.entry(1)).toEqual({ hash: display(h(2)), prev_hash: display(h(1)), bits: 0x1c00ffff, bip34Height: 840_000, file: 0, offset: 0, size: 1 });
    expect(idx.hashHex(1)).toBe(display(h(2)));
    expect(idx.indexOfHex(display(h(2)))).toBe(1);
    expect(idx.indexOfHex(display(h(3)))).toBe(-1);
    expect(idx.indexOfHex(display(h(2)).toUpperCase())).toBe(-1); // lowercase display hex only
    expect(idx.indexOfHex(display(h(2)).slice(1))).toBe(-1);
    // 64 hex digits and nothing around them (Buffer.from would read both of these as h(2)).
    expect(idx.indexOfHex(display(h(2)) + '0')).toBe(-1);
    expect(idx.indexOfHex('00' + display(h(2)))).toBe(-1);
    // A height of 0 is a height, not "none".
    idx.add(h(3), h(2), DIFF1_BITS, 0, 0, 0, 0);
    expect(idx.entry(2).bip34Height).toBe(0);
    const again = new HeaderIndex();
    again.addPacked(idx.packed());
    expect([0, 1, 2].map((i) => again.entry(i).bip34Height)).toEqual([null, 840_000, 0]);
  });

  it('keeps the first copy of a hash and counts the others', () => {
    const idx = new HeaderIndex();
    expect(idx.add(h(1), h(-1), DIFF1_BITS, null, 0, 10, 1)).toBe(true);
    expect(idx.add(h(1), h(5), 0x1c00ffff, 3, 9, 20, 2)).toBe(false);
    expect([idx.count, idx.duplicates, idx.entry(0).offset]).toEqual([1, 1, 10]);
  });

  it('refuses offsets outside 32 bits and entries it does not have', () => {
    const idx = new HeaderIndex();
    for (const bad of [-1, 2 ** 32, 1.5]) expect(() => idx.add(h(9), h(-1), DIFF1_BITS, null, 0, bad, 1), String(bad)).toThrow(RangeError);
    expect(idx.count).toBe(0);
    idx.add(h(1), h(-1), DIFF1_BITS, null, 0, 0, 1);
    for (const bad of [-1, 1, 0.5]) {
      expect(() => idx.entry(bad), String(bad)).toThrow(RangeError);
      expect(() => idx.hashHex(bad), String(bad)).toThrow(RangeError);
    }
    // A partial entry of 84 bytes holds every field but the reserved one: refused, nothing added.
    for (const len of [ENTRY_BYTES + 1, ENTRY_BYTES + 84]) expect(() => idx.addPacked(new Uint8Array(len)), String(len)).toThrow(RangeError);
    expect(idx.count).toBe(1);
  });

  it('grows from a capacity of 1 to 5,000 entries, all found again, packed and reloaded whole', () => {
    const idx = new HeaderIndex(1);
    for (let i = 0; i < 5000; i++) idx.add(h(i), h(i - 1), DIFF1_BITS, i === 0 ? null : i, i % 3, i * 10, 200 + i);
    for (const i of [0, 1, 2, 1234, 4999]) expect(idx.indexOfHex(display(h(i))), String(i)).toBe(i);
    const best = idx.selectBest();
    expect([best.chain.length, best.firstHeight, best.stale, best.disconnected, best.orphans]).toEqual([5000, 0, 0, 0, 0]);
    const again = new HeaderIndex(2);
    again.addPacked(idx.packed());
    expect(again.count).toBe(5000);
    expect(again.entry(4999)).toEqual(idx.entry(4999));
    expect(again.entry(0).bip34Height).toBeNull();
    expect(again.packed(10, 12)).toEqual(idx.packed().subarray(10 * ENTRY_BYTES, 12 * ENTRY_BYTES));
    expect(again.selectBest().work).toBe(best.work);
  });

  it('a pruned chain starts at its first block’s BIP34 height; without one it is an orphan tree', () => {
    const idx = new HeaderIndex();
    idx.add(h(10), h(9), DIFF1_BITS, 500, 0, 0, 1); // parent 9 absent: starts at height 500
    idx.add(h(11), h(10), DIFF1_BITS, null, 0, 0, 1);
    idx.add(h(21), h(20), DIFF1_BITS, null, 0, 0, 1); // parent 20 absent, no height: orphan
    idx.add(h(22), h(21), DIFF1_BITS, null, 0, 0, 1);
    const best = idx.selectBest();
    expect([Array.from(best.chain), best.firstHeight, best.orphans, best.disconnected, best.stale]).toEqual([[0, 1], 500, 2, 0, 0]);
    expect(best.work).toBe(2n * 0x100010001n);
    const zero = new HeaderIndex();
    zero.add(h(30), h(29), DIFF1_BITS, 0, 0, 0, 1); // a pushed height of 0 is a height: starts a tree at 0
    expect(zero.selectBest()).toMatchObject({ firstHeight: 0, orphans: 0 });
    expect(zero.selectBest().chain).toEqual(Int32Array.of(0));
    expect(new HeaderIndex().selectBest()).toEqual({ chain: new Int32Array(0), firstHeight: 0, work: 0n, stale: 0, disconnected: 0, orphans: 0 });
  });
});

describe('HeaderIndex refusals', () => {
  it('an add refused for a field out of range leaves the index as it was: count, lookups and best chain', () => {
    const idx = new HeaderIndex(2);
    idx.add(h(1), h(-1), DIFF1_BITS, null, 0, 0, 1);
    // Hash and parent are written before the BIP34 height is found not to fit an int32.
    expect(() => idx.add(h(2), h(1), DIFF1_BITS, 2 ** 31, 0, 0, 1)).toThrow(RangeError);
    expect([idx.count, idx.indexOfHex(display(h(2)))]).toEqual([1, -1]);
    expect(idx.selectBest()).toEqual({ chain: Int32Array.of(0), firstHeight: 0, work: 0x100010001n, stale: 0, disconnected: 0, orphans: 0 });
  });
});
