/**
 * Site power prices by UTC day. A fixed price applies every day; an hourly series (USD/MWh, hours
 * starting in UTC) is reduced to the day's mean — the price of running flat out all day, which is
 * what the report assumes (curtailing expensive hours is the dispatch planner's job).
 */
import { SECONDS_PER_HOUR } from '../units/energy.js';
import { unixSToDate } from '../units/time.js';
import type { HourlySeries } from './hourly-prices.js';

/**
 * Mean price per UTC day over the hours present; the map also records how many hours each day had.
 * Reads only the start and the prices of a series (HourlySeries), so plain arrays do too.
 */
export function dailyMeanPrices(
  series: Pick<HourlySeries, 'start_unix_s'> & { price_usd_per_mwh: ArrayLike<number> },
): Map<string, { price_usd_per_mwh: number; hours: number }> {
  const acc = new Map<string, { sum: number; n: number }>();
  for (let i = 0; i < series.price_usd_per_mwh.length; i++) {
    const day = unixSToDate(series.start_unix_s + SECONDS_PER_HOUR * i);
    const a = acc.get(day) ?? { sum: 0, n: 0 };
    a.sum += series.price_usd_per_mwh[i] ?? 0;
    a.n += 1;
    acc.set(day, a);
  }
  const out = new Map<string, { price_usd_per_mwh: number; hours: number }>();
  for (const [day, a] of acc) out.set(day, { price_usd_per_mwh: a.sum / a.n, hours: a.n });
  return out;
}

/** A price for each site and day: the fixed price, or the daily mean of its hourly series. */
export type SitePriceLookup = (site_id: string, date: string) => number | undefined;

/**
 * The lookup for a fleet's sites: fixed prices from the spec, hourly series reduced to daily
 * means (`hourly` keyed by site id; a site with an hourly CSV but no series here has no price).
 */
export function sitePriceLookup(
  sites: readonly { id: string; power_price: { kind: 'fixed'; usd_per_mwh: number } | { kind: 'hourly_csv' } }[],
  hourly: ReadonlyMap<string, HourlySeries> = new Map(),
): SitePriceLookup {
  const daily = new Map([...hourly].map(([id, series]) => [id, dailyMeanPrices(series)]));
  const fixed = new Map(sites.flatMap((s) => (s.power_price.kind === 'fixed' ? [[s.id, s.power_price.usd_per_mwh] as const] : [])));
  return (site_id, date) => fixed.get(site_id) ?? daily.get(site_id)?.get(date)?.price_usd_per_mwh;
}
