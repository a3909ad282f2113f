import { describe, expect, it } from 'vitest';
import { validationPathOf } from '../../test/helpers/catch-error.js';
import { emptyDailyRow, type DailyRow } from '../history/daily-row.js';
import { fixedFit } from '../../test/helpers/valuation-fixtures.js';
import type { MonthlyPoint } from './monthly.js';
import { heightAtEnd, startState } from './start.js';

/** Hand-made days (not real data): only the fields the start state reads. */
function day(date: string, o: { blocks?: number | null; difficulty?: number | null; price?: number | null } = {}): DailyRow {
  return {
    ...emptyDailyRow(date),
    blocks: o.blocks === undefined ? 144 : o.blocks,
    difficulty: o.difficulty === undefined ? 1.25e14 : o.difficulty,
    price_usd_per_btc: o.price === undefined ? 100_000 : o.price,
  };
}

function point(month: string, price: number, revenue: number, feeShare: number, feeDays: number, hashrate = 900): MonthlyPoint {
  return { month, price_usd_per_btc: price, hashrate_ehs: hashrate, revenue_usd_per_day: revenue, fee_share: feeShare, fee_days: feeDays };
}

describe('heightAtEnd', () => {
  it('840,000 plus every block from the 2024-04-20 halving day on, less one; missing days count 144', () => {
    const rows = [
      day('2024-04-19', { blocks: 1000 }), // before the halving: not counted
      day('2024-04-20', { blocks: 150 }),
      day('2024-04-21', { blocks: 140 }),
      // 2024-04-22 missing: 144
      day('2024-04-23', { blocks: null }), // blocks unknown: 144
      // 2024-04-24 and 2024-04-25 missing: 288
      day('2024-04-26', { blocks: 145 }),
      day('2024-04-27', { blocks: 150, difficulty: null }), // no difficulty: not the end, not counted
    ];
    // 150 + 140 + 144 + 144 + 288 + 145 = 1,011 blocks.
    expect(heightAtEnd(rows)).toEqual({ height: 841_010, date: '2024-04-26' });
  });

  it('a history that starts after the halving counts the days before its first row as 144 each', () => {
    // 2024-04-20 … 2024-04-29 missing (10 days), then 2024-04-30 with 100 blocks.
    expect(heightAtEnd([day('2024-04-30', { blocks: 100 })])).toEqual({ height: 840_000 + 1440 + 100 - 1, date: '2024-04-30' });
    // On the halving day itself: just its blocks.
    expect(heightAtEnd([day('2024-04-20', { blocks: 7 })])).toEqual({ height: 840_006, date: '2024-04-20' });
  });

  it('null when no day with a difficulty reaches the halving', () => {
    expect(heightAtEnd([])).toBeNull();
    expect(heightAtEnd([day('2024-04-19'), day('2024-04-21', { difficulty: null })])).toBeNull();
  });
});

describe('startState', () => {
  // 2024-04-20 (150 blocks), then 2024-04-21 … 2026-02-12 missing (663 days), 2026-02-13 (140),
  // 2026-02-14 without difficulty (144), 2026-02-15 (145, no price): 96,051 blocks, height 936,050
  // at the end of 2026-02-15. Prices run a day past the chain data (2026-02-16).
  const rows = [
    day('2024-04-20', { blocks: 150, price: 64_000 }),
    day('2026-02-13', { blocks: 140, price: 70_000 }),
    day('2026-02-14', { difficulty: null, price: 69_000 }),
    day('2026-02-15', { blocks: 145, difficulty: 1.3e14, price: null }),
    day('2026-02-16', { difficulty: null, price: 71_000 }),
  ];
  // Revenue 0 in 2025-12 (a month with no fees reported reads NaN; 0 tests the strict > 0).
  const points = [
    point('2025-10', 110_000, 5.0e7, 0.01, 31),
    point('2025-11', 90_000, 4.0e7, 0.008, 5),
    point('2025-12', 88_000, 0, 0.007, 3),
    point('2026-01', 99_000, 4.4e7, 0, 31),
    point('2026-02', 70_000, 3.0e7, 0.03, 4, 0),
  ];
  const fit = fixedFit({ lag: 4 });

  it('starts the month after the history: height to 2026-03-01, last price with a difficulty, fee share of the last month with ≥ 5 fee days', () => {
    const s = startState(rows, points, fit);
    expect(s.month).toBe('2026-03');
    // 936,050 + 13 days (2026-02-16 … 2026-02-28) · 144.
    expect(s.height).toBe(936_050 + 13 * 144);
    // 2026-02-13 is the last day with both a difficulty and a price.
    expect(s.price_usd_per_btc).toBe(70_000);
    // The last month's hashrate is 0: the one implied by 2026-02-13's difficulty, D · 2³² / 600 s.
    expect(s.hashrate_ehs).toBeCloseTo((1.25e14 * 2 ** 32) / 600 / 1e18, 9);
    // 2026-02 has 4 fee days, 2026-01 a zero share, 2025-12 3 days: 2025-11 (exactly 5 days).
    expect(s.fee_share).toBe(0.008);
    // The last four monthly changes: revenue where both months have it, else the price.
    expect(s.recent_rev_log_changes).toHaveLength(4);
    const want = [Math.log(4.0e7 / 5.0e7), Math.log(88_000 / 90_000), Math.log(99_000 / 88_000), Math.log(3.0e7 / 4.4e7)];
    s.recent_rev_log_changes.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 14));
  });

  it('a later start month adds 144 blocks a day to its first day; a given price replaces the last one', () => {
    const s = startState(rows, points, fit, { month: '2026-05', price_usd_per_btc: 90_000 });
    expect(s.month).toBe('2026-05');
    // 2026-02-16 … 2026-04-30: 13 + 31 + 30 = 74 days.
    expect(s.height).toBe(936_050 + 74 * 144);
    expect(s.price_usd_per_btc).toBe(90_000);
  });

  it('a history ending on a month’s last day starts the next month at the next block; the end day’s own price is used', () => {
    const r = [day('2024-04-20', { blocks: 144 }), day('2024-04-21', { blocks: 144 }), day('2024-04-30', { blocks: 144, price: 63_000 })];
    const s = startState(r, [point('2024-04', 63_000, 5.0e7, 0.02, 11, 650)], fitLag(1));
    expect(s.month).toBe('2024-05');
    // 11 days of 144 blocks (8 of them missing): 840,000 + 1,584 − 1, and no days before May 1.
    expect(s.height).toBe(841_583);
    expect(s.price_usd_per_btc).toBe(63_000);
    expect(s.hashrate_ehs).toBe(650);
    expect(s.fee_share).toBe(0.02);
    // One month of history: no change before it.
    expect(s.recent_rev_log_changes).toEqual([]);
  });

  it('a lag longer than the history takes the changes there are', () => {
    const s = startState(rows, points, fitLag(7));
    expect(s.recent_rev_log_changes).toHaveLength(4);
    expect(s.recent_rev_log_changes[0]).toBeCloseTo(Math.log(4.0e7 / 5.0e7), 14);
  });

  it('falls back to the fit’s long-run fee share when no month has 5 fee days and a share', () => {
    const noFee = points.map((p) => ({ ...p, fee_days: 3 }));
    expect(startState(rows, noFee, fit).fee_share).toBe(fit.fee.long_run_share);
  });

  it('refuses a history short of the halving, no monthly points, or a start month inside the history', () => {
    expect(validationPathOf(() => startState([day('2024-04-19')], points, fit))).toBe('history');
    expect(validationPathOf(() => startState(rows, [], fit))).toBe('history');
    expect(validationPathOf(() => startState(rows, points, fit, { month: '2026-02' }))).toBe('valuation.start_month');
    expect(validationPathOf(() => startState(rows, points, fit, { month: '2026-03' }))).toBeUndefined();
  });
});

function fitLag(lag: number): ReturnType<typeof fixedFit> {
  return fixedFit({ lag });
}
