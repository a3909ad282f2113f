/**
 * The normalised terms of a site to value (produced by src/config/site-spec.ts): its mining
 * fleet, its AI/HPC conversion terms and the options to compare. Shares are 0–1, rates annual
 * fractions, months `YYYY-MM`.
 */
import type { PowerContract } from '../economics/power-contract.js';
import type { DealId } from './deals.js';

export interface Phase {
  /** Share of the site's gross MW converted (0–1). */
  share: number;
  start_month: string;
}
export interface ValuationOption {
  name: string;
  kind: 'keep' | 'convert' | 'phased';
  phases: Phase[];
}

export interface HpcTerms {
  deal: DealId;
  convertible_share: number;
  pue: number;
  capex_usd_per_mw: number;
  build_months: number;
  lease_usd_per_mw_year: number;
  escalator_annual: number;
  term_months: number;
  power_paid_by: 'tenant' | 'landlord';
  power_price_usd_per_mwh: number;
  opex_usd_per_mw_year: number;
  residual_share_of_capex: number;
  default_probability_annual: number;
  backstop_share: number;
  /** Months the hall stands empty after a default before a new tenant's lease starts. */
  relet_after_months: number;
  /** Share of the original lease a new tenant pays (1 − haircut). */
  relet_share: number;
}

export interface MiningTerms {
  pue: number;
  /** Fleet IT power at full load (MW) and its efficiency (J/TH). */
  it_mw: number;
  efficiency_jth: number;
  /** The contract's effective USD/MWh for the fleet's flat load (src/economics/contract-flat-price.ts), before escalation. */
  power_price_usd_per_mwh: number;
  /** What the site pays (the spec's `contract:`, or its `power_price_usd_per_mwh` as a fixed price). */
  contract: PowerContract;
  power_escalator_annual: number;
  pool_fee: number;
  uptime: number;
  opex_usd_per_mw_month: number;
  refresh_capex_usd_per_th: number;
  refresh_payback_months: number;
  refresh_min_interval_months: number;
  frontier_improvement_annual: number | undefined;
  terminal_years: number;
}

export interface SiteSpec {
  name: string;
  gross_mw: number;
  /** Tax rate on each month's positive cash flow, mining and hosting taxed separately (0–1). */
  tax_rate: number;
  mining: MiningTerms;
  hpc: HpcTerms;
  options: ValuationOption[];
}
