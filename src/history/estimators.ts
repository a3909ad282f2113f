/**
 * Gap fillers for the daily network history. Each returns a new array; every value it fills gets
 * an `estimated:<method>` provenance, so nothing is filled silently. Pure: no I/O, no clock.
 *
 * Fees are estimated per block, not per day, because fees scale with the number of blocks found
 * that day (a day with 170 blocks collects ~20% more fees than one with 140):
 *   fees_sat(day) = round(fees_per_block_sat(day) · blocks(day)).
 */
import type { DailyRow } from './daily-row.js';
import { dayNumber } from '../units/time.js';

export const FEE_INTERP_METHOD = 'estimated:interp-fees-per-block';
export const FEE_WINDOW_METHOD = 'estimated:window-median-fees-per-block';
export const DIFFICULTY_GAP_METHOD = 'estimated:next-observed-difficulty';
export const BLOCKS_GAP_METHOD = 'estimated:neighbour-mean-blocks';

export interface FeeFillOptions {
  /** Gaps of at most this many days interpolate between the two observed days around them. */
  shortGapDays: number;
  /**
   * Longer gaps interpolate between the median fees per block of the observed days in a window
   * of this many days before the gap and after it (one day is too noisy to anchor months).
   */
  windowDays: number;
}

export const DEFAULT_FEE_FILL: FeeFillOptions = { shortGapDays: 8, windowDays: 28 };

/** Maximal runs [start, end) of consecutive rows for which `missing` holds. */
function* gaps(rows: readonly DailyRow[], missing: (row: DailyRow) => boolean): Generator<[number, number]> {
  let i = 0;
  while (i < rows.length) {
    if (!missing(rows[i] as DailyRow)) {
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && missing(rows[j] as DailyRow)) j++;
    yield [i, j];
    i = j;
  }
}

function feesPerBlock(row: DailyRow): number | null {
  const blocks = row.blocks ?? 0;
  if (row.fees_sat === null || blocks <= 0) return null;
  return Number(row.fees_sat) / blocks;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * Fills missing `fees_sat` on days whose `blocks` is known, by linear interpolation of fees per
 * block over calendar days between anchors:
 * - gap ≤ shortGapDays: anchors are the observed days just before and after the gap
 *   (provenance `estimated:interp-fees-per-block`);
 * - longer gap: anchors are the medians of fees per block over `windowDays` of observed days
 *   before and after the gap, placed at the gap's edges (`estimated:window-median-fees-per-block`).
 * Days before the first or after the last observation stay null (no extrapolation).
 * `rows` must be ascending by date, one per day.
 */
export function fillFees(rows: readonly DailyRow[], options: FeeFillOptions = DEFAULT_FEE_FILL): DailyRow[] {
  const out = rows.slice();
  const fpb = rows.map(feesPerBlock);
  const day = rows.map((r) => dayNumber(r.date));
  for (const [i, j] of gaps(rows, (r) => r.fees_sat === null)) {
    // Gap is rows[i..j-1]; anchors need fees per block observed on both sides (past either end of
    // the rows, fpb[…] is undefined).
    let y0 = fpb[i - 1];
    let y1 = fpb[j];
    if (y0 != null && y1 != null) {
      const x0 = day[i - 1] as number;
      const x1 = day[j] as number;
      const long = x1 - x0 - 1 > options.shortGapDays;
      if (long) {
        const win = (from: number, to: number): number[] =>
          fpb.filter(
            (v, k) => v !== null && (day[k] as number) >= from && (day[k] as number) <= to && rows[k]?.provenance.fees_sat?.startsWith('estimated') !== true,
          ) as number[];
        y0 = median(win(x0 - options.windowDays + 1, x0));
        y1 = median(win(x1, x1 + options.windowDays - 1));
      }
      // With window anchors the line runs between the gap's outer edges (x0, x1) as well.
      const method = long ? FEE_WINDOW_METHOD : FEE_INTERP_METHOD;
      for (let k = i; k < j; k++) {
        const row = rows[k] as DailyRow;
        if (row.blocks === null) continue;
        const t = ((day[k] as number) - x0) / (x1 - x0);
        const perBlock = y0 + (y1 - y0) * t;
        out[k] = { ...row, fees_sat: BigInt(Math.round(perBlock * row.blocks)), provenance: { ...row.provenance, fees_sat: method } };
      }
    }
  }
  return out;
}

/**
 * Fills a gap of at most `maxGapDays` in `difficulty` with the next observed value. Justification:
 * difficulty is constant within a 2,016-block epoch (~14 days), so a gap of a few days lies in one
 * epoch; when the day before the gap is a mixed (retarget) day, the epoch in force during the gap is
 * the one observed after it. Provenance `estimated:next-observed-difficulty`.
 */
export function fillDifficultyGaps(rows: readonly DailyRow[], maxGapDays = 5): DailyRow[] {
  const out = rows.slice();
  for (const [i, j] of gaps(rows, (r) => r.difficulty === null)) {
    const next = rows[j];
    // rows[j] ends the gap, so its difficulty is known.
    if (i > 0 && next && j - i <= maxGapDays) {
      for (let k = i; k < j; k++) {
        const row = rows[k] as DailyRow;
        out[k] = { ...row, difficulty: next.difficulty, provenance: { ...row.provenance, difficulty: DIFFICULTY_GAP_METHOD } };
      }
    }
  }
  return out;
}

/**
 * Fills a gap of at most `maxGapDays` in `blocks` with the rounded mean of the observed block
 * counts within `windowDays` on each side (daily counts scatter ±10% around 144 by luck; the
 * neighbourhood mean carries the prevailing hashrate/difficulty ratio). Provenance
 * `estimated:neighbour-mean-blocks`.
 */
export function fillBlocksGaps(rows: readonly DailyRow[], maxGapDays = 5, windowDays = 7): DailyRow[] {
  const out = rows.slice();
  for (const [i, j] of gaps(rows, (r) => r.blocks === null)) {
    const around = [...rows.slice(Math.max(0, i - windowDays), i), ...rows.slice(j, j + windowDays)]
      .map((r) => r.blocks)
      .filter((b): b is number => b !== null);
    if (i > 0 && j < rows.length && j - i <= maxGapDays && around.length > 0) {
      const mean = Math.round(around.reduce((a, b) => a + b, 0) / around.length);
      for (let k = i; k < j; k++) {
        const row = rows[k] as DailyRow;
        out[k] = { ...row, blocks: mean, provenance: { ...row.provenance, blocks: BLOCKS_GAP_METHOD } };
      }
    }
  }
  return out;
}
