/**
 * Prices each pivot site's power contract before the valuation: the contract's effective USD/MWh
 * for the fleet's flat load (src/economics/contract-flat-price.ts) over a reference year of its
 * index — the last 8,760 hours of the embedded ERCOT hub prices (real time, 2023–2025), the same
 * series `dispatch` and `fleet report` read for that hub. A contract that reads no index (fixed,
 * no resale) needs no prices and keeps its price exactly. The valuation then escalates that price
 * by power_escalator_pct_per_year, as it always has.
 */
import { join } from 'node:path';
import { flatLoadPrice } from '../economics/contract-flat-price.js';
import { contractIndex, describeContract } from '../economics/power-contract.js';
import { ValidationError } from '../errors.js';
import type { HourlyPriceTable } from '../economics/hourly-prices.js';
import { unixSToIso } from '../units/time.js';
import type { SiteSpec } from '../valuation/terms.js';
import { readPriceTable } from './fleet-inputs.js';
import { EMBEDDED_DEFAULT_HUB, EMBEDDED_PRICES_2023_2025_FILE } from './site-prices.js';

export const REFERENCE_HOURS = 8760;

export interface PivotContractOut {
  site: string;
  kind: SiteSpec['mining']['contract']['kind'];
  contract: string;
  /** What the valuation charges per MWh in its first month (then escalated). */
  effective_power_price_usd_per_mwh: number;
  /** The index hours the price was read from; null for a contract that reads no index. */
  reference: { hub: string; from_unix_s: number; to_unix_s: number; from: string; to: string; hours: number; source: string } | null;
}

/** The sites with their contracts priced, and what priced each. */
export function priceSiteContracts(sites: readonly SiteSpec[], dataDir: string): { sites: SiteSpec[]; contracts: PivotContractOut[] } {
  let table: HourlyPriceTable | undefined;
  const contracts: PivotContractOut[] = [];
  const priced = sites.map((s, i): SiteSpec => {
    const c = s.mining.contract;
    const ref = contractIndex(c);
    const load_mw = s.mining.it_mw * s.mining.pue * s.mining.uptime;
    if (!ref) {
      contracts.push({
        site: s.name,
        kind: c.kind,
        contract: describeContract(c),
        effective_power_price_usd_per_mwh: s.mining.power_price_usd_per_mwh,
        reference: null,
      });
      return s;
    }
    if (ref.market === 'day-ahead')
      throw ValidationError.field(
        `sites[${i}].mining.contract.market`,
        `site "${s.name}": pivot prices an index over the embedded ERCOT year, which is real-time only; use market: real-time`,
      );
    table ??= readPriceTable(join(dataDir, EMBEDDED_PRICES_2023_2025_FILE), 'the embedded ERCOT prices');
    const hub = ref.hub ?? EMBEDDED_DEFAULT_HUB;
    const col = table.columns.indexOf(hub);
    if (col < 0)
      throw ValidationError.field(
        `sites[${i}].mining.contract.hub`,
        `site "${s.name}": no hub ${hub} in the embedded ERCOT prices; one of ${table.columns.join(', ')}`,
      );
    const all = table.values[col] as Float64Array;
    const n = Math.min(REFERENCE_HOURS, all.length);
    const from_unix_s = table.start_unix_s + 3600 * (all.length - n);
    const { effective_usd_per_mwh } = flatLoadPrice(c, {
      start_unix_s: from_unix_s,
      index_usd_per_mwh: all.subarray(all.length - n),
      hours: n,
      load_mw,
      capacity_mw: s.gross_mw,
    });
    const to_unix_s = from_unix_s + 3600 * n;
    contracts.push({
      site: s.name,
      kind: c.kind,
      contract: describeContract(c),
      effective_power_price_usd_per_mwh: effective_usd_per_mwh,
      reference: { hub, from_unix_s, to_unix_s, from: unixSToIso(from_unix_s), to: unixSToIso(to_unix_s), hours: n, source: EMBEDDED_PRICES_2023_2025_FILE },
    });
    const hpcPrice = Number.isFinite(s.hpc.power_price_usd_per_mwh) ? s.hpc.power_price_usd_per_mwh : effective_usd_per_mwh;
    return { ...s, mining: { ...s.mining, power_price_usd_per_mwh: effective_usd_per_mwh }, hpc: { ...s.hpc, power_price_usd_per_mwh: hpcPrice } };
  });
  return { sites: priced, contracts };
}
