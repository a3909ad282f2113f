/**
 * Small hand-made inputs for the valuation tests (not real data): a fit with chosen parameters and
 * a one-site file, so closed forms can be written down.
 */
import { parseSiteSpec, type SiteSpecInput } from '../../src/config/site-spec.js';
import type { StartState } from '../../src/valuation/build.js';
import type { DriverFit } from '../../src/valuation/fit.js';
import type { FrontierFit } from '../../src/valuation/frontier.js';
import type { SiteSpec } from '../../src/valuation/terms.js';

export function fixedFit(
  o: {
    mu?: number;
    sigma?: number;
    nu?: number;
    alpha?: number;
    beta?: number;
    lag?: number;
    hashSigma?: number;
    feeC?: number;
    feePhi?: number;
    feeSigma?: number;
  } = {},
): DriverFit {
  return {
    from_month: '2020-01',
    to_month: '2026-02',
    price: { mu_monthly: o.mu ?? 0.01, sigma_monthly: o.sigma ?? 0, nu: o.nu ?? 60, skew: 0, excess_kurtosis: 0, n_months: 73 },
    hashrate: { alpha_monthly: o.alpha ?? 0.02, beta: o.beta ?? 0, lag_months: o.lag ?? 1, sigma_monthly: o.hashSigma ?? 0, r2: 0, n_months: 72 },
    fee: { c: o.feeC ?? Math.log(0.02 / 0.98) * 0.5, phi: o.feePhi ?? 0.5, sigma: o.feeSigma ?? 0, long_run_share: 0.02, n_months: 72 },
  };
}

/** Height 880,000: the next halving (1,050,000) is ~38.8 months away, so 24 months pay 3.125 BTC. */
export const START: StartState = {
  month: '2026-03',
  height: 880_000,
  price_usd_per_btc: 100_000,
  hashrate_ehs: 800,
  fee_share: 0.02,
  recent_rev_log_changes: [0],
};

export const FRONTIER: FrontierFit = { best_jth: 13.5, best_model: 'Antminer S21 XP', improvement_annual: 0.1, from_year: 2019, to_year: 2026 };

export function oneSite(site: Partial<SiteSpecInput['sites'][number]> = {}, valuation: SiteSpecInput['valuation'] = {}): SiteSpec {
  const r = parseSiteSpec(
    {
      valuation,
      sites: [
        {
          name: 'test site',
          gross_mw: 10,
          mining: {
            pue: 1,
            efficiency_jth: 15,
            power_price_usd_per_mwh: 30,
            power_escalator_pct_per_year: 0,
            pool_fee_pct: 2,
            uptime_pct: 100,
            opex_usd_per_mw_month: 1000,
            terminal_years: 0,
          },
          ...site,
        },
      ],
    },
    [],
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.sites[0]!;
}
