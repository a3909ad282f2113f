/**
 * The fleet report and the sensitivity as use cases for both edges (CLI `fleet report` / `fleet
 * sensitivity`, API `GET /api/v1/fleets/{id}/report` / `…/sensitivity`): each site's hourly index
 * prices for the days (./price-tables.ts, as `dispatch` reads them), the days moved back to the
 * last one every index covers when the caller named none, then the pure report or grid; and the
 * contract that priced each site, for every output to name.
 *
 * A ValidationError names its field in neutral words (`from`, `to`, `date`, `sites[i].contract.…`);
 * each edge renames them to its own.
 */
import { breakevenTable, sensitivityGrid, type LotBreakeven, type SensitivityCell } from '../economics/fleet-sensitivity.js';
import { fleetReport, type Bucket, type FleetReport, type MarketDay } from '../economics/fleet-report.js';
import type { Fleet } from '../economics/fleet.js';
import { sitePriceSeries, type SitePriceSeries } from '../economics/hourly-prices.js';
import { contractIndex, contractSummary, type ContractBill, type ContractSummary } from '../economics/power-contract.js';
import { ValidationError } from '../errors.js';
import type { Store } from '../ports/store.js';
import { SECONDS_PER_DAY, unixSToDate } from '../units/time.js';
import { lastCompleteDay } from './fleet-inputs.js';
import { sitePriceTables } from './price-tables.js';
import { reportWindow } from './report-window.js';

/** Where index prices come from: the embedded files in dataDir and the store, if one exists. */
export interface PriceSources {
  dataDir: string;
  store?: (() => Promise<Store | null>) | undefined;
  /** Name embedded files by file name (the API shows no server paths). */
  embeddedByName?: boolean;
}

/** A site's contract as every output names it, with the prices it read and (for a report) its bill. */
export interface SiteContractOut {
  site: string;
  contract: ContractSummary;
  /** The index series read (column and where from), null for a contract that reads none. */
  prices: { column: string; source: string } | null;
  bill?: ContractBill;
}

export function siteContracts(fleet: Fleet, index: readonly (SitePriceSeries | undefined)[], bills?: readonly ContractBill[]): SiteContractOut[] {
  return fleet.sites.map((s, i) => {
    const x = index[i];
    const bill = bills?.[i];
    return { site: s.id, contract: contractSummary(s.contract), prices: x ? { column: x.column, source: x.source } : null, ...(bill ? { bill } : {}) };
  });
}

interface IndexPrices {
  index: (SitePriceSeries | undefined)[];
  /** The last UTC day every index series covers in full (undefined when no site reads one). */
  last_day: string | undefined;
}

/** Each site's index series for the days from … to (undefined for a site reading none). */
export async function loadIndexPrices(fleet: Fleet, from: string, to: string, src: PriceSources): Promise<IndexPrices> {
  if (!fleet.sites.some((s) => contractIndex(s.contract))) return { index: fleet.sites.map(() => undefined), last_day: undefined };
  const tables = await sitePriceTables({ sites: fleet.sites, dataDir: src.dataDir, from, to, store: src.store, embeddedByName: src.embeddedByName ?? false });
  const series = sitePriceSeries(fleet.sites, tables, new Map());
  const index = series.map((x, i) => (contractIndex(fleet.sites[i]!.contract) ? x : undefined));
  const end = Math.min(...index.flatMap((x) => (x ? [x.start_unix_s + 3600 * x.price_usd_per_mwh.length] : [])));
  return { index, last_day: unixSToDate(Math.floor(end / SECONDS_PER_DAY) * SECONDS_PER_DAY - SECONDS_PER_DAY) };
}

/** Why a default end moved back, naming the series that ends first. */
function endNote(fleet: Fleet, index: readonly (SitePriceSeries | undefined)[], day: string): string {
  const short = index
    .map((x, i) => (x ? { x, site: fleet.sites[i]!.id } : null))
    .filter((v) => v !== null)
    .sort((a, b) => a.x.start_unix_s + 3600 * a.x.price_usd_per_mwh.length - (b.x.start_unix_s + 3600 * b.x.price_usd_per_mwh.length))[0];
  return `ends ${day}, the last day the index prices cover (site ${short?.site}: ${short?.x.column} from ${short?.x.source}); name the day to go further once the store holds it`;
}

export interface ReportResult {
  report: FleetReport;
  contracts: SiteContractOut[];
  /** Set when the default end moved back to the index prices' last day. */
  note: string | null;
}

/** The fleet report over the caller's days, or the default window (src/app/report-window.ts) cut to the index prices. */
export async function fleetReportOf(
  fleet: Fleet,
  market: readonly MarketDay[],
  asOfDate: string,
  given: { from?: string | undefined; to?: string | undefined; by: Bucket },
  src: PriceSources,
): Promise<ReportResult> {
  const { from, to } = reportWindow(market, asOfDate, given);
  if (from > to) throw ValidationError.field('from', `from (${from}) must not be after to (${to})`);
  let prices = await loadIndexPrices(fleet, from, to, src);
  let end = to;
  let note: string | null = null;
  if (given.to === undefined && prices.last_day !== undefined && prices.last_day < to && prices.last_day >= from) {
    end = prices.last_day;
    note = endNote(fleet, prices.index, end);
    // The shorter window may lie where the store or the 2024 file holds every hour.
    prices = await loadIndexPrices(fleet, from, end, src);
  }
  const report = fleetReport(fleet, market, prices.index, { from, to: end, by: given.by });
  return { report, contracts: siteContracts(fleet, prices.index, report.bills), note };
}

export interface SensitivityResult {
  day: { date: string; price_usd_per_btc: number; hashprice_usd_per_ph_day: number };
  grid: SensitivityCell[];
  breakevens: LotBreakeven[];
  contracts: SiteContractOut[];
  note: string | null;
}

/**
 * The sensitivity on `date`, or on the last complete day of the history (moved back to the index
 * prices' last day when they end earlier). A date outside the history is a ValidationError at `date`.
 */
export async function fleetSensitivityOf(
  fleet: Fleet,
  market: readonly MarketDay[],
  asOfDate: string,
  date: string | undefined,
  axes: { prices_usd_per_btc: readonly number[]; power_prices_usd_per_mwh: readonly number[] },
  src: PriceSources,
): Promise<SensitivityResult> {
  const last = lastCompleteDay(market, asOfDate);
  let day = last;
  if (date !== undefined) {
    const m = market.find((d) => d.date === date);
    if (!m || m.price_usd_per_btc === null || m.hashprice_usd_per_ph_day === null)
      throw ValidationError.field(
        'date',
        `date ${date} is outside the history or has no price/hashprice (history ${market[0]?.date ?? '—'} to ${last?.date ?? '—'})`,
      );
    day = { date, price_usd_per_btc: m.price_usd_per_btc, hashprice_usd_per_ph_day: m.hashprice_usd_per_ph_day };
  }
  if (!day) throw ValidationError.field('date', 'the history has no day with both a price and a hashprice');
  let prices = await loadIndexPrices(fleet, day.date, day.date, src);
  let note: string | null = null;
  if (date === undefined && prices.last_day !== undefined && prices.last_day < day.date) {
    const earlier = lastCompleteDay(market, prices.last_day);
    if (earlier) {
      day = earlier;
      note = `the day is ${day.date}, the last complete day the index prices cover (name another day to go further once the store holds it)`;
      prices = await loadIndexPrices(fleet, day.date, day.date, src);
    }
  }
  return {
    day,
    grid: sensitivityGrid(fleet, day, axes.prices_usd_per_btc, axes.power_prices_usd_per_mwh),
    breakevens: breakevenTable(fleet, day, prices.index),
    contracts: siteContracts(fleet, prices.index),
    note,
  };
}
