/**
 * Hashprice: the expected mining revenue of one unit of hashrate for one day at the prevailing
 * difficulty — the industry definition (Luxor's Hashrate Index, docs/domain.md). Pure formulas.
 *
 *   expected hashes per block              = D · 2^32
 *   blocks expected per PH/s per day       = 86,400 s · 10^15 H/s / (D · 2^32)
 *   hashvalue (sat per PH/s per day)       = blocks per PH/s per day · (subsidy + mean fees per block) [sat]
 *   hashprice (USD per PH/s per day)       = hashvalue [BTC] · price [USD/BTC]
 *   fee share                              = fees / (subsidy + fees)          (dimensionless, 0..1)
 *   network hashrate implied by difficulty = D · 2^32 / 600 s                  (H/s; one block per 600 s)
 *   network hashrate implied by blocks     = D · 2^32 · blocks / 86,400 s      (H/s; the day's real pace, luck included)
 */
import { ValidationError } from '../errors.js';
import { HASHES_PER_DIFFICULTY, hashrateFromDifficulty } from '../chain/difficulty.js';
import { subsidySat } from '../chain/subsidy.js';
import { phsToThs, thsToHs } from '../units/hashrate.js';
import type { Sat } from '../units/sat.js';

const SECONDS_PER_DAY = 86_400;
const H_PER_PH = thsToHs(phsToThs(1));
const SAT_PER_BTC = 1e8;

function assertDifficulty(difficulty: number): void {
  if (!(difficulty > 0) || !Number.isFinite(difficulty)) throw ValidationError.field('difficulty', `must be a finite number > 0, got ${difficulty}`);
}

/** Blocks one PH/s finds per day on average at difficulty D: 86,400 · 10^15 / (D · 2^32). */
export function blocksPerPhDay(difficulty: number): number {
  assertDifficulty(difficulty);
  return (SECONDS_PER_DAY * H_PER_PH) / (difficulty * HASHES_PER_DIFFICULTY);
}

/**
 * Hashvalue in satoshis per PH/s per day: blocksPerPhDay(D) · (subsidy + mean fees per block).
 * Both reward parts in sat per block (floats: a mean of fees is rarely whole).
 */
export function hashvalueSatPerPhDay(difficulty: number, subsidy_sat_per_block: number, fees_sat_per_block: number): number {
  return blocksPerPhDay(difficulty) * (subsidy_sat_per_block + fees_sat_per_block);
}

/** Hashprice in USD per PH/s per day = hashvalue (sat) / 10^8 · price (USD per BTC). */
export function hashpriceUsdPerPhDay(hashvalue_sat_per_ph_day: number, price_usd_per_btc: number): number {
  return (hashvalue_sat_per_ph_day / SAT_PER_BTC) * price_usd_per_btc;
}

/** Fees as a share of miner revenue: fees / (subsidy + fees); null when both are zero. */
export function feeShare(subsidy_sat: number, fees_sat: number): number | null {
  const total = subsidy_sat + fees_sat;
  return total > 0 ? fees_sat / total : null;
}

/** Network hashrate (EH/s) the difficulty implies at the target pace: D · 2^32 / 600 / 10^18. */
export function hashrateFromDifficultyEhs(difficulty: number): number {
  return hashrateFromDifficulty(difficulty).network_hashrate_ehs;
}

/** Network hashrate (EH/s) implied by the blocks actually found in a day: D · 2^32 · blocks / 86,400 / 10^18. */
export function hashrateFromBlocksEhs(difficulty: number, blocks: number): number {
  assertDifficulty(difficulty);
  // The day's mean interval is 86,400 / blocks; a day without a block implies no measurable hashrate.
  return blocks > 0 ? hashrateFromDifficulty(difficulty, SECONDS_PER_DAY / blocks).network_hashrate_ehs : 0;
}

/**
 * Subsidy per block (sat) for a day. Where the day's issuance and block count are known, the
 * mean issuance per block (exact within an era; on a halving day the blend of the two subsidies
 * the day's blocks actually paid). Otherwise the consensus schedule at `height`, when given.
 */
export function subsidyPerBlockSat(issuance_sat: Sat | null, blocks: number | null, height?: number): number | null {
  if (issuance_sat !== null && blocks !== null && blocks > 0) return Number(issuance_sat) / blocks;
  if (height !== undefined) return Number(subsidySat(height));
  return null;
}
