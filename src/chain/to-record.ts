/**
 * Builds the stored BlockRecord from a parsed header + coinbase and the block's height.
 * fees claimed = max(coinbase value − subsidy(height), 0); under-claimed when the coinbase pays
 * less than the subsidy, or — when the block's real fees are known (RPC getblockstats `totalfee`)
 * — less than subsidy + fees.
 */
import type { BlockRecord } from './block-record.js';
import type { BlockHeader } from './header.js';
import type { CoinbaseFacts } from './coinbase.js';
import type { PoolIndex } from './pools.js';
import { subsidySat } from './subsidy.js';

export function toBlockRecord(header: BlockHeader, height: number, coinbase: CoinbaseFacts, pools: PoolIndex | null, known_fees_sat?: bigint): BlockRecord {
  const subsidy_sat = subsidySat(height);
  const value = coinbase.value_sat;
  const fees_sat = value > subsidy_sat ? value - subsidy_sat : 0n;
  const under_claimed = value < subsidy_sat || (known_fees_sat !== undefined && value < subsidy_sat + known_fees_sat);
  return {
    hash: header.hash,
    prev_hash: header.prev_hash,
    height,
    version: header.version,
    time_unix_s: header.time_unix_s,
    bits: header.bits,
    coinbase_value_sat: value,
    subsidy_sat,
    fees_sat,
    under_claimed,
    coinbase_tag: coinbase.tag,
    payout_addresses: coinbase.payout_addresses,
    pool_id: pools?.attribute(coinbase.tag, coinbase.payout_addresses)?.id ?? null,
  };
}
