/**
 * The fleet as the core sees it: a company, its sites and its lots of machines, every model
 * resolved and every default applied. config/fleet-spec.ts parses and validates spec files into
 * these types; economics and dispatch compute on them and never see the file format.
 * Units are in the names: MW, USD per MWh, USD per month, percent (0–100).
 */
import type { AsicModel, OperatingProfile } from '../hardware/model.js';
import type { PowerContract } from './power-contract.js';

/** A loan: bullet repays the principal at maturity, linear in equal monthly parts. */
export interface DebtFacility {
  name: string;
  principal_usd: number;
  rate_pct: number;
  /** YYYY-MM-DD (UTC). */
  start_date: string;
  term_months: number;
  amortisation: 'bullet' | 'linear';
}

export interface Company {
  name: string;
  sga_usd_per_month: number;
  pool_fee_pct: number;
  debt: DebtFacility[];
}

/** What a profile change costs the dispatch planner (dispatch/problem.ts: SwitchingRules). */
export interface FleetSwitching {
  cost_usd_per_change: number;
  /** Hashing lost while the firmware retunes, priced at the destination profile's hashrate; ≤ 60. */
  lost_minutes_per_change: number;
  min_dwell_hours: number;
}

export interface Site {
  id: string;
  name: string;
  capacity_mw: number;
  /** What the site pays for power, hour by hour (power-contract.ts). */
  contract: PowerContract;
  /** The site's own hourly prices file (`power_price_csv`), read for its contract's index; undefined: shared, stored or embedded prices. */
  price_csv: string | undefined;
  pue: number;
  hosting_fee_usd_per_mwh: number;
  opex_usd_per_month: number;
  timezone: string | undefined;
  /** Design ambient (inlet air) temperature (°C); air-cooled machines lose hashrate above 40 °C (src/hardware/ambient.ts). */
  ambient_temp_c?: number | undefined;
}

/** The spec field that names a site's index hub, for messages: `sites[i].contract.hub`, or `sites[i].price_hub` for the older form. */
export function hubField(site: Pick<Site, 'contract'>, i: number): string {
  return site.contract.written_as === 'contract' ? `sites[${i}].contract.hub` : `sites[${i}].price_hub`;
}

export interface Lot {
  site: string;
  model: AsicModel;
  profile: OperatingProfile;
  count: number;
  purchase_price_usd_per_unit: number;
  purchase_date: string;
  depreciation_years: number;
  uptime_pct: number;
}

/** A validated, normalised fleet: models resolved against the catalog, profiles chosen. */
export interface Fleet {
  company: Company;
  sites: Site[];
  lots: Lot[];
  /** The user's own models (with their measured profiles), in addition to the catalog. */
  models: AsicModel[];
  /** Default switching rules for `hashfloor dispatch` (each field can be overridden); absent when the spec has none. */
  switching?: FleetSwitching | undefined;
  /** Overclock wear for the dispatch planner (USD per TH/s·h over stock, src/dispatch/problem.ts); absent = the planner's default. */
  overclock_wear_usd_per_th_hour?: number | undefined;
}
