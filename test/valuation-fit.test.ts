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

  it('BTC: ~2.7%/month log drift, ~18%/month volatility, thin monthly tails', () => {
    expect(fit.price.n_months).toBeGreaterThanOrEqual(72);
    expect(fit.price.mu_monthly).toBeGreaterThan(0.015);
    expect(fit.price.mu_monthly).toBeLessThan(0.04);
    expect(fit.price.sigma_monthly).toBeGreaterThan(0.15);
    expect(fit.price.sigma_monthly).toBeLessThan(0.21);
    expect(fit.price.nu).toBeGreaterThan(4);
  });

  it('hashrate follows revenue: positive coupling within a few months, ~2–4%/month underlying growth', () => {
    expect(fit.hashrate.beta).toBeGreaterThan(0.05);
    expect(fit.hashrate.beta).toBeLessThan(0.5);
    expect(fit.hashrate.lag_months).toBeLessThanOrEqual(3);
    expect(fit.hashrate.alpha_monthly).toBeGreaterThan(0.015);
    expect(fit.hashrate.alpha_monthly).toBeLessThan(0.045);
  });

  it('fee share is persistent and reverts to a few percent', () => {
    expect(fit.fee.phi).toBeGreaterThan(0.5);
    expect(fit.fee.phi).toBeLessThan(0.95);
    expect(fit.fee.long_run_share).toBeGreaterThan(0.01);
    expect(fit.fee.long_run_share).toBeLessThan(0.08);
  });

  it('starts after the history with the 2024-halving height plus the blocks since', () => {
    const end = heightAtEnd(rows)!;
    // ~664 days after 2024-04-20 at ~144 blocks a day.
    expect(end.height).toBeGreaterThan(930_000);
    expect(end.height).toBeLessThan(940_000);
    const s = startState(rows, points, fit);
    expect(s.month > end.date.slice(0, 7)).toBe(true);
    expect(s.hashrate_ehs).toBeGreaterThan(500);
    expect(s.fee_share).toBeGreaterThan(0);
    expect(s.fee_share).toBeLessThan(0.05);
  });
});
