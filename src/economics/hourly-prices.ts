/**
 * Hourly series and the rules for picking and cutting them, pure (parsing the CSV files is
 * src/adapters/datasets/power-prices-csv.ts). A series is complete and strictly hourly: hour i
 * starts at start_unix_s + 3600·i (UTC), so planners index hours by position.
 *
 * Errors are ValidationErrors whose paths are the caller's fields in neutral words (`from`, `to`,
 * `prices`, `site_hubs.<site>`, `sites[i].contract.hub`); each edge renames them to its own
 * (CLI `--from`, API `price_hubs.<site>`).
 */
import { hubField, type Site } from './fleet.js';
import { contractIndex, DAY_AHEAD_SUFFIX, describeContract, indexSeriesName } from './power-contract.js';
import { ValidationError } from '../errors.js';
import { SECONDS_PER_HOUR } from '../units/energy.js';
import { unixSToIso } from '../units/time.js';

/**
 * One hourly series. The value field's name carries its unit: `price_usd_per_mwh` for power
 * prices (the default), `hashprice_usd_per_ph_day` for an hourly hashprice, and so on.
 */
export type HourlySeries<K extends string = 'price_usd_per_mwh'> = {
  /** Start of the first hour, unix seconds (UTC). */
  start_unix_s: number;
  /** File line (1-based) of each hour, for messages that point back into the file. */
  line: Int32Array;
  /** Where the series came from (file name), for messages. */
  source: string;
} & { [k in K]: Float64Array };

/** Several price columns (hubs) over the same hours: a price file's columns, in file order. */
export interface HourlyPriceTable {
  start_unix_s: number;
  /** Price column names as in the header (hub names, or `price_usd_per_mwh`). */
  columns: string[];
  /** One series per column, USD/MWh; values[j][i] is column j's price in hour i. */
  values: Float64Array[];
  line: Int32Array;
  source: string;
}

/** The column of a one-series price file (no hub named). */
export const SINGLE_PRICE_COLUMN = 'price_usd_per_mwh';

/** The column of a site priced at its spec's fixed power price (it names no hub). */
export const FIXED_PRICE_COLUMN = 'fixed_price_usd_per_mwh';

/**
 * A one-column table holding `usd_per_mwh` in each of `hours` hours from `start_unix_s`: a site
 * with a fixed-price contract and no hub pays that price every hour, not some hub's real-time one.
 */
export function flatPriceTable(start_unix_s: number, hours: number, usd_per_mwh: number, source: string): HourlyPriceTable {
  return { start_unix_s, columns: [FIXED_PRICE_COLUMN], values: [new Float64Array(hours).fill(usd_per_mwh)], line: new Int32Array(hours), source };
}

/** `2024-01-01T13:00Z`: how messages name an hour. */
export const hourIso = (t: number): string => unixSToIso(t).replace(':00Z', 'Z');

/** A power price series picked from a table, with the column it reads. */
export type SitePriceSeries = HourlySeries & { column: string };

/** Which column a site reads, and where that choice was made (for messages). */
export interface ColumnChoice {
  site: string;
  /** The hub asked for, or undefined when the site names none. */
  hub: string | undefined;
  /** The field that set (or should set) the hub, e.g. `sites[1].price_hub` or `site_hubs.tx-west`. */
  field: string;
  /** Column used when the site names no hub and the table has several (the embedded file's HB_WEST). */
  fallback?: string;
  /**
   * The hub was asked for by the request (`--site-hub`, API `price_hubs`), not taken from the spec:
   * it must exist even in a one-series file.
   */
  requested?: boolean;
}

/**
 * One site's series from a price table: the named hub's column; without a hub the only column
 * (or `fallback`). A one-series file (its only column the generic `price_usd_per_mwh`) names no hub,
 * so a hub from the spec cannot contradict it: every site pays that series. An unknown hub (or one
 * `requested` that a one-series file lacks), or no hub where several columns exist, is a
 * ValidationError naming the site and the columns there are.
 */
export function priceColumn(table: HourlyPriceTable, choice: ColumnChoice): SitePriceSeries {
  const list = table.columns.join(', ');
  const oneSeries = table.columns.length === 1 && table.columns[0] === SINGLE_PRICE_COLUMN;
  let j: number;
  if (choice.hub !== undefined && !(oneSeries && choice.requested !== true)) {
    j = table.columns.indexOf(choice.hub);
    if (j < 0) {
      const da = choice.hub.endsWith(DAY_AHEAD_SUFFIX)
        ? `; day-ahead prices are a column named ${choice.hub} (the hub's real-time price is not used instead)`
        : '';
      throw ValidationError.field(choice.field, `site ${choice.site}: prices CSV ${table.source} has no column "${choice.hub}" (columns: ${list})${da}`);
    }
  } else if (table.columns.length === 1) j = 0;
  else {
    j = choice.fallback !== undefined ? table.columns.indexOf(choice.fallback) : -1;
    if (j < 0) throw ValidationError.field(choice.field, `site ${choice.site}: prices CSV ${table.source} has columns ${list}; set price_hub`);
  }
  return {
    start_unix_s: table.start_unix_s,
    price_usd_per_mwh: table.values[j] as Float64Array,
    line: table.line,
    source: table.source,
    column: table.columns[j] as string,
  };
}

/**
 * The hours of `series` from `fromUnixS` up to (not including) `toUnixS`, its value field `key`
 * cut alike. Throws a ValidationError naming `field` when the range is not covered.
 */
export function sliceHours<K extends string>(series: HourlySeries<K>, key: K, fromUnixS: number, toUnixS: number, field: string): HourlySeries<K> {
  const values: Float64Array = series[key];
  const n = values.length;
  const end = series.start_unix_s + n * SECONDS_PER_HOUR;
  if (fromUnixS < series.start_unix_s || toUnixS > end || toUnixS <= fromUnixS) {
    throw ValidationError.field(
      field,
      `${series.source} covers ${hourIso(series.start_unix_s)} to ${hourIso(end)} (exclusive); asked for ${hourIso(fromUnixS)} to ${hourIso(toUnixS)}`,
    );
  }
  const a = (fromUnixS - series.start_unix_s) / SECONDS_PER_HOUR;
  const b = (toUnixS - series.start_unix_s) / SECONDS_PER_HOUR;
  return { start_unix_s: fromUnixS, line: series.line.slice(a, b), source: series.source, [key]: values.slice(a, b) } as HourlySeries<K>;
}

export interface SitePriceTable {
  table: HourlyPriceTable;
  /** Column for a site that names no hub where the table has several (only the embedded file has one). */
  fallback?: string;
}

/** The path naming the hub a request asks for a site: `site_hubs.<site id>`. */
export const siteHubPath = (site_id: string): string => `site_hubs.${site_id}`;

/** A ValidationError at `site_hubs.<id>` for every requested site the fleet does not have. */
export function checkHubSites(sites: readonly Site[], hubs: ReadonlyMap<string, string>): void {
  const ids = new Set(sites.map((s) => s.id));
  const unknown = [...hubs.keys()].filter((id) => !ids.has(id));
  if (unknown.length)
    throw new ValidationError(unknown.map((id) => ({ path: siteHubPath(id), message: `no site "${id}" in the fleet (sites: ${[...ids].join(', ')})` })));
}

/**
 * Each site's series in site order, with the column it reads: the series of its contract's index
 * (power-contract.ts: indexSeriesName — the hub, `<hub>_DA` for day-ahead), the hub a request
 * names for the site (`hubs`, by site id) replacing the contract's; a site whose contract reads no
 * index (fixed without resale) takes its table's only column (the flat fixed price), and a hub
 * requested for it is an error. priceColumn's rules for one-series files apply. An error about a
 * requested hub names `site_hubs.<site>`, one about the spec's hub `sites[i].contract.hub` (or
 * `sites[i].price_hub`), a missing day-ahead column `sites[i].contract.market`.
 */
export function sitePriceSeries(sites: readonly Site[], tableOf: (site: Site) => SitePriceTable, hubs: ReadonlyMap<string, string>): SitePriceSeries[] {
  checkHubSites(sites, hubs);
  return sites.map((s, i) => {
    const { table, fallback } = tableOf(s);
    const asked = hubs.get(s.id);
    const ref = contractIndex(s.contract);
    if (!ref) {
      if (asked !== undefined)
        throw ValidationError.field(siteHubPath(s.id), `site ${s.id}: its ${describeContract(s.contract)} contract reads no hub's prices`);
      return priceColumn(table, { site: s.id, hub: undefined, field: hubField(s, i) });
    }
    const hub = indexSeriesName({ hub: asked ?? ref.hub, market: ref.market });
    const field = asked !== undefined ? siteHubPath(s.id) : ref.market === 'day-ahead' ? `sites[${i}].contract.market` : hubField(s, i);
    return priceColumn(table, { site: s.id, hub, field, requested: asked !== undefined, ...(fallback !== undefined ? { fallback } : {}) });
  });
}
