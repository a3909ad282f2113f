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
import { ValidationError } from '../errors.js';
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
  if (!Number.isSafeInteger(value)) throw ValidationError.field(field, `must be a whole number of unix seconds, got ${value}`);
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
  assertHeight(period, 'period');
  const start_height = period * RETARGET_INTERVAL_BLOCKS;
  return { start_height, end_height: start_height + RETARGET_INTERVAL_BLOCKS - 1 };
}

function assertHeight(height: number, field = 'height'): void {
  if (!Number.isSafeInteger(height) || height < 0) throw ValidationError.field(field, `must be a whole number ≥ 0, got ${height}`);
}

export interface RetargetEstimateInput {
  /** Compact target of the running period. */
  bits: number;
  /** First height of the running period (a multiple of 2016). */
  period_start_height: number;
  /** Header time of that first block (unix s). */
  period_start_time_unix_s: number;
  /** Height and header time of the newest block seen (≥ the period start). */
  tip_height: number;
  tip_time_unix_s: number;
}

export interface RetargetEstimate {
  /** Height where the next target takes effect. */
  retarget_height: number;
  blocks_remaining: number;
  /** Mean seconds per block so far in this period. */
  observed_interval_s: number;
  /** Timespan Core will measure if the rest of the period runs at the same pace (2,015 intervals). */
  projected_timespan_s: number;
  /** Time the last block of the period is expected (unix s). */
  projected_last_block_time_unix_s: number;
  /** The retarget that timespan gives (exact Core arithmetic). */
  result: RetargetResult;
}

/**
 * Where the running period is heading (the "difficulty adjustment estimate" explorers show):
 * observed interval = (tip time − start time) / (tip height − start height); the period's last
 * block (start + 2015) is projected at that pace, and nextWorkRequired applied to it. Needs at
 * least one block past the period start. Pure: the tip comes in as an argument.
 */
export function estimateRetarget(input: RetargetEstimateInput): RetargetEstimate {
  const { period_start_height: start, tip_height: tip } = input;
  assertHeight(start, 'period_start_height');
  assertHeight(tip, 'tip_height');
  if (start % RETARGET_INTERVAL_BLOCKS !== 0) throw ValidationError.field('period_start_height', `must be a multiple of 2016, got ${start}`);
  const last = start + RETARGET_INTERVAL_BLOCKS - 1;
  if (tip <= start || tip > last) throw ValidationError.field('tip_height', `must be in ${start + 1}–${last}, got ${tip}`);
  assertTime(input.period_start_time_unix_s, 'period_start_time_unix_s');
  assertTime(input.tip_time_unix_s, 'tip_time_unix_s');
  const observed_interval_s = (input.tip_time_unix_s - input.period_start_time_unix_s) / (tip - start);
  const projected_last = Math.round(input.tip_time_unix_s + (last - tip) * observed_interval_s);
  const result = nextWorkRequired({ bits: input.bits, first_block_time_unix_s: input.period_start_time_unix_s, last_block_time_unix_s: projected_last });
  return {
    retarget_height: last + 1,
    blocks_remaining: last + 1 - tip,
    observed_interval_s,
    projected_timespan_s: projected_last - input.period_start_time_unix_s,
    projected_last_block_time_unix_s: projected_last,
    result,
  };
}
