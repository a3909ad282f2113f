/**
 * Payback along a projected path rather than a snapshot: day by day from a chain tip, revenue
 * falls with difficulty growth and halves at each halving (the 2028 halving, height 1,050,000,
 * lands inside most paybacks of machines bought in 2025–2026).
 *
 * Day t (t = 0, 1, …) after the start:
 *   heights      [tip + 144·t, tip + 144·(t+1))                 (144 blocks a day: the target pace)
 *   subsidy      mean of consensus subsidySat over those heights (exact split on a halving day)
 *   difficulty   D_t = D₀ · (1 + g)^(t / 365)                    (g: explicit annual growth assumption)
 *   hashvalue    v_t = v₀ · (D₀ / D_t) · (subsidy_t + fees) / (subsidy₀ + fees)   (BTC per PH/s per day;
 *                v₀ is the start day's observed hashvalue, so no difficulty figure is needed)
 *   BTC mined    = H [PH/s] · v_t · (1 − pool fee) · uptime
 *   price        P_t = P₀ · (1 + p)^(t / 365)                    (p: annual price growth, default 0)
 *   margin       = BTC mined · P_t − energy cost (constant power price and overhead)
 *   earned       = max(margin, 0): the machine is switched off on a day whose margin is ≤ 0 (it
 *                  then mines nothing and draws nothing) and back on when the margin recovers,
 *                  as an operator would and as `pivot` curtails a month
 * Payback is the first day the cumulative earned margin reaches the purchase price; null within the
 * horizon (default 10 years) when it never does. With no difficulty or price growth, constant fees
 * and no halving in view, the path's payback equals the snapshot's purchase / first-day margin.
 */
import { ValidationError } from '../errors.js';
import { HALVING_INTERVAL, subsidySat } from '../chain/subsidy.js';
import { thsToPhs } from '../units/hashrate.js';
import { daysBetween } from '../units/time.js';
import type { SiteOverhead } from './machine.js';

export const BLOCKS_PER_DAY = 144;

export interface PaybackPathInputs extends SiteOverhead {
  hashrate_ths: number;
  power_w: number;
  purchase_price_usd: number;
  /** Height of the chain tip on the start day. */
  start_height: number;
  /** Observed hashvalue on the start day (BTC per PH/s per day), fees included. */
  start_hashvalue_btc_per_ph_day: number;
  /** Mean fees per block assumed constant along the path (BTC). */
  fees_btc_per_block: number;
  price_usd_per_btc: number;
  power_price_usd_per_mwh: number;
  pool_fee: number;
  uptime: number;
  /** Annual difficulty growth, e.g. 0.4 for +40%/year. */
  difficulty_growth_per_year: number;
  price_growth_per_year?: number;
  horizon_days?: number;
}

export interface PaybackPath {
  payback_days: number | null;
  /** Day index at which the path crosses the next halving (null when beyond the horizon). */
  next_halving_day: number | null;
  next_halving_height: number;
  btc_mined_to_payback: number | null;
  cumulative_margin_usd_at_horizon: number;
  horizon_days: number;
  /** First-day figures, for comparison with the snapshot. */
  first_day_margin_usd: number;
  /** Days on which the daily margin turns ≤ 0 for good (null if it never does in the horizon). */
  margin_negative_from_day: number | null;
  /** Days of the horizon the machine is switched off (margin ≤ 0). */
  days_off: number;
}

/** Mean subsidy (BTC) over `count` consecutive heights from `from`, split exactly at halvings. */
export function meanSubsidyBtc(from: number, count: number): number {
  let sat = 0;
  let h = from;
  const end = from + count;
  while (h < end) {
    const eraEnd = (Math.floor(h / HALVING_INTERVAL) + 1) * HALVING_INTERVAL;
    const n = Math.min(end, eraEnd) - h;
    sat += n * Number(subsidySat(h));
    h += n;
  }
  return sat / count / 1e8;
}

/** Highest start height a path may begin at: far past the last subsidy (6,929,999), and safe to count on from. */
export const MAX_START_HEIGHT = 100_000_000;

export function paybackPath(i: PaybackPathInputs): PaybackPath {
  const horizon = i.horizon_days ?? 3650;
  if (!Number.isSafeInteger(i.start_height) || i.start_height < 0 || i.start_height > MAX_START_HEIGHT) {
    throw ValidationError.field('start_height', `must be a whole number 0–${MAX_START_HEIGHT}, got ${i.start_height}`);
  }
  if (!Number.isSafeInteger(horizon) || horizon < 1 || horizon > 36_500)
    throw ValidationError.field('horizon_days', `must be a whole number 1–36500, got ${horizon}`);
  const energyCost = ((i.power_w * 24 * i.uptime) / 1e6) * (i.power_price_usd_per_mwh * i.pue + i.hosting_fee_usd_per_mwh);
  const share = thsToPhs(i.hashrate_ths) * (1 - i.pool_fee) * i.uptime;
  const reward0 = meanSubsidyBtc(i.start_height, BLOCKS_PER_DAY) + i.fees_btc_per_block;
  const next_halving_height = (Math.floor(i.start_height / HALVING_INTERVAL) + 1) * HALVING_INTERVAL;
  let cum = 0;
  let btc = 0;
  let payback: number | null = null;
  let btcToPayback: number | null = null;
  let firstMargin = 0;
  let negativeFrom: number | null = null;
  let daysOff = 0;
  for (let t = 0; t < horizon; t++) {
    const h0 = i.start_height + BLOCKS_PER_DAY * t;
    const difficultyRatio = (1 + i.difficulty_growth_per_year) ** (t / 365);
    const reward = meanSubsidyBtc(h0, BLOCKS_PER_DAY) + i.fees_btc_per_block;
    const minedBtc = (share * i.start_hashvalue_btc_per_ph_day * (reward / reward0)) / difficultyRatio;
    const price = i.price_usd_per_btc * (1 + (i.price_growth_per_year ?? 0)) ** (t / 365);
    const margin = minedBtc * price - energyCost;
    if (t === 0) firstMargin = margin;
    if (margin <= 0) {
      negativeFrom ??= t;
      daysOff++;
      continue;
    }
    negativeFrom = null;
    cum += margin;
    btc += minedBtc;
    if (payback === null && cum >= i.purchase_price_usd) {
      // Interpolate within the day so a payback is not rounded up to whole days.
      payback = t + 1 - (cum - i.purchase_price_usd) / margin;
      btcToPayback = btc;
    }
  }
  const dayOfHalving = Math.floor((next_halving_height - i.start_height) / BLOCKS_PER_DAY);
  return {
    payback_days: payback,
    next_halving_day: dayOfHalving < horizon ? dayOfHalving : null,
    next_halving_height,
    btc_mined_to_payback: btcToPayback,
    cumulative_margin_usd_at_horizon: cum,
    horizon_days: horizon,
    first_day_margin_usd: firstMargin,
    margin_negative_from_day: negativeFrom,
    days_off: daysOff,
  };
}

/** The 2024 halving: height 840,000 was mined on 2024-04-20 (UTC). */
export const HEIGHT_ANCHOR = { date: '2024-04-20', height: 840_000 } as const;

/**
 * Chain height at the start of `date`, projected at 144 blocks a day from the 2024 halving. An
 * estimate (blocks come a little faster while hashrate grows): use the observed tip when known.
 */
export function estimateHeightAt(date: string, anchor: { date: string; height: number } = HEIGHT_ANCHOR): number {
  return Math.max(0, anchor.height + BLOCKS_PER_DAY * daysBetween(anchor.date, date));
}
