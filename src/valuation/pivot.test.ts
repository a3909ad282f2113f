import { describe, expect, it } from 'vitest';
import { buildAll, valuePivot, type PivotInputs } from './pivot.js';
import { runValuation } from './run.js';
import { mean } from './stats.js';
import { fixedFit, FRONTIER, oneSite, START } from '../../test/helpers/valuation-fixtures.js';

const site = oneSite({
  hpc: { capex_usd_per_mw: 8e6, build_months: 12, term_years: 10, default_probability_pct_per_year: 3, backstop_pct: 50 },
  options: [{ kind: 'keep' }, { kind: 'convert', share_pct: 60, start_month: '2026-06' }],
});
const inputs: PivotInputs = {
  fit: fixedFit({ mu: 0.01, sigma: 0.18, nu: 8, alpha: 0.02, beta: 0.2, hashSigma: 0.05, feeSigma: 0.5 }),
  start: START,
  steps: 60,
  discount_rate_annual: 0.1,
  overrides: {},
  frontier: FRONTIER,
  sites: [site],
};

describe('pivot analyses', () => {
  it('the breakeven lease rate makes the conversion worth exactly as much as keeping the mine', async () => {
    const [res] = await valuePivot(inputs, { paths: 600, seed: 9, sensitivity_paths: 200 });
    const conv = res!.options[1]!;
    const lease = conv.breakeven_lease_usd_per_mw_year!;
    expect(lease).toBeGreaterThan(0);
    const at = buildAll({ ...inputs, sites: [{ ...site, hpc: { ...site.hpc, lease_usd_per_mw_year: lease } }] });
    const raw = runValuation(at.market, at.sites, 9, 600);
    expect(mean(raw.npv[1]!) / mean(raw.npv[0]!)).toBeCloseTo(1, 9);
  });

  it('the breakeven BTC price is where keeping and converting trade places', async () => {
    const [res] = await valuePivot(inputs, { paths: 300, seed: 4, sensitivity_paths: 300 });
    const p = res!.breakeven_price_usd_per_btc[1];
    expect(p).not.toBeNull();
    const diffAt = (price: number): number => {
      const b = buildAll({ ...inputs, start: { ...inputs.start, price_usd_per_btc: price } });
      const raw = runValuation(b.market, b.sites, 4, 300);
      return mean(raw.npv[0]!) - mean(raw.npv[1]!);
    };
    // Keeping is worth less than converting a bit below the breakeven and more a bit above.
    expect(diffAt(p! * 0.9)).toBeLessThan(0);
    expect(diffAt(p! * 1.1)).toBeGreaterThan(0);
  });

  it('ranks tornado bars by swing and probabilities of being best add to 1', async () => {
    const [res] = await valuePivot(inputs, { paths: 300, seed: 1, sensitivity_paths: 100 });
    const swings = res!.decision!.tornado.map((b) => b.swing_usd);
    expect([...swings].sort((a, b) => b - a)).toEqual(swings);
    expect(res!.options.reduce((a, o) => a + o.prob_best, 0)).toBeCloseTo(1, 12);
    expect(res!.options[0]!.irr_vs_keep).toBeNull();
  });
});
