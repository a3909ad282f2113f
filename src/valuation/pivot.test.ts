import { describe, expect, it } from 'vitest';
import { driftFor } from './drift.js';
import { buildAll, gridRoot, valuePivot, withDrift, type PivotInputs } from './pivot.js';
import { runValuation } from './run.js';
import { mean } from './stats.js';
import { iterations } from '../../test/helpers/mutation-scale.js';
import { fixedFit, FRONTIER, oneSite, START } from '../../test/helpers/valuation-fixtures.js';

/**
 * Paths per run: a twentieth under mutation testing (test/helpers/mutation-scale.ts), where the
 * instrumented kernel runs ~30× slower. Every check here compares runs on common random numbers
 * (or exact identities of one run), so it holds at any path count.
 */
const P = (n: number): number => iterations(n, Math.max(16, Math.round(n / 20)));

const hpc = { capex_usd_per_mw: 8e6, build_months: 12, term_years: 10, default_probability_pct_per_year: 3, backstop_pct: 50 };
const options = [{ kind: 'keep' as const }, { kind: 'convert' as const, share_pct: 60, start_month: '2026-06' }];
const site = oneSite({ hpc, options });
const inputs: PivotInputs = {
  fit: fixedFit({ mu: 0.01, sigma: 0.18, nu: 8, alpha: 0.02, beta: 0.2, hashSigma: 0.05, feeSigma: 0.5 }),
  start: START,
  steps: iterations(60, 24),
  discount_rate_annual: 0.1,
  overrides: {},
  frontier: FRONTIER,
  sites: [site],
};

describe('pivot analyses', () => {
  it('the breakeven lease rate makes the conversion worth exactly as much as keeping the mine', async () => {
    const {
      sites: [res],
    } = await valuePivot(inputs, { paths: P(600), seed: 9, sensitivity_paths: P(200) });
    const conv = res!.options[1]!;
    const lease = conv.breakeven_lease_usd_per_mw_year!;
    expect(lease).toBeGreaterThan(0);
    const at = buildAll({ ...withDrift(inputs).inputs, sites: [{ ...site, hpc: { ...site.hpc, lease_usd_per_mw_year: lease } }] });
    const raw = runValuation(at.market, at.sites, 9, P(600));
    expect(mean(raw.npv[1]!) / mean(raw.npv[0]!)).toBeCloseTo(1, 9);
  });

  it('the breakeven BTC price is where keeping and converting trade places', async () => {
    const {
      sites: [res],
    } = await valuePivot(inputs, { paths: P(300), seed: 4, sensitivity_paths: P(300) });
    const p = res!.breakeven_price_usd_per_btc[1];
    expect(p).not.toBeNull();
    const diffAt = (price: number): number => {
      const b = buildAll({ ...withDrift(inputs).inputs, start: { ...inputs.start, price_usd_per_btc: price } });
      const raw = runValuation(b.market, b.sites, 4, P(300));
      return mean(raw.npv[0]!) - mean(raw.npv[1]!);
    };
    // Keeping is worth less than converting a bit below the breakeven and more a bit above.
    expect(diffAt(p! * 0.9)).toBeLessThan(0);
    expect(diffAt(p! * 1.1)).toBeGreaterThan(0);
  });

  it('ranks tornado bars by swing and probabilities of being best add to 1', async () => {
    const {
      sites: [res],
    } = await valuePivot(inputs, { paths: P(300), seed: 1, sensitivity_paths: P(100) });
    const swings = res!.decision!.tornado.map((b) => b.swing_usd);
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
    expect(res!.options.reduce((a, o) => a + o.prob_best, 0)).toBeCloseTo(1, 12);
    expect(res!.options[0]!.irr_vs_keep).toBeNull();
  });

  it('decides on the main run: the advantage is the difference of the printed means, and keep can win', async () => {
    // A conversion that cannot pay: $40M per MW of capex. Keeping must be the decision.
    const dear = oneSite({ hpc: { ...hpc, capex_usd_per_mw: 40e6 }, options });
    const { sites } = await valuePivot({ ...inputs, sites: [site, dear] }, { paths: P(2000), seed: 5, sensitivity_paths: P(100) });
    for (const r of sites) {
      const d = r.decision!;
      expect(d.base_usd).toBeCloseTo(r.options[1]!.npv_usd.mean - r.options[0]!.npv_usd.mean, 6);
      const best = r.options.reduce((a, o) => (o.npv_usd.mean > a.npv_usd.mean ? o : a));
      expect(d.option).toBe(best.name);
      expect(d.conversion).toBe(r.options[1]!.name);
    }
    expect(sites[1]!.decision!.option).toBe(sites[1]!.options[0]!.name);
    expect(sites[1]!.decision!.base_usd).toBeLessThan(0);
  });

  it('centres the tornado on the main-run base: a driver that changes nothing sits on it', async () => {
    // With no tenant default in the site, the "Tenant default" low bar (0%/yr) reruns the base inputs.
    const zeroDefault = oneSite({ hpc: { ...hpc, default_probability_pct_per_year: 0 }, options });
    const { sites } = await valuePivot({ ...inputs, sites: [zeroDefault] }, { paths: P(1500), seed: 2, sensitivity_paths: P(100) });
    const d = sites[0]!.decision!;
    const bar = d.tornado.find((b) => b.driver === 'Tenant default')!;
    expect(bar.low_usd).toBeCloseTo(d.base_usd, 6);
  });

  it('gives no breakeven BTC price when E[NPV] never changes sign, and says why', async () => {
    // 10,000 J/TH (10 MW per PH/s) never mines at a profit at ×0.1…×10 the price: E[NPV keep] is 0
    // at every grid price. (At 1,000 J/TH a heavy-tailed path at ×10 mines some months.)
    const hopeless = oneSite({
      mining: {
        pue: 1,
        efficiency_jth: 10_000,
        power_price_usd_per_mwh: 80,
        power_escalator_pct_per_year: 0,
        pool_fee_pct: 2,
        uptime_pct: 100,
        opex_usd_per_mw_month: 0,
        terminal_years: 0,
        refresh_capex_usd_per_th: 1e6,
      },
      options: [{ kind: 'keep' }],
    });
    const { sites } = await valuePivot({ ...inputs, sites: [hopeless] }, { paths: P(64), seed: 1, sensitivity_paths: P(64) });
    expect(sites[0]!.options[0]!.npv_usd.mean).toBe(0);
    expect(sites[0]!.breakeven_price_usd_per_btc[0]).toBeNull();
    expect(sites[0]!.breakeven_price_reason[0]).toMatch(/≤ 0 at every start price/);
    expect(gridRoot([1, 2, 3], [0, 0, -1])).toBeNull();
    expect(gridRoot([1, 2, 3], [-1, 0, 1])).toBe(2);
    expect(gridRoot([1, 2], [-1, 1])).toBe(1.5);
  });

  it('states its BTC drift: zero by default (flat in expectation), and the decision under every regime', async () => {
    const { drift, sites } = await valuePivot(inputs, { paths: P(300), seed: 1, sensitivity_paths: P(100) });
    expect(drift.regime).toBe('zero');
    expect(drift.expected_growth_annual).toBeCloseTo(0, 12);
    // σ = 0.18/month: log drift −σ²/2 = −1.62%/month = −19.44%/yr.
    expect(drift.drift_annual).toBeCloseTo(-0.1944, 12);
    expect(sites[0]!.by_drift_regime.map((r) => r.regime)).toEqual(['zero', 'historical', 'risk-neutral']);
    expect(sites[0]!.by_drift_regime[0]!.paths).toBe(P(300));
    // The fixture's fitted μ is 1%/month: 12%/yr log.
    expect(sites[0]!.by_drift_regime[1]!.drift_annual).toBeCloseTo(0.12, 12);
    // Risk-neutral at a 10% discount rate: the expected price grows 10%/yr.
    expect(driftFor('risk-neutral', { fitted_mu_monthly: 0.01, sigma_monthly: 0.18, discount_rate_annual: 0.1 }).expected_growth_annual).toBeCloseTo(0.1, 12);
    const user = await valuePivot({ ...inputs, overrides: { btc_drift_annual: 0.15 } }, { paths: P(100), seed: 1, sensitivity_paths: P(50) });
    expect(user.drift).toMatchObject({ regime: 'user', drift_annual: 0.15 });
    expect(user.sites[0]!.by_drift_regime.map((r) => r.regime)).toEqual(['user', 'zero', 'historical', 'risk-neutral']);
  });
});
