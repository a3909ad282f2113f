/**
 * Monthly aggregation of the daily network history — the grain the valuation drivers are fitted
 * and simulated at. Pure: rows come in as arguments.
 */
import { hashrateFromDifficultyEhs } from '../economics/hashprice.js';
import { isEstimated, type DailyRow } from '../history/daily-row.js';
import { satToBtc } from '../units/sat.js';

export interface MonthlyPoint {
  /** Calendar month, YYYY-MM. */
  month: string;
  /** Last observed daily BTC price of the month (USD per BTC). */
  price_usd_per_btc: number;
  /** Mean network hashrate over the month's days with difficulty (EH/s), from difficulty·2³²/600. */
  hashrate_ehs: number;
  /** Miner revenue per day in USD: mean over days of (issuance + fees) · price; NaN when fees missing. */
  revenue_usd_per_day: number;
  /** Fees / (issuance + fees) over the month's days that report both; NaN when none do. */
  fee_share: number;
  /** Days that contributed to the fee share. */
  fee_days: number;
}

interface Acc {
  lastPrice: number;
  hashSum: number;
  hashDays: number;
  issSum: number;
  feeSum: number;
  feeDays: number;
  revSum: number;
  revDays: number;
}

/**
 * Groups daily rows by month. A month is kept only when it has a price and a difficulty;
 * revenue uses the days with price, issuance and observed (not estimated) fees. Fee share sums
 * fees and issuance in BTC.
 */
export function monthlySeries(rows: readonly DailyRow[]): MonthlyPoint[] {
  const byMonth = new Map<string, Acc>();
  for (const r of rows) {
    const month = r.date.slice(0, 7);
    let a = byMonth.get(month);
    if (!a) {
      a = { lastPrice: NaN, hashSum: 0, hashDays: 0, issSum: 0, feeSum: 0, feeDays: 0, revSum: 0, revDays: 0 };
      byMonth.set(month, a);
    }
    if (r.price_usd_per_btc !== null && r.price_usd_per_btc > 0) a.lastPrice = r.price_usd_per_btc;
    if (r.difficulty !== null && r.difficulty > 0) {
      a.hashSum += hashrateFromDifficultyEhs(r.difficulty);
      a.hashDays++;
    }
    // Estimated fees (gap fillers) would teach the fee driver the estimator, not the market.
    if (r.fees_sat !== null && r.issuance_sat !== null && !isEstimated(r, 'fees_sat')) {
      const iss = satToBtc(r.issuance_sat);
      const fee = satToBtc(r.fees_sat);
      a.issSum += iss;
      a.feeSum += fee;
      a.feeDays++;
      if (r.price_usd_per_btc !== null && r.price_usd_per_btc > 0) {
        a.revSum += (iss + fee) * r.price_usd_per_btc;
        a.revDays++;
      }
    }
  }
  const out: MonthlyPoint[] = [];
  for (const month of [...byMonth.keys()].sort()) {
    const a = byMonth.get(month)!;
    if (!(a.lastPrice > 0) || a.hashDays === 0) continue;
    out.push({
      month,
      price_usd_per_btc: a.lastPrice,
      hashrate_ehs: a.hashSum / a.hashDays,
      revenue_usd_per_day: a.revDays > 0 ? a.revSum / a.revDays : NaN,
      fee_share: a.feeDays > 0 && a.issSum + a.feeSum > 0 ? a.feeSum / (a.issSum + a.feeSum) : NaN,
      fee_days: a.feeDays,
    });
  }
  return out;
}
