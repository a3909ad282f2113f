/**
 * The state a valuation starts from, read off the end of the daily history: height (the 840,000
 * halving block plus the blocks counted since 2024-04-20, a missing day counted as 144), the last
 * price and difficulty-implied hashrate, the latest month's fee share, and the recent monthly
 * changes of miner revenue that feed the hashrate lag.
 */
import { ValidationError } from '../errors.js';
import type { DailyRow } from '../history/daily-row.js';
import { monthFromIndex, monthIndex, type StartState } from './build.js';
import type { DriverFit } from './fit.js';
import { hashrateFromDifficultyEhs } from '../economics/hashprice.js';
import type { MonthlyPoint } from './monthly.js';

const HALVING_4_HEIGHT = 840_000;
const HALVING_4_DATE = '2024-04-20';
const DAY_MS = 86_400_000;

/**
 * Height of the last block of the last day of `rows` with a difficulty (840,000 + Σ blocks since
 * 2024-04-20 − 1: the halving block is among that day's blocks; a day missing, or without a
 * difficulty or a block count, counts 144), as src/app/as-of.ts counts its tip; null when the
 * history has no such day on or after the 2024 halving.
 */
export function heightAtEnd(rows: readonly DailyRow[]): { height: number; date: string } | null {
  let blocks = 0;
  let last: string | undefined;
  // Days missing before the first row count from the halving day too (a history that starts after
  // it), as as-of.ts counts them.
  let prev = Date.parse(`${HALVING_4_DATE}T00:00:00Z`) / DAY_MS - 1;
  for (const r of rows) {
    if (r.date < HALVING_4_DATE || r.difficulty === null) continue;
    const day = Date.parse(`${r.date}T00:00:00Z`) / DAY_MS;
    blocks += (day - prev - 1) * 144 + (r.blocks ?? 144);
    prev = day;
    last = r.date;
  }
  return last === undefined ? null : { height: HALVING_4_HEIGHT + blocks - 1, date: last };
}

export interface StartOptions {
  /** First simulated month (default: the month after the history's last month). */
  month?: string | undefined;
  price_usd_per_btc?: number | undefined;
}

export function startState(rows: readonly DailyRow[], points: readonly MonthlyPoint[], fit: DriverFit, o: StartOptions = {}): StartState {
  const end = heightAtEnd(rows);
  if (!end || points.length === 0) throw ValidationError.field('history', 'the daily history must reach past the 2024-04-20 halving with difficulty and price');
  const lastRow = [...rows].reverse().find((r) => r.date <= end.date && r.difficulty !== null && r.price_usd_per_btc !== null)!;
  const lastPoint = points[points.length - 1]!;
  const defaultMonth = monthFromIndex(monthIndex(end.date.slice(0, 7)) + 1);
  const month = o.month ?? defaultMonth;
  if (month < defaultMonth) throw ValidationError.field('valuation.start_month', `must be ${defaultMonth} or later (the history ends ${end.date})`);
  const daysToStart = (Date.parse(`${month}-01T00:00:00Z`) - Date.parse(`${end.date}T00:00:00Z`)) / DAY_MS - 1;
  const fee = [...points].reverse().find((p) => p.fee_days >= 5 && p.fee_share > 0);
  const lag = fit.hashrate.lag_months;
  const recent: number[] = [];
  for (let i = points.length - lag; i < points.length; i++) {
    const a = points[i];
    const b = points[i - 1];
    if (!a || !b) continue;
    const rev =
      a.revenue_usd_per_day > 0 && b.revenue_usd_per_day > 0
        ? Math.log(a.revenue_usd_per_day / b.revenue_usd_per_day)
        : Math.log(a.price_usd_per_btc / b.price_usd_per_btc);
    recent.push(rev);
  }
  return {
    month,
    height: end.height + Math.max(0, Math.round(daysToStart * 144)),
    price_usd_per_btc: o.price_usd_per_btc ?? lastRow.price_usd_per_btc!,
    hashrate_ehs: lastPoint.hashrate_ehs > 0 ? lastPoint.hashrate_ehs : hashrateFromDifficultyEhs(lastRow.difficulty!),
    fee_share: fee?.fee_share ?? fit.fee.long_run_share,
    recent_rev_log_changes: recent,
  };
}
