/**
 * The effective price a site pays for a flat load under its power contract, over reference hours
 * of the contract's index: what `pivot` (monthly cash flows over years) charges per MWh, priced by
 * the same priceSiteHours as `fleet report`, `fleet sensitivity` and `dispatch`.
 *
 *   E_t = load_mw for every reference hour t (MWh; a flat load: the valuation's fleet at uptime)
 *   effective_usd_per_mwh = (bill.cost_usd − bill.dr_availability_usd) / Σ_t E_t
 *
 * so a fixed contract without resale gives its price exactly, an index contract the reference
 * year's mean index plus adders (and its monthly fee per MWh), a hedged one the share-weighted mix;
 * resale of unused capacity credits (capacity − load) · (I_t − fee − F) per hour, and
 * demand-response availability lowers the net price. The load is flat by hour, so the price carries
 * no curtailment on price spikes (that is dispatch's job).
 */
import { contractIndex, priceSiteHours, type ContractBill, type PowerContract } from './power-contract.js';

export interface FlatLoadHours {
  start_unix_s: number;
  /** Reference hours of the contract's index (USD/MWh); their count sets the hours priced. Unused for a contract that reads no index. */
  index_usd_per_mwh: ArrayLike<number> | undefined;
  /** Hours to price when the contract reads no index (a year: 8,760). */
  hours: number;
  load_mw: number;
  capacity_mw: number;
  time_zone?: string | undefined;
}

export function flatLoadPrice(c: PowerContract, h: FlatLoadHours): { effective_usd_per_mwh: number; bill: ContractBill } {
  const index = contractIndex(c) ? h.index_usd_per_mwh : undefined;
  const n = index ? index.length : h.hours;
  const energy = new Float64Array(n).fill(h.load_mw);
  const { bill } = priceSiteHours(c, {
    start_unix_s: h.start_unix_s,
    energy_mwh: energy,
    index_usd_per_mwh: index,
    capacity_mw: h.capacity_mw,
    time_zone: h.time_zone,
  });
  return { effective_usd_per_mwh: bill.energy_mwh > 0 ? (bill.cost_usd - bill.dr_availability_usd) / bill.energy_mwh : NaN, bill };
}
