/**
 * The dispatch use case's inputs, built once for every edge (`hashfloor dispatch`, `POST
 * /api/v1/fleets/{id}/dispatch`): each site's hourly price series, the plan's hours (the hours
 * every series covers, cut to from/to as whole UTC days), hashprice and BTC price per hour
 * (constant, an hourly series, or each UTC day's value from the network history), the caller's
 * switching overrides, then fleetDispatchProblem.
 *
 * Options arrive parsed (dates, numbers, tables); no flags, no HTTP. A ValidationError names its
 * field in neutral words — `from`, `to`, `prices`, `hashprice`, `site_hubs.<site>`, or the
 * spec's `sites[i].price_hub` — and each edge renames them to its own (renamePaths in src/errors.ts).
 */
import type { Fleet, Site } from '../economics/fleet.js';
import type { HashpriceDay } from '../economics/hashprice-index.js';
import { FIXED_PRICE_COLUMN, sitePriceSeries, sliceHours, type HourlySeries, type SitePriceTable } from '../economics/hourly-prices.js';
import { fleetDispatchProblem } from '../dispatch/fleet-problem.js';
import type { DemandResponseEvent, DispatchProblem, SwitchingRules } from '../dispatch/problem.js';
import { ValidationError } from '../errors.js';
import { dateToUnixS, SECONDS_PER_DAY, unixSToDate } from '../units/time.js';

/** Where each hour's hashprice comes from. */
export type HashpriceInput =
  | { kind: 'constant'; hashprice_usd_per_ph_day: number }
  | { kind: 'hourly'; series: HourlySeries<'hashprice_usd_per_ph_day'> }
  /** Each hour takes its UTC day's hashprice and BTC price; the index is loaded only for this kind. */
  | { kind: 'daily'; index: () => Promise<readonly HashpriceDay[]> };

export interface DispatchInputOptions {
  fleet: Fleet;
  /** The parsed price table a site reads (and the column for a site naming no hub). */
  priceTable: (site: Site) => SitePriceTable;
  /** Hub per site id, overriding the spec's `price_hub`. */
  site_hubs?: ReadonlyMap<string, string> | undefined;
  /** First and last UTC day (YYYY-MM-DD, inclusive); default the hours every series covers. */
  from?: string | undefined;
  to?: string | undefined;
  /** Longest plan accepted (days). */
  max_days?: number | undefined;
  hashprice: HashpriceInput;
  /** A constant BTC price; without it the daily history's price when hashprice is daily, else none. */
  price_usd_per_btc?: number | undefined;
  /** Demand-response events, aligned to the plan's hours once they are known. */
  events?: ((start_unix_s: number, hours: number) => readonly DemandResponseEvent[]) | undefined;
  /** Overrides of the spec's switching rules, field by field. */
  switching?: Partial<SwitchingRules> | undefined;
}

export interface SitePrices {
  site: string;
  /** The price column the site reads (hub name, or `price_usd_per_mwh`). */
  column: string;
  source: string;
  /** The plan's hours only (USD/MWh). */
  price_usd_per_mwh: Float64Array;
}

export interface DispatchInputs {
  problem: DispatchProblem;
  start_unix_s: number;
  /** End of the last hour (exclusive), unix seconds. */
  end_unix_s: number;
  hours: number;
  /** Per site, in the fleet's site order. */
  prices: SitePrices[];
}

function dailyHashprice(
  index: readonly HashpriceDay[],
  start_unix_s: number,
  hours: number,
): { hashprice_usd_per_ph_day: Float64Array; price_usd_per_btc: Float64Array } {
  const byDate = new Map(index.map((d) => [d.date, d]));
  const hashprice = new Float64Array(hours);
  const btc = new Float64Array(hours);
  for (let t = 0; t < hours; t++) {
    const date = unixSToDate(start_unix_s + 3600 * t);
    const d = byDate.get(date);
    if (d?.hashprice_usd_per_ph_day == null || d.price_usd_per_btc == null) {
      throw ValidationError.field('hashprice', `the network history has no hashprice for ${date}; give a constant hashprice or plan days the history covers`);
    }
    hashprice[t] = d.hashprice_usd_per_ph_day;
    btc[t] = d.price_usd_per_btc;
  }
  return { hashprice_usd_per_ph_day: hashprice, price_usd_per_btc: btc };
}

export async function buildDispatchInputs(o: DispatchInputOptions): Promise<DispatchInputs> {
  const series = sitePriceSeries(o.fleet.sites, o.priceTable, o.site_hubs ?? new Map());
  const start = Math.max(...series.map((x) => x.start_unix_s));
  const end = Math.min(...series.map((x) => x.start_unix_s + 3600 * x.price_usd_per_mwh.length));
  if (end <= start) throw ValidationError.field('prices', "the sites' price files share no hour");
  if (o.from !== undefined && o.to !== undefined && o.from > o.to) throw ValidationError.field('from', `from (${o.from}) must not be after to (${o.to})`);
  const a = o.from !== undefined ? dateToUnixS(o.from) : start;
  const b = o.to !== undefined ? dateToUnixS(o.to) + SECONDS_PER_DAY : end;
  if (o.max_days !== undefined && b - a > o.max_days * SECONDS_PER_DAY) throw ValidationError.field('to', `a plan covers at most ${o.max_days} days`);
  // Name the end that leaves the prices: a day before them is `from`'s fault, one after `to`'s.
  const field = o.from !== undefined && (a < start || a >= end) ? 'from' : o.to !== undefined && (b > end || b <= start) ? 'to' : 'prices';
  // A flat fixed price spans whatever was asked; a range error is the hub series' to report.
  const order = series.map((_, i) => i).sort((i, j) => Number(series[i]!.column === FIXED_PRICE_COLUMN) - Number(series[j]!.column === FIXED_PRICE_COLUMN));
  const cut: HourlySeries[] = [];
  for (const i of order) cut[i] = sliceHours(series[i]!, 'price_usd_per_mwh', a, b, field);
  const hours = (b - a) / 3600;
  const events = o.events?.(a, hours) ?? [];
  let hashprice: Float64Array;
  let btc: Float64Array | undefined;
  if (o.hashprice.kind === 'constant') hashprice = new Float64Array(hours).fill(o.hashprice.hashprice_usd_per_ph_day);
  else if (o.hashprice.kind === 'hourly') hashprice = sliceHours(o.hashprice.series, 'hashprice_usd_per_ph_day', a, b, 'hashprice').hashprice_usd_per_ph_day;
  else ({ hashprice_usd_per_ph_day: hashprice, price_usd_per_btc: btc } = dailyHashprice(await o.hashprice.index(), a, hours));
  if (o.price_usd_per_btc !== undefined) btc = new Float64Array(hours).fill(o.price_usd_per_btc);
  const problem = fleetDispatchProblem(o.fleet, {
    start_unix_s: a,
    hours,
    prices_usd_per_mwh: cut.map((x) => x.price_usd_per_mwh),
    hashprice_usd_per_ph_day: hashprice,
    price_usd_per_btc: btc,
    events,
    switching: o.switching,
  });
  return {
    problem,
    start_unix_s: a,
    end_unix_s: b,
    hours,
    prices: o.fleet.sites.map((s, i) => ({ site: s.id, column: series[i]!.column, source: cut[i]!.source, price_usd_per_mwh: cut[i]!.price_usd_per_mwh })),
  };
}
