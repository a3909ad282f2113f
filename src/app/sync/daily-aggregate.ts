/**
 * Daily aggregates of main-chain blocks, per UTC day of the header time:
 *   blocks       = count of blocks
 *   difficulty   = mean of bitsToDifficulty(bits) over the day's blocks
 *   issuance_sat = Σ min(coinbase value, subsidy) — new coins actually issued (under-claims lower it)
 *   fees_sat     = Σ fees claimed (coinbase value − subsidy, ≥ 0)
 * Fields a node cannot tell (hashrate as reported, price, supply) stay null.
 *
 * Completeness is history/block-days.ts's rule over the chain around the blocks: complete days have
 * provenance `own-node` and outrank other origins. Any other day — the first day of a pruned node,
 * a day cut by a sync's end, the day in progress at the tip — is a lower bound, marked
 * PARTIAL_DAY_PROVENANCE (an `estimated:` kind): the merge never lets it hide another origin's
 * value, and the index flags windows that include it.
 */
import type { BlockRecord } from '../../chain/block-record.js';
import { bitsToDifficulty } from '../../chain/difficulty.js';
import { PARTIAL_DAY_PROVENANCE, type DailyRow } from '../../history/daily-row.js';
import type { DayEdges } from '../../ports/store.js';
import { blockDays, type DayBlock } from '../../history/block-days.js';

export const OWN_NODE_ORIGIN = 'own-node';

/** `blocks` ascending by height; `edges` are the stored blocks just below and above them. */
export function aggregateDaily(blocks: readonly BlockRecord[], edges: DayEdges = { before: null, after: null }): DailyRow[] {
  const all: BlockRecord[] = [...(edges.before ? [edges.before] : []), ...blocks, ...(edges.after ? [edges.after] : [])];
  const facts = all.map((b): DayBlock => ({
    time_unix_s: b.time_unix_s,
    difficulty: bitsToDifficulty(b.bits),
    issued_sat: b.coinbase_value_sat < b.subsidy_sat ? b.coinbase_value_sat : b.subsidy_sat,
    fees_sat: b.fees_sat,
    genesis: b.height === 0,
  }));
  const offset = edges.before ? 1 : 0;
  return blockDays(facts, offset, offset + blocks.length, OWN_NODE_ORIGIN, PARTIAL_DAY_PROVENANCE);
}
