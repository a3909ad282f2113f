/**
 * Today's starting point for the security budget, read off the end of the daily history:
 * height (src/valuation/start.ts `heightAtEnd`), the last day's BTC price (USD) and mean
 * difficulty, and the mean observed fees per block (BTC) over the last `feeWindowDays` days that
 * have observed (not estimated) fees:
 *   fees_btc_per_block = Σ fees (BTC) / Σ blocks over those days,
 * and the last day's own fees per block (day_fees_btc_per_block = fees / blocks of that day, as the
 * hashprice index prices it), which sets today's hashprice.
 * Shared by the CLI command and the API route so both start from the same figures.
 */
import { ValidationError } from '../errors.js';
import type { DailyRow } from '../history/daily-row.js';
import { satToBtc } from '../units/sat.js';
import type { BudgetToday } from './security-budget.js';
import { heightAtEnd } from './start.js';

export function budgetTodayFromHistory(rows: readonly DailyRow[], feeWindowDays: number): { today: BudgetToday; fee_window_days: number } {
  const end = heightAtEnd(rows);
  const last = [...rows].reverse().find((r) => r.difficulty !== null && r.price_usd_per_btc !== null);
  if (!end || !last) throw ValidationError.field('history', 'the history has no day with difficulty and price after the 2024 halving');
  let fees = 0;
  let blocks = 0;
  let days = 0;
  for (let i = rows.length - 1; i >= 0 && days < feeWindowDays; i--) {
    const r = rows[i]!;
    if (r.fees_sat === null || r.blocks === null || r.blocks === 0 || r.provenance.fees_sat?.startsWith('estimated')) continue;
    fees += satToBtc(r.fees_sat);
    blocks += r.blocks;
    days++;
  }
  if (blocks === 0) throw ValidationError.field('history', 'no observed fees in the history');
  return {
    today: {
      date: end.date,
      height: end.height,
      price_usd_per_btc: last.price_usd_per_btc!,
      difficulty: last.difficulty!,
      fees_btc_per_block: fees / blocks,
      day_fees_btc_per_block: last.fees_sat !== null && last.blocks ? satToBtc(last.fees_sat) / last.blocks : fees / blocks,
    },
    fee_window_days: days,
  };
}
