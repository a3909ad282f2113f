import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../src/main.js';
import { readNetworkDailyFile } from '../src/adapters/datasets/network-daily-csv.js';
import { fitDrivers } from '../src/valuation/fit.js';
import { monthlySeries } from '../src/valuation/monthly.js';
import { heightAtEnd, startState } from '../src/valuation/start.js';

describe('valuation drivers fitted to the embedded history (2020-01 on)', async () => {
  const rows = await readNetworkDailyFile(join(createServices().dataDir, 'network_daily.csv'), 'embedded');
  const points = monthlySeries(rows);
  const fit = fitDrivers(points, '2020-01');

  // The fit of the embedded history is deterministic: its values are pinned to the digits shown
  // (recorded at this data build; rebuilding data/network_daily.csv changes them on purpose). The
  // words say what they mean for the model.
  it('BTC: 2.70%/month log drift, 17.9%/month volatility, thin monthly tails (ν ≈ 43)', () => {
    expect(fit.price.n_months).toBe(73);
    expect(fit.price.mu_monthly).toBeCloseTo(0.0269654, 7);
    expect(fit.price.sigma_monthly).toBeCloseTo(0.1790795, 7);
    expect(fit.price.excess_kurtosis).toBeCloseTo(0.154468, 6);
    expect(fit.price.nu).toBeCloseTo(4 + 6 / fit.price.excess_kurtosis, 12); // 42.84
  });

  it('hashrate follows revenue one month later with β = 0.182; 2.79%/month underlying growth', () => {
    expect(fit.hashrate).toMatchObject({ lag_months: 1, n_months: 66 });
    expect(fit.hashrate.beta).toBeCloseTo(0.1815799, 7);
    expect(fit.hashrate.alpha_monthly).toBeCloseTo(0.027901, 6);
    expect(fit.hashrate.sigma_monthly).toBeCloseTo(0.0620293, 7);
    expect(fit.hashrate.r2).toBeCloseTo(0.269293, 6);
  });

  it('fee share is persistent (φ = 0.764) and reverts to 3.29%', () => {
    expect(fit.fee.n_months).toBe(66);
    expect(fit.fee.phi).toBeCloseTo(0.7642507, 7);
    expect(fit.fee.c).toBeCloseTo(-0.7971525, 7);
    expect(fit.fee.sigma).toBeCloseTo(0.626004, 6);
    expect(fit.fee.long_run_share).toBeCloseTo(0.0328832, 7);
  });

  it('starts after the history with the 2024-halving height plus the blocks since', () => {
    const end = heightAtEnd(rows)!;
    // 840,000 plus the history's 96,286 blocks from 2024-04-20 to 2026-02-12 (664 days), less one.
    expect(end).toEqual({ height: 936_285, date: '2026-02-12' });
    const s = startState(rows, points, fit);
    expect(s.month > end.date.slice(0, 7)).toBe(true);
    expect(s.hashrate_ehs).toBeCloseTo(963.159047, 6);
    expect(s.fee_share).toBeCloseTo(0.00726533, 8);
  });
});
