/**
 * Which hourly price series each site of a fleet pays, from parsed price tables
 * (src/adapters/datasets/power-prices-csv.ts): the hub a request names for the site (CLI `--site-hub SITE=HUB`,
 * API `price_hubs`), else the site's `price_hub` from the fleet spec, else the table's only column
 * (or the embedded file's default hub); priceColumn's rules for one-series files apply. Pure: the caller reads the files and passes the tables in.
 */
import type { Site } from '../economics/fleet.js';
import { ValidationError } from '../errors.js';
import { priceColumn, type HourlyPriceSeries, type HourlyPriceTable } from '../adapters/datasets/power-prices-csv.js';

/** The embedded hourly prices in data/: ERCOT real-time, UTC year 2024, one column per hub (data/SOURCES.md). */
export const EMBEDDED_PRICES_FILE = 'ercot_hubs_hourly_2024.csv';
/** What a site naming no hub pays from the embedded file: the hub every site paid before hubs existed. */
export const EMBEDDED_DEFAULT_HUB = 'HB_WEST';

export interface SitePriceTable {
  table: HourlyPriceTable;
  /** Column for a site that names no hub where the table has several (only the embedded file has one). */
  fallback?: string;
}

export interface HubRequest {
  /** Hub per site id, overriding the spec's `price_hub`. */
  hubs: ReadonlyMap<string, string>;
  /** How the request names a site's hub in messages, e.g. `price_hubs.tx-west` or `--site-hub`. */
  field: (site_id: string) => string;
}

/** A ValidationError naming `field(site)` for every requested site the fleet does not have. */
export function checkHubSites(sites: readonly Site[], request: HubRequest): void {
  const ids = new Set(sites.map((s) => s.id));
  const unknown = [...request.hubs.keys()].filter((id) => !ids.has(id));
  if (unknown.length) throw new ValidationError(unknown.map((id) => ({ path: request.field(id), message: `no site "${id}" in the fleet (sites: ${[...ids].join(', ')})` })));
}

/** Each site's series in site order, with the column it reads. */
export function sitePriceSeries(sites: readonly Site[], tableOf: (site: Site) => SitePriceTable, request: HubRequest): (HourlyPriceSeries & { column: string })[] {
  checkHubSites(sites, request);
  return sites.map((s, i) => {
    const { table, fallback } = tableOf(s);
    const asked = request.hubs.get(s.id);
    const hub = asked ?? s.price_hub;
    const field = asked !== undefined ? request.field(s.id) : `sites[${i}].price_hub`;
    return priceColumn(table, { site: s.id, hub, field, requested: asked !== undefined, ...(fallback !== undefined ? { fallback } : {}) });
  });
}
