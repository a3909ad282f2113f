/**
 * Turns fitted drivers, the state at the valuation start and a normalised site file into the
 * kernel's MarketModel and SiteModels (every deterministic schedule precomputed per month).
 */
import { InternalError, ValidationError } from '../errors.js';
import type { DriverFit } from './fit.js';
import { frontierPath, type FrontierFit } from './frontier.js';
import { hpcFlows, miningWeights, type PhaseAt } from './hpc.js';
import { discountedPrefix, discountFactors, HOURS_PER_MONTH, monthlySubsidyBtc, type MarketModel, type OptionModel, type SiteModel } from './model.js';
import type { SiteSpec } from './terms.js';

/** Where the simulation starts: the month and the network as last observed (or overridden). */
export interface StartState {
  month: string;
  height: number;
  price_usd_per_btc: number;
  hashrate_ehs: number;
  fee_share: number;
  /** Δln miner revenue of the months just before the start, oldest first (feeds the hashrate lag). */
  recent_rev_log_changes: number[];
}

export interface MarketOverrides {
  /** Annual log drift of the BTC price (replaces the fitted 12·μ). */
  btc_drift_annual?: number | undefined;
  /** Annual volatility (replaces the fitted √12·σ). */
  btc_volatility_annual?: number | undefined;
}

export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthFromIndex(i: number): string {
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function buildMarket(fit: DriverFit, start: StartState, steps: number, o: MarketOverrides = {}): MarketModel {
  const lag = fit.hashrate.lag_months;
  const recent = start.recent_rev_log_changes.slice(-lag);
  while (recent.length < lag) recent.unshift(0);
  return {
    steps,
    start_price_usd_per_btc: start.price_usd_per_btc,
    start_hashrate_ehs: start.hashrate_ehs,
    start_fee_share: start.fee_share,
    price_mu: o.btc_drift_annual !== undefined ? o.btc_drift_annual / 12 : fit.price.mu_monthly,
    price_sigma: o.btc_volatility_annual !== undefined ? o.btc_volatility_annual / Math.sqrt(12) : fit.price.sigma_monthly,
    price_nu: fit.price.nu,
    hash_alpha: fit.hashrate.alpha_monthly,
    hash_beta: fit.hashrate.beta,
    hash_lag: lag,
    hash_sigma: fit.hashrate.sigma_monthly,
    fee_c: fit.fee.c,
    fee_phi: fit.fee.phi,
    fee_sigma: fit.fee.sigma,
    initial_rev_log_changes: Float64Array.from(recent),
    subsidy_btc: monthlySubsidyBtc(start.height, steps),
  };
}

function optionModel(
  site: SiteSpec,
  optIndex: number,
  startMonth: string,
  steps: number,
  discountRate: number,
): Omit<OptionModel, never> & { flows_len: number } {
  const opt = site.options[optIndex]!;
  const s0 = monthIndex(startMonth);
  const phases: PhaseAt[] = opt.phases.map((p, j) => {
    const start = monthIndex(p.start_month) - s0;
    if (start < 0 || start >= steps) {
      const field = opt.kind === 'convert' ? 'start_month' : `phases[${j}].start_month`;
      throw ValidationError.field(
        `sites[?].options[${optIndex}].${field}`,
        `${p.start_month} must fall within the horizon ${startMonth} … ${monthFromIndex(s0 + steps - 1)}`,
      );
    }
    return { ...p, start };
  });
  const flows = hpcFlows(site.hpc, site.gross_mw, phases, site.mining.power_escalator_annual, steps, site.tax_rate);
  const d = discountFactors(discountRate, flows.no_default.length);
  return {
    name: opt.name,
    mining_weight: miningWeights(phases, steps),
    hpc_prefix_no_default: discountedPrefix(flows.no_default, d),
    hpc_prefix_defaulted: discountedPrefix(flows.defaulted, d),
    hpc_prefix_relet: discountedPrefix(flows.relet, d),
    lease_prefix_no_default: discountedPrefix(flows.lease_unit_no_default, d),
    lease_prefix_defaulted: discountedPrefix(flows.lease_unit_defaulted, d),
    lease_prefix_relet: discountedPrefix(flows.lease_unit_relet, d),
    hpc_flow_no_default: flows.no_default,
    hpc_flow_defaulted: flows.defaulted,
    hpc_flow_relet: flows.relet,
    first_lease_month: phases.length ? flows.first_lease_month : -1,
    flows_len: flows.no_default.length,
  };
}

/**
 * Builds one site. Mining power cost per month = IT MW · PUE · hours · price · (1 + escalator)^(t/12);
 * fixed opex = opex per MW-month · gross MW, escalated alike.
 */
export function buildSite(site: SiteSpec, startMonth: string, steps: number, discountRate: number, frontier: FrontierFit, siteIndex = 0): SiteModel {
  const m = site.mining;
  // A contract that reads an index is priced before the valuation runs (src/app/pivot-contracts.ts).
  if (!Number.isFinite(m.power_price_usd_per_mwh) || !Number.isFinite(site.hpc.power_price_usd_per_mwh))
    throw new InternalError(`site "${site.name}": its power contract was not priced before the valuation`);
  const power = new Float64Array(steps);
  const opex = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    const esc = Math.pow(1 + m.power_escalator_annual, t / 12);
    power[t] = m.it_mw * m.pue * HOURS_PER_MONTH * m.power_price_usd_per_mwh * esc;
    opex[t] = m.opex_usd_per_mw_month * site.gross_mw * esc;
  }
  let options;
  try {
    options = site.options.map((_, o) => optionModel(site, o, startMonth, steps, discountRate));
  } catch (err) {
    if (err instanceof ValidationError) throw new ValidationError(err.issues.map((i) => ({ ...i, path: i.path.replace('sites[?]', `sites[${siteIndex}]`) })));
    throw err;
  }
  const len = Math.max(steps, ...options.map((o) => o.flows_len));
  return {
    name: site.name,
    mining_it_w: m.it_mw * 1e6,
    efficiency_jth: m.efficiency_jth,
    pool_fee: m.pool_fee,
    uptime: m.uptime,
    power_cost_usd: power,
    opex_usd: opex,
    frontier_jth: frontierPath(frontier.best_jth, m.frontier_improvement_annual ?? frontier.improvement_annual, steps),
    refresh_capex_usd_per_ths: m.refresh_capex_usd_per_th,
    refresh_payback_months: m.refresh_payback_months,
    refresh_min_interval_months: m.refresh_min_interval_months,
    terminal_years: m.terminal_years,
    default_hazard_monthly: 1 - Math.pow(1 - site.hpc.default_probability_annual, 1 / 12),
    relet_after_months: site.hpc.relet_after_months,
    tax_rate: site.tax_rate,
    discount: discountFactors(discountRate, len),
    options: options.map(({ flows_len: _, ...o }) => o),
  };
}
