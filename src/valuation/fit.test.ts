import { describe, expect, it } from 'vitest';
import { fitDrivers, fitFeeShare, fitHashrate, fitPrice, invLogit, logit, moments, ols } from './fit.js';
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

/** Consecutive months from 2000-01 whose log price changes by `returns` (the other fields flat). */
function fromReturns(returns: readonly number[]): MonthlyPoint[] {
  let lnP = Math.log(50_000);
  return [0, ...returns].map((r, i) => {
    lnP += r;
    const month = `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    return { month, price_usd_per_btc: Math.exp(lnP), hashrate_ehs: 500, revenue_usd_per_day: 4e7, fee_share: 0.05, fee_days: 30 };
  });
}

/** k returns of ±a (half each, mean 0) among n: m2 = m4/a² = k·a², so excess kurtosis = n/k − 3 exactly. */
const spiky = (n: number, k: number, a = 0.1): number[] => Array.from({ length: n }, (_, i) => (i < k ? (i % 2 ? -a : a) : 0));

// Logs of exp(x) and sums of a few tenths: 1e-10 covers their rounding.
const EXACT = 10;

describe('hand-worked moments, least squares and logits', () => {
  it('moments of {1, 2, 3, 4, 10}: mean 4, s.d. √12.5, skew 36/10^1.5, excess kurtosis −0.212', () => {
    // Deviations −3, −2, −1, 0, 6: Σd² = 50, Σd³ = 180, Σd⁴ = 1,394; population variance 10.
    const m = moments([1, 2, 3, 4, 10]);
    expect(m.mean).toBe(4);
    expect(m.sd).toBeCloseTo(Math.sqrt(12.5), 14);
    expect(m.skew).toBeCloseTo(36 / 10 ** 1.5, 14); // 1.138420
    expect(m.excess_kurtosis).toBeCloseTo(1394 / 5 / 100 - 3, 14);
  });

  it('ols of (0,0), (1,2), (2,1), (3,3): b = 0.8, a = 0.3, s = √0.9, R² = 0.64', () => {
    // Sxx = 5, Sxy = 4, Syy = 5; SSE = 5 − 0.8 · 4 = 1.8 over n − 2 = 2.
    const f = ols([0, 1, 2, 3], [0, 2, 1, 3]);
    expect(f.b).toBeCloseTo(0.8, 14);
    expect(f.a).toBeCloseTo(0.3, 14);
    expect(f.sigma).toBeCloseTo(Math.sqrt(0.9), 14);
    expect(f.r2).toBeCloseTo(0.64, 14);
  });

  it('ols with no spread in x has slope 0 (not 0/0); with no spread in y, R² 0', () => {
    expect(ols([2, 2, 2], [1, 2, 6])).toEqual({ a: 3, b: 0, sigma: Math.sqrt(14), r2: 0 });
    expect(ols([1, 2, 3], [5, 5, 5])).toEqual({ a: 5, b: 0, sigma: 0, r2: 0 });
  });

  it('logit(0.2) = ln 0.25, invLogit(ln 3) = 0.75, invLogit(−ln 3) = 0.25', () => {
    expect(logit(0.2)).toBeCloseTo(Math.log(0.25), 14);
    expect(logit(0.75)).toBeCloseTo(Math.log(3), 14);
    expect(invLogit(Math.log(3))).toBeCloseTo(0.75, 14);
    expect(invLogit(-Math.log(3))).toBeCloseTo(0.25, 14);
    expect(invLogit(0)).toBe(0.5);
  });
});

describe('fitPrice: ν = 4 + 6/κ from the excess kurtosis κ, clamped to [4.5, 60]', () => {
  it('κ = 24/4 − 3 = 3 gives ν = 6; skew 0 and mean 0 for symmetric spikes', () => {
    const f = fitPrice(fromReturns(spiky(24, 4)));
    expect(f.n_months).toBe(24);
    expect(f.excess_kurtosis).toBeCloseTo(3, EXACT);
    expect(f.nu).toBeCloseTo(6, EXACT - 1);
    expect(f.mu_monthly).toBeCloseTo(0, EXACT);
    expect(f.sigma_monthly).toBeCloseTo(Math.sqrt((4 * 0.01) / 23), EXACT);
  });

  it('κ = 40/2 − 3 = 17 would give ν = 4.35: clamped up to 4.5', () => {
    const f = fitPrice(fromReturns(spiky(40, 2)));
    expect(f.excess_kurtosis).toBeCloseTo(17, EXACT - 1);
    expect(f.nu).toBe(4.5);
  });

  it('κ = 31/10 − 3 = 0.1 would give ν = 64: clamped down to 60; κ ≤ 0 gives 60', () => {
    const thin = fitPrice(fromReturns(spiky(31, 10)));
    expect(thin.excess_kurtosis).toBeCloseTo(0.1, EXACT);
    expect(thin.nu).toBe(60);
    // ±0.1 alternating: κ = 1 − 3 = −2.
    const flat = fitPrice(fromReturns(spiky(24, 24)));
    expect(flat.excess_kurtosis).toBeCloseTo(-2, EXACT);
    expect(flat.nu).toBe(60);
  });
});

describe('fitters accept exactly 24 usable months', () => {
  it('25 consecutive months give 24 returns, differences and fee pairs', () => {
    const p = points.slice(0, 25);
    expect(fitPrice(p).n_months).toBe(24);
    expect(fitFeeShare(p).n_months).toBe(24);
    // Only lag 0 has 24 pairs in 25 months.
    expect(fitHashrate(p)).toMatchObject({ lag_months: 0, n_months: 24 });
  });
});

describe('fitHashrate: the lags tried, the months that enter', () => {
  it('tries every lag up to maxLag inclusive', () => {
    expect(fitHashrate(points, 2)).toMatchObject({ lag_months: 2, n_months: N - 3 });
    expect(fitHashrate(points, 1).lag_months).not.toBe(2);
  });

  it('skips the windows spanning a missing month and the months with no revenue', () => {
    // Removing month 600 drops the three lag-2 windows (cur, prev, a, b) that would span it: N − 4 − 3.
    const holed = points.filter((_, i) => i !== 600);
    expect(fitHashrate(holed)).toMatchObject({ lag_months: 2, n_months: N - 7 });
    // Zero revenue in month 600 drops the two windows that read it as a or as b.
    const zero = points.map((p, i) => (i === 600 ? { ...p, revenue_usd_per_day: 0 } : p));
    const f = fitHashrate(zero);
    expect(f).toMatchObject({ lag_months: 2, n_months: N - 5 });
    expect(Math.abs(f.beta - TRUE.beta)).toBeLessThan(0.05); // 7 standard errors (se 0.0072): finite and near the truth
  });

  it('a tie in R² keeps the shortest lag', () => {
    // Flat hashrate: every lag explains nothing (R² = 0), so lag 0 stands.
    const flat = points.map((p) => ({ ...p, hashrate_ehs: 500 }));
    expect(fitHashrate(flat)).toEqual({ alpha_monthly: 0, beta: 0, lag_months: 0, sigma_monthly: 0, r2: 0, n_months: N - 1 });
  });
});

describe('fitFeeShare: the months that enter', () => {
  it('keeps a month with exactly minDays fee days, drops a month with a zero fee share', () => {
    const five = points.map((p, i) => (i === 10 ? { ...p, fee_days: 5 } : p));
    expect(fitFeeShare(five).n_months).toBe(N - 1);
    const zero = points.map((p, i) => (i === 10 ? { ...p, fee_share: 0 } : p));
    const f = fitFeeShare(zero);
    expect(f.n_months).toBe(N - 3);
    expect(Math.abs(f.phi - TRUE.phi)).toBeLessThan(0.1); // finite, and near the truth (se ≈ 0.02)
  });

  it('fitDrivers with no end month runs to the last month', () => {
    const d = fitDrivers(points, '1990-01');
    expect([d.from_month, d.to_month, d.price.n_months]).toEqual(['1990-01', '1999-12', 119]);
  });
});
