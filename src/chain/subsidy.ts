import { ValidationError } from '../errors.js';
import type { Sat } from '../units/sat.js';

/** Blocks between halvings (consensus constant). */
export const HALVING_INTERVAL = 210_000;
/** Initial block subsidy: 50 BTC in satoshis. */
export const INITIAL_SUBSIDY_SAT: Sat = 5_000_000_000n;

function assertHeight(height: number): void {
  if (!Number.isSafeInteger(height) || height < 0) {
    throw ValidationError.field('height', `must be a whole number ≥ 0, got ${height}`);
  }
}

/** Halving era of a height: ⌊height / 210,000⌋ (era 0 pays 50 BTC). */
export function halvingEra(height: number): number {
  assertHeight(height);
  return Math.floor(height / HALVING_INTERVAL);
}

/**
 * Block subsidy (sat) allowed at `height`: 5,000,000,000 >> ⌊height / 210,000⌋, zero once
 * shifted out (era ≥ 64 in Core; the value is already 0 from era 33).
 */
export function subsidySat(height: number): Sat {
  const era = halvingEra(height);
  if (era >= 64) return 0n;
  return INITIAL_SUBSIDY_SAT >> BigInt(era);
}

/**
 * Cumulative subsidy allowed (sat) for blocks 0..height inclusive — the supply ceiling at that
 * height (the genesis output is counted although it is unspendable; *issued* can be lower where
 * miners under-claimed). Σ over whole eras of 210,000 · (50 BTC >> era) plus the partial era.
 */
export function supplyAtHeightSat(height: number): Sat {
  const era = halvingEra(height);
  let total = 0n;
  for (let e = 0; e < era && e < 64; e++) total += BigInt(HALVING_INTERVAL) * (INITIAL_SUBSIDY_SAT >> BigInt(e));
  const inEra = BigInt(height - era * HALVING_INTERVAL + 1);
  total += inEra * subsidySat(height);
  return total;
}

/** The last height whose subsidy is non-zero (subsidy at era 32 is 1 sat; era 33 pays 0). */
export const LAST_SUBSIDY_HEIGHT: number = (() => {
  let era = 0;
  while (INITIAL_SUBSIDY_SAT >> BigInt(era + 1) > 0n) era++;
  return (era + 1) * HALVING_INTERVAL - 1;
})();

/** Final supply (sat): every height's subsidy summed — 2,099,999,997,690,000 sat. */
export const FINAL_SUPPLY_SAT: Sat = supplyAtHeightSat(LAST_SUBSIDY_HEIGHT);

export interface HalvingPoint {
  /** Halving index: 1 for the first halving (height 210,000). */
  index: number;
  height: number;
  subsidy_sat: Sat;
}

/** Every halving height with the subsidy paid from it on, through the last non-zero subsidy. */
export function halvingHeights(): HalvingPoint[] {
  const out: HalvingPoint[] = [];
  for (let index = 1; ; index++) {
    const height = index * HALVING_INTERVAL;
    const subsidy_sat = subsidySat(height);
    out.push({ index, height, subsidy_sat });
    if (subsidy_sat === 0n) return out;
  }
}
