/**
 * Daily aggregates of main-chain blocks, per UTC day of the header time:
 *   blocks       = count of blocks
 *   difficulty   = mean of bitsToDifficulty(bits) over the day's blocks
 *   issuance_sat = Σ min(coinbase value, subsidy) — new coins actually issued (under-claims lower it)
 *   fees_sat     = Σ fees claimed (coinbase value − subsidy, ≥ 0)
 * Every value's provenance is 'own-node'; fields a node cannot tell (hashrate as reported, price,
 * supply) stay null. A day at either end of a sync may be partial until the next sync fills it.
 */
import type { BlockRecord } from '../chain/block-record.js';
import { bitsToDifficulty } from '../chain/difficulty.js';
import type { DailyRow } from '../history/daily-row.js';
import { unixSToDate } from '../units/time.js';

export const OWN_NODE_ORIGIN = 'own-node';

export function aggregateDaily(blocks: readonly BlockRecord[]): DailyRow[] {
  const days = new Map<string, { n: number; diffSum: number; issued: bigint; fees: bigint }>();
  for (const b of blocks) {
    const date = unixSToDate(b.time_unix_s);
    const d = days.get(date) ?? { n: 0, diffSum: 0, issued: 0n, fees: 0n };
    d.n++;
    d.diffSum += bitsToDifficulty(b.bits);
    d.issued += b.coinbase_value_sat < b.subsidy_sat ? b.coinbase_value_sat : b.subsidy_sat;
    d.fees += b.fees_sat;
    days.set(date, d);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => ({
      date,
      blocks: d.n,
      difficulty: d.diffSum / d.n,
      hashrate_ehs: null,
      issuance_sat: d.issued,
      fees_sat: d.fees,
      price_usd: null,
      supply_sat: null,
      provenance: { blocks: OWN_NODE_ORIGIN, difficulty: OWN_NODE_ORIGIN, issuance_sat: OWN_NODE_ORIGIN, fees_sat: OWN_NODE_ORIGIN },
    }));
}
