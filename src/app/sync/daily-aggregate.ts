/**
 * Daily aggregates of main-chain blocks, per UTC day of the header time:
 *   blocks       = count of blocks
 *   difficulty   = mean of bitsToDifficulty(bits) over the day's blocks
 *   issuance_sat = Σ min(coinbase value, subsidy) — new coins actually issued (under-claims lower it)
 *   fees_sat     = Σ fees claimed (coinbase value − subsidy, ≥ 0)
 * Fields a node cannot tell (hashrate as reported, price, supply) stay null.
 *
 * A day is complete when its block set is known whole: the chain around it holds a block below
 * the day's lowest height dated before the day (or the day starts at genesis) and a block above its
 * highest height dated after it. Complete days have provenance `own-node` and outrank other
 * origins. Any other day — the first day of a pruned node, a day cut by a sync's end, the day in
 * progress at the tip — is a lower bound, marked PARTIAL_DAY_PROVENANCE (an `estimated:` kind): the
 * merge never lets it hide another origin's value, and the index flags windows that include it.
 */
import type { BlockRecord } from '../../chain/block-record.js';
import { bitsToDifficulty } from '../../chain/difficulty.js';
import { PARTIAL_DAY_PROVENANCE, type DailyRow } from '../../history/daily-row.js';
import type { DayEdges } from '../../ports/store.js';
import { unixSToDate } from '../../units/time.js';

export const OWN_NODE_ORIGIN = 'own-node';

interface Day {
  n: number;
  diffSum: number;
  issued: bigint;
  fees: bigint;
  /** Indices of the day's lowest- and highest-height blocks in the height-ordered chain. */
  first: number;
  last: number;
  genesis: boolean;
}

/** `blocks` ascending by height; `edges` are the stored blocks just below and above them. */
export function aggregateDaily(blocks: readonly BlockRecord[], edges: DayEdges = { before: null, after: null }): DailyRow[] {
  const all: BlockRecord[] = [...(edges.before ? [edges.before] : []), ...blocks, ...(edges.after ? [edges.after] : [])];
  const dates = all.map((b) => unixSToDate(b.time_unix_s));
  // Earliest date at or below each index, latest at or above: a day's start (end) is known when
  // a block below (above) it is dated before (after) it.
  const minBelow = dates.slice();
  for (let i = 1; i < all.length; i++) if ((minBelow[i - 1] as string) < (minBelow[i] as string)) minBelow[i] = minBelow[i - 1] as string;
  const maxAbove = dates.slice();
  for (let i = all.length - 2; i >= 0; i--) if ((maxAbove[i + 1] as string) > (maxAbove[i] as string)) maxAbove[i] = maxAbove[i + 1] as string;

  const days = new Map<string, Day>();
  const offset = edges.before ? 1 : 0;
  blocks.forEach((b, k) => {
    const i = k + offset;
    const date = dates[i] as string;
    let d = days.get(date);
    if (!d) days.set(date, (d = { n: 0, diffSum: 0, issued: 0n, fees: 0n, first: i, last: i, genesis: b.height === 0 }));
    d.n++;
    d.diffSum += bitsToDifficulty(b.bits);
    d.issued += b.coinbase_value_sat < b.subsidy_sat ? b.coinbase_value_sat : b.subsidy_sat;
    d.fees += b.fees_sat;
    d.last = i;
  });
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, d]) => {
      const startKnown = d.genesis || (d.first > 0 && (minBelow[d.first - 1] as string) < date);
      const endKnown = d.last < all.length - 1 && (maxAbove[d.last + 1] as string) > date;
      const p = startKnown && endKnown ? OWN_NODE_ORIGIN : PARTIAL_DAY_PROVENANCE;
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
