import { describe, expect, it } from 'vitest';
import { hashpriceUsdPerPhDay, hashvalueSatPerPhDay } from '../economics/hashprice.js';
import { buildMarket, buildSite } from './build.js';
import { logit, moments, ols } from './fit.js';
import { simulateChunk } from './kernel.js';
import { BLOCKS_PER_MONTH, HOURS_PER_MONTH } from './model.js';
import { PathRng } from './rng.js';
import { blockCount, mergeBlocks, runValuation, simulateBlock } from './run.js';
import { expectedCashFlows } from './summary.js';
import { meanSdErrors, olsWithErrors } from '../../test/helpers/regression.js';
import { fixedFit, FRONTIER, oneSite, START } from '../../test/helpers/valuation-fixtures.js';
import { iterations } from '../../test/helpers/mutation-scale.js';

const d = Math.pow(1.1, -1 / 12);

// NPVs of ~$10M are compared to the cent (toBeCloseTo(…, 2)): 1e-9 relative, the rounding of a
// sum of a few dozen terms; any left-out flow moves them by dollars at least.
describe('deterministic case (zero volatility) equals the closed-form NPV', () => {
  it('keeps mining: Σ d^(t+1)·(A·e^((μ−g)(t+1)) − C)', () => {
    const steps = 24;
    const market = buildMarket(fixedFit({ mu: 0.01, alpha: 0.02 }), START, steps);
    const spec = oneSite();
    const site = buildSite(spec, START.month, steps, 0.1, FRONTIER);
    const raw = runValuation(market, [site], 1, 3);
    const ph = 10e6 / 15 / 1000;
    // Month-one revenue from src/economics/hashprice.ts at the start difficulty (800 EH/s at 600 s a block):
    // fees = 2% of the reward, so fees per block = subsidy · 0.02/0.98.
    const difficulty = (800e18 * 600) / 2 ** 32;
    const hashprice = hashpriceUsdPerPhDay(hashvalueSatPerPhDay(difficulty, 312_500_000, (312_500_000 * 0.02) / 0.98), 100_000);
    const A = hashprice * (365.25 / 12) * 0.98 * ph;
    expect(A).toBeCloseTo(((BLOCKS_PER_MONTH * (3.125 / 0.98) * 100_000) / (800 * 1000)) * 0.98 * ph, 4);
    const C = 10 * HOURS_PER_MONTH * 30 + 1000 * 10;
    let closed = 0;
    for (let t = 1; t <= steps; t++) closed += Math.pow(d, t) * (A * Math.exp((0.01 - 0.02) * t) - C);
    for (let p = 0; p < 3; p++) expect(raw.npv[0]![p]).toBeCloseTo(closed, 2);
    expect(closed).toBeGreaterThan(1e7);
  });

  it('converts everything at once: −capex + Σ d^(t+1)·lease/12·IT MW', () => {
    const steps = 24;
    const market = buildMarket(fixedFit(), START, steps);
    const spec = oneSite({
      hpc: {
        pue: 1.25,
        capex_usd_per_mw: 8e6,
        build_months: 0,
        lease_usd_per_mw_year: 1.8e6,
        escalator_pct_per_year: 0,
        term_years: 1,
        opex_usd_per_mw_year: 0,
        residual_pct_of_capex: 0,
        default_probability_pct_per_year: 0,
      },
      options: [{ kind: 'convert', share_pct: 100, start_month: '2026-03' }],
    });
    const site = buildSite(spec, START.month, steps, 0.1, FRONTIER);
    const raw = runValuation(market, [site], 1, 2);
    const itMw = 10 / 1.25;
    let closed = -8e6 * itMw * d;
    for (let t = 0; t < 12; t++) closed += Math.pow(d, t + 1) * (1.8e6 / 12) * itMw;
    expect(raw.npv[0]![0]).toBeCloseTo(closed, 2);
    // The breakeven lease input: discounted lease revenue per USD/MW-year.
    let unit = 0;
    for (let t = 0; t < 12; t++) unit += Math.pow(d, t + 1) * (itMw / 12);
    expect(raw.lease_pv[0]![0]).toBeCloseTo(unit, 6);
  });

  it('re-lets after a default: backstop while the hall is empty, then the lease less the haircut', () => {
    const steps = 24;
    const market = buildMarket(fixedFit(), START, steps);
    // Default for sure in the lease's first month (100%/yr); 50% backstop for 3 months, then a new
    // tenant at 80% of the lease (max(0.5, 1 − 0.2)) to the end of the 1-year term.
    const hpc = {
      pue: 1.25,
      capex_usd_per_mw: 8e6,
      build_months: 0,
      lease_usd_per_mw_year: 1.8e6,
      escalator_pct_per_year: 0,
      term_years: 1,
      opex_usd_per_mw_year: 0,
      residual_pct_of_capex: 0,
      default_probability_pct_per_year: 100,
      backstop_pct: 50,
      relet_after_months: 3,
      relet_haircut_pct: 20,
    };
    const spec = oneSite({ hpc, options: [{ kind: 'convert', share_pct: 100, start_month: '2026-03' }] });
    const site = buildSite(spec, START.month, steps, 0.1, FRONTIER);
    const raw = runValuation(market, [site], 1, 3);
    const itMw = 10 / 1.25;
    let closed = -8e6 * itMw * d;
    for (let t = 0; t < 12; t++) closed += Math.pow(d, t + 1) * (t < 3 ? 0.5 : 0.8) * (1.8e6 / 12) * itMw;
    for (let p = 0; p < 3; p++) expect(raw.npv[0]![p]).toBeCloseTo(closed, 2);
    // The expected cash flows (for IRR) follow the same schedule.
    const cf = expectedCashFlows(site, raw, 0, 0);
    expect(cf[1]).toBeCloseTo(0.5 * (1.8e6 / 12) * itMw, 6);
    expect(cf[5]).toBeCloseTo(0.8 * (1.8e6 / 12) * itMw, 6);
    // A 100% haircut is the old behaviour: the lease is lost beyond the backstop.
    const lost = buildSite(
      oneSite({ hpc: { ...hpc, relet_haircut_pct: 100 }, options: [{ kind: 'convert', share_pct: 100, start_month: '2026-03' }] }),
      START.month,
      steps,
      0.1,
      FRONTIER,
    );
    let closedLost = -8e6 * itMw * d;
    for (let t = 0; t < 12; t++) closedLost += Math.pow(d, t + 1) * 0.5 * (1.8e6 / 12) * itMw;
    expect(runValuation(market, [lost], 1, 1).npv[0]![0]).toBeCloseTo(closedLost, 2);
  });

  it('taxes each positive month: keep mining at 25% tax is 0.75 × the untaxed NPV when every month earns', () => {
    const steps = 24;
    const market = buildMarket(fixedFit({ mu: 0.01, alpha: 0.02 }), START, steps);
    const untaxed = runValuation(market, [buildSite(oneSite(), START.month, steps, 0.1, FRONTIER)], 1, 2);
    const taxed = runValuation(market, [buildSite(oneSite({ tax_rate_pct: 25 }), START.month, steps, 0.1, FRONTIER)], 1, 2);
    for (const m of untaxed.mining_cf_mean[0]!) expect(m).toBeGreaterThan(0);
    expect(taxed.npv[0]![0]).toBeCloseTo(0.75 * untaxed.npv[0]![0]!, 2);
    // A month at a loss pays no tax: curtailed months cost the full opex either way.
    const curtailed = {
      mining: {
        pue: 1,
        efficiency_jth: 15,
        power_price_usd_per_mwh: 1000,
        power_escalator_pct_per_year: 0,
        uptime_pct: 100,
        opex_usd_per_mw_month: 1000,
        refresh_min_interval_months: 1000,
        terminal_years: 0,
      },
    };
    const a = runValuation(market, [buildSite(oneSite(curtailed), START.month, steps, 0.1, FRONTIER)], 1, 1);
    const b = runValuation(market, [buildSite(oneSite({ ...curtailed, tax_rate_pct: 40 }), START.month, steps, 0.1, FRONTIER)], 1, 1);
    expect(b.npv[0]![0]).toBe(a.npv[0]![0]);
  });

  it('curtails: a month with negative margin costs only the opex', () => {
    const steps = 12;
    const market = buildMarket(fixedFit({ mu: 0, alpha: 0 }), START, steps);
    const spec = oneSite({
      mining: {
        pue: 1,
        efficiency_jth: 15,
        power_price_usd_per_mwh: 1000,
        power_escalator_pct_per_year: 0,
        uptime_pct: 100,
        opex_usd_per_mw_month: 1000,
        refresh_min_interval_months: 1000,
        terminal_years: 0,
      },
    });
    const raw = runValuation(market, [buildSite(spec, START.month, steps, 0.1, FRONTIER)], 1, 1);
    let closed = 0;
    for (let t = 1; t <= steps; t++) closed -= Math.pow(d, t) * 10_000;
    expect(raw.npv[0]![0]).toBeCloseTo(closed, 4);
  });
});

describe('stochastic drivers', () => {
  const steps = 120;
  const paths = iterations(2000, 500);
  const fit = fixedFit({ mu: 0.027, sigma: 0.18, nu: 6, alpha: 0.028, beta: 0.185, lag: 1, hashSigma: 0.06, feeSigma: 0.6, feePhi: 0.77, feeC: -0.79 });
  const market = buildMarket(fit, START, steps);
  const site = buildSite(oneSite(), START.month, steps, 0.1, FRONTIER);
  const rec = { price_usd_per_btc: new Float64Array(paths * steps), hashrate_ehs: new Float64Array(paths * steps), fee_share: new Float64Array(paths * steps) };
  simulateChunk(market, [site], new PathRng(5), 0, paths, rec);

  // The record is 2,000 independent paths × 119 months; estimates are compared with the model's
  // parameters within 4 standard errors of the estimate (a correct kernel stays inside for all but
  // ~6e-5 of seeds; the seed is fixed, so the test is deterministic). Measured: every |z| < 2.

  it('simulated BTC log returns match the fitted mean, s.d. and fat tails', () => {
    const r: number[] = [];
    for (let p = 0; p < paths; p++)
      for (let t = 1; t < steps; t++) r.push(Math.log(rec.price_usd_per_btc[p * steps + t]! / rec.price_usd_per_btc[p * steps + t - 1]!));
    const m = moments(r);
    const se = meanSdErrors(0.18, r.length, m.excess_kurtosis); // se(mean) = 0.00037, se(sd) = 0.00039
    expect(Math.abs(m.mean - 0.027)).toBeLessThan(4 * se.se_mean);
    expect(Math.abs(m.sd - 0.18)).toBeLessThan(4 * se.se_sd);
    expect(m.excess_kurtosis).toBeGreaterThan(1.5); // ν = 6 → 3 in theory; the sample kurtosis of a t₆ converges slowly
  });

  it('network hashrate follows revenue with the fitted lag and coupling β', () => {
    const x: number[] = [];
    const y: number[] = [];
    const lnRev = (p: number, t: number): number =>
      Math.log(rec.price_usd_per_btc[p * steps + t]!) + Math.log(market.subsidy_btc[t]! / (1 - rec.fee_share[p * steps + t]!));
    for (let p = 0; p < paths; p++) {
      for (let t = 2; t < steps; t++) {
        x.push(lnRev(p, t - 1) - lnRev(p, t - 2));
        y.push(Math.log(rec.hashrate_ehs[p * steps + t]! / rec.hashrate_ehs[p * steps + t - 1]!));
      }
    }
    const f = olsWithErrors(x, y);
    // se(β) = 0.00062: β within ±0.0025 (±1.3%), where a β off by 20% misses by 60 standard errors.
    expect(Math.abs(f.b - 0.185)).toBeLessThan(4 * f.se_b);
    expect(Math.abs(f.a - 0.028)).toBeLessThan(4 * f.se_a);
    expect(Math.abs(f.s - 0.06)).toBeLessThan(4 * f.se_s);
    // The same data through the fitter's own OLS.
    expect(ols(x, y).b).toBeCloseTo(f.b, 12);
  });

  it('fee share stays in (0, 1) and its logit reverts to the AR(1) stationary law', () => {
    // logit s_T = c + φ·logit s_{T−1} + σ_f·Z from logit(2%): after 119 steps (φ^119 ≈ 3e-14) it is
    // N(c / (1 − φ), σ_f² / (1 − φ²)) = N(−3.4348, 0.9409²). Mean within 4 standard errors
    // (sd / √paths), variance within 4 s.e. of a normal sample variance (var · √(2 / paths)).
    const x: number[] = [];
    for (let p = 0; p < paths; p++) x.push(logit(rec.fee_share[p * steps + steps - 1]!));
    const m = moments(x);
    const mean = -0.79 / (1 - 0.77);
    const variance = 0.6 ** 2 / (1 - 0.77 ** 2);
    expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / paths));
    expect(Math.abs(m.sd ** 2 - variance)).toBeLessThan(4 * variance * Math.sqrt(2 / paths));
    let lo = 1;
    let hi = 0;
    for (const v of rec.fee_share) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
  });
});

describe('reproducibility', () => {
  it('gives identical results however the blocks are split and ordered', () => {
    const steps = iterations(36, 12);
    const market = buildMarket(fixedFit({ sigma: 0.18, hashSigma: 0.06, feeSigma: 0.5 }), START, steps);
    const site = buildSite(
      oneSite({ options: [{ kind: 'keep' }, { kind: 'convert', share_pct: 50, start_month: '2026-09' }] }),
      START.month,
      steps,
      0.1,
      FRONTIER,
    );
    // Three blocks of BLOCK_PATHS, the last one partial; two (the least that can be reordered) under mutation.
    const paths = iterations(2500, 1100);
    const a = runValuation(market, [site], 77, paths);
    const blocks = Array.from({ length: blockCount(paths) }, (_, b) => b).reverse();
    const b = mergeBlocks(
      [site],
      paths,
      blocks.map((k) => simulateBlock(market, [site], 77, paths, k)),
    );
    expect(b.npv).toEqual(a.npv);
    expect(b.mining_cf_mean).toEqual(a.mining_cf_mean);
    const c = runValuation(market, [site], 78, paths);
    expect(c.npv[0]![0]).not.toBe(a.npv[0]![0]);
  });
});
