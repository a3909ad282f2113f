/**
 * What the fleet commands load before calculating: the catalog, the fleet spec file and the daily
 * hashprice index from the network history (each site's hourly index prices, once the days are
 * known: ./fleet-costs.ts). Everything is read and validated before anything is printed.
 */
import { readFileSync } from 'node:fs';
import type { Fleet } from '../economics/fleet.js';
import { NotFoundError } from '../errors.js';
import { buildHashpriceIndex } from '../economics/hashprice-index.js';
import type { MarketDay } from '../economics/fleet-report.js';
import type { HourlyPriceTable } from '../economics/hourly-prices.js';
import { loadCatalog } from '../adapters/datasets/asic-catalog-file.js';
import { readFleetSpecFile } from '../adapters/specs/fleet-spec-file.js';
import { parsePowerPriceTable } from '../adapters/datasets/power-prices-csv.js';
import type { Services } from './services.js';
import { loadAsOf, type DataAsOf } from './as-of.js';

export interface FleetInputs {
  fleet: Fleet;
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

export async function loadFleetInputs(services: Services, specPath: string, db?: string, onWarning?: (line: string) => void): Promise<FleetInputs> {
  const fleet = readFleetSpecFile(specPath, loadCatalog(services.dataDir), onWarning);
  const { history, asOf } = await loadAsOf(services, db);
  const index = buildHashpriceIndex(history);
  const market: MarketDay[] = index.map((d) => ({
    date: d.date,
    price_usd_per_btc: d.price_usd_per_btc,
    hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day,
  }));
  return { fleet, market, data_as_of: asOf };
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
