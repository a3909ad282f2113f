import { describe, expect, it } from 'vitest';
import { fitDrivers, fitFeeShare, fitHashrate, fitPrice, invLogit, logit, moments } from './fit.js';
import type { MonthlyPoint } from './monthly.js';
import { ValidationError } from '../errors.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import { mulberry32 } from '../../test/helpers/dispatch-instances.js';
import { meanSdErrors, olsWithErrors } from '../../test/helpers/regression.js';

// 1,200 months generated with known parameters (the test's own generator, not the kernel's):
//   BTC log return  r_t ~ N(μ = 0.02, σ = 0.15)
//   miner revenue   Δln Rev_t ~ N(0, 0.2²), independent of the price
//   hashrate        Δln H_t = α + β·Δln Rev_{t−2} + σ_h·Z,  α = 0.025, β = 0.3, σ_h = 0.05
//   fee share       logit s_t = c + φ·logit s_{t−1} + σ_f·Z,  c = −1, φ = 0.7, σ_f = 0.3
// Each fitted value must lie within 4 standard errors of the truth (seeded, so deterministic;
// a correct fitter misses for ~6e-5 of seeds). se(β) ≈ σ_h / (0.2·√n) = 0.0072, so a β read 20%
// high (0.36) misses by 8 standard errors.
const N = 1200;
const TRUE = { mu: 0.02, sigma: 0.15, alpha: 0.025, beta: 0.3, lag: 2, sigmaH: 0.05, c: -1, phi: 0.7, sigmaF: 0.3 };

function series(): MonthlyPoint[] {
  const u = mulberry32(2024);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const points: MonthlyPoint[] = [];
  let lnP = Math.log(10_000);
  let lnRev = Math.log(1e7);
  let lnH = Math.log(100);
  let x = TRUE.c / (1 - TRUE.phi);
  const dRev: number[] = [];
  for (let i = 0; i < N; i++) {
    const d = 0.2 * normal();
    dRev.push(d);
    if (i > 0) {
      lnP += TRUE.mu + TRUE.sigma * normal();
      lnRev += d;
      lnH += TRUE.alpha + TRUE.beta * (dRev[i - TRUE.lag] ?? 0) + TRUE.sigmaH * normal();
      x = TRUE.c + TRUE.phi * x + TRUE.sigmaF * normal();
    }
    const month = `${1900 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    points.push({
      month,
      price_usd_per_btc: Math.exp(lnP),
      hashrate_ehs: Math.exp(lnH),
      revenue_usd_per_day: Math.exp(lnRev),
      fee_share: invLogit(x),
      fee_days: 30,
    });
  }
  return points;
}

const points = series();

describe('fitted drivers recover the parameters the data were generated with', () => {
  it('BTC returns: μ and σ within 4 standard errors', () => {
    const f = fitPrice(points);
    expect(f.n_months).toBe(N - 1);
    const r = points.slice(1).map((p, i) => Math.log(p.price_usd_per_btc / points[i]!.price_usd_per_btc));
    const se = meanSdErrors(TRUE.sigma, r.length, moments(r).excess_kurtosis); // se(μ) = 0.0043, se(σ) = 0.0031
    expect(Math.abs(f.mu_monthly - TRUE.mu)).toBeLessThan(4 * se.se_mean);
    expect(Math.abs(f.sigma_monthly - TRUE.sigma)).toBeLessThan(4 * se.se_sd);
    // Normal returns: excess kurtosis ≈ 0 (se √(24/n) = 0.14), ν clamped to [4.5, 60].
    expect(Math.abs(f.excess_kurtosis)).toBeLessThan(4 * Math.sqrt(24 / r.length));
    expect(f.nu).toBeGreaterThanOrEqual(4.5);
    expect(f.nu).toBeLessThanOrEqual(60);
  });

  it('hashrate: the 2-month lag, α, β and σ_h within 4 standard errors', () => {
    const f = fitHashrate(points);
    expect(f.lag_months).toBe(2);
    expect(f.n_months).toBe(N - 3);
    // The regression the fitter should run, with its standard errors.
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 3; i < N; i++) {
      x.push(Math.log(points[i - 2]!.revenue_usd_per_day / points[i - 3]!.revenue_usd_per_day));
      y.push(Math.log(points[i]!.hashrate_ehs / points[i - 1]!.hashrate_ehs));
    }
    const e = olsWithErrors(x, y);
    expect(f.beta).toBeCloseTo(e.b, 12);
    expect(Math.abs(f.beta - TRUE.beta)).toBeLessThan(4 * e.se_b);
    expect(Math.abs(f.alpha_monthly - TRUE.alpha)).toBeLessThan(4 * e.se_a);
    expect(Math.abs(f.sigma_monthly - TRUE.sigmaH)).toBeLessThan(4 * e.se_s);
    // R² of the winning lag = 1 − SSE/SST of that regression.
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    const sst = y.reduce((a, v) => a + (v - my) ** 2, 0);
    expect(f.r2).toBeCloseTo(1 - (e.s ** 2 * (e.n - 2)) / sst, 10);
  });

  it('fee share: c, φ, σ_f within 4 standard errors; long-run share invLogit(c / (1 − φ))', () => {
    const f = fitFeeShare(points);
    expect(f.n_months).toBe(N - 1);
    const lx = points.map((p) => logit(p.fee_share));
    const e = olsWithErrors(lx.slice(0, -1), lx.slice(1));
    expect(Math.abs(f.c - TRUE.c)).toBeLessThan(4 * e.se_a);
    expect(Math.abs(f.phi - TRUE.phi)).toBeLessThan(4 * e.se_b);
    expect(Math.abs(f.sigma - TRUE.sigmaF)).toBeLessThan(4 * e.se_s);
    expect(f.long_run_share).toBeCloseTo(invLogit(f.c / (1 - f.phi)), 12);
  });

  it('uses consecutive calendar months only, and only fee months with ≥ 5 days', () => {
    const holed = points.filter((_, i) => i !== 600);
    // One missing month removes the two differences that would span it.
    expect(fitPrice(holed).n_months).toBe(N - 3);
    expect(fitFeeShare(holed).n_months).toBe(N - 3);
    const thin = points.map((p, i) => (i === 10 ? { ...p, fee_days: 4 } : p));
    expect(fitFeeShare(thin).n_months).toBe(N - 3);
    const d = fitDrivers(points, '1950-01', '1959-12');
    expect([d.from_month, d.to_month, d.price.n_months]).toEqual(['1950-01', '1959-12', 119]);
  });

  it('refuses fewer than 24 usable months, naming the history', () => {
    const short = points.slice(0, 24);
    for (const fit of [fitPrice, fitHashrate, fitFeeShare, (p: readonly MonthlyPoint[]) => fitDrivers(p, '2100-01')]) {
      const e = catchAppError(() => fit(short));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual(['history']);
    }
  });
});
