import { describe, expect, it } from 'vitest';
import { defaultScenarios, securityBudget } from './security-budget.js';

// Roughly late November 2025: BTC ~$87,000, ~1,000 EH/s (difficulty 1e21·600/2³²), ~0.025 BTC of fees per block.
const today = { date: '2025-11-22', height: 925_000, price_usd_per_btc: 87_000, difficulty: (1e21 * 600) / 2 ** 32, fees_btc_per_block: 0.025 };

describe('security budget', () => {
  const res = securityBudget(today, defaultScenarios(0.15));

  it('computes today’s hashprice as (144 / H_PH)·(subsidy + fees)·P', () => {
    expect(res.today.hashprice_usd_per_ph_day).toBeCloseTo((144 / 1e6) * 3.15 * 87_000, 9);
    // ≈ $39.5/PH/day — Luxor's November-2025 average was $39.82.
    expect(res.today.hashprice_usd_per_ph_day).toBeGreaterThan(38);
    expect(res.today.hashprice_usd_per_ph_day).toBeLessThan(41);
  });

  it('walks the exact schedule to a zero subsidy around 2140', () => {
    const flat = res.rows.filter((r) => r.scenario === 'flat');
    expect(flat[0]!.subsidy_btc).toBe(3.125);
    expect(flat.find((r) => r.height === 1_050_000)).toMatchObject({ subsidy_btc: 1.5625, era: 5 });
    expect(flat.find((r) => r.height === 1_050_000)!.date.slice(0, 4)).toBe('2028');
    expect(flat[flat.length - 1]!.subsidy_btc).toBe(0);
    expect(res.last_subsidy_height).toBe(6_929_999);
    expect(Number(res.last_subsidy_date.slice(0, 4))).toBeGreaterThanOrEqual(2139);
    expect(Number(res.last_subsidy_date.slice(0, 4))).toBeLessThanOrEqual(2141);
  });

  it('needs fees to replace each halved subsidy when nothing else moves', () => {
    const flat = res.rows.filter((r) => r.scenario === 'flat');
    for (const r of flat) expect(r.fees_needed_btc_per_block).toBeCloseTo(3.15 - r.subsidy_btc, 9);
    const end = flat[flat.length - 1]!;
    expect(end.fees_multiple_of_today).toBeCloseTo(3.15 / 0.025, 6);
    expect(end.fees_needed_usd_per_day).toBeCloseTo(144 * 3.15 * 87_000, 3);
  });

  it('needs more fees when hashrate grows and the price does not', () => {
    const eff = res.rows.filter((r) => r.scenario === 'efficiency');
    const flat = res.rows.filter((r) => r.scenario === 'flat');
    expect(eff[3]!.fees_needed_btc_per_block).toBeGreaterThan(flat[3]!.fees_needed_btc_per_block);
    // Growth stops after 20 years.
    expect(eff[eff.length - 1]!.hashrate_ehs).toBeCloseTo(1000 * Math.pow(1 / 0.85, 20), 6);
  });
});

describe('defaultScenarios with the user’s own growth', () => {
  it('adds a custom scenario with its rates, for a stated number of years or forever', () => {
    const custom = { price_growth_annual: 0.05, hashrate_growth_annual: 0.2, growth_years: 10 };
    const [flat, eff, own] = defaultScenarios(0.15, custom);
    expect(flat).toEqual({
      name: 'flat',
      description: 'BTC price and network hashrate stay at today’s level',
      price_growth_annual: 0,
      hashrate_growth_annual: 0,
      growth_years: 0,
    });
    expect(eff!.name).toBe('efficiency');
    expect(eff!.description).toBe(
      'price flat; for 20 years hashrate grows 17.6%/yr at constant power as machines improve 15.0%/yr in J/TH (catalog fit), then flat',
    );
    expect(eff!.hashrate_growth_annual).toBeCloseTo(1 / 0.85 - 1, 15); // 17.6%: the same power buys 1/0.85 the hash
    expect(own).toEqual({ name: 'custom', description: 'price 5.0%/yr, hashrate 20.0%/yr, for 10 years', ...custom });
    const forever = defaultScenarios(0.15, { ...custom, growth_years: Infinity })[2]!;
    expect(forever.description).toBe('price 5.0%/yr, hashrate 20.0%/yr, forever');
    expect(defaultScenarios(0.15).length).toBe(2);
  });
});
