import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, expectProblem, testApp } from './helpers.js';

const site = readFileSync(new URL('../../examples/site.yaml', import.meta.url), 'utf8');
const post = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
type Option = { name: string; prob_best: number; npv_usd: { mean: number; p5: number; p95: number } };

describe('POST /api/v1/valuation/pivot', () => {
  const app = testApp();

  it('runs the example site as a job: NPV distributions and win probabilities summing to 1', async () => {
    const start = await call<{ id: string }>(app, '/api/v1/valuation/pivot?paths=500&seed=7&horizon_years=5', post(site));
    expect(start.status).toBe(202);
    let job: { status: string; result: { sites: { options: Option[] }[] } } | undefined;
    for (let i = 0; i < 600; i++) {
      job = (await call<typeof job & object>(app, `/api/v1/jobs/${start.body.id}`)).body;
      if (job.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(job?.status).toBe('succeeded');
    const opts = job?.result.sites[0]?.options ?? [];
    expect(opts.length).toBeGreaterThanOrEqual(2);
    expect(opts.reduce((a, o) => a + o.prob_best, 0)).toBeCloseTo(1, 6);
    for (const o of opts) expect(o.npv_usd.p5).toBeLessThanOrEqual(o.npv_usd.p95);
  });

  it.each([
    ['paths=10', 'paths'],
    ['paths=1000000', 'paths'],
    ['horizon_years=50', 'horizon_years'],
  ])('limits %s', async (qs, field) => {
    expectProblem(await call(app, `/api/v1/valuation/pivot?${qs}`, post(site)), 400, field);
  });

  it('names bad fields of the site file and refuses an empty body', async () => {
    expectProblem(await call(app, '/api/v1/valuation/pivot', post('')), 400, '(body)');
    const r = await call(app, '/api/v1/valuation/pivot', post('valuation: {}\nsites: []\n'));
    expectProblem(r, 400);
  });
});
