/**
 * Each site's hourly power prices for `hashfloor dispatch`: the site's own `power_price_csv`, else
 * `--prices`, else the embedded ERCOT hub file; the column is the site's hub from `--site-hub
 * SITE=HUB` (repeatable), else its spec `price_hub`, else the file's only column (the embedded file:
 * HB_WEST). Every file is read once, however many sites share it.
 */
import { join } from 'node:path';
import type { Fleet } from '../economics/fleet.js';
import { UsageError } from '../errors.js';
import type { HourlyPriceSeries, HourlyPriceTable } from '../adapters/datasets/power-prices-csv.js';
import { EMBEDDED_DEFAULT_HUB, EMBEDDED_PRICES_FILE, sitePriceSeries } from './site-prices.js';
import type { ParsedArgs } from '../cli/command.js';
import { readPriceTable } from './fleet-inputs.js';

/** `--site-hub SITE=HUB`, repeatable → hub per site id. */
export function siteHubOpt(args: ParsedArgs): Map<string, string> {
  const raw = args.values['site-hub'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const hubs = new Map<string, string>();
  for (const v of list) {
    const m = typeof v === 'string' ? /^([^=\s]+)=([^,"\s]+)$/.exec(v) : null;
    if (!m) throw new UsageError(`--site-hub must be SITE=HUB (e.g. --site-hub tx-west=HB_WEST), got "${String(v)}"`);
    const [, site, hub] = m as unknown as [string, string, string];
    if (hubs.has(site)) throw new UsageError(`--site-hub names site "${site}" twice`);
    hubs.set(site, hub);
  }
  return hubs;
}

export function loadDispatchPrices(fleet: Fleet, pricesPath: string | undefined, dataDir: string, siteHubs: ReadonlyMap<string, string>): (HourlyPriceSeries & { column: string })[] {
  const tables = new Map<string, HourlyPriceTable>();
  const read = (path: string, label: string): HourlyPriceTable => {
    const t = tables.get(path) ?? readPriceTable(path, label);
    tables.set(path, t);
    return t;
  };
  const shared = pricesPath ?? join(dataDir, EMBEDDED_PRICES_FILE);
  return sitePriceSeries(
    fleet.sites,
    (s) => {
      if (s.power_price.kind === 'hourly_csv') return { table: read(s.power_price.path, `prices of site "${s.id}"`) };
      return { table: read(shared, '--prices'), ...(pricesPath === undefined ? { fallback: EMBEDDED_DEFAULT_HUB } : {}) };
    },
    { hubs: siteHubs, field: () => '--site-hub' },
  );
}
