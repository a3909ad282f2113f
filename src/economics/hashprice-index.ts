/**
 * The daily hashprice index over the whole history: one row per day with hashvalue, hashprice,
 * fee share, implied hashrates, 7/30-day moving averages and the halving cycle it belongs to;
 * plus record lows and the halving-cycle comparison. Pure; formulas in ./hashprice.ts.
 *
 * Per day: subsidy per block = the consensus schedule (src/chain/subsidy.ts) of the day's halving
 * era — exact, and immune to sources whose day boundary is not UTC midnight; on a halving day
 * itself, issuance / blocks (the blend the day's blocks actually paid). Fees per block = fees /
 * blocks (the day's mean — Luxor averages the last 144 blocks instead); both feed hashvalue at
 * that day's mean difficulty.
 */
import { OBSERVED_HALVINGS } from '../chain/halving-calendar.js';
import { HALVING_INTERVAL, subsidySat } from '../chain/subsidy.js';
import { isEstimated, type DailyField, type DailyRow } from '../history/daily-row.js';
import { dayNumber, unixSToDate } from '../units/time.js';
import { blocksPerPhDay, feeShare, hashpriceUsdPerPhDay, hashrateFromBlocksEhs, hashrateFromDifficultyEhs, subsidyPerBlockSat } from './hashprice.js';

/** UTC day of each past halving block (height = index · 210,000), from the chain's halving calendar. */
export const PAST_HALVING_DATES: readonly string[] = OBSERVED_HALVINGS.map((h) => unixSToDate(h.time_unix_s));
/** First day of cycle 0 (the genesis block). */
export const GENESIS_DATE = '2009-01-03';

export interface HashpriceDay {
  date: string;
  /** Halving era: 0 from genesis, 1 from 2012-11-28, … 4 from 2024-04-20. */
  halving_cycle: number;
  /** Days since the cycle began (the halving day is 0). */
  days_since_halving: number;
  blocks: number | null;
  difficulty: number | null;
  price_usd_per_btc: number | null;
  subsidy_sat_per_block: number | null;
  fees_sat_per_block: number | null;
  blocks_per_ph_day: number | null;
  hashvalue_sat_per_ph_day: number | null;
  hashprice_usd_per_ph_day: number | null;
  /** Trailing 7-/30-day means of hashprice; null until the window is full. */
  hashprice_ma7_usd_per_ph_day: number | null;
  hashprice_ma30_usd_per_ph_day: number | null;
  /** Whether a day of the 7-/30-day window had an estimated input; null while the mean is null. */
  ma7_includes_estimated: boolean | null;
  ma30_includes_estimated: boolean | null;
  /** fees / (subsidy + fees) over the day's blocks. */
  fee_share: number | null;
  /** D · 2^32 / 600 s, in EH/s. */
  network_hashrate_ehs: number | null;
  /** D · 2^32 · blocks / 86,400 s, in EH/s. */
  network_hashrate_from_blocks_ehs: number | null;
  /** The inputs of this row that were filled by an estimator (empty when all observed/derived). */
  estimated_fields: readonly DailyField[];
}

const INPUTS: readonly DailyField[] = ['blocks', 'difficulty', 'issuance_sat', 'fees_sat', 'price_usd_per_btc'];
/** Shared by every row without an estimated input (most of them): one allocation, not thousands. */
const NONE_ESTIMATED: readonly DailyField[] = Object.freeze([]);

function estimatedInputs(r: DailyRow): readonly DailyField[] {
  let out: DailyField[] | undefined;
  for (const f of INPUTS) if (isEstimated(r, f)) (out ??= []).push(f);
  return out ?? NONE_ESTIMATED;
}

/** Halving era of a UTC day from the halving dates (days before genesis are era 0). */
export function halvingCycleOf(date: string, halvingDates: readonly string[] = PAST_HALVING_DATES): number {
  let cycle = 0;
  for (const d of halvingDates) if (date >= d) cycle++;
  return cycle;
}

/**
 * Trailing mean over the `window` calendar days ending at each row; null unless every day of the
 * window has a value. Summed afresh per row (≤ 30 terms): a running sum would carry the rounding
 * of 2010's eight-digit values into today's two-digit ones.
 */
function trailingMean(values: readonly (number | null)[], days: readonly number[], window: number): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(values.length).fill(null);
  for (let i = window - 1; i < values.length; i++) {
    if ((days[i] as number) - (days[i - window + 1] as number) !== window - 1) continue;
    let sum = 0;
    let k = i - window + 1;
    for (; k <= i; k++) {
      const v = values[k];
      if (v == null) break;
      sum += v;
    }
    if (k > i) out[i] = sum / window;
  }
  return out;
}

/** The full daily index. `rows` ascending by date, at most one per day. */
export function buildHashpriceIndex(rows: readonly DailyRow[], halvingDates: readonly string[] = PAST_HALVING_DATES): HashpriceDay[] {
  const starts = [GENESIS_DATE, ...halvingDates].map(dayNumber);
  const days = rows.map((r) => dayNumber(r.date));
  const halvingDays = new Set(halvingDates);
  const out: HashpriceDay[] = rows.map((r, i) => {
    const cycle = halvingCycleOf(r.date, halvingDates);
    const eraStart = cycle * HALVING_INTERVAL;
    const subsidy = halvingDays.has(r.date) ? subsidyPerBlockSat(r.issuance_sat, r.blocks, eraStart) : Number(subsidySat(eraStart));
    const feesPerBlock = r.fees_sat !== null && r.blocks !== null && r.blocks > 0 ? Number(r.fees_sat) / r.blocks : r.blocks === 0 ? 0 : null;
    const bpp = r.difficulty !== null ? blocksPerPhDay(r.difficulty) : null;
    const hashvalue = bpp !== null && subsidy !== null && feesPerBlock !== null ? bpp * (subsidy + feesPerBlock) : null;
    return {
      date: r.date,
      halving_cycle: cycle,
      days_since_halving: (days[i] as number) - (starts[cycle] as number),
      blocks: r.blocks,
      difficulty: r.difficulty,
      price_usd_per_btc: r.price_usd_per_btc,
      subsidy_sat_per_block: subsidy,
      fees_sat_per_block: feesPerBlock,
      blocks_per_ph_day: bpp,
      hashvalue_sat_per_ph_day: hashvalue,
      hashprice_usd_per_ph_day: hashvalue !== null && r.price_usd_per_btc !== null ? hashpriceUsdPerPhDay(hashvalue, r.price_usd_per_btc) : null,
      hashprice_ma7_usd_per_ph_day: null,
      hashprice_ma30_usd_per_ph_day: null,
      ma7_includes_estimated: null,
      ma30_includes_estimated: null,
      fee_share: subsidy !== null && feesPerBlock !== null ? feeShare(subsidy, feesPerBlock) : null,
      network_hashrate_ehs: r.difficulty !== null ? hashrateFromDifficultyEhs(r.difficulty) : null,
      network_hashrate_from_blocks_ehs: r.difficulty !== null && r.blocks !== null ? hashrateFromBlocksEhs(r.difficulty, r.blocks) : null,
      estimated_fields: estimatedInputs(r),
    };
  });
  const hp = out.map((d) => d.hashprice_usd_per_ph_day);
  const ma7 = trailingMean(hp, days, 7);
  const ma30 = trailingMean(hp, days, 30);
  // Estimated days so far (prefix sums): a window [i − w + 1, i] holds one when the count grows.
  const estimatedBefore = new Int32Array(out.length + 1);
  for (let i = 0; i < out.length; i++) estimatedBefore[i + 1] = (estimatedBefore[i] as number) + ((out[i] as HashpriceDay).estimated_fields.length > 0 ? 1 : 0);
  const windowEstimated = (i: number, w: number): boolean => (estimatedBefore[i + 1] as number) - (estimatedBefore[i - w + 1] as number) > 0;
  for (let i = 0; i < out.length; i++) {
    const d = out[i] as HashpriceDay;
    d.hashprice_ma7_usd_per_ph_day = ma7[i] ?? null;
    d.hashprice_ma30_usd_per_ph_day = ma30[i] ?? null;
    d.ma7_includes_estimated = d.hashprice_ma7_usd_per_ph_day === null ? null : windowEstimated(i, 7);
    d.ma30_includes_estimated = d.hashprice_ma30_usd_per_ph_day === null ? null : windowEstimated(i, 30);
  }
  return out;
}

export interface HashpriceLow {
  date: string;
  /** Null on days before a BTC price existed (only possible when ranked by hashvalue). */
  hashprice_usd_per_ph_day: number | null;
  hashvalue_sat_per_ph_day: number;
  halving_cycle: number;
  days_since_halving: number;
  estimated_fields: readonly DailyField[];
}

/**
 * What a low is the lowest of: 'usd' ranks days by hashprice (USD per PH/s per day, price-bearing
 * days only); 'btc' by hashvalue (sat per PH/s per day, every day) — the two fall on different
 * days, since the BTC price moves the USD figure and not the BTC one.
 */
export type LowsUnit = 'usd' | 'btc';

export interface RecordLows {
  ranked_by: LowsUnit;
  /** The lowest day of the whole index. */
  all_time: HashpriceLow | null;
  /** The lowest day of each halving cycle present. */
  by_cycle: HashpriceLow[];
}

function toLow(d: HashpriceDay): HashpriceLow {
  return {
    date: d.date,
    hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day,
    hashvalue_sat_per_ph_day: d.hashvalue_sat_per_ph_day as number,
    halving_cycle: d.halving_cycle,
    days_since_halving: d.days_since_halving,
    estimated_fields: d.estimated_fields,
  };
}

/** Record lows of hashprice (or of hashvalue, `unit` 'btc'): all-time and within each halving cycle. */
export function recordLows(index: readonly HashpriceDay[], unit: LowsUnit = 'usd'): RecordLows {
  const valueOf = (d: HashpriceDay): number | null => (unit === 'usd' ? d.hashprice_usd_per_ph_day : d.hashvalue_sat_per_ph_day);
  const byCycle = new Map<number, { day: HashpriceDay; v: number }>();
  let all: { day: HashpriceDay; v: number } | null = null;
  for (const d of index) {
    const v = valueOf(d);
    if (v === null || d.hashvalue_sat_per_ph_day === null) continue;
    const cur = byCycle.get(d.halving_cycle);
    if (!cur || v < cur.v) byCycle.set(d.halving_cycle, { day: d, v });
    if (!all || v < all.v) all = { day: d, v };
  }
  const by_cycle = [...byCycle.values()].map((l) => l.day).sort((a, b) => a.halving_cycle - b.halving_cycle);
  return { ranked_by: unit, all_time: all ? toLow(all.day) : null, by_cycle: by_cycle.map(toLow) };
}

export interface CycleSeries {
  halving_cycle: number;
  start_date: string;
  /** Mean hashprice of the cycle's first CYCLE_ANCHOR_DAYS priced days (USD/PH/day): what relative_to_start divides by. */
  anchor_usd_per_ph_day: number;
  /** One point per day of the cycle with a hashprice. */
  points: { days_since_halving: number; date: string; hashprice_usd_per_ph_day: number; relative_to_start: number | null }[];
}

/** Priced days whose mean anchors a cycle: one day would be the halving's fee spike (2024-04-20: $193.72 against ~$50–60 a week on). */
export const CYCLE_ANCHOR_DAYS = 7;

/**
 * Halving-cycle comparison: for each cycle, days since its halving → hashprice; also relative to
 * the cycle's anchor, relative_to_start = hashprice / anchor_usd_per_ph_day (1 = the level the cycle
 * started at), where the anchor is the mean of its first CYCLE_ANCHOR_DAYS priced days, so cycles of
 * different price levels compare in shape and no single halving-day fee spike sets the scale.
 */
export function cycleComparison(index: readonly HashpriceDay[], halvingDates: readonly string[] = PAST_HALVING_DATES): CycleSeries[] {
  const startDates = [GENESIS_DATE, ...halvingDates];
  const series = new Map<number, CycleSeries>();
  for (const d of index) {
    const v = d.hashprice_usd_per_ph_day;
    if (v === null) continue;
    let s = series.get(d.halving_cycle);
    if (!s) {
      s = { halving_cycle: d.halving_cycle, start_date: startDates[d.halving_cycle] ?? d.date, anchor_usd_per_ph_day: 0, points: [] };
      series.set(d.halving_cycle, s);
    }
    s.points.push({ days_since_halving: d.days_since_halving, date: d.date, hashprice_usd_per_ph_day: v, relative_to_start: null });
  }
  for (const s of series.values()) {
    const first = s.points.slice(0, CYCLE_ANCHOR_DAYS);
    s.anchor_usd_per_ph_day = first.reduce((a, p) => a + p.hashprice_usd_per_ph_day, 0) / first.length;
    for (const p of s.points) p.relative_to_start = s.anchor_usd_per_ph_day > 0 ? p.hashprice_usd_per_ph_day / s.anchor_usd_per_ph_day : null;
  }
  return [...series.values()].sort((a, b) => a.halving_cycle - b.halving_cycle);
}
