/**
 * Long jobs run on worker threads: the server keeps answering while one computes, progress is
 * real (a fraction strictly between 0 and 1 on the way, never going back, with a rate and an
 * ETA), and DELETE stops the computation itself within a second.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, testApp } from './helpers.js';

const site = readFileSync(new URL('../../examples/site.yaml', import.meta.url), 'utf8');
const post = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/yaml' }, body });
/** The heaviest valuation the API accepts: ~38,000 simulated paths of 240 months (several seconds). */
const LONG = '/api/v1/valuation/pivot?paths=20000&horizon_years=20&seed=3';
const HASHPRICE = '/api/v1/hashprice?from=2025-10-01&to=2025-11-22';

interface Progress {
  done: number;
  total: number;
  fraction: number;
  rate_per_s: number | null;
  eta_s: number | null;
}
type Job = { id: string; status: string; progress: Progress; result: unknown };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('jobs on worker threads', () => {
  const app = testApp();

  it('keeps the hashprice endpoint fast while a long valuation runs, with monotonic progress', async () => {
    expect((await call(app, HASHPRICE)).status).toBe(200); // builds the index once
    const start = await call<Job>(app, LONG, post(site));
    expect(start.status).toBe(202);
    const latencies_ms: number[] = [];
    const seen: Progress[] = [];
    let job = start.body;
    while (job.status === 'running') {
      const t0 = performance.now();
      const r = await call(app, HASHPRICE);
      latencies_ms.push(performance.now() - t0);
      expect(r.status).toBe(200);
      job = (await call<Job>(app, `/api/v1/jobs/${start.body.id}`)).body;
      seen.push(job.progress);
      await sleep(40);
    }
    expect(job.status).toBe('succeeded');
    expect(job.progress.fraction).toBe(1);
    // The main thread computed none of it: on the event loop the run blocked for seconds.
    expect(latencies_ms.length).toBeGreaterThan(10);
    expect(Math.max(...latencies_ms)).toBeLessThan(500);
    const fractions = seen.map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
    const midway = seen.filter((p) => p.fraction > 0 && p.fraction < 1);
    expect(midway.length).toBeGreaterThan(0);
    for (const p of midway) {
      expect(p.rate_per_s).toBeGreaterThan(0);
      expect(p.eta_s).toBeGreaterThanOrEqual(0);
      expect(p.done).toBeLessThan(p.total);
    }
  }, 60_000);

  it('cancels a running valuation within a second and the work stops', async () => {
    const start = await call<Job>(app, LONG, post(site));
    let job = start.body;
    for (let i = 0; i < 400 && !(job.progress.fraction > 0); i++) {
      await sleep(20);
      job = (await call<Job>(app, `/api/v1/jobs/${start.body.id}`)).body;
    }
    expect(job.status).toBe('running');
    expect(job.progress.fraction).toBeGreaterThan(0);
    const t0 = performance.now();
    const del = await call<Job>(app, `/api/v1/jobs/${start.body.id}`, { method: 'DELETE' });
    const cancel_ms = performance.now() - t0;
    expect(del.status).toBe(200);
    expect(del.body.status).toBe('cancelled');
    expect(cancel_ms).toBeLessThan(1000);
    const after = (await call<Job>(app, `/api/v1/jobs/${start.body.id}`)).body;
    await sleep(300);
    const later = (await call<Job>(app, `/api/v1/jobs/${start.body.id}`)).body;
    expect(later).toMatchObject({ status: 'cancelled', result: null });
    expect(later.progress.done).toBe(after.progress.done);
  }, 60_000);
});
