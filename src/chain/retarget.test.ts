import { ValidationError } from '../errors.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/helpers/catch-error.js';
import { bitsToTarget, DIFF1_BITS, POW_LIMIT } from './difficulty.js';
import {
  estimateRetarget,
  isRetargetHeight,
  MAX_TIMESPAN_S,
  MIN_TIMESPAN_S,
  nextWorkRequired,
  periodHeights,
  retargetPeriod,
  TARGET_TIMESPAN_S,
} from './retarget.js';

// Period 416 (heights 838,656–840,671, the 840,000 halving), bits 17034219.
const BITS_416 = 0x17034219;
const T0 = 1_712_783_853;

describe('retarget arithmetic (Core CalculateNextWorkRequired)', () => {
  it('an exact two-week period keeps the bits', () => {
    const r = nextWorkRequired({ bits: BITS_416, first_block_time_unix_s: T0, last_block_time_unix_s: T0 + TARGET_TIMESPAN_S });
    expect(r).toMatchObject({ bits: BITS_416, clamp: 'none', capped_at_pow_limit: false, actual_timespan_s: 1_209_600 });
    expect(r.difficulty_ratio).toBe(1);
  });

  it('edge: ¼ clamp — a period faster than 3.5 days raises difficulty by exactly ×4, no more', () => {
    for (const actual of [MIN_TIMESPAN_S, MIN_TIMESPAN_S - 1, 1, 0, -3600]) {
      const r = nextWorkRequired({ bits: BITS_416, first_block_time_unix_s: T0, last_block_time_unix_s: T0 + actual });
      expect(r.clamped_timespan_s).toBe(302_400);
      expect(r.clamp).toBe(actual < MIN_TIMESPAN_S ? 'min' : 'none');
      expect(r.target_unrounded).toBe(bitsToTarget(BITS_416) / 4n);
      // The new target is stored as compact bits (3-byte mantissa), so the ratio is 4 to ~1e-5, not exactly.
      expect(r.difficulty_ratio).toBeCloseTo(4, 4);
    }
  });

  it('edge: ×4 clamp — a period slower than 8 weeks lowers difficulty by exactly ÷4, no more', () => {
    for (const actual of [MAX_TIMESPAN_S, MAX_TIMESPAN_S + 1, 100 * TARGET_TIMESPAN_S]) {
      const r = nextWorkRequired({ bits: BITS_416, first_block_time_unix_s: T0, last_block_time_unix_s: T0 + actual });
      expect(r.clamped_timespan_s).toBe(4_838_400);
      expect(r.clamp).toBe(actual > MAX_TIMESPAN_S ? 'max' : 'none');
      expect(r.target).toBe(bitsToTarget(BITS_416) * 4n);
      expect(r.difficulty_ratio).toBe(0.25);
    }
  });

  it('edge: the new target is capped at the pow limit (compacts back to 1d00ffff)', () => {
    const r = nextWorkRequired({ bits: DIFF1_BITS, first_block_time_unix_s: T0, last_block_time_unix_s: T0 + 2 * TARGET_TIMESPAN_S });
    expect(r.target_unrounded > POW_LIMIT).toBe(true);
    expect(r).toMatchObject({ capped_at_pow_limit: true, bits: DIFF1_BITS, difficulty_ratio: 1 });
  });

  it('truncates to compact precision (⌊old·actual/expected⌋, then GetCompact)', () => {
    // One second short of two weeks: the unrounded target shrinks by 1/1,209,600, below the
    // compact mantissa's resolution (1/0x034219), so the compact value falls to the next step.
    const r = nextWorkRequired({ bits: BITS_416, first_block_time_unix_s: T0, last_block_time_unix_s: T0 + TARGET_TIMESPAN_S - 1 });
    expect(r.bits).toBe(0x17034218);
  });

  it('property: the new target lies within ¼..×4 of the old and grows with the timespan', () => {
    const bits = fc.integer({ min: 0x0100, max: 0x7fffff }).map((m) => (0x17 << 24) | m);
    const span = fc.integer({ min: -10 * TARGET_TIMESPAN_S, max: 10 * TARGET_TIMESPAN_S });
    fc.assert(
      fc.property(bits, span, span, (b, s1, s2) => {
        const old = bitsToTarget(b);
        const r1 = nextWorkRequired({ bits: b, first_block_time_unix_s: 0, last_block_time_unix_s: Math.min(s1, s2) });
        const r2 = nextWorkRequired({ bits: b, first_block_time_unix_s: 0, last_block_time_unix_s: Math.max(s1, s2) });
        return r1.target <= r2.target && r1.target_unrounded >= old / 4n && r2.target <= old * 4n;
      }),
    );
  });

  it('rejects non-integer times and bad bits', () => {
    expect(() => nextWorkRequired({ bits: BITS_416, first_block_time_unix_s: 0.5, last_block_time_unix_s: 1 })).toThrow(ValidationError);
    expect(() => nextWorkRequired({ bits: 0x1d80ffff, first_block_time_unix_s: 0, last_block_time_unix_s: 1 })).toThrow(/negative/);
  });
});

describe('periods and epoch boundaries', () => {
  it.each([
    [0, 0, false],
    [2015, 0, false],
    [2016, 1, true],
    [4031, 1, false],
    [4032, 2, true],
    [838_656, 416, true],
    [840_000, 416, false],
  ])('height %i is in period %i (retarget height: %s)', (h, p, r) => {
    expect(retargetPeriod(h)).toBe(p);
    expect(isRetargetHeight(h)).toBe(r);
  });
  it('period 416 spans 838,656–840,671', () => {
    expect(periodHeights(416)).toEqual({ start_height: 838_656, end_height: 840_671 });
    expect(() => retargetPeriod(-1)).toThrow(ValidationError);
    expect((catchError(() => isRetargetHeight(1.5)) as ValidationError).issues[0]?.path).toBe('height');
    expect((catchError(() => periodHeights(-1)) as ValidationError).issues[0]?.path).toBe('period');
  });
});

describe('estimateRetarget (pace so far → projected adjustment)', () => {
  // Period 462 (heights 931,392–933,407, bits from data/difficulty_epochs.csv), first block
  // 2026-01-08T08:05:43Z and last block 933,407 at 1,769,110,170 (Bitcoin Core getblockstats).
  const bits462 = 0x1701ebf2;
  it('at the last block of the period it equals the real retarget (period 463 bits 1701fca1)', () => {
    const e = estimateRetarget({
      bits: bits462,
      period_start_height: 931_392,
      period_start_time_unix_s: 1_767_859_543,
      tip_height: 933_407,
      tip_time_unix_s: 1_769_110_170,
    });
    expect(e).toMatchObject({ retarget_height: 933_408, blocks_remaining: 1, projected_timespan_s: 1_250_627 });
    expect(e.result.bits).toBe(0x1701fca1);
    expect(e.result).toEqual(nextWorkRequired({ bits: bits462, first_block_time_unix_s: 1_767_859_543, last_block_time_unix_s: 1_769_110_170 }));
  });
  it('half-way at exactly 600 s per block projects an unchanged target (2,015 intervals: ratio ≈ 1.0005)', () => {
    const e = estimateRetarget({ bits: bits462, period_start_height: 931_392, period_start_time_unix_s: 0, tip_height: 932_400, tip_time_unix_s: 1008 * 600 });
    expect(e.observed_interval_s).toBe(600);
    expect(e.projected_timespan_s).toBe(2015 * 600);
    // Up to the compact-bits rounding of the new target (~1e-5 relative).
    expect(e.result.difficulty_ratio).toBeCloseTo(TARGET_TIMESPAN_S / (2015 * 600), 4);
  });
  it('rejects a tip outside the period', () => {
    const base = { bits: bits462, period_start_height: 931_392, period_start_time_unix_s: 0, tip_time_unix_s: 600 };
    expect(() => estimateRetarget({ ...base, tip_height: 931_392 })).toThrow(ValidationError);
    expect(() => estimateRetarget({ ...base, tip_height: 933_408 })).toThrow(ValidationError);
    expect(() => estimateRetarget({ ...base, period_start_height: 931_393, tip_height: 931_400 })).toThrow(ValidationError);
  });
});
