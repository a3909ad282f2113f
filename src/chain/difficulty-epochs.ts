/**
 * Difficulty by height from a per-period table (one row per 2,016-block retarget period, its
 * compact bits from Electrum's checkpoints and, where known, the header time of its first block).
 * Pure: the table is parsed elsewhere (src/adapters/datasets/difficulty-epochs-csv.ts) and passed in.
 *
 * Every height h maps to period ⌊h / 2016⌋; its difficulty is exact (DIFF1_TARGET / target),
 * given as a float and as an exact decimal string.
 */
import { NotFoundError, ValidationError } from '../errors.js';
import { bitsToHex, difficultyDecimal, hashrateFromDifficulty, targetToDifficulty, targetToHex } from './difficulty.js';
import { RETARGET_INTERVAL_BLOCKS } from './retarget.js';

export interface DifficultyEpoch {
  epoch: number;
  start_height: number;
  end_height: number;
  /** Compact target in force for the whole period. */
  bits: number;
  target: bigint;
  /** Hash of the period's last block (display hex); null where the source has none (the open period). */
  last_block_hash: string | null;
  /** Header time of the period's first block (unix s); null where unknown. */
  start_time_unix_s: number | null;
  /** Where the start time comes from (`genesis`, `bitcoinj`, `BTC-RPC-Data`), null where unknown. */
  start_time_source: string | null;
}

export interface DifficultyEpochInfo {
  height: number;
  epoch: number;
  start_height: number;
  end_height: number;
  bits_hex: string;
  target_hex: string;
  /** DIFF1_TARGET / target (float). */
  difficulty: number;
  /** The same, exact to 6 decimals (rounded half up), as a decimal string. */
  difficulty_exact: string;
  /** D·2^32/600 in EH/s: the hashrate that finds blocks every 10 minutes at this difficulty. */
  network_hashrate_ehs: number;
  start_time_unix_s: number | null;
  start_time_source: string | null;
  /** Hashrate implied by the period's real length (next start − this start over 2,016 blocks), EH/s; null when either start is unknown. */
  observed_hashrate_ehs: number | null;
  /** Bits of the next period (the retarget at end_height + 1); null past the table. */
  next_bits_hex: string | null;
  /** That retarget's difficulty change: D(next) / D(this) − 1 (e.g. 0.05 = +5%); null past the table. */
  next_difficulty_change: number | null;
}

/** Last height the table covers. */
export function lastCoveredHeight(epochs: readonly DifficultyEpoch[]): number {
  const last = epochs[epochs.length - 1];
  return last ? last.end_height : -1;
}

/** The latest period with a known start time: the newest tip the table can vouch for. */
export function latestKnownStart(epochs: readonly DifficultyEpoch[]): DifficultyEpoch | undefined {
  for (let i = epochs.length - 1; i >= 0; i--) {
    const e = epochs[i];
    if (e && e.start_time_unix_s !== null) return e;
  }
  return undefined;
}

/** The period row containing `height`. NotFoundError beyond the table; ValidationError for a bad height. */
export function epochAt(epochs: readonly DifficultyEpoch[], height: number): DifficultyEpoch {
  if (!Number.isSafeInteger(height) || height < 0) {
    throw ValidationError.field('height', `must be a whole number ≥ 0, got ${height}`);
  }
  const index = Math.floor(height / RETARGET_INTERVAL_BLOCKS);
  const row = epochs[index];
  if (!row) {
    throw new NotFoundError(`${height} is beyond the difficulty table, which covers heights 0–${lastCoveredHeight(epochs)}`, { path: 'height' });
  }
  // The table is validated on load; this guards against a hand-built one with holes.
  if (row.epoch !== index || height < row.start_height || height > row.end_height) {
    throw ValidationError.field(
      `epochs[${index}]`,
      `row does not cover heights ${index * RETARGET_INTERVAL_BLOCKS}–${index * RETARGET_INTERVAL_BLOCKS + 2015}`,
    );
  }
  return row;
}

/** Everything the table says about the difficulty at `height`. */
export function difficultyAtHeight(epochs: readonly DifficultyEpoch[], height: number): DifficultyEpochInfo {
  const row = epochAt(epochs, height);
  const difficulty = targetToDifficulty(row.target);
  const next = epochs[row.epoch + 1];
  let observed: number | null = null;
  if (row.start_time_unix_s !== null && next?.start_time_unix_s != null) {
    const interval_s = (next.start_time_unix_s - row.start_time_unix_s) / RETARGET_INTERVAL_BLOCKS;
    if (interval_s > 0) observed = hashrateFromDifficulty(difficulty, interval_s).network_hashrate_ehs;
  }
  return {
    height,
    epoch: row.epoch,
    start_height: row.start_height,
    end_height: row.end_height,
    bits_hex: bitsToHex(row.bits),
    target_hex: targetToHex(row.target),
    difficulty,
    difficulty_exact: difficultyDecimal(row.target, 6),
    network_hashrate_ehs: hashrateFromDifficulty(difficulty).network_hashrate_ehs,
    start_time_unix_s: row.start_time_unix_s,
    start_time_source: row.start_time_source,
    observed_hashrate_ehs: observed,
    next_bits_hex: next ? bitsToHex(next.bits) : null,
    next_difficulty_change: next ? targetToDifficulty(next.target) / difficulty - 1 : null,
  };
}
