/**
 * Daily rows from a run of consecutive blocks, per UTC day of the block time:
 *   blocks       = count of the day's blocks
 *   difficulty   = mean difficulty of the day's blocks
 *   issuance_sat = Σ new coins issued (exact in sats)
 *   fees_sat     = Σ fees
 * Fields blocks cannot tell (hashrate as reported, price, supply) stay null.
 *
 * A day is complete when its block set is known whole: a block below the day's lowest height is
 * dated before the day (or the day starts at genesis) and a block above its highest height is
 * dated after it (block times are miner-set, so "before" and "after" use the running minimum and
 * maximum, not the neighbour). Complete days carry `provenance`; any other day — the first of a
 * run, the open day at the tip — carries `partialProvenance`, a lower bound the store's merge ranks
 * after everything. Own-node sync (app/sync/daily-aggregate.ts) and the explorer feeds share it.
 */
import { unixSToDate } from '../units/time.js';
import type { Sat } from '../units/sat.js';
import type { DailyRow } from './daily-row.js';

/** One block as the daily aggregate reads it. */
export interface DayBlock {
  time_unix_s: number;
  difficulty: number;
  /** New coins this block issued (sat). */
  issued_sat: bigint;
  fees_sat: bigint;
  /** The genesis block: a day that starts with it is known from its start. */
  genesis: boolean;
}

/**
 * Rows for the days of blocks[from, to) (ascending by consecutive height); the blocks outside that
 * range only tell whether a day's start and end are known.
 */
export function blockDays(blocks: readonly DayBlock[], from: number, to: number, provenance: string, partialProvenance: string): DailyRow[] {
  const dates = blocks.map((b) => unixSToDate(b.time_unix_s));
  const minBelow = dates.slice();
  for (let i = 1; i < blocks.length; i++) if ((minBelow[i - 1] as string) < (minBelow[i] as string)) minBelow[i] = minBelow[i - 1] as string;
  const maxAbove = dates.slice();
  for (let i = blocks.length - 2; i >= 0; i--) if ((maxAbove[i + 1] as string) > (maxAbove[i] as string)) maxAbove[i] = maxAbove[i + 1] as string;
  const days = new Map<string, { n: number; diffSum: number; issued: bigint; fees: bigint; first: number; last: number; genesis: boolean }>();
  for (let i = from; i < to; i++) {
    const b = blocks[i] as DayBlock;
    const date = dates[i] as string;
    let d = days.get(date);
    if (!d) days.set(date, (d = { n: 0, diffSum: 0, issued: 0n, fees: 0n, first: i, last: i, genesis: b.genesis }));
    d.n++;
    d.diffSum += b.difficulty;
    d.issued += b.issued_sat;
    d.fees += b.fees_sat;
    d.last = i;
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => {
      // Past either end of `blocks` there is no block to tell: `?? date` makes the test false.
      const startKnown = d.genesis || (minBelow[d.first - 1] ?? date) < date;
      const endKnown = (maxAbove[d.last + 1] ?? date) > date;
      const p = startKnown && endKnown ? provenance : partialProvenance;
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

/** What the feed aggregate reads of a block (ports/network-feed.ts FeedBlock has these and more). */
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

/** A feed's blocks (ascending by consecutive height; issuance = reward − fees) by day. */
export function feedBlockDays(blocks: readonly BlockFacts[], provenance: string, partialProvenance: string): DailyRow[] {
  const facts = blocks.map((b) => ({
    time_unix_s: b.time_unix_s,
    difficulty: b.difficulty,
    issued_sat: b.reward_sat - b.fees_sat,
    fees_sat: b.fees_sat,
    genesis: false,
  }));
  return blockDays(facts, 0, facts.length, provenance, partialProvenance);
}
