import { ValidationError } from '../errors.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitcoinjsBlocks, electrumCheckpoints } from '../../test/helpers/fixtures.js';
import {
  bitsToDifficulty,
  bitsToHex,
  bitsToTarget,
  cumulativeWork,
  decodeCompact,
  DIFF1_BITS,
  DIFF1_TARGET,
  difficultyDecimal,
  hashrateFromDifficulty,
  parseBitsHex,
  POW_LIMIT,
  targetToBits,
  targetToDifficulty,
  targetToHex,
  workForBits,
  workForTarget,
} from './difficulty.js';

describe('compact bits ↔ target', () => {
  it('difficulty 1 is the genesis target 0x00000000FFFF·2^208 (bits 1d00ffff)', () => {
    expect(bitsToTarget(DIFF1_BITS)).toBe(DIFF1_TARGET);
    expect(targetToHex(DIFF1_TARGET)).toBe('00000000ffff0000000000000000000000000000000000000000000000000000');
    expect(targetToBits(POW_LIMIT)).toBe(DIFF1_BITS);
    expect(bitsToDifficulty(DIFF1_BITS)).toBe(1);
  });

  // bitcoinjs-lib's block.json test fixture, "targets". bitcoinjs ignores the sign bit; Core (and
  // we) flag 1b80ffff and 0cffca00 as negative, so those two are checked through decodeCompact.
  it.each(bitcoinjsBlocks().targets)('bitcoinjs vector bits $bits → $expected', ({ bits, expected }) => {
    const b = parseBitsHex(bits);
    const d = decodeCompact(b);
    const masked = decodeCompact(b & ~0x00800000);
    expect(targetToHex(masked.target)).toBe(expected);
    if (d.negative) {
      expect(['1b80ffff', '0cffca00']).toContain(bitsToHex(b));
      expect(() => bitsToTarget(b)).toThrow(ValidationError);
    } else {
      expect(targetToHex(bitsToTarget(b))).toBe(expected);
    }
  });

  // Bitcoin Core's arith_uint256_tests.cpp, bignum_SetCompact (MIT): [bits, target hex, GetCompact, negative, overflow].
  const core: [number, string, number, boolean, boolean][] = [
    [0x00000000, '0', 0, false, false],
    [0x00123456, '0', 0, false, false],
    [0x01003456, '0', 0, false, false],
    [0x02000056, '0', 0, false, false],
    [0x03000000, '0', 0, false, false],
    [0x04000000, '0', 0, false, false],
    [0x00923456, '0', 0, false, false],
    [0x01803456, '0', 0, false, false],
    [0x02800056, '0', 0, false, false],
    [0x03800000, '0', 0, false, false],
    [0x04800000, '0', 0, false, false],
    [0x01123456, '12', 0x01120000, false, false],
    [0x01fedcba, '7e', 0x017e0000, true, false],
    [0x02123456, '1234', 0x02123400, false, false],
    [0x03123456, '123456', 0x03123456, false, false],
    [0x04123456, '12345600', 0x04123456, false, false],
    [0x04923456, '12345600', 0x04123456, true, false],
    [0x05009234, '92340000', 0x05009234, false, false],
    [0x20123456, '1234560000000000000000000000000000000000000000000000000000000000', 0x20123456, false, false],
  ];
  it.each(core)('Core SetCompact vector %s', (bits, hex, compact, negative, overflow) => {
    const d = decodeCompact(bits);
    expect(d.target).toBe(BigInt(`0x${hex}`));
    expect(d.negative).toBe(negative);
    expect(d.overflow).toBe(overflow);
    // GetCompact of the magnitude (Core re-encodes 0x7e as 0x01fe0000 only when asked for a negative).
    expect(targetToBits(d.target)).toBe(compact);
  });

  it('Core: 0x80 compacts to 0x02008000 (never sets the sign bit)', () => {
    expect(targetToBits(0x80n)).toBe(0x02008000);
  });

  it('Core: 0xff123456 overflows and is rejected', () => {
    expect(decodeCompact(0xff123456)).toMatchObject({ negative: false, overflow: true });
    expect(() => bitsToTarget(0xff123456)).toThrow(/overflows/);
  });

  // Values ≥ 2^256 overflow: exponent 34 allows a 1-byte mantissa, 33 two bytes, 32 three.
  it.each([0x22000100, 0x2200ffff, 0x21010000, 0x23000001])('overflow edge %s', (bits) => {
    expect(decodeCompact(bits).overflow).toBe(true);
  });
  it.each([0x22000001, 0x220000ff, 0x2100ffff, 0x207fffff])('largest non-overflowing forms %s', (bits) => {
    expect(decodeCompact(bits).overflow).toBe(false);
    expect(bitsToTarget(bits) < 1n << 256n).toBe(true);
  });

  it('rejects zero targets and malformed hex', () => {
    expect(() => bitsToTarget(0x1d000000)).toThrow(/zero/);
    expect(() => parseBitsHex('xyz')).toThrow(ValidationError);
    expect(() => parseBitsHex('1d00ffff00')).toThrow(ValidationError);
    expect(parseBitsHex('0x1D00FFFF')).toBe(DIFF1_BITS);
  });

  // Electrum checkpoints (spesmilo/electrum, MIT): 473 real period targets, all exact bit expansions.
  const checkpoints = electrumCheckpoints();
  it('reads all 473 Electrum checkpoints', () => {
    expect(checkpoints).toHaveLength(473);
  });
  it('every Electrum target round-trips exactly through compact bits', () => {
    for (const c of checkpoints) {
      const bits = targetToBits(c.target);
      expect(bitsToTarget(bits)).toBe(c.target);
    }
  });
  it('Electrum last checkpoint (period 473, from height 953,568) has bits 170240c3', () => {
    expect(bitsToHex(targetToBits(checkpoints[472]?.target ?? 0n))).toBe('170240c3');
  });
});

describe('difficulty', () => {
  it('bits 1b0404cb → 16,307.420938523983 (the Bitcoin wiki "Difficulty" example)', () => {
    expect(bitsToDifficulty(0x1b0404cb)).toBeCloseTo(16307.420938523983, 9);
    expect(difficultyDecimal(bitsToTarget(0x1b0404cb), 12)).toBe('16307.420938523983');
  });

  it('exact decimal rounds half up and handles places = 0', () => {
    expect(difficultyDecimal(DIFF1_TARGET, 0)).toBe('1');
    expect(difficultyDecimal(DIFF1_TARGET * 3n, 6)).toBe('0.333333');
    expect(difficultyDecimal(DIFF1_TARGET * 3n, 0)).toBe('0');
    expect(difficultyDecimal((DIFF1_TARGET * 2n) / 3n, 1)).toBe('1.5');
  });

  it('period 416 (halving 840,000; bits 17034219) is 86.39 T', () => {
    expect(bitsToDifficulty(0x17034219) / 1e12).toBeCloseTo(86.388558925171, 9);
  });

  it('property: difficulty is monotone decreasing in target', () => {
    const target = fc.bigInt({ min: 1n, max: (1n << 256n) - 1n });
    fc.assert(
      fc.property(target, target, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return targetToDifficulty(lo) >= targetToDifficulty(hi);
      }),
    );
  });

  it('property: bits → target → bits round-trips on normalized encodings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 255n) - 1n }), (t) => {
        const bits = targetToBits(t);
        const back = bitsToTarget(bits);
        return targetToBits(back) === bits && back <= t && decodeCompact(bits).negative === false;
      }),
    );
  });
});

describe('work and hashrate', () => {
  it('genesis work is 0x100010001 (Core chainwork of block 0); two such blocks 0x200020002', () => {
    expect(workForBits(DIFF1_BITS)).toBe(0x100010001n);
    expect(cumulativeWork([DIFF1_BITS, DIFF1_BITS])).toBe(0x200020002n);
  });

  it('property: lower target → at least as much work', () => {
    const target = fc.bigInt({ min: 1n, max: (1n << 256n) - 2n });
    fc.assert(fc.property(target, (t) => workForTarget(t) >= workForTarget(t + 1n)));
  });

  it('difficulty 1 implies 2^32/600 H/s; 86.39 T implies ≈ 618 EH/s', () => {
    expect(hashrateFromDifficulty(1).hashrate_hs).toBeCloseTo(7_158_278.826666, 5);
    expect(hashrateFromDifficulty(bitsToDifficulty(0x17034219)).network_hashrate_ehs).toBeCloseTo(618.3933922, 7); // D · 2³² / 600 / 10¹⁸
    expect(hashrateFromDifficulty(1, 300).hashrate_hs).toBeCloseTo(2 ** 32 / 300, 6);
    expect(() => hashrateFromDifficulty(0)).toThrow(ValidationError);
  });
});
