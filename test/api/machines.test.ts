import { describe, expect, it } from 'vitest';
import { call, expectProblem, testApp } from './helpers.js';

const app = testApp();
type Row = { id: string; efficiency_jth: number; breakeven_power_price_usd_per_mwh: number; margin_usd_per_day: number };

describe('GET /api/v1/models', () => {
  it('lists the catalog and filters by name', async () => {
    const all = await call<{ models: { id: string }[] }>(app, '/api/v1/models');
    expect(all.status).toBe(200);
    expect(all.body.models.length).toBeGreaterThanOrEqual(100);
    const s21 = await call<{ models: { id: string }[] }>(app, '/api/v1/models?search=S21%20XP');
    expect(s21.body.models.map((m) => m.id)).toContain('antminer-s21-xp');
    expect(s21.body.models.length).toBeLessThan(10);
  });

  it('rejects an over-long search', async () => {
    expectProblem(await call(app, `/api/v1/models?search=${'x'.repeat(101)}`), 400, 'search');
  });
});

describe('GET /api/v1/models/{id}', () => {
  it("gives a model's profiles and a hull starting at off", async () => {
    const r = await call<{ model: { model: string }; profiles: { name: string }[]; hull: { power_w: number }[] }>(app, '/api/v1/models/antminer-s21-xp');
    expect(r.body.model.model).toBe('Antminer S21 XP');
    expect(r.body.profiles.map((p) => p.name)).toContain('stock');
    expect(r.body.hull[0]?.power_w).toBe(0);
  });

  it('404s an unknown model with the closest names', async () => {
    const r = await call(app, '/api/v1/models/antminer-s99');
    expectProblem(r, 404);
    expect(r.body.detail).toMatch(/closest/);
  });
});

describe('GET /api/v1/machines/economics', () => {
  it('reproduces the DOMAIN anchor: 13.5 J/TH at $35.06/PH/day breaks even near $108/MWh', async () => {
    const r = await call<{ inputs: { hashprice_source: string }; machines: Row[] }>(
      app,
      '/api/v1/machines/economics?hashprice_usd_per_ph_day=35.06&power_price_usd_per_mwh=50',
    );
    expect(r.status).toBe(200);
    expect(r.body.inputs.hashprice_source).toBe('query');
    const xp = r.body.machines.find((m) => m.id === 'antminer-s21-xp');
    expect(xp?.breakeven_power_price_usd_per_mwh).toBeCloseTo(35.06 / 0.324, 9); // $108.21/MWh
    const be = r.body.machines.map((m) => m.breakeven_power_price_usd_per_mwh);
    expect(be).toEqual([...be].sort((a, b) => b - a));
  });

  it('margins fall as the power price rises', async () => {
    const at = async (p: number) =>
      (await call<{ machines: Row[] }>(app, `/api/v1/machines/economics?hashprice_usd_per_ph_day=40&power_price_usd_per_mwh=${p}&search=s21xp`)).body
        .machines[0]?.margin_usd_per_day ?? NaN;
    expect(await at(30)).toBeGreaterThan(await at(80));
  });

  it.each([
    ['power_price_usd_per_mwh=abc', 'power_price_usd_per_mwh'],
    ['pool_fee_pct=150', 'pool_fee_pct'],
    ['pue=0.5', 'pue'],
    ['hashprice_usd_per_ph_day=-1', 'hashprice_usd_per_ph_day'],
    ['price_usd_per_btc=0', 'price_usd_per_btc'],
  ])('rejects %s naming the field', async (qs, field) => {
    expectProblem(await call(app, `/api/v1/machines/economics?hashprice_usd_per_ph_day=35&${qs}`), 400, field);
  });
});

describe('GET /api/v1/models/{id}/economics', () => {
  it('gives every profile, underclocked ones more efficient', async () => {
    const r = await call<{ profiles: (Row & { name: string })[] }>(
      app,
      '/api/v1/models/antminer-s21-xp/economics?hashprice_usd_per_ph_day=35.06&price_usd_per_btc=87000',
    );
    expect(r.status).toBe(200);
    const stock = r.body.profiles.find((p) => p.name === 'stock');
    const under = r.body.profiles.find((p) => p.name.startsWith('underclock'));
    expect(under?.efficiency_jth).toBeLessThan(stock?.efficiency_jth ?? 0);
  });

  it('404s an unknown model', async () => {
    expectProblem(await call(app, '/api/v1/models/nope/economics?hashprice_usd_per_ph_day=35'), 404);
  });
});
