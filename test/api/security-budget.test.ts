import { describe, expect, it } from 'vitest';
import { call, expectProblem, testApp } from './helpers.js';

const app = testApp();
type Row = {
  scenario: string;
  era: number;
  height: number;
  date: string;
  years_from_now: number;
  subsidy_btc: number;
  fees_needed_btc_per_block: number;
  fees_multiple_of_today: number | null;
};
type Budget = {
  today: {
    date: string;
    height: number;
    price_usd_per_btc: number;
    hashrate_ehs: number;
    fees_btc_per_block: number;
    day_fees_btc_per_block: number;
    subsidy_btc: number;
    hashprice_usd_per_ph_day: number;
  };
  fees_window_days: number;
  last_subsidy_height: number;
  last_subsidy_date: string;
  scenarios: { name: string; growth_years: number | null }[];
  rows: Row[];
};

describe('GET /api/v1/security-budget', () => {
  it('walks the exact subsidy schedule from today to zero around 2140', async () => {
    const r = await call<Budget>(app, '/api/v1/security-budget');
    expect(r.status).toBe(200);
    const { today } = r.body;
    // The embedded history ends 2026-02-12, in the fifth era (3.125 BTC), past the 2024 halving block.
    expect(today.date).toBe('2026-02-12');
    expect(today.subsidy_btc).toBe(3.125);
    expect(today.height).toBeGreaterThan(930_000);
    expect(today.height).toBeLessThan(1_050_000);
    expect(r.body.fees_window_days).toBe(30);
    expect(r.body.last_subsidy_height).toBe(6_929_999);
    expect(r.body.last_subsidy_date.slice(0, 4)).toBe('2140');
    const flat = r.body.rows.filter((x) => x.scenario === 'flat');
    expect(flat[0]).toMatchObject({ era: 4, subsidy_btc: 3.125 });
    expect(flat.find((x) => x.height === 1_050_000)).toMatchObject({ era: 5, subsidy_btc: 1.5625 });
    expect(flat.at(-1)).toMatchObject({ era: 33, subsidy_btc: 0 });
    expect(flat.at(-1)?.date.slice(0, 4)).toBe('2140');
  });

  it('holds today’s hashprice: (144 / H_PH)·(subsidy + the day’s fees)·P, and flat fees replace each lost subsidy', async () => {
    const r = await call<Budget>(app, '/api/v1/security-budget');
    const t = r.body.today;
    expect(t.hashprice_usd_per_ph_day).toBeCloseTo((144 / (t.hashrate_ehs * 1000)) * (t.subsidy_btc + t.day_fees_btc_per_block) * t.price_usd_per_btc, 6);
    // Early 2026 hashprice sat in the low-to-mid $30s per PH/s per day.
    expect(t.hashprice_usd_per_ph_day).toBeGreaterThan(25);
    expect(t.hashprice_usd_per_ph_day).toBeLessThan(45);
    for (const x of r.body.rows.filter((row) => row.scenario === 'flat'))
      expect(x.fees_needed_btc_per_block).toBeCloseTo(3.125 + t.day_fees_btc_per_block - x.subsidy_btc, 9);
    // Efficiency growth (hashrate up at a flat price) needs more fees than flat in every later era.
    const eff = r.body.rows.filter((x) => x.scenario === 'efficiency');
    expect(eff[3]!.fees_needed_btc_per_block).toBeGreaterThan(r.body.rows.filter((x) => x.scenario === 'flat')[3]!.fees_needed_btc_per_block);
  });

  it('adds a custom scenario; unbounded growth travels as null', async () => {
    const r = await call<Budget>(app, '/api/v1/security-budget?price_growth_pct=5');
    expect(r.body.scenarios.map((s) => s.name)).toEqual(['flat', 'efficiency', 'custom']);
    expect(r.body.scenarios[2]?.growth_years).toBeNull();
    const custom = r.body.rows.filter((x) => x.scenario === 'custom');
    // With no subsidy left, fees must carry today's (subsidy + fees) revenue in USD: P grew 1.05^years.
    const end = custom.at(-1)!;
    const t = r.body.today;
    expect(end.subsidy_btc).toBe(0);
    expect(end.fees_needed_btc_per_block).toBeCloseTo((3.125 + t.day_fees_btc_per_block) / 1.05 ** end.years_from_now, 9);
    const bounded = await call<Budget>(app, '/api/v1/security-budget?price_growth_pct=5&hashrate_growth_pct=5&growth_years=30');
    expect(bounded.body.scenarios[2]?.growth_years).toBe(30);
  });

  it.each([
    ['price_growth_pct=abc', 'price_growth_pct'],
    ['price_growth_pct=500', 'price_growth_pct'],
    ['hashrate_growth_pct=-90', 'hashrate_growth_pct'],
    ['fee_window_days=0', 'fee_window_days'],
    ['fee_window_days=1.5', 'fee_window_days'],
    ['growth_years=30', 'growth_years'],
  ])('rejects %s naming the field', async (qs, field) => {
    expectProblem(await call(app, `/api/v1/security-budget?${qs}`), 400, field);
  });

  it('is in the OpenAPI document', async () => {
    const r = await call<{ paths: Record<string, unknown> }>(app, '/openapi.json');
    expect(r.body.paths['/api/v1/security-budget']).toBeDefined();
  });
});
