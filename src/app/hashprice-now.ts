/**
 * Hashprice at the tip (`hashprice --now`, `GET /api/v1/hashprice/now`), from the stored blocks —
 * the own node's when synced, else those a feed reported (mempool via `update`):
 *   hashvalue (sat per PH/s per day) = blocksPerPhDay(D_tip) · (subsidy_tip + mean fees of the last 144 blocks)
 *   hashprice (USD per PH/s per day) = hashvalue / 10^8 · latest stored daily price (USD/BTC)
 * D_tip is the tip block's difficulty. The price is the newest closed day's (its time is the end of
 * that day); the tip's own day is open, reported as partial, and never the last complete day.
 */
import { bitsToDifficulty } from '../chain/difficulty.js';
import { NotFoundError } from '../errors.js';
import { blocksPerPhDay, hashpriceUsdPerPhDay, hashvalueSatPerPhDay } from '../economics/hashprice.js';
import type { Store } from '../ports/store.js';
import { addDays, dateToUnixS, unixSToDate } from '../units/time.js';

export const FEE_WINDOW_BLOCKS = 144;

export interface HashpriceNow {
  height: number;
  tip_time_unix_s: number;
  /** `own-node` or `feed:<name>`. */
  blocks_source: string;
  difficulty: number;
  subsidy_sat_per_block: number;
  /** Mean fees of the last `fee_window_blocks` blocks (sat per block). */
  fees_sat_per_block: number;
  fee_window_blocks: number;
  price_usd_per_btc: number;
  /** The UTC day whose close the price is, and when that day ended (unix s). */
  price_date: string;
  price_time_unix_s: number;
  price_source: string;
  blocks_per_ph_day: number;
  hashvalue_sat_per_ph_day: number;
  hashprice_usd_per_ph_day: number;
  /** The tip's UTC day: still open, so partial. */
  open_day: string;
  open_day_partial: true;
}

interface TipBlock {
  height: number;
  time_unix_s: number;
  difficulty: number;
  subsidy_sat: bigint;
  fees_sat: bigint;
}

async function tipBlocks(store: Store): Promise<{ source: string; blocks: TipBlock[] } | null> {
  const tip = await store.chainTip();
  if (tip) {
    const top = await store.blockAtHeight(tip.height);
    const from = unixSToDate((top?.time_unix_s ?? 0) - 3 * 86_400);
    const blocks = (await store.listBlocks({ from })).slice(-FEE_WINDOW_BLOCKS);
    return {
      source: 'own-node',
      blocks: blocks.map((b) => ({
        height: b.height,
        time_unix_s: b.time_unix_s,
        difficulty: bitsToDifficulty(b.bits),
        subsidy_sat: b.subsidy_sat,
        fees_sat: b.fees_sat,
      })),
    };
  }
  const fed = await store.feedBlocks({ fromTop: true, limit: FEE_WINDOW_BLOCKS });
  if (fed.length === 0) return null;
  return {
    source: 'feed:mempool',
    blocks: fed.map((b) => ({
      height: b.height,
      time_unix_s: b.time_unix_s,
      difficulty: b.difficulty,
      subsidy_sat: b.reward_sat - b.fees_sat,
      fees_sat: b.fees_sat,
    })),
  };
}

export async function hashpriceNow(store: Store): Promise<HashpriceNow> {
  const t = await tipBlocks(store);
  const tip = t?.blocks.at(-1);
  if (!t || !tip) throw new NotFoundError('no stored blocks: run `hashfloor sync` (own node) or `hashfloor update` (mempool) first');
  const open_day = unixSToDate(tip.time_unix_s);
  const priced = (await store.listDaily({ from: addDays(open_day, -30), to: addDays(open_day, -1) })).filter((d) => d.price_usd_per_btc !== null).at(-1);
  if (!priced || priced.price_usd_per_btc === null) throw new NotFoundError(`no stored BTC price in the 30 days before ${open_day}: run \`hashfloor update\``);
  const fees = t.blocks.reduce((s, b) => s + b.fees_sat, 0n);
  const fees_sat_per_block = Number(fees) / t.blocks.length;
  const subsidy_sat_per_block = Number(tip.subsidy_sat);
  const hashvalue = hashvalueSatPerPhDay(tip.difficulty, subsidy_sat_per_block, fees_sat_per_block);
  return {
    height: tip.height,
    tip_time_unix_s: tip.time_unix_s,
    blocks_source: t.source,
    difficulty: tip.difficulty,
    subsidy_sat_per_block,
    fees_sat_per_block,
    fee_window_blocks: t.blocks.length,
    price_usd_per_btc: priced.price_usd_per_btc,
    price_date: priced.date,
    price_time_unix_s: dateToUnixS(addDays(priced.date, 1)),
    price_source: priced.provenance.price_usd_per_btc ?? 'unknown',
    blocks_per_ph_day: blocksPerPhDay(tip.difficulty),
    hashvalue_sat_per_ph_day: hashvalue,
    hashprice_usd_per_ph_day: hashpriceUsdPerPhDay(hashvalue, priced.price_usd_per_btc),
    open_day,
    open_day_partial: true,
  };
}
