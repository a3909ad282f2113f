/**
 * Which price table each site reads for a dispatch plan from files: the site's own
 * `power_price_csv`, else the shared prices file (`--prices` on the CLI), else the embedded ERCOT
 * hub file (a site naming no hub then pays HB_WEST). Every file is read once, however many sites
 * share it, and only when a site asks for it (so a bad hub request is reported before a file is
 * read). The column is chosen by the core (src/economics/hourly-prices.ts: sitePriceSeries).
 */
import { join } from 'node:path';
import type { Site } from '../economics/fleet.js';
import type { HourlyPriceTable, SitePriceTable } from '../economics/hourly-prices.js';
import { EMBEDDED_DEFAULT_HUB, EMBEDDED_PRICES_FILE } from './site-prices.js';
import { readPriceTable } from './fleet-inputs.js';

/**
 * The table of each site. `sharedLabel` names the shared file in a "cannot read" message (the
 * CLI passes its flag, `--prices`).
 */
export function dispatchPriceTables(sharedPath: string | undefined, dataDir: string, sharedLabel = 'prices'): (site: Site) => SitePriceTable {
  const tables = new Map<string, HourlyPriceTable>();
  const read = (path: string, label: string): HourlyPriceTable => {
    const t = tables.get(path) ?? readPriceTable(path, label);
    tables.set(path, t);
    return t;
  };
  const shared = sharedPath ?? join(dataDir, EMBEDDED_PRICES_FILE);
  return (s) => {
    if (s.power_price.kind === 'hourly_csv') return { table: read(s.power_price.path, `prices of site "${s.id}"`) };
    return { table: read(shared, sharedLabel), ...(sharedPath === undefined ? { fallback: EMBEDDED_DEFAULT_HUB } : {}) };
  };
}
