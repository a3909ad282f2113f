/**
 * Stated regimes for the BTC drift, the assumption that decides most pivots. The kernel steps the
 * log price by μ + σ·√((ν−2)/ν)·T_ν a month (σ the monthly s.d.); each regime picks the annual log
 * drift 12·μ:
 *  - zero:         price flat in expectation, E[P_t] = P_0 → μ = −σ²/2 (the lognormal correction,
 *                  the same "flat" as security-budget's flat scenario);
 *  - historical:   the sample mean of the monthly log returns over the fit window (μ fitted);
 *  - risk-neutral: the price grows in expectation at the discount rate r,
 *                  E[P_t] = P_0·(1 + r)^(t/12) → μ = ln(1 + r)/12 − σ²/2;
 *  - user:         the site file's btc_drift_pct_per_year (annual log drift), as given.
 * Expected growth per year (%) = e^(12·(μ + σ²/2)) − 1, shown beside the log drift so a regime's
 * meaning is visible.
 */
export const DRIFT_REGIMES = ['zero', 'historical', 'risk-neutral', 'user'] as const;
export type DriftRegime = (typeof DRIFT_REGIMES)[number];

export interface DriftChoice {
  regime: DriftRegime;
  /** Annual log drift 12·μ, a fraction. */
  drift_annual: number;
  /** e^(12·(μ + σ²/2)) − 1, a fraction. */
  expected_growth_annual: number;
}

export interface DriftContext {
  fitted_mu_monthly: number;
  sigma_monthly: number;
  discount_rate_annual: number;
  /** Annual log drift given by the user (the `user` regime). */
  user_drift_annual?: number | undefined;
}

export function driftFor(regime: DriftRegime, c: DriftContext): DriftChoice {
  const half = (c.sigma_monthly * c.sigma_monthly) / 2;
  let mu: number;
  if (regime === 'zero') mu = -half;
  else if (regime === 'historical') mu = c.fitted_mu_monthly;
  else if (regime === 'risk-neutral') mu = Math.log1p(c.discount_rate_annual) / 12 - half;
  else {
    if (c.user_drift_annual === undefined) throw new RangeError('the user drift regime needs btc_drift_pct_per_year');
    mu = c.user_drift_annual / 12;
  }
  return { regime, drift_annual: 12 * mu, expected_growth_annual: Math.expm1(12 * (mu + half)) };
}

/** The regimes compared side by side: the three stated ones, and the user's value when given. */
export function comparedRegimes(c: DriftContext): DriftRegime[] {
  return c.user_drift_annual === undefined ? ['zero', 'historical', 'risk-neutral'] : ['zero', 'historical', 'risk-neutral', 'user'];
}
