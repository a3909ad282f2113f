import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { call, expectProblem, testApp } from './helpers.js';

const EXAMPLE = new URL('../../examples/fleet.yaml', import.meta.url).pathname;
const yaml = readFileSync(EXAMPLE, 'utf8');
type Cell = { price_usd_per_btc: number; power_price_usd_per_mwh: number; cash_margin_usd_per_day: number; all_in_margin_usd_per_day: number };
type Sensitivity = {
  date: string;
  price_usd_per_btc: number;
  prices_usd_per_btc: number[];
  power_prices_usd_per_mwh: number[];
  grid: Cell[];
  breakevens: { model: string; breakeven_power_price_usd_per_mwh: number }[];
};

describe('GET /api/v1/fleets/{id}/sensitivity', () => {
  const app = testApp();
  const upload = async () =>
    (
      await call<{ id: string; totals: { power_mw: number } }>(app, '/api/v1/fleets', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: yaml,
      })
    ).body;

  it('gives the same grid as `hashfloor fleet sensitivity`, and a $30/MWh step costs the fleet’s energy × $30', async () => {
    const fleet = await upload();
    const r = await call<Sensitivity>(
      app,
      `/api/v1/fleets/${fleet.id}/sensitivity?date=2025-01-15&prices_usd_per_btc=60000,100000&power_prices_usd_per_mwh=30,60`,
    );
    expect(r.status).toBe(200);
    expect(r.body.grid).toHaveLength(4);
    const c = await cli(['fleet', 'sensitivity', EXAMPLE, '--date', '2025-01-15', '--prices', '60000,100000', '--power-prices', '30,60', '--json']);
    const doc = JSON.parse(c.stdout) as { grid: Cell[] };
    for (const [i, cell] of doc.grid.entries()) {
      expect(r.body.grid[i]).toMatchObject({ price_usd_per_btc: cell.price_usd_per_btc, power_price_usd_per_mwh: cell.power_price_usd_per_mwh });
      expect(r.body.grid[i]!.all_in_margin_usd_per_day).toBeCloseTo(cell.all_in_margin_usd_per_day, 6);
    }
    const at = (p: number, w: number) => r.body.grid.find((g) => g.price_usd_per_btc === p && g.power_price_usd_per_mwh === w)!.all_in_margin_usd_per_day;
    // $30/MWh more costs 30 × the fleet's grid MWh a day: Σ count · power_w · uptime · PUE · 24 h / 10⁶
    // (catalog nameplates, data/asic_models.csv; tx-north's S19j Pro at underclock-90:
    // 3,068 W · (0.1 + 0.9 · 0.9 · 0.95²) = 2,549.585 W, src/hardware/profiles.ts). The hosting fee
    // is per MWh whatever the price, so it cancels. The S21 XP Hydro lot, bought 2025-03-01, is not
    // yet running on 2025-01-15. Only rounding separates the two.
    const lots = [
      [20_000, 3500, 0.96, 1.04], // tx-west S21
      [10_000, 2760, 0.96, 1.04], // tx-west S19k Pro
      [15_000, 3068 * (0.1 + 0.9 * 0.9 * 0.95 ** 2), 0.95, 1.1], // tx-north S19j Pro underclock-90
      [5_000, 5360, 0.97, 1.08], // tx-south S21 Hydro
    ];
    const gridMwhPerDay = lots.reduce((a, [n, w, up, pue]) => a + (n! * w! * up! * pue! * 24) / 1e6, 0);
    expect(gridMwhPerDay).toBeCloseTo(3971.62, 2);
    expect((at(60000, 30) - at(60000, 60)) / 30).toBeCloseTo(gridMwhPerDay, 6);
    expect(at(100000, 30)).toBeGreaterThan(at(60000, 30));
    expect(r.body.breakevens).toHaveLength(5);
  });

  it('defaults to the last priced day and an 8 × 7 grid', async () => {
    const fleet = await upload();
    const r = await call<Sensitivity>(app, `/api/v1/fleets/${fleet.id}/sensitivity`);
    expect(r.body.date).toBe('2026-02-12');
    expect(r.body.prices_usd_per_btc).toHaveLength(8);
    expect(r.body.power_prices_usd_per_mwh).toHaveLength(7);
    expect(r.body.grid).toHaveLength(56);
  });

  it.each([
    ['prices_usd_per_btc=abc', 'prices_usd_per_btc'],
    ['prices_usd_per_btc=0', 'prices_usd_per_btc'],
    ['prices_usd_per_btc=', 'prices_usd_per_btc'],
    [`prices_usd_per_btc=${Array.from({ length: 21 }, (_, i) => 50000 + i * 1000).join(',')}`, 'prices_usd_per_btc'],
    ['power_prices_usd_per_mwh=20,x', 'power_prices_usd_per_mwh'],
    ['date=2024-02-30', 'date'],
    ['date=1990-01-01', 'date'],
  ])('rejects %s naming the field', async (qs, field) => {
    const fleet = await upload();
    expectProblem(await call(app, `/api/v1/fleets/${fleet.id}/sensitivity?${qs}`), 400, field);
  });

  it('404s an unknown fleet', async () => {
    expectProblem(await call(app, '/api/v1/fleets/fleet-nope/sensitivity'), 404);
  });
});
