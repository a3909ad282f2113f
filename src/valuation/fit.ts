/**
 * Fits the three stochastic drivers of the valuation to monthly history:
 *  1. BTC monthly log return r ~ μ + σ·√((ν−2)/ν)·T_ν (Student-t with standard deviation σ);
 *     μ, σ are the sample mean and s.d., ν by the method of moments from the excess kurtosis
 *     κ = 6/(ν−4) → ν = 4 + 6/κ (clamped to [4.5, 60]).
 *  2. Network hashrate, coupled to revenue with a lag: Δln H_t = α + β·Δln Rev_{t−L} + ε, ε ~ N(0, σ_h²),
 *     ordinary least squares for each L in 0..maxLag; the lag with the highest R² wins.
 *  3. Fee share s (fees / (subsidy + fees)) as an AR(1) in logit space:
 *     x_t = logit(s_t) = c + φ·x_{t−1} + η, η ~ N(0, σ_f²), OLS.
 * Only consecutive calendar months enter a difference or a lag.
 */
import { ValidationError } from '../errors.js';
import type { MonthlyPoint } from './monthly.js';

export interface PriceFit {
  mu_monthly: number;
  sigma_monthly: number;
  nu: number;
  skew: number;
  excess_kurtosis: number;
  n_months: number;
}

export interface HashrateFit {
  alpha_monthly: number;
  beta: number;
  lag_months: number;
  sigma_monthly: number;
  r2: number;
  n_months: number;
}

export interface FeeFit {
  c: number;
  phi: number;
  sigma: number;
  /** Long-run mean of the logit, c / (1 − φ), as a share. */
  long_run_share: number;
  n_months: number;
}

export interface DriverFit {
  from_month: string;
  to_month: string;
  price: PriceFit;
  hashrate: HashrateFit;
  fee: FeeFit;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export const logit = (p: number): number => Math.log(p / (1 - p));
export const invLogit = (x: number): number => 1 / (1 + Math.exp(-x));

/** Sample mean, s.d. (n−1), skewness and excess kurtosis (population moments of the standardised values). */
export function moments(xs: ArrayLike<number>): { mean: number; sd: number; skew: number; excess_kurtosis: number } {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i]!;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const pop2 = m2 / n;
  return { mean, sd: Math.sqrt(m2 / (n - 1)), skew: m3 / n / pop2 ** 1.5, excess_kurtosis: m4 / n / (pop2 * pop2) - 3 };
}

/** Least squares y = a + b·x; returns a, b, residual s.d. (n−2) and R². */
export function ols(x: readonly number[], y: readonly number[]): { a: number; b: number; sigma: number; r2: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  const a = my - b * mx;
  const sse = Math.max(syy - b * sxy, 0);
  return { a, b, sigma: Math.sqrt(sse / Math.max(n - 2, 1)), r2: syy > 0 ? 1 - sse / syy : 0 };
}

export function fitPrice(points: readonly MonthlyPoint[]): PriceFit {
  const r: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const q = points[i - 1]!;
    if (monthIndex(p.month) - monthIndex(q.month) === 1) r.push(Math.log(p.price_usd_per_btc / q.price_usd_per_btc));
  }
  if (r.length < 24) throw ValidationError.field('history', `needs ≥ 24 consecutive monthly prices to fit returns, got ${r.length}`);
  const m = moments(r);
  const nu = m.excess_kurtosis > 0 ? Math.min(Math.max(4 + 6 / m.excess_kurtosis, 4.5), 60) : 60;
  return { mu_monthly: m.mean, sigma_monthly: m.sd, nu, skew: m.skew, excess_kurtosis: m.excess_kurtosis, n_months: r.length };
}

export function fitHashrate(points: readonly MonthlyPoint[], maxLag = 6): HashrateFit {
  let best: HashrateFit | undefined;
  for (let lag = 0; lag <= maxLag; lag++) {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = lag + 1; i < points.length; i++) {
      const cur = points[i]!;
      const prev = points[i - 1]!;
      const a = points[i - lag]!;
      const b = points[i - lag - 1]!;
      if (monthIndex(cur.month) - monthIndex(b.month) !== lag + 1) continue;
      if (!(a.revenue_usd_per_day > 0 && b.revenue_usd_per_day > 0)) continue;
      x.push(Math.log(a.revenue_usd_per_day / b.revenue_usd_per_day));
      y.push(Math.log(cur.hashrate_ehs / prev.hashrate_ehs));
    }
    if (x.length < 24) continue;
    const f = ols(x, y);
    if (!best || f.r2 > best.r2) best = { alpha_monthly: f.a, beta: f.b, lag_months: lag, sigma_monthly: f.sigma, r2: f.r2, n_months: x.length };
  }
  if (!best) throw ValidationError.field('history', 'needs ≥ 24 consecutive months of hashrate and revenue to fit the hashrate driver');
  return best;
}

export function fitFeeShare(points: readonly MonthlyPoint[], minDays = 5): FeeFit {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const p = points[i]!;
    const q = points[i - 1]!;
    if (monthIndex(p.month) - monthIndex(q.month) !== 1) continue;
    if (p.fee_days < minDays || q.fee_days < minDays || !(p.fee_share > 0 && q.fee_share > 0)) continue;
    x.push(logit(q.fee_share));
    y.push(logit(p.fee_share));
  }
  if (x.length < 24) throw ValidationError.field('history', `needs ≥ 24 consecutive months of fee share, got ${x.length}`);
  const f = ols(x, y);
  const phi = Math.min(f.b, 0.995);
  return { c: f.a, phi, sigma: f.sigma, long_run_share: invLogit(f.a / (1 - phi)), n_months: x.length };
}

/** Fits all drivers on the months in [from, to] (YYYY-MM, inclusive). */
export function fitDrivers(points: readonly MonthlyPoint[], from: string, to?: string): DriverFit {
  const window = points.filter((p) => p.month >= from && (to === undefined || p.month <= to));
  if (window.length === 0) throw ValidationError.field('history', `no months between ${from} and ${to ?? 'the end'}`);
  return {
    from_month: window[0]!.month,
    to_month: window[window.length - 1]!.month,
    price: fitPrice(window),
    hashrate: fitHashrate(window),
    fee: fitFeeShare(window),
  };
}
