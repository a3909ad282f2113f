/**
 * Which price table each site reads for the contract's index (dispatch plans, fleet reports and
 * sensitivities alike): the site's own `power_price_csv`, else the shared prices file (`--prices`
 * on the CLI), else the ERCOT hub prices, in this order:
 * 1. the store's hourly power prices of the site's series (its hub, or `<hub>_DA` for a day-ahead
 *    index), when the days are named (from and to) and the store holds every hour of them
 *    (`hashfloor prices update`, `import prices`);
 * 2. the embedded 2024 file when the days lie in 2024 or none are named (the default, unchanged);
 * 3. the embedded 2023–2025 file otherwise (its range error names what it covers).
 * The embedded files are real time: a day-ahead index the store does not hold is an error naming
 * `sites[i].contract.market`, never the real-time price in its place. A site whose contract reads
 * no index (fixed without resale) gets a flat table at its fixed price over the days (or the
 * embedded file's hours when none are named), so it spans whatever is asked. Every file is read
 * once, however many sites share it, and only when a site asks for it. The column is chosen by the
 * core (src/economics/hourly-prices.ts: sitePriceSeries); the source label carries the provenance.
 */
import { join } from 'node:path';
import type { Site } from '../economics/fleet.js';
import { flatPriceTable, type HourlyPriceTable, type SitePriceTable } from '../economics/hourly-prices.js';
import { contractIndex, describeContract, indexSeriesName } from '../economics/power-contract.js';
import { ValidationError } from '../errors.js';
import type { PowerPriceHour, Store } from '../ports/store.js';
import { dateToUnixS, SECONDS_PER_DAY } from '../units/time.js';
import { EMBEDDED_DEFAULT_HUB, EMBEDDED_PRICES_2023_2025_FILE, EMBEDDED_PRICES_DAYS, EMBEDDED_PRICES_FILE } from './site-prices.js';
import { readPriceTable } from './fleet-inputs.js';

export interface PriceTableOptions {
  /** The fleet's sites (their hubs decide which stored series are read). */
  sites: readonly Site[];
  /** The shared prices file (`--prices`), if given. */
  sharedPath?: string | undefined;
  dataDir: string;
  /** Names the shared file in a "cannot read" message (the CLI passes its flag, `--prices`). */
  sharedLabel?: string;
  from?: string | undefined;
  to?: string | undefined;
  /** Hub per site id asked for by the request (as for buildDispatchInputs). */
  site_hubs?: ReadonlyMap<string, string> | undefined;
  /** The store to read hub prices from, or null when none exists (none is created for this). */
  store?: (() => Promise<Store | null>) | undefined;
  /** Name the embedded files by file name, not path, in sources and messages (the API shows no server paths). */
  embeddedByName?: boolean;
}

/** `store (ercot-archive doc 934466154; user-import prices.csv)`: where a series' hours came from. */
export function storeProvenance(rows: readonly PowerPriceHour[]): string {
  const docs = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = docs.get(r.source) ?? new Set<string>();
    if (r.document_id !== null) set.add(r.document_id);
    docs.set(r.source, set);
  }
  const parts = [...docs].map(([source, ids]) =>
    ids.size === 0 ? source : ids.size <= 2 ? `${source} ${ids.size === 1 ? 'doc' : 'docs'} ${[...ids].join(', ')}` : `${source} ${ids.size} docs`,
  );
  return `store (${parts.join('; ')})`;
}

/** A one-column table of the store's hours of `hub` over [from, to], or null unless every hour is held. */
async function storeTable(store: Store, hub: string, from: string, to: string): Promise<HourlyPriceTable | null> {
  const a = dateToUnixS(from);
  const b = dateToUnixS(to) + SECONDS_PER_DAY;
  const rows = await store.listPowerPrices(hub, a, b);
  if (rows.length !== (b - a) / 3600) return null;
  return {
    start_unix_s: a,
    columns: [hub],
    values: [Float64Array.from(rows, (r) => r.power_price_usd_per_mwh)],
    line: new Int32Array(rows.length),
    source: storeProvenance(rows),
  };
}

/** The table of each site (see the module comment). */
export async function sitePriceTables(o: PriceTableOptions): Promise<(site: Site) => SitePriceTable> {
  const tables = new Map<string, HourlyPriceTable>();
  const read = (path: string, label: string): HourlyPriceTable => {
    const t = tables.get(path) ?? readPriceTable(path, label);
    tables.set(path, t);
    return t;
  };
  const own = (s: Site): SitePriceTable | null => (s.price_csv !== undefined ? { table: read(s.price_csv, `prices of site "${s.id}"`) } : null);
  const flat = (s: Site, usd_per_mwh: number): HourlyPriceTable => {
    const source = `fleet spec (site ${s.id}: ${describeContract(s.contract)}, flat; the contract reads no index)`;
    if (o.from !== undefined && o.to !== undefined && o.from <= o.to) {
      const a = dateToUnixS(o.from);
      return flatPriceTable(a, (dateToUnixS(o.to) + SECONDS_PER_DAY - a) / 3600, usd_per_mwh, source);
    }
    // Without both days the plan spans the embedded hours; reaching past them to the day asked for
    // leaves the range error to the hub series that really ends there.
    const t = readEmbedded();
    const a = Math.min(t.start_unix_s, o.from !== undefined ? dateToUnixS(o.from) : Infinity);
    const b = Math.max(t.start_unix_s + 3600 * t.line.length, o.to !== undefined ? dateToUnixS(o.to) + SECONDS_PER_DAY : -Infinity);
    return flatPriceTable(a, (b - a) / 3600, usd_per_mwh, source);
  };
  const inside = (d: string | undefined): boolean => d === undefined || (d >= EMBEDDED_PRICES_DAYS.from && d <= EMBEDDED_PRICES_DAYS.to);
  const in2024 = inside(o.from) && inside(o.to);
  const embeddedName = in2024 ? EMBEDDED_PRICES_FILE : EMBEDDED_PRICES_2023_2025_FILE;
  const embedded = join(o.dataDir, embeddedName);
  const readEmbedded = (): HourlyPriceTable => {
    const t = read(embedded, 'the embedded prices');
    return o.embeddedByName ? { ...t, source: embeddedName } : t;
  };
  /** The series a site reads from the store or the embedded files (undefined: it reads none). */
  const seriesOf = (s: Site): string | undefined => {
    const ref = contractIndex(s.contract);
    return ref ? indexSeriesName({ hub: o.site_hubs?.get(s.id) ?? ref.hub ?? EMBEDDED_DEFAULT_HUB, market: ref.market }) : undefined;
  };
  const fromStore = new Map<string, HourlyPriceTable>();
  const store = o.sharedPath === undefined && o.from !== undefined && o.to !== undefined ? await o.store?.() : null;
  if (store && o.from !== undefined && o.to !== undefined) {
    // Series are looked up as the core will choose them, so only the series a site pays is read.
    for (const s of o.sites) {
      const name = seriesOf(s);
      if (s.price_csv !== undefined || name === undefined || fromStore.has(name)) continue;
      const t = await storeTable(store, name, o.from, o.to);
      if (t) fromStore.set(name, t);
    }
  }
  return (s) => {
    if (s.contract.kind === 'fixed' && !s.contract.resale) return { table: flat(s, s.contract.price_usd_per_mwh) };
    const mine = own(s);
    if (mine) return mine;
    if (o.sharedPath !== undefined) return { table: read(o.sharedPath, o.sharedLabel ?? 'prices') };
    const name = seriesOf(s)!;
    const stored = fromStore.get(name);
    if (stored) return { table: stored };
    if (contractIndex(s.contract)?.market === 'day-ahead') {
      const days = o.from !== undefined && o.to !== undefined ? `${o.from} … ${o.to}` : 'the days asked for (name them: from and to)';
      throw ValidationError.field(
        `sites[${o.sites.indexOf(s)}].contract.market`,
        `site ${s.id}: no day-ahead prices ${name} for ${days}: the store holds no complete series ${name} (import one: hashfloor import prices FILE with a ${name} column) and the embedded ERCOT files are real-time only`,
      );
    }
    return { table: readEmbedded(), fallback: EMBEDDED_DEFAULT_HUB };
  };
}
