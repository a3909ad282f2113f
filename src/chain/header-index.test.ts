import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTRY_BYTES, HeaderIndex, packedWithoutFiles } from './header-index.js';
import { workForBits } from './difficulty.js';
import { hash256 } from './header.js';

/** A 32-byte internal-order hash standing for block `n` (n = −1: the all-zero genesis parent). */
const h = (n: number): Uint8Array => (n < 0 ? new Uint8Array(32) : hash256(Uint8Array.of(n & 0xff, n >> 8)));

interface Spec {
  id: number;
  parent: number;
  bits: number;
  bip34: number | null;
}

/** Straightforward reference: Maps and bigints, as the rule reads (most work, first seen on ties). */
function reference(specs: Spec[]): { tip: number | null; length: number; work: bigint; orphans: number; disconnected: number } {
  const first = new Map<number, { s: Spec; order: number }>();
  specs.forEach((s, order) => first.has(s.id) || first.set(s.id, { s, order }));
  const valid = (bits: number): bigint | null => {
    try {
      return workForBits(bits);
    } catch {
      return null;
    }
  };
  const memo = new Map<number, { work: bigint; len: number; root: number } | null>();
  const walk = (id: number): { work: bigint; len: number; root: number } | null => {
    if (memo.has(id)) return memo.get(id) ?? null;
    const { s } = first.get(id) as { s: Spec };
    const w = valid(s.bits);
    let r: { work: bigint; len: number; root: number } | null = null;
    if (w !== null) {
      if (first.has(s.parent)) {
        const p = walk(s.parent);
        r = p ? { work: p.work + w, len: p.len + 1, root: p.root } : null;
      } else if (s.parent === -1 || s.bip34 !== null) r = { work: w, len: 1, root: id };
    }
    memo.set(id, r);
    return r;
  };
  let tip: number | null = null;
  let best: { work: bigint; len: number; root: number; order: number } | null = null;
  let orphans = 0;
  for (const [id, { order }] of first) {
    const r = walk(id);
    if (!r) orphans++;
    else if (!best || r.work > best.work || (r.work === best.work && order < best.order)) {
      best = { ...r, order };
      tip = id;
    }
  }
  let disconnected = 0;
  for (const id of first.keys()) {
    const r = walk(id);
    if (r && best && r.root !== best.root) disconnected++;
  }
  return { tip, length: best?.len ?? 0, work: best?.work ?? 0n, orphans, disconnected };
}

function build(specs: Spec[]): HeaderIndex {
  const idx = new HeaderIndex(4);
  specs.forEach((s, i) => idx.add(h(s.id), h(s.parent), s.bits, s.bip34, 0, i * 100, 90));
  return idx;
}

describe('HeaderIndex', () => {
  it('picks the same best chain as the plain reference on random forests (any order, duplicates, bad bits)', () => {
    const bitsChoice = fc.constantFrom(0x207fffff, 0x1d00ffff, 0x1b0404cb, 0x01803456 /* negative: invalid */);
    const specs = fc
      .array(fc.record({ parentBack: fc.nat(6), bits: bitsChoice, root: fc.constantFrom('genesis', 'bip34', 'none') }), { minLength: 1, maxLength: 60 })
      .chain((raw) =>
        fc.shuffledSubarray(
          raw.map((r, id): Spec => ({
            id,
            // Parents come before children in id; roots point at an unknown block or at genesis.
            parent: id - 1 - r.parentBack >= 0 && r.root === 'none' ? id - 1 - r.parentBack : r.root === 'genesis' ? -1 : 10_000 + id,
            bits: r.bits,
            bip34: r.root === 'bip34' ? 5 : null,
          })),
          { minLength: raw.length, maxLength: raw.length },
        ),
      );
    fc.assert(
      fc.property(specs, fc.nat(5), (list, dupes) => {
        const withDupes = [...list, ...list.slice(0, dupes)];
        const idx = build(withDupes);
        const best = idx.selectBest();
        const ref = reference(withDupes);
        expect(idx.duplicates).toBe(Math.min(dupes, list.length));
        expect(best.chain.length).toBe(ref.length);
        expect(best.work).toBe(ref.work);
        expect(best.orphans).toBe(ref.orphans);
        if (ref.tip !== null) expect(idx.hashHex(best.chain[best.chain.length - 1] as number)).toBe(Buffer.from(h(ref.tip)).reverse().toString('hex'));
        expect(best.disconnected).toBe(ref.disconnected);
        expect(best.stale).toBe(list.length - ref.orphans - ref.length - ref.disconnected);
      }),
      { numRuns: 300 },
    );
  });

  it('ties go to the tip seen first; a pruned root starts at its BIP34 height', () => {
    const specs: Spec[] = [
      { id: 1, parent: 999, bits: 0x207fffff, bip34: 500 },
      { id: 3, parent: 1, bits: 0x207fffff, bip34: null },
      { id: 2, parent: 1, bits: 0x207fffff, bip34: null },
    ];
    const best = build(specs).selectBest();
    expect(best).toMatchObject({ firstHeight: 500, stale: 1, disconnected: 0, orphans: 0, work: 4n });
    expect([...best.chain]).toEqual([0, 1]);
  });

  it('ties between branches go to the tip seen first whatever order the branches are walked in', () => {
    // Entries 0–4: root 10, its children 11 and 12, then 13 on 12 and 14 on 11: tips 13 and 14 tie.
    const specs: Spec[] = [
      { id: 10, parent: -1, bits: 0x207fffff, bip34: null },
      { id: 11, parent: 10, bits: 0x207fffff, bip34: null },
      { id: 12, parent: 10, bits: 0x207fffff, bip34: null },
      { id: 13, parent: 12, bits: 0x207fffff, bip34: null },
      { id: 14, parent: 11, bits: 0x207fffff, bip34: null },
    ];
    expect(build(specs).selectBest()).toMatchObject({ chain: Int32Array.of(0, 2, 3), firstHeight: 0, stale: 2, work: 6n });
  });

  it('lists the best chain from its root when blocks were found child first', () => {
    const specs: Spec[] = [
      { id: 2, parent: 1, bits: 0x1d00ffff, bip34: null },
      { id: 1, parent: 801, bits: 0x1d00ffff, bip34: 800 },
    ];
    expect(build(specs).selectBest()).toMatchObject({ chain: Int32Array.of(1, 0), firstHeight: 800, work: 2n * 0x100010001n });
    const fromGenesis: Spec[] = [
      { id: 2, parent: 1, bits: 0x1d00ffff, bip34: null },
      { id: 1, parent: -1, bits: 0x1d00ffff, bip34: null },
    ];
    expect(build(fromGenesis).selectBest()).toMatchObject({ chain: Int32Array.of(1, 0), firstHeight: 0 });
  });

  it('adds cumulative work limb by limb exactly: limbs summing to 2^32 − 1 carry nothing', () => {
    // Work 0x1555…5 (bits 0x0300bfff) then 0xaaa…a (0x03017fff): every 32-bit limb sums to 0xffffffff.
    const specs: Spec[] = [
      { id: 1, parent: -1, bits: 0x0300bfff, bip34: null },
      { id: 2, parent: 1, bits: 0x03017fff, bip34: null },
    ];
    expect(workForBits(0x0300bfff) + workForBits(0x03017fff)).toBe((1n << 241n) - 1n);
    expect(build(specs).selectBest().work).toBe((1n << 241n) - 1n);
  });

  it('blocks sharing no block with the best chain are disconnected, not stale (a pruned node’s stray old blocks)', () => {
    const specs: Spec[] = [
      { id: 1, parent: 901, bits: 0x207fffff, bip34: 700 },
      { id: 2, parent: 1, bits: 0x207fffff, bip34: null },
      { id: 3, parent: 1, bits: 0x207fffff, bip34: null },
      { id: 4, parent: 2, bits: 0x207fffff, bip34: null },
      { id: 7, parent: 907, bits: 0x207fffff, bip34: 650 },
      { id: 8, parent: 908, bits: 0x207fffff, bip34: 651 },
    ];
    const best = build(specs).selectBest();
    expect(best).toMatchObject({ firstHeight: 700, stale: 1, disconnected: 2, orphans: 0 });
    expect(best.chain).toHaveLength(3);
  });

  it('packs entries and loads them back, same chain; file offsets beyond 32 bits are refused', () => {
    const specs: Spec[] = Array.from({ length: 50 }, (_, i) => ({ id: i, parent: i - 1, bits: 0x1d00ffff, bip34: i }));
    const a = build(specs);
    const packed = a.packed();
    expect(packed.length).toBe(50 * ENTRY_BYTES);
    const b = new HeaderIndex();
    b.addPacked(packed.subarray(0, 20 * ENTRY_BYTES));
    b.addPacked(packed.subarray(20 * ENTRY_BYTES));
    b.addPacked(packed.subarray(0, ENTRY_BYTES));
    expect(b.duplicates).toBe(1);
    expect(b.entry(49)).toEqual(a.entry(49));
    expect(b.entry(7)).toMatchObject({ bits: 0x1d00ffff, bip34Height: 7, offset: 700, size: 90 });
    expect(b.selectBest().work).toBe(50n * workForBits(0x1d00ffff));
    expect(b.indexOfHex(a.hashHex(33))).toBe(33);
    expect(() => b.add(h(777), h(1), 0x1d00ffff, null, 0, 2 ** 32, 1)).toThrow(RangeError);
  });
});

describe('packedWithoutFiles', () => {
  it('drops the entries of the given blk files and keeps the rest in scan order', () => {
    const idx = new HeaderIndex();
    const files = [0, 1, 0, 2, 1, 0];
    files.forEach((file, i) => idx.add(h(i), h(i - 1), 0x207fffff, i, file, 100 * i, 300));
    const kept = new HeaderIndex();
    kept.addPacked(packedWithoutFiles(idx.packed(), new Set([1])));
    expect(kept.count).toBe(4);
    expect([0, 1, 2, 3].map((i) => [kept.entry(i).file, kept.entry(i).offset])).toEqual([
      [0, 0],
      [0, 200],
      [2, 300],
      [0, 500],
    ]);
    expect(packedWithoutFiles(idx.packed(), new Set([0, 1, 2])).length).toBe(0);
    expect(packedWithoutFiles(idx.packed(), new Set([7])).length).toBe(files.length * ENTRY_BYTES);
  });
});
