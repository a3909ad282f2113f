/**
 * Hot read answers are served from cached bytes: a strong ETag (304 on If-None-Match), the gzip
 * made once for clients that accept it, and `Vary: Accept-Encoding` on every JSON answer.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testApp } from './helpers.js';

const PATH = '/api/v1/hashprice?from=2025-10-01&to=2025-11-22';

describe('cached bodies', () => {
  const app = testApp();

  it('revalidate with the ETag: 304 without a body, 200 when the tag differs', async () => {
    const first = await app.request(PATH);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await app.request(PATH, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await app.request(PATH, { headers: { 'if-none-match': `W/${etag}` } })).status).toBe(304);
    expect((await app.request(PATH, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    // Another range is another body, another tag.
    expect((await app.request('/api/v1/hashprice?from=2025-10-01&to=2025-11-21')).headers.get('etag')).not.toBe(etag);
  });

  it('OpenAPI documents the 304 on every route answered from cached bodies, and only there', async () => {
    const spec = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    const with304 = Object.entries(spec.paths)
      .filter(([, ops]) => ops.get?.responses['304'] !== undefined)
      .map(([path]) => path)
      .sort();
    expect(with304).toEqual(
      expect.arrayContaining([
        '/api/v1/hashprice',
        '/api/v1/hashprice/lows',
        '/api/v1/network/history',
        '/api/v1/models',
        '/api/v1/network/power',
        '/api/v1/network/underwater',
      ]),
    );
    expect(with304).toHaveLength(13); // the nine dataset reads, the fleet report, the two network-economics reads and machine economics
    // Each really answers 304 to its own ETag.
    for (const path of with304.filter((p) => !p.includes('{'))) {
      const etag = (await app.request(path)).headers.get('etag') ?? '';
      expect((await app.request(path, { headers: { 'if-none-match': etag } })).status, path).toBe(304);
    }
  });

  it('send the stored gzip to clients that accept it, the same JSON once inflated', async () => {
    const raw = await app.request(PATH);
    const text = await raw.text();
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(raw.headers.get('vary')).toBe('Accept-Encoding');
    const gz = await app.request(PATH, { headers: { 'accept-encoding': 'br, gzip;q=0.8' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const bytes = Buffer.from(await gz.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(text.length / 3);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    expect((await app.request(PATH, { headers: { 'accept-encoding': 'gzip;q=0' } })).headers.get('content-encoding')).toBeNull();
  });

  it('mark uncached JSON answers with Vary too', async () => {
    const r = await app.request('/api/v1/supply?height=840000');
    expect(r.headers.get('vary')).toBe('Accept-Encoding');
    expect(r.headers.get('etag')).toBeNull();
  });
});
