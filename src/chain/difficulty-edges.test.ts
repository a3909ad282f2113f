import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import {
  bitsToHex,
  bitsToTarget,
  decodeCompact,
  DIFF1_BITS,
  DIFF1_TARGET,
  difficultyDecimal,
  hashrateFromDifficulty,
  meetsTarget,
  parseBitsHex,
  targetToBits,
  targetToDifficulty,
  workForTarget,
} from './difficulty.js';

const TWO_256 = 1n << 256n;
const pathOf = (fn: () => unknown): string | undefined => (catchAppError(fn) as ValidationError).issues[0]?.path;

describe('compact bits: the edges of the encoding', () => {
  it('refuses bits that are not an unsigned 32-bit integer, naming `bits`', () => {
    for (const bad of [-1, 2 ** 32, 1.5, NaN]) {
      expect(
        pathOf(() => decodeCompact(bad)),
        String(bad),
      ).toBe('bits');
      expect(
        pathOf(() => bitsToHex(bad)),
        String(bad),
      ).toBe('bits');
    }
    expect(bitsToHex(0xffffffff)).toBe('ffffffff');
    expect(bitsToHex(0)).toBe('00000000');
    expect(decodeCompact(0xffffffff)).toMatchObject({ negative: true, overflow: true });
  });

  it('names `bits` for negative, overflowing and zero targets', () => {
    expect(pathOf(() => bitsToTarget(0x04923456))).toBe('bits'); // negative
    expect(pathOf(() => bitsToTarget(0xff123456))).toBe('bits'); // overflow
    expect(pathOf(() => bitsToTarget(0x01003456))).toBe('bits'); // zero
  });

  it('a zero mantissa is neither negative nor an overflow, whatever the exponent', () => {
    expect(decodeCompact(0xff000000)).toEqual({ target: 0n, negative: false, overflow: false });
    expect(decodeCompact(0x23800000)).toEqual({ target: 0n, negative: false, overflow: false });
  });

  it('encodes targets of every size and refuses those outside [0, 2^256)', () => {
    expect(targetToBits(0n)).toBe(0);
    expect(targetToBits(1n)).toBe(0x01010000);
    expect(targetToBits(0xffffn)).toBe(0x0300ffff);
    expect(targetToBits(TWO_256 - 1n)).toBe(0x2100ffff); // 2^256 − 1 keeps 3 significant bytes
    expect(() => targetToBits(-1n)).toThrow(RangeError);
    expect(() => targetToBits(TWO_256)).toThrow(RangeError);
  });

  it('parses hex bits with or without 0x, around spaces, and names `bits` otherwise', () => {
    expect(parseBitsHex(' 1d00ffff ')).toBe(DIFF1_BITS);
    expect(parseBitsHex('ffff')).toBe(0xffff);
    for (const bad of ['', '0x', '1d00ffff1', 'g', '-1'])
      expect(
        pathOf(() => parseBitsHex(bad)),
        bad,
      ).toBe('bits');
  });
});

describe('difficulty, work and hashrate: the edges', () => {
  it('needs a target in (0, 2^256)', () => {
    for (const bad of [0n, -1n, TWO_256]) {
      expect(() => targetToDifficulty(bad), String(bad)).toThrow(RangeError);
      expect(() => difficultyDecimal(bad), String(bad)).toThrow(RangeError);
      expect(() => workForTarget(bad), String(bad)).toThrow(RangeError);
    }
    expect(targetToDifficulty(TWO_256 - 1n)).toBeCloseTo(Number(DIFF1_TARGET) / 2 ** 256, 20);
  });

  it('work = ⌊2^256 / (target + 1)⌋: target 1 needs 2^255 hashes, target 3 2^254', () => {
    expect(workForTarget(1n)).toBe(1n << 255n);
    expect(workForTarget(3n)).toBe(1n << 254n);
    expect(workForTarget(TWO_256 - 1n)).toBe(1n);
  });

  it('writes difficulty with the asked number of decimals, rounded half up', () => {
    expect(difficultyDecimal(DIFF1_TARGET)).toBe('1.000000');
    expect(difficultyDecimal(DIFF1_TARGET, 0)).toBe('1');
    expect(difficultyDecimal(DIFF1_TARGET * 3n, 4)).toBe('0.3333');
    expect(difficultyDecimal(DIFF1_TARGET * 3n, 0)).toBe('0');
    expect(difficultyDecimal((DIFF1_TARGET * 2n) / 3n, 2)).toBe('1.50');
    expect(difficultyDecimal(DIFF1_TARGET * 8n, 2)).toBe('0.13'); // 0.125 rounds up
  });

  it('needs a difficulty and an interval > 0, naming each', () => {
    for (const bad of [0, -1, NaN, Infinity]) {
      expect(
        pathOf(() => hashrateFromDifficulty(bad)),
        String(bad),
      ).toBe('difficulty');
      expect(
        pathOf(() => hashrateFromDifficulty(1, bad)),
        String(bad),
      ).toBe('block_interval_s');
    }
    expect(hashrateFromDifficulty(1, 1e-3).hashrate_hs).toBeCloseTo(2 ** 32 * 1000, 3);
  });

  it('a hash meets a target when it is at most the target (genesis block)', () => {
    const genesis = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';
    expect(meetsTarget(genesis, DIFF1_TARGET)).toBe(true);
    expect(meetsTarget(genesis.toUpperCase(), bitsToTarget(DIFF1_BITS))).toBe(true);
    const hash = BigInt(`0x${genesis}`);
    expect(meetsTarget(genesis, hash)).toBe(true);
    expect(meetsTarget(genesis, hash - 1n)).toBe(false);
    for (const bad of [genesis.slice(1), `${genesis}0`, `x${genesis.slice(1)}`, ` ${genesis.slice(1)}`])
      expect(pathOf(() => meetsTarget(bad, DIFF1_TARGET))).toBe('hash');
  });
});
