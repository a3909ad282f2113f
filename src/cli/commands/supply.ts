import { FINAL_SUPPLY_SAT, HALVING_INTERVAL, halvingEra, LAST_SUBSIDY_HEIGHT, subsidySat, supplyAtHeightSat } from '../../chain/subsidy.js';
import { satToBtcString } from '../../units/sat.js';
import { numberOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../../errors.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const command: CommandSpec = {
  path: ['supply'],
  summary: 'Block subsidy and cumulative supply allowed at a height (exact, in satoshis)',
  options: {
    height: { type: 'string', value: 'N', description: 'block height (whole number ≥ 0)' },
  },
  help: 'JSON fields: height, halving_era, subsidy_sat, supply_sat, supply_btc, final_supply_sat, last_subsidy_height, share_of_final_supply, next_halving_height, blocks_to_next_halving, next_subsidy_sat (null once the subsidy has ended; satoshis as decimal strings).',
  run(args) {
    const height = numberOpt(args, 'height', { integer: true, min: 0, example: '--height 840000' });
    if (height === undefined) throw new UsageError('--height is required (a whole number ≥ 0, e.g. --height 840000)');
    const subsidy_sat = subsidySat(height);
    const supply_sat = supplyAtHeightSat(height);
    const share = Number((supply_sat * 1_000_000n) / FINAL_SUPPLY_SAT) / 1_000_000;
    // The next height where the subsidy halves; none once it has reached zero.
    const nextHalving = subsidy_sat === 0n ? null : (halvingEra(height) + 1) * HALVING_INTERVAL;
    const json = {
      height,
      halving_era: halvingEra(height),
      subsidy_sat,
      subsidy_btc: satToBtcString(subsidy_sat),
      supply_sat,
      supply_btc: satToBtcString(supply_sat),
      final_supply_sat: FINAL_SUPPLY_SAT,
      last_subsidy_height: LAST_SUBSIDY_HEIGHT,
      share_of_final_supply: share,
      next_halving_height: nextHalving,
      blocks_to_next_halving: nextHalving === null ? null : nextHalving - height,
      next_subsidy_sat: nextHalving === null ? null : subsidySat(nextHalving),
    };
    return {
      json,
      summary: [
        `Height ${formatEnUs(height)} (halving era ${json.halving_era})`,
        `  subsidy        ${json.subsidy_btc} BTC (${subsidy_sat} sat)`,
        `  supply allowed ${json.supply_btc} BTC (${(share * 100).toFixed(4)}% of the final ${satToBtcString(FINAL_SUPPLY_SAT)} BTC)`,
        nextHalving === null
          ? '  the subsidy has ended'
          : `  next halving   ${formatEnUs(nextHalving)} in ${formatEnUs(nextHalving - height)} blocks (subsidy → ${satToBtcString(subsidySat(nextHalving))} BTC)`,
        `  last subsidy at height ${formatEnUs(LAST_SUBSIDY_HEIGHT)}`,
      ],
    };
  },
};
