/**
 * What the fleet commands load before calculating: the catalog, the fleet spec file, each site's
 * hourly price CSV (parsed by src/adapters/datasets/power-prices-csv.ts; a multi-hub file gives the site its
 * `price_hub` column) and the daily hashprice index from the network history. Everything is read
 * and validated before anything is printed.
 */
import { readFileSync } from 'node:fs';
import type { Fleet } from '../economics/fleet.js';
import { NotFoundError } from '../errors.js';
import { buildHashpriceIndex } from '../economics/hashprice-index.js';
import type { MarketDay } from '../economics/fleet-report.js';
import { sitePriceLookup, type SitePriceLookup } from '../economics/power-prices.js';
import { priceColumn, type HourlyPriceTable, type HourlySeries } from '../economics/hourly-prices.js';
import { loadCatalog } from '../adapters/datasets/asic-catalog-file.js';
import { readFleetSpecFile } from '../adapters/specs/fleet-spec-file.js';
import { parsePowerPriceTable } from '../adapters/datasets/power-prices-csv.js';
import type { Services } from './services.js';
import { loadAsOf, type DataAsOf } from './as-of.js';

export interface FleetInputs {
  fleet: Fleet;
  sitePrice: SitePriceLookup;
  market: MarketDay[];
  /** The history's last complete day: the default end of a report and day of a sensitivity. */
  data_as_of: DataAsOf;
}

/** Reads and parses an hourly power price CSV (one price column or one per hub); `label` names it if unreadable. */
export function readPriceTable(path: string, label = 'power price CSV'): HourlyPriceTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read ${label} "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  return parsePowerPriceTable(text, path);
}

export async function loadFleetInputs(services: Services, specPath: string, db?: string): Promise<FleetInputs> {
  const fleet = readFleetSpecFile(specPath, loadCatalog(services.dataDir));
  const hourly = new Map<string, HourlySeries>();
  const tables = new Map<string, HourlyPriceTable>();
  fleet.sites.forEach((s, i) => {
    if (s.power_price.kind !== 'hourly_csv') return;
    const path = s.power_price.path;
    const table = tables.get(path) ?? readPriceTable(path);
    tables.set(path, table);
    hourly.set(s.id, priceColumn(table, { site: s.id, hub: s.price_hub, field: `sites[${i}].price_hub` }));
  });
  const { history, asOf } = await loadAsOf(services, db);
  const index = buildHashpriceIndex(history);
  const market: MarketDay[] = index.map((d) => ({
    date: d.date,
    price_usd_per_btc: d.price_usd_per_btc,
    hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day,
  }));
  return { fleet, sitePrice: sitePriceLookup(fleet.sites, hourly), market, data_as_of: asOf };
}

/** The last day of the history on or before `notAfter` (the as-of day) with both a price and a hashprice. */
export function lastCompleteDay(
  market: readonly MarketDay[],
  notAfter: string,
): { date: string; price_usd_per_btc: number; hashprice_usd_per_ph_day: number } | undefined {
  for (let i = market.length - 1; i >= 0; i--) {
    const m = market[i];
    if (m && m.date <= notAfter && m.price_usd_per_btc !== null && m.price_usd_per_btc > 0 && m.hashprice_usd_per_ph_day !== null)
      return { date: m.date, price_usd_per_btc: m.price_usd_per_btc, hashprice_usd_per_ph_day: m.hashprice_usd_per_ph_day };
  }
  return undefined;
}
