/**
 * A day of the hashprice index for `hashfloor machine --date`: the day's hashprice, price, fees
 * per block and the chain height at its start (the halving's height plus the blocks found since,
 * which is exact where the history has block counts and 144 a day where it has not).
 */
import { UsageError } from '../errors.js';
import { buildHashpriceIndex, type HashpriceDay } from '../economics/hashprice-index.js';
import { HALVING_INTERVAL } from '../chain/subsidy.js';
import { BLOCKS_PER_DAY } from '../economics/payback.js';
import type { DailyRow } from '../history/daily-row.js';

export interface IndexDay {
  date: string;
  hashprice_usd_per_ph_day: number;
  price_usd_per_btc: number;
  fees_btc_per_block: number;
  start_height: number;
}

export function startHeightOf(index: readonly HashpriceDay[], i: number): number {
  const day = index[i] as HashpriceDay;
  let h = day.halving_cycle * HALVING_INTERVAL;
  for (let j = i - day.days_since_halving; j < i; j++) h += index[j]?.blocks ?? BLOCKS_PER_DAY;
  return h;
}

/**
 * The index day `date`, or when undefined the last day with a hashprice on or before `notAfter`
 * (the data's as-of day: src/app/as-of.ts); a UsageError names --date otherwise.
 */
export function indexDay(history: readonly DailyRow[], date: string | undefined, notAfter: string): IndexDay {
  const index = buildHashpriceIndex(history);
  const complete = (d: HashpriceDay): boolean => d.hashprice_usd_per_ph_day !== null && d.price_usd_per_btc !== null && d.price_usd_per_btc > 0;
  let i = -1;
  if (date === undefined) {
    for (let j = index.length - 1; j >= 0 && i < 0; j--) if ((index[j] as HashpriceDay).date <= notAfter && complete(index[j] as HashpriceDay)) i = j;
  } else {
    i = index.findIndex((d) => d.date === date);
  }
  const d = index[i];
  if (!d || !complete(d)) {
    const range = `${index[0]?.date ?? '—'} to ${index.at(-1)?.date ?? '—'}`;
    throw new UsageError(
      date === undefined ? 'the history has no day with a hashprice' : `--date ${date} is outside the history or has no hashprice (history ${range})`,
    );
  }
  return {
    date: d.date,
    hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day as number,
    price_usd_per_btc: d.price_usd_per_btc as number,
    fees_btc_per_block: (d.fees_sat_per_block ?? 0) / 1e8,
    start_height: startHeightOf(index, i),
  };
}
