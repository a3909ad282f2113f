/**
 * Halving calendar: every halving height (210,000·k, k = 1…33) with the subsidy before and after,
 * the real header time of the four that have happened, and a projected time for the rest:
 *   projected time (unix s) = tip.time_unix_s + (height − tip.height) · block_interval_s
 * Pure: the tip (height, time, interval) is an argument; nothing reads the clock.
 *
 * Real times are the header times of blocks 210,000 / 420,000 / 630,000 / 840,000 as published
 * by block explorers. Cross-checked against shared data: each lies inside its retarget period
 * (bitcoinj start times, see the tests) at a plausible 560–610 s per block since the period
 * began, and Coin Metrics' daily issuance splits on those days match the time of day
 * (2012-11-28: 108 of 172 blocks at 50 BTC ≈ 15:24; 2016-07-09: 96 of 149 at 25 BTC;
 * 2020-05-11: 128 of 157 at 12.5 BTC ≈ 19:23; 2024-04-20: 0 of 130 at 6.25 BTC, 00:09).
 */
import { ValidationError } from '../errors.js';
import type { Sat } from '../units/sat.js';
import { SECONDS_PER_DAY, unixSToIso } from '../units/time.js';
import { TARGET_BLOCK_INTERVAL_S } from './difficulty.js';
import { halvingHeights, subsidySat } from './subsidy.js';

/** Header times of the halvings that have happened (unix s). */
export const OBSERVED_HALVINGS: readonly { height: number; time_unix_s: number }[] = [
  { height: 210_000, time_unix_s: 1_354_116_278 }, // 2012-11-28T15:24:38Z
  { height: 420_000, time_unix_s: 1_468_082_773 }, // 2016-07-09T16:46:13Z
  { height: 630_000, time_unix_s: 1_589_225_023 }, // 2020-05-11T19:23:43Z
  { height: 840_000, time_unix_s: 1_713_571_767 }, // 2024-04-20T00:09:27Z
];

/** Genesis block header time: no tip can be earlier. */
export const OBSERVED_GENESIS_TIME_UNIX_S = 1_231_006_505;

/**
 * Bounds that keep every projected time a real date: a tip well past the last halving
 * (6,930,000), no later than year 9999, at most a day per block.
 */
export const MAX_TIP_HEIGHT = 10_000_000;
export const MAX_TIP_TIME_UNIX_S = 253_402_300_799;
export const MAX_BLOCK_INTERVAL_S = 86_400;

export interface ChainTip {
  height: number;
  /** Header time of the tip block (unix s). */
  time_unix_s: number;
  /** Mean seconds per block assumed from the tip on (600 = the target). */
  block_interval_s?: number;
}

export interface HalvingEntry {
  /** 1 for the first halving (height 210,000). */
  index: number;
  height: number;
  subsidy_before_sat: Sat;
  subsidy_after_sat: Sat;
  /** `observed`: real header time; `projected`: from the tip at the given interval. */
  status: 'observed' | 'projected';
  time_unix_s: number;
  /** ISO-8601 UTC of time_unix_s. */
  time_utc: string;
  /** height − tip height (negative: before the tip). */
  blocks_from_tip: number;
  /** (time − tip time) in days; negative before the tip. */
  days_from_tip: number;
}

function validateTip(tip: ChainTip): number {
  const interval = tip.block_interval_s ?? TARGET_BLOCK_INTERVAL_S;
  const issues: { path: string; message: string }[] = [];
  if (!Number.isSafeInteger(tip.height) || tip.height < 0 || tip.height > MAX_TIP_HEIGHT) {
    issues.push({ path: 'tip.height', message: `must be a whole number 0–${MAX_TIP_HEIGHT}, got ${tip.height}` });
  }
  if (!Number.isSafeInteger(tip.time_unix_s) || tip.time_unix_s < OBSERVED_GENESIS_TIME_UNIX_S || tip.time_unix_s > MAX_TIP_TIME_UNIX_S) {
    issues.push({
      path: 'tip.time_unix_s',
      message: `must be whole unix seconds from the genesis block (1231006505) to the end of year 9999, got ${tip.time_unix_s}`,
    });
  }
  if (!Number.isFinite(interval) || interval <= 0 || interval > MAX_BLOCK_INTERVAL_S)
    issues.push({ path: 'tip.block_interval_s', message: `must be > 0 and ≤ ${MAX_BLOCK_INTERVAL_S} s, got ${interval}` });
  if (issues.length === 0) {
    // A tip above a real halving must be later than it, and one below it earlier.
    for (const h of OBSERVED_HALVINGS) {
      const wrongSide = tip.height >= h.height ? tip.time_unix_s < h.time_unix_s : tip.time_unix_s > h.time_unix_s;
      if (wrongSide) {
        issues.push({
          path: 'tip',
          message: `height ${tip.height} at ${unixSToIso(tip.time_unix_s)} contradicts halving ${h.height} at ${unixSToIso(h.time_unix_s)}`,
        });
        break;
      }
    }
  }
  if (issues.length) throw new ValidationError(issues);
  return interval;
}

/**
 * Every halving through the last (index 33 at height 6,930,000, after which the subsidy is 0),
 * observed ones with their real times, the others projected from `tip`.
 */
export function halvingCalendar(tip: ChainTip): HalvingEntry[] {
  const interval = validateTip(tip);
  const observed = new Map(OBSERVED_HALVINGS.map((h) => [h.height, h.time_unix_s]));
  return halvingHeights().map((p) => {
    const real = observed.get(p.height);
    const time_unix_s = real ?? Math.round(tip.time_unix_s + (p.height - tip.height) * interval);
    return {
      index: p.index,
      height: p.height,
      subsidy_before_sat: subsidySat(p.height - 1),
      subsidy_after_sat: p.subsidy_sat,
      status: real === undefined ? 'projected' : 'observed',
      time_unix_s,
      time_utc: unixSToIso(time_unix_s),
      blocks_from_tip: p.height - tip.height,
      days_from_tip: (time_unix_s - tip.time_unix_s) / SECONDS_PER_DAY,
    };
  });
}

/** The first halving above the tip height (the next one), with its projection. */
export function nextHalving(tip: ChainTip): HalvingEntry | undefined {
  return halvingCalendar(tip).find((h) => h.height > tip.height);
}
