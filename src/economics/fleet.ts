/**
 * The fleet as the core sees it: a company, its sites and its lots of machines, every model
 * resolved and every default applied. config/fleet-spec.ts parses and validates spec files into
 * these types; economics and dispatch compute on them and never see the file format.
 * Units are in the names: MW, USD per MWh, USD per month, percent (0–100).
 */
import type { AsicModel, OperatingProfile } from '../hardware/model.js';

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

export type SitePowerPrice = { kind: 'fixed'; usd_per_mwh: number } | { kind: 'hourly_csv'; path: string };

export interface Site {
  id: string;
  name: string;
  capacity_mw: number;
  power_price: SitePowerPrice;
  /** Column of a multi-hub hourly prices CSV this site pays (undefined: the file's only column). */
  price_hub: string | undefined;
  pue: number;
  hosting_fee_usd_per_mwh: number;
  opex_usd_per_month: number;
  timezone: string | undefined;
  /** Design ambient (inlet air) temperature (°C); air-cooled machines lose hashrate above 40 °C (src/hardware/ambient.ts). */
  ambient_temp_c?: number | undefined;
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
