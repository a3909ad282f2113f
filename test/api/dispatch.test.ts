import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, expectProblem, postJson, testApp } from './helpers.js';

const yaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');

async function uploaded(app: ReturnType<typeof testApp>): Promise<string> {
  const r = await call<{ id: string }>(app, '/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: yaml });
  return r.body.id;
}

async function finished<T>(app: ReturnType<typeof testApp>, id: string): Promise<{ status: string; result: T }> {
  for (let i = 0; i < 400; i++) {
    const r = await call<{ status: string; result: T }>(app, `/api/v1/jobs/${id}`);
    if (r.body.status !== 'running') return r.body;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('job did not finish');
}

describe('POST /api/v1/fleets/{id}/dispatch', () => {
  const app = testApp();

  it('plans a month as a job: savings ≥ 0, hashrate given up, a day × hour heatmap', async () => {
    const id = await uploaded(app);
    const start = await call<{ id: string; status: string }>(app, `/api/v1/fleets/${id}/dispatch`, postJson({ from: '2024-08-01', to: '2024-08-31', hashprice_usd_per_ph_day: 49.5 }));
    expect(start.status).toBe(202);
    const job = await finished<{ savings_usd: number; hashrate_given_up_pct_of_stock: number; heatmap: { dates: string[]; power_mw: number[][] }; plan: { margin_usd: number }; baseline: { margin_usd: number } }>(app, start.body.id);
    expect(job.status).toBe('succeeded');
    const r = job.result;
    expect(r.heatmap.dates).toHaveLength(31);
    expect(r.heatmap.power_mw[0]).toHaveLength(24);
    // August 2024 in West Texas had price spikes: curtailing them must pay
    expect(r.savings_usd).toBeGreaterThan(0);
    expect(Math.abs(r.hashrate_given_up_pct_of_stock)).toBeLessThan(100); // negative when cheap hours are overclocked
    expect(r.plan.margin_usd).toBeGreaterThanOrEqual(r.baseline.margin_usd);
  });

  it.each([
    [{ from: '2024-02-30' }, 'from'],
    [{ from: '2024-01-01', to: '2025-06-01' }, 'to'],
    [{ hashprice_usd_per_ph_day: -1 }, 'hashprice_usd_per_ph_day'],
    [{ paths: 5 }, '(body)'],
  ])('rejects %j naming the field', async (body, field) => {
    const id = await uploaded(app);
    expectProblem(await call(app, `/api/v1/fleets/${id}/dispatch`, postJson(body)), 400, field);
  });

  it('404s an unknown fleet', async () => {
    expectProblem(await call(app, '/api/v1/fleets/fleet-404/dispatch', postJson({})), 404);
  });
});
