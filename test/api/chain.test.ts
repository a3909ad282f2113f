import { describe, expect, it } from 'vitest';
import { call, expectProblem, testApp } from './helpers.js';

const app = testApp();

describe('GET /api/v1/supply', () => {
  it('gives exact satoshis as strings at the fourth halving', async () => {
    const r = await call(app, '/api/v1/supply?height=840000');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      height: 840000,
      halving_era: 4,
      subsidy_sat: '312500000',
      subsidy_btc: '3.125',
      supply_sat: '1968750312500000',
      final_supply_sat: '2099999997690000',
      last_subsidy_height: 6929999,
    });
  });

  it.each(['-1', 'abc', '1.5', ''])('rejects height=%j with a 400 naming the field', async (h) => {
    expectProblem(await call(app, `/api/v1/supply?height=${h}`), 400, 'height');
  });

  it('requires height', async () => {
    expectProblem(await call(app, '/api/v1/supply'), 400, 'height');
  });
});

describe('GET /api/v1/supply/curve', () => {
  it('runs from genesis to the last subsidy and ends at the final supply', async () => {
    const r = await call<{ points: { height: number; supply_btc: number }[] }>(app, '/api/v1/supply/curve');
    expect(r.status).toBe(200);
    const pts = r.body.points;
    expect(pts[0]?.height).toBe(0);
    expect(pts.at(-1)?.height).toBe(6929999);
    expect(pts.at(-1)?.supply_btc).toBeCloseTo(20999999.9769, 4);
    expect(pts.every((p, i) => i === 0 || p.supply_btc >= (pts[i - 1]?.supply_btc ?? 0))).toBe(true);
  });

  it('rejects a step below 1000 blocks', async () => {
    expectProblem(await call(app, '/api/v1/supply/curve?step_blocks=10'), 400, 'step_blocks');
  });
});

describe('GET /api/v1/halvings', () => {
  type H = { index: number; height: number; subsidy_after_sat: string; status: string; date: string };
  it('gives the four observed halvings with their real days and projects the rest', async () => {
    const r = await call<{ tip: { height: number }; halvings: H[] }>(app, '/api/v1/halvings');
    expect(r.status).toBe(200);
    expect(r.body.halvings[3]).toMatchObject({ index: 4, height: 840000, subsidy_after_sat: '312500000', status: 'observed', date: '2024-04-20' });
    expect(r.body.halvings[4]?.status).toBe('projected');
    expect(r.body.halvings[4]?.date.slice(0, 4)).toMatch(/^202[78]$/);
    expect(r.body.halvings.at(-1)?.subsidy_after_sat).toBe('0');
    expect(r.body.halvings.at(-1)?.date.slice(0, 3)).toBe('214');
  });

  it('projects from a given tip', async () => {
    const r = await call<{ halvings: H[] }>(app, '/api/v1/halvings?tip_height=840000&tip_time_unix_s=1713571767&block_interval_s=600');
    // 210,000 blocks at 600 s = 1,458.3 days after 2024-04-20T00:09Z
    expect(r.body.halvings[4]?.date).toBe('2028-04-17');
  });

  it.each([
    ['tip_height=840000', 'tip_time_unix_s'],
    ['tip_height=-5&tip_time_unix_s=1713571767', 'tip_height'],
    ['block_interval_s=0', 'block_interval_s'],
  ])('rejects %s naming the field', async (qs, field) => {
    expectProblem(await call(app, `/api/v1/halvings?${qs}`), 400, field);
  });
});
