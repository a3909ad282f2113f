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

  it("gives the same grid as `hashfloor fleet sensitivity`, and a $30/MWh step of the index costs $30 × each contract's exposure to it", async () => {
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
    // The grid's power price is the index every hour. Per day, tx-north (index) pays it on all its
    // energy, tx-south (hedged 50% all day, 30% more 14–20h local: 6 of the day's 24 hours) on
    // (18 · 0.5 + 6 · 0.2) / 24 = 0.425 of its energy, and tx-west (fixed, reselling the unused part
    // of its 105 MW) earns it on 105 · 24 MWh less its energy. Lots bought later (the S21 XP Hydro, 2025-03-01) draw nothing.
    type Detail = { sites: { id: string; pue: number }[]; lots: { site: string; power_w: number; uptime_pct: number; purchase_date: string }[] };
    const detail = (await call<Detail>(app, `/api/v1/fleets/${fleet.id}`)).body;
    const mwh = (site: string): number => {
      const pue = detail.sites.find((s) => s.id === site)!.pue;
      return detail.lots
        .filter((l) => l.site === site && l.purchase_date <= '2025-01-15')
        .reduce((a, l) => a + (l.power_w * 24 * (l.uptime_pct / 100) * pue) / 1e6, 0);
    };
    const exposure = mwh('tx-north') + 0.425 * mwh('tx-south') - (105 * 24 - mwh('tx-west'));
    expect((at(60000, 30) - at(60000, 60)) / 30).toBeCloseTo(exposure, 6);
    expect(at(100000, 30)).toBeGreaterThan(at(60000, 30));
    expect(r.body.breakevens).toHaveLength(5);
  });

  it('defaults to the last day priced by the history and the index prices, and an 8 × 7 grid', async () => {
    const fleet = await upload();
    const r = await call<Sensitivity & { note: string | null }>(app, `/api/v1/fleets/${fleet.id}/sensitivity`);
    // The history runs to 2026-02-12; the embedded hub prices end 2025-12-31 (the store holds none here).
    expect(r.body.date).toBe('2025-12-31');
    expect(r.body.note).toContain('the last complete day the index prices cover');
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
