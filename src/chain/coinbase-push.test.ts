/** pushedHeightAt (the scan's BIP34 reading without bigint) against the bigint definition: real pushes, 2^53, fuzz. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bip34Height, pushedHeightAt } from './coinbase.js';

/** The BIP34 reading as a script number with bigint arithmetic: the definition pushedHeightAt must match. */
function byDefinition(script: Uint8Array): number | null {
  const op = script[0];
  if (op === undefined) return null;
  if (op === 0x00) return 0;
  if (op >= 0x51 && op <= 0x60) return op - 0x50;
  if (op < 1 || op > 8 || script.length < 1 + op) return null;
  let n = 0n;
  for (let i = op; i >= 1; i--) n = (n << 8n) | BigInt(script[i] as number);
  if (n & (1n << BigInt(op * 8 - 1))) return null;
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(n);
}

describe('pushedHeightAt: the BIP34 push without bigint', () => {
  it('real pushes: 702,861 (03 8d b9 0a), 227,931 (03 5b 7a 03), OP_0, OP_16, a negative push', () => {
    expect(pushedHeightAt(Uint8Array.of(0x03, 0x8d, 0xb9, 0x0a, 0x2f), 0, 5)).toBe(702_861);
    expect(pushedHeightAt(Uint8Array.of(0x03, 0x5b, 0x7a, 0x03), 0, 4)).toBe(227_931);
    expect(pushedHeightAt(Uint8Array.of(0x00), 0, 1)).toBe(0);
    expect(pushedHeightAt(Uint8Array.of(0x60), 0, 1)).toBe(16);
    expect(pushedHeightAt(Uint8Array.of(0x01, 0x80), 0, 2)).toBe(-1);
    expect(pushedHeightAt(Uint8Array.of(0x03, 0x8d, 0xb9), 0, 3)).toBe(-1); // push runs past the script
    expect(pushedHeightAt(new Uint8Array(), 0, 0)).toBe(-1);
  });

  it('8-byte pushes around 2^53: exact below it, null from it on', () => {
    const push8 = (n: bigint) => Uint8Array.of(0x08, ...Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn)));
    expect(pushedHeightAt(push8(2n ** 53n - 1n), 0, 9)).toBe(Number.MAX_SAFE_INTEGER);
    expect(pushedHeightAt(push8(2n ** 53n), 0, 9)).toBe(-1);
  });

  it('matches the bigint definition on any script, at any offset (fuzz), and bip34Height keeps its push length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.nat(9), fc.uint8Array({ maxLength: 3 }), (script, op, pad) => {
        if (script.length > 0) script[0] = op % 2 === 0 ? 1 + (op % 8) : (script[0] as number);
        const inside = Uint8Array.from([...pad, ...script, 0xaa]);
        const want = byDefinition(script);
        expect(pushedHeightAt(inside, pad.length, script.length)).toBe(want ?? -1);
        expect(bip34Height(script)?.height ?? null).toBe(want);
      }),
      { numRuns: 3000 },
    );
    expect(bip34Height(Uint8Array.of(0x03, 0x8d, 0xb9, 0x0a))).toEqual({ height: 702_861, pushBytes: 4 });
    expect(bip34Height(Uint8Array.of(0x55))).toEqual({ height: 5, pushBytes: 1 });
  });
});
