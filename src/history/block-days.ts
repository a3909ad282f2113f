/**
 * Daily rows from a run of blocks a feed reported (FeedBlock: explorer facts, no header bytes), per
 * UTC day of the block time:
 *   blocks       = count of the day's blocks
 *   difficulty   = mean difficulty of the day's blocks
 *   issuance_sat = Σ (reward_sat − fees_sat)   new coins, exact in sats
 *   fees_sat     = Σ fees_sat
 * A day is complete only when blocks on both sides of it are known: a lower block dated before the
 * day and a higher one dated after it (the same rule as own-node days, history of the chain's
 * miner-set timestamps included). Other days — the open day at the tip, the first day of the run —
 * carry `partialProvenance`, a lower bound the store's merge ranks after everything.
 */
import { unixSToDate } from '../units/time.js';
import type { Sat } from '../units/sat.js';
import type { DailyRow } from './daily-row.js';

/** What the aggregate reads of a block (ports/network-feed.ts FeedBlock has these and more). */
export interface BlockFacts {
  time_unix_s: number;
  difficulty: number;
  /** Subsidy + fees claimed (sat). */
  reward_sat: Sat;
  fees_sat: Sat;
}

/** Provenance of a feed's value from a day whose blocks are not all known (ranked after every other value). */
export function feedPartialDayProvenance(feed: string): string {
  return `estimated:feed-partial-day:${feed}`;
}

/** `blocks` ascending by consecutive height. */
export function feedBlockDays(blocks: readonly BlockFacts[], provenance: string, partialProvenance: string): DailyRow[] {
  const dates = blocks.map((b) => unixSToDate(b.time_unix_s));
  const minBelow = dates.slice();
  for (let i = 1; i < blocks.length; i++) if ((minBelow[i - 1] as string) < (minBelow[i] as string)) minBelow[i] = minBelow[i - 1] as string;
  const maxAbove = dates.slice();
  for (let i = blocks.length - 2; i >= 0; i--) if ((maxAbove[i + 1] as string) > (maxAbove[i] as string)) maxAbove[i] = maxAbove[i + 1] as string;
  const days = new Map<string, { n: number; diffSum: number; issued: bigint; fees: bigint; first: number; last: number }>();
  blocks.forEach((b, i) => {
    const date = dates[i] as string;
    let d = days.get(date);
    if (!d) days.set(date, (d = { n: 0, diffSum: 0, issued: 0n, fees: 0n, first: i, last: i }));
    d.n++;
    d.diffSum += b.difficulty;
    d.issued += b.reward_sat - b.fees_sat;
    d.fees += b.fees_sat;
    d.last = i;
  });
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => {
      const complete = d.first > 0 && (minBelow[d.first - 1] as string) < date && d.last < blocks.length - 1 && (maxAbove[d.last + 1] as string) > date;
      const p = complete ? provenance : partialProvenance;
      return {
        date,
        blocks: d.n,
        difficulty: d.diffSum / d.n,
        hashrate_ehs: null,
        issuance_sat: d.issued,
        fees_sat: d.fees,
        price_usd_per_btc: null,
        supply_sat: null,
        provenance: { blocks: p, difficulty: p, issuance_sat: p, fees_sat: p },
      };
    });
}
