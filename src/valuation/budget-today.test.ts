import { describe, expect, it } from 'vitest';
import { validationPathOf } from '../../test/helpers/catch-error.js';
import { emptyDailyRow, type DailyRow } from '../history/daily-row.js';
import { budgetTodayFromHistory } from './budget-today.js';

/** Hand-made days (not real data). Fees in sat; `fees_from` is the fee's provenance. */
function day(
  date: string,
  o: { blocks?: number | null; fees_sat?: bigint | null; fees_from?: string | null; difficulty?: number | null; price?: number | null } = {},
): DailyRow {
  const fees = o.fees_sat === undefined ? 144_000_000n : o.fees_sat;
  const from = o.fees_from === undefined ? 'coinmetrics' : o.fees_from;
  return {
    ...emptyDailyRow(date),
    blocks: o.blocks === undefined ? 144 : o.blocks,
    difficulty: o.difficulty === undefined ? 1.2e14 : o.difficulty,
    price_usd_per_btc: o.price === undefined ? 90_000 : o.price,
    fees_sat: fees,
    provenance: fees !== null && from !== null ? { fees_sat: from } : {},
  };
}

describe('budgetTodayFromHistory', () => {
  // From the end back: 2024-04-27 has a price but no difficulty (not "today"); 2024-04-26 is today
  // (100 blocks, 0.5 BTC of fees); 2024-04-25 estimated fees, 2024-04-24 no fees, 2024-04-23 no
  // blocks, 2024-04-22 zero blocks: all skipped; 2024-04-21 (150 blocks, 3 BTC), 2024-04-20 (144, 1.44 BTC).
  const rows = [
    day('2024-04-19', { blocks: 144, fees_sat: 10_000_000_000n }),
    day('2024-04-20', { blocks: 144, fees_sat: 144_000_000n }),
    day('2024-04-21', { blocks: 150, fees_sat: 300_000_000n }),
    day('2024-04-22', { blocks: 0, fees_sat: 0n }),
    day('2024-04-23', { blocks: null, fees_sat: 500_000_000n }),
    day('2024-04-24', { blocks: 144, fees_sat: null }),
    day('2024-04-25', { blocks: 144, fees_sat: 9_000_000_000n, fees_from: 'estimated:median-fee-per-block' }),
    day('2024-04-26', { blocks: 100, fees_sat: 50_000_000n, difficulty: 1.3e14, price: 64_000 }),
    day('2024-04-27', { blocks: 150, fees_sat: 75_000_000n, difficulty: null, price: 65_000 }),
  ];

  it('mean observed fees per block over the last days with observed fees; today is the last day with difficulty and price', () => {
    const { today, fee_window_days } = budgetTodayFromHistory(rows, 3);
    // Three observed days from the end: 2024-04-27 (its fees count; it only lacks a difficulty),
    // 2024-04-26 and 2024-04-21: (0.75 + 0.5 + 3) BTC / (150 + 100 + 150) blocks.
    expect(fee_window_days).toBe(3);
    expect(today.fees_btc_per_block).toBeCloseTo(4.25 / 400, 15);
    expect(today).toMatchObject({ date: '2024-04-26', price_usd_per_btc: 64_000, difficulty: 1.3e14 });
    // 04-20 144 + 04-21 150 + 04-22 0 + 04-23 144 (unknown) + 04-24 144 + 04-25 144 + 04-26 100 = 826 blocks.
    expect(today.height).toBe(840_000 + 826 - 1);
    // Today's own fees: 0.5 BTC over 100 blocks.
    expect(today.day_fees_btc_per_block).toBeCloseTo(0.005, 15);
  });

  it('a window longer than the observed days takes them all, back to the first row', () => {
    const { today, fee_window_days } = budgetTodayFromHistory(rows, 30);
    // + 2024-04-20 (1.44 BTC, 144 blocks) and 2024-04-19 (100 BTC, 144 blocks: before the halving, still a fee day).
    expect(fee_window_days).toBe(5);
    expect(today.fees_btc_per_block).toBeCloseTo((0.75 + 0.5 + 3 + 1.44 + 100) / (150 + 100 + 150 + 144 + 144), 15);
  });

  it('a fee value without a provenance entry counts as observed', () => {
    const r = [day('2024-04-20', { blocks: 100, fees_sat: 20_000_000n, fees_from: null })];
    expect(budgetTodayFromHistory(r, 7).today.fees_btc_per_block).toBeCloseTo(0.002, 15);
  });

  it('today without its own fees (or blocks) prices the day at the window mean', () => {
    const r = [day('2024-04-20', { blocks: 200, fees_sat: 100_000_000n }), day('2024-04-21', { fees_sat: null })];
    expect(budgetTodayFromHistory(r, 7).today.day_fees_btc_per_block).toBeCloseTo(0.005, 15);
    const z = [day('2024-04-20', { blocks: 200, fees_sat: 100_000_000n }), day('2024-04-21', { blocks: 0, fees_sat: 0n })];
    expect(budgetTodayFromHistory(z, 7).today.day_fees_btc_per_block).toBeCloseTo(0.005, 15);
  });

  it('refuses a history short of the halving, without a day with difficulty and price, or without observed fees', () => {
    expect(validationPathOf(() => budgetTodayFromHistory([day('2024-04-19')], 7))).toBe('history');
    expect(validationPathOf(() => budgetTodayFromHistory([day('2024-04-20', { price: null })], 7))).toBe('history');
    expect(validationPathOf(() => budgetTodayFromHistory([day('2024-04-20', { fees_from: 'estimated:x' })], 7))).toBe('history');
    expect(validationPathOf(() => budgetTodayFromHistory([day('2024-04-20', { blocks: 0 })], 7))).toBe('history');
    expect(validationPathOf(() => budgetTodayFromHistory([day('2024-04-20')], 7))).toBeUndefined();
  });
});
