/**
 * Issue #17 items 5 and 6: the dashboard's file handler keeps only files that exist (misses were
 * cached too, so unique paths grew the heap without bound), and a malformed %-escape outside /api
 * is a 400, not a 500.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../api/helpers.js';

const web = mkdtempSync(join(tmpdir(), 'hashfloor-web-'));
mkdirSync(join(web, 'assets'));
writeFileSync(join(web, 'index.html'), '<!doctype html><title>hashfloor</title>');
afterAll(() => rmSync(web, { recursive: true, force: true }));

describe('static files', () => {
  const app = testApp({ webDir: web });

  it('does not remember misses: a file created after 500 missing requests is served', async () => {
    for (let i = 0; i < 500; i++) expect((await app.request(`/assets/missing-${i}.js`)).status).toBe(404);
    writeFileSync(join(web, 'assets', 'missing-7.js'), 'export {};');
    const res = await app.request('/assets/missing-7.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('export {};');
  });

  it.each(['/%', '/%ff', '/assets/%E0%A4%A', '/a%2'])('%s → 400 problem+json', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('still serves index.html for client routes', async () => {
    const res = await app.request('/fleet/abc');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('hashfloor');
  });
});
