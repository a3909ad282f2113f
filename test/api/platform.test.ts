import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { writeGuard } from '../../src/api/auth.js';
import { isLoopbackHost } from '../../src/app/loopback.js';
import { call, expectProblem, postJson, testApp, TEST_NOW_UNIX_S } from './helpers.js';

describe('API platform', () => {
  const app = testApp();

  it('answers health', async () => {
    const r = await call(app, '/api/v1/health');
    expect(r.body).toMatchObject({ status: 'ok', time_unix_s: TEST_NOW_UNIX_S });
  });

  it('serves an OpenAPI 3.1 document listing every route', async () => {
    const r = await call<{ openapi: string; paths: Record<string, unknown> }>(app, '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.paths)).toEqual(expect.arrayContaining(['/api/v1/supply', '/api/v1/halvings', '/api/v1/jobs/{id}']));
  });

  it('serves self-contained docs (no external scripts)', async () => {
    const res = await app.request('/docs');
    const html = await res.text();
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/src="https?:|href="https?:/);
  });

  it('gives problem+json 404 for unknown API routes and jobs', async () => {
    expectProblem(await call(app, '/api/v1/nope'), 404);
    const r = await call(app, '/api/v1/jobs/nope-1');
    expectProblem(r, 404);
    expect(r.body.code).toBe('NOT_FOUND');
  });

  it('refuses bodies over the limit with 413', async () => {
    const small = testApp({ maxBodyBytes: 100 });
    const r = await call(small, '/api/v1/jobs', postJson({ pad: 'x'.repeat(500) }));
    expectProblem(r, 413);
  });

  it('hides internal error details', async () => {
    const boom = testApp();
    boom.get('/api/v1/boom', () => {
      throw new Error('secret /etc/passwd at line 3');
    });
    const r = await call(boom, '/api/v1/boom');
    expectProblem(r, 500);
    expect(JSON.stringify(r.body)).not.toMatch(/secret|passwd|at .*\.ts/);
  });
});

describe('write guard', () => {
  const guarded = new Hono().post('/w', writeGuard('s3cret'), (c) => c.text('ok'));
  const open = new Hono().post('/w', writeGuard(undefined), (c) => c.text('ok'));

  it('requires the bearer token when one is set', async () => {
    expect((await guarded.request('/w', { method: 'POST' })).status).toBe(401);
    expect((await guarded.request('/w', { method: 'POST', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await guarded.request('/w', { method: 'POST', headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    expect((await open.request('/w', { method: 'POST' })).status).toBe(200);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
