/**
 * Issue #17 item 4: a heavy read is computed once however many ask at once, one client's requests
 * in flight are capped (429 + Retry-After beyond), health is never capped, and a client with its
 * own bearer token has its own allowance. The latency figures are the flood bench's (bench/api.bench.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { clientLimit } from '../../src/api/client-limit.js';
import { BodyCache } from '../../src/api/json.js';
import { testApp } from '../api/helpers.js';

const fleetYaml = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');

describe('per-client limits and shared computations', () => {
  it('BodyCache.getAsync computes a key once for concurrent callers', async () => {
    const cache = new BodyCache();
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 20));
      return { a: 1 };
    };
    const bodies = await Promise.all(Array.from({ length: 10 }, () => cache.getAsync('k', compute)));
    expect(computed).toBe(1);
    expect(new Set(bodies.map((b) => b.etag)).size).toBe(1);
  });

  it('caps one client at its in-flight limit with 429 + Retry-After; health and other tokens pass', async () => {
    const app = testApp({ maxInFlightPerClient: 2 });
    const up = await app.request('/api/v1/fleets', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: fleetYaml });
    const { id } = (await up.json()) as { id: string };
    const reports = Array.from({ length: 10 }, async () => app.request(`/api/v1/fleets/${id}/report`));
    const health = app.request('/api/v1/health');
    const other = app.request(`/api/v1/fleets/${id}/report`, { headers: { authorization: 'Bearer someone-else' } });
    const answers = await Promise.all(reports);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    const limited = answers.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).toBe('1');
    expect(limited?.headers.get('content-type')).toContain('application/problem+json');
    expect((await health).status).toBe(200);
    expect((await other).status).toBe(200);
    // Once the burst is over, the same client is served again — from the cache, with an ETag.
    const again = await app.request(`/api/v1/fleets/${id}/report`);
    expect(again.status).toBe(200);
    const etag = again.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    expect((await app.request(`/api/v1/fleets/${id}/report`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('holds a refusal for holdMs / 2 to holdMs before sending it (a flooder retrying at once gets ~1 answer per hold), spread so refusals do not return together, unless maxHeld are already waiting', async () => {
    const limited = (holdMs: number, maxHeld?: number) => {
      const app = new Hono();
      app.use('*', clientLimit({ ratePerS: 1, burst: 1, holdMs, maxHeld }));
      app.get('/x', (c) => c.text('ok'));
      return app;
    };
    const app = limited(300);
    expect((await app.request('/x')).status).toBe(200);
    let t0 = performance.now();
    const refused = await app.request('/x');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
    // Five more refusals from one burst: their holds differ, none under holdMs / 2 or over holdMs.
    const holds = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const t = performance.now();
        expect((await app.request('/x')).status).toBe(429);
        return performance.now() - t;
      }),
    );
    for (const h of holds) expect(h).toBeGreaterThanOrEqual(145);
    for (const h of holds) expect(h).toBeLessThan(400);
    expect(Math.max(...holds) - Math.min(...holds)).toBeGreaterThan(60);
    const busy = limited(300, 0);
    await busy.request('/x');
    t0 = performance.now();
    expect((await busy.request('/x')).status).toBe(429);
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('0 turns a limit off (`serve --client-rate-per-s 0 --client-in-flight 0`, e.g. behind a proxy that limits itself)', async () => {
    const app = (ratePerS: number, maxInFlight: number) => {
      const a = new Hono();
      a.use('*', clientLimit({ ratePerS, maxInFlight, holdMs: 0 }));
      a.get('/x', async (c) => (await new Promise((r) => setTimeout(r, 5)), c.text('ok')));
      return a;
    };
    const statuses = async (a: Hono, n: number) => (await Promise.all(Array.from({ length: n }, async () => await a.request('/x')))).map((r) => r.status);
    expect(new Set(await statuses(app(0, 0), 300))).toEqual(new Set([200]));
    // Rate off, in-flight 3: 30 at once → 3 served, 27 refused.
    expect((await statuses(app(0, 3), 30)).filter((s) => s === 429)).toHaveLength(27);
    // In flight off, rate 10/s (burst 20): 30 at once → 20 served.
    expect((await statuses(app(10, 0), 30)).filter((s) => s === 200)).toHaveLength(20);
  });
});
