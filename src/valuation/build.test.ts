import { describe, expect, it } from 'vitest';
import { InternalError, ValidationError } from '../errors.js';
import { buildMarket, buildSite, monthFromIndex, monthIndex } from './build.js';
import { HOURS_PER_MONTH, type SiteModel } from './model.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import { fixedFit, FRONTIER, oneSite, START } from '../../test/helpers/valuation-fixtures.js';

// Products and powers of a few exact inputs: 1e-12 relative covers their rounding.
const close = (got: number | undefined, want: number): void => expect(Math.abs(got! / want - 1)).toBeLessThan(1e-12);

describe('month indices', () => {
  it('count months from year 0: 2026-03 is 2026 · 12 + 2, and back', () => {
    expect(monthIndex('2026-03')).toBe(24_314);
    expect(monthIndex('2027-01') - monthIndex('2026-12')).toBe(1);
    expect(monthFromIndex(24_314)).toBe('2026-03');
    expect(monthFromIndex(monthIndex('2026-12'))).toBe('2026-12');
    expect(monthFromIndex(monthIndex('2030-10'))).toBe('2030-10');
  });
});

describe('buildMarket', () => {
  it('takes the fitted monthly drift and volatility, or the annual overrides as 12·μ and √12·σ', () => {
    const fit = fixedFit({ mu: 0.01, sigma: 0.2 });
    const plain = buildMarket(fit, START, 12);
    expect([plain.price_mu, plain.price_sigma]).toEqual([0.01, 0.2]);
    const o = buildMarket(fit, START, 12, { btc_drift_annual: 0.3, btc_volatility_annual: 0.6 });
    close(o.price_mu, 0.025);
    close(o.price_sigma, 0.6 / Math.sqrt(12));
  });

  it('feeds the hashrate lag the last `lag` revenue changes, padded with zeros in front', () => {
    const recent = { ...START, recent_rev_log_changes: [0.1, 0.2, 0.3] };
    expect(Array.from(buildMarket(fixedFit({ lag: 2 }), recent, 12).initial_rev_log_changes)).toEqual([0.2, 0.3]);
    expect(Array.from(buildMarket(fixedFit({ lag: 5 }), recent, 12).initial_rev_log_changes)).toEqual([0, 0, 0.1, 0.2, 0.3]);
  });
});

describe('buildSite: per-month schedules', () => {
  const hpc = { pue: 1.25, build_months: 0, term_years: 2, default_probability_pct_per_year: 10 };
  const mining = {
    pue: 1.25,
    efficiency_jth: 15,
    power_price_usd_per_mwh: 40,
    power_escalator_pct_per_year: 10,
    pool_fee_pct: 2,
    uptime_pct: 100,
    opex_usd_per_mw_month: 1000,
    terminal_years: 0,
  };
  const site = oneSite({
    gross_mw: 10,
    mining,
    hpc,
    options: [{ kind: 'keep' }, { kind: 'convert', share_pct: 50, start_month: START.month }],
  });
  // Built inside each test: Stryker's per-test coverage sees only code run by a test.
  const build = (): SiteModel => buildSite(site, START.month, 24, 0.1, FRONTIER);

  it('power = IT MW · PUE · hours · price · 1.1^(t/12); opex = opex per MW-month · gross MW, escalated alike', () => {
    const m = build();
    // IT MW = 10 / 1.25 = 8; 8 · 1.25 = 10 MW at the meter.
    const month0 = 10 * HOURS_PER_MONTH * 40;
    close(m.power_cost_usd[0], month0);
    close(m.power_cost_usd[12], month0 * 1.1);
    close(m.power_cost_usd[18], month0 * 1.1 ** 1.5);
    close(m.opex_usd[0], 10_000);
    close(m.opex_usd[12], 11_000);
    expect(m.power_cost_usd.length).toBe(24);
    expect(m.mining_it_w).toBe(8e6);
  });

  it('frontier falls at the catalog fit unless the site states its own rate', () => {
    const m = build();
    close(m.frontier_jth[12], 13.5 * 0.9);
    const own = buildSite(oneSite({ mining: { ...mining, frontier_improvement_pct_per_year: 20 } }), START.month, 24, 0.1, FRONTIER);
    close(own.frontier_jth[12], 13.5 * 0.8);
  });

  it('default hazard 1 − 0.9^(1/12) a month; keep has no lease (−1); discount covers the lease past the horizon', () => {
    const m = build();
    close(m.default_hazard_monthly, 1 - 0.9 ** (1 / 12));
    expect(m.options[0]!.first_lease_month).toBe(-1);
    // No build months: the lease starts in month 0, and the flows run max(build, 1) + 24 = 25 months.
    expect(m.options[1]!.first_lease_month).toBe(0);
    expect(m.discount.length).toBe(25);
    close(m.discount[24], 1.1 ** (-25 / 12));
  });
});

describe('buildSite: refusals', () => {
  const spec = (options: unknown[]) => oneSite({ options: options as never });

  it('a phase must start within the horizon: its first month is in, the month after the last is not', () => {
    expect(buildSite(spec([{ kind: 'convert', share_pct: 50, start_month: '2028-02' }]), START.month, 24, 0.1, FRONTIER).options.length).toBe(1);
    for (const month of ['2026-02', '2028-03']) {
      const e = catchAppError(() =>
        buildSite(spec([{ kind: 'keep' }, { kind: 'convert', share_pct: 50, start_month: month }]), START.month, 24, 0.1, FRONTIER, 3),
      );
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues).toEqual([
        { path: 'sites[3].options[1].start_month', message: `${month} must fall within the horizon 2026-03 … 2028-02` },
      ]);
    }
    const phased = spec([
      {
        kind: 'phased',
        phases: [
          { share_pct: 20, start_month: '2026-06' },
          { share_pct: 30, start_month: '2029-01' },
        ],
      },
    ]);
    const e = catchAppError(() => buildSite(phased, START.month, 24, 0.1, FRONTIER));
    expect((e as ValidationError).issues).toEqual([
      { path: 'sites[0].options[0].phases[1].start_month', message: '2029-01 must fall within the horizon 2026-03 … 2028-02' },
    ]);
  });

  it('a power price not yet priced (NaN) for mining or for the hall is an internal error', () => {
    const base = oneSite();
    for (const s of [
      { ...base, mining: { ...base.mining, power_price_usd_per_mwh: NaN } },
      { ...base, hpc: { ...base.hpc, power_price_usd_per_mwh: NaN } },
    ]) {
      expect(() => buildSite(s, START.month, 24, 0.1, FRONTIER)).toThrow(InternalError);
    }
  });
});
