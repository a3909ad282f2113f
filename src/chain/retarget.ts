/**
 * Difficulty retarget, exactly as Bitcoin Core's CalculateNextWorkRequired computes it (mainnet).
 *
 * Every 2,016 blocks (a "period" or "epoch"), at a height h with h mod 2016 = 0:
 *   actual_timespan_s = time(last block of the period, h−1) − time(first block of the period, h−2016)
 *   clamped            = min(max(actual, 1,209,600 / 4), 1,209,600 · 4)
 *   new target         = ⌊old target · clamped / 1,209,600⌋, capped at the pow limit (2^224 − 1),
 * then re-encoded in compact form (losing precision below three significant bytes). The old
 * target is the *compact-decoded* bits of the last block, not a higher-precision value.
 *
 * Core's off-by-one (kept for consensus): the timespan covers only 2,015 block intervals, not
 * 2,016, because the first block's own interval is not counted. Difficulty therefore drifts ~0.05%
 * high per period relative to a perfect 600-second schedule.
 */
import { bitsToTarget, POW_LIMIT, targetToBits, targetToDifficulty } from './difficulty.js';

/** Blocks per retarget period. */
export const RETARGET_INTERVAL_BLOCKS = 2016;
/** Expected period length: two weeks in seconds (2016 · 600). */
export const TARGET_TIMESPAN_S = 1_209_600;
export const MIN_TIMESPAN_S = TARGET_TIMESPAN_S / 4;
export const MAX_TIMESPAN_S = TARGET_TIMESPAN_S * 4;

export interface RetargetInput {
  /** Compact target of the period's last block (the same for the whole period on mainnet). */
  bits: number;
  /** Header time of the period's first block (height h − 2016), unix seconds. */
  first_block_time_unix_s: number;
  /** Header time of the period's last block (height h − 1), unix seconds. */
  last_block_time_unix_s: number;
  /** Highest allowed target; mainnet 2^224 − 1 by default. */
  pow_limit?: bigint;
}

export interface RetargetResult {
  /** last − first block time (s); may be negative or tiny since miners set header times. */
  actual_timespan_s: number;
  /** The timespan used, after the ¼..×4 clamp (s). */
  clamped_timespan_s: number;
  /** Which bound, if any, clamped the timespan: `min` = ¼ (difficulty ×4 at most), `max` = ×4. */
  clamp: 'none' | 'min' | 'max';
  /** New target before compact re-encoding (exact). */
  target_unrounded: bigint;
  /** Whether the pow limit capped the new target. */
  capped_at_pow_limit: boolean;
  /** Compact bits of the next period. */
  bits: number;
  /** Exact target those bits encode. */
  target: bigint;
  /** New difficulty / old difficulty (> 1: harder). */
  difficulty_ratio: number;
}

function assertTime(value: number, field: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${field} must be a whole number of unix seconds, got ${value}`);
}

/** Next period's target from the finished period's bits and its first and last block times. */
export function nextWorkRequired(input: RetargetInput): RetargetResult {
  assertTime(input.first_block_time_unix_s, 'first_block_time_unix_s');
  assertTime(input.last_block_time_unix_s, 'last_block_time_unix_s');
  const powLimit = input.pow_limit ?? POW_LIMIT;
  const actual = input.last_block_time_unix_s - input.first_block_time_unix_s;
  let clamped = actual;
  let clamp: RetargetResult['clamp'] = 'none';
  if (actual < MIN_TIMESPAN_S) {
    clamped = MIN_TIMESPAN_S;
    clamp = 'min';
  } else if (actual > MAX_TIMESPAN_S) {
    clamped = MAX_TIMESPAN_S;
    clamp = 'max';
  }
  const old = bitsToTarget(input.bits);
  const unrounded = (old * BigInt(clamped)) / BigInt(TARGET_TIMESPAN_S);
  const capped = unrounded > powLimit;
  const bits = targetToBits(capped ? powLimit : unrounded);
  const target = bitsToTarget(bits);
  return {
    actual_timespan_s: actual,
    clamped_timespan_s: clamped,
    clamp,
    target_unrounded: unrounded,
    capped_at_pow_limit: capped,
    bits,
    target,
    difficulty_ratio: targetToDifficulty(target) / targetToDifficulty(old),
  };
}

/** True at heights where a new target takes effect (h mod 2016 = 0, h > 0). */
export function isRetargetHeight(height: number): boolean {
  assertHeight(height);
  return height > 0 && height % RETARGET_INTERVAL_BLOCKS === 0;
}

/** Retarget period (epoch) of a height: ⌊h / 2016⌋. */
export function retargetPeriod(height: number): number {
  assertHeight(height);
  return Math.floor(height / RETARGET_INTERVAL_BLOCKS);
}

/** First and last height of a period. */
export function periodHeights(period: number): { start_height: number; end_height: number } {
  assertHeight(period);
  const start_height = period * RETARGET_INTERVAL_BLOCKS;
  return { start_height, end_height: start_height + RETARGET_INTERVAL_BLOCKS - 1 };
}

function assertHeight(height: number): void {
  if (!Number.isSafeInteger(height) || height < 0) throw new RangeError(`height must be a whole number ≥ 0, got ${height}`);
}
