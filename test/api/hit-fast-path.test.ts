import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { HitFastPath } from '../../src/api/hit-fast-path.js';
import { testApp, testServices, TEST_NOW_UNIX_S } from './helpers.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers that differ between any two answers (the clock, the connection). */
function stable(h: Raw['headers']): Raw['headers'] {
  const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = h;
  return rest;
}

const WINDOW = '/api/v1/hashprice?from=2025-10-01&to=2025-11-22';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

/** The server on the embedded data with a clock the test moves, and a record of which requests the fast path answered. */
async function serve(options: { ratePerClientPerS?: number; warmUp?: boolean } = {}) {
  let now = TEST_NOW_UNIX_S;
  const services = { ...testServices(), nowUnixS: () => now };
  const answered = vi.spyOn(HitFastPath.prototype, 'answer');
  server = await startServer(services, { host: '127.0.0.1', port: 0, db: ':memory:', ...options });
  return {
    url: server.url,
    fast: () => answered.mock.results.filter((r) => r.value === true).length,
    setNow: (s: number) => (now = s),
  };
}

describe('cache hits answered in front of Hono', () => {
  it('sends the same status, headers and bytes as the Hono path: gzip, identity and 304', async () => {
    const s = await serve();
    for (const headers of [{ 'accept-encoding': 'gzip' }, {}] as Record<string, string>[]) {
      const first = await get(s.url, WINDOW, headers);
      const before = s.fast();
      const again = await get(s.url, WINDOW, headers);
      expect(s.fast()).toBe(before + 1);
      expect(first.status).toBe(200);
      expect(stable(again.headers)).toEqual(stable(first.headers));
      expect(again.body.equals(first.body)).toBe(true);
      expect(Number(again.headers['content-length'])).toBe(again.body.byteLength);
    }
    const gz = await get(s.url, WINDOW, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const days = (JSON.parse(gunzipSync(gz.body).toString()) as { days: unknown[] }).days;
    expect(days).toHaveLength(53); // 2025-10-01 … 2025-11-22
    const etag = gz.headers.etag as string;
    const notModified = await get(s.url, WINDOW, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body.byteLength).toBe(0);
    expect(notModified.headers.etag).toBe(etag);
  });

  it('never answers the first request (nothing loaded yet), a refused Host, or a route without a direct answer', async () => {
    const s = await serve();
    await get(s.url, WINDOW);
    expect(s.fast()).toBe(0);
    const rebound = await get(s.url, '/api/v1/hashprice?from=2025-10-03&to=2025-11-22', { host: 'evil.example:8080' });
    expect(rebound.status).toBe(403);
    expect(s.fast()).toBe(0);
    expect((await get(s.url, '/api/v1/hashprice/lows')).status).toBe(200);
    expect(s.fast()).toBe(0);
  });

  it('answers a new date window once the data is loaded, with the status, headers and bytes the Hono app gives', async () => {
    const s = await serve();
    const app = testApp();
    await get(s.url, WINDOW);
    const windows = ['/api/v1/hashprice?from=2025-10-02&to=2025-11-22', '/api/v1/hashprice?to=2009-02-01', '/api/v1/hashprice?from=2030-01-01'];
    await get(s.url, '/api/v1/network/history?to=2009-01-10');
    windows.push('/api/v1/network/history?from=2025-01-01&to=2025-03-31', '/api/v1/network/history?from=2025-06-01&to=2025-06-01&x=1');
    for (const path of windows) {
      for (const headers of [{ 'accept-encoding': 'gzip' }, {}] as Record<string, string>[]) {
        const before = s.fast();
        const got = await get(s.url, path, headers);
        expect(s.fast(), path).toBe(before + 1);
        const want = await app.request(path, { headers });
        expect(got.status, path).toBe(want.status);
        expect(got.body.equals(Buffer.from(await want.arrayBuffer())), path).toBe(true);
        for (const h of ['content-type', 'etag', 'vary', 'cache-control', 'content-encoding'])
          expect(got.headers[h], `${path} ${h}`).toEqual(want.headers.get(h) ?? undefined);
        expect(Number(got.headers['content-length'])).toBe(got.body.byteLength);
      }
    }
  });

  it('warmed up before listening (as serve starts), loads the history before the first request; otherwise on it', async () => {
    for (const warmUp of [true, false]) {
      const services = testServices();
      const history = vi.spyOn(services, 'history');
      const started = await startServer(services, { host: '127.0.0.1', port: 0, db: ':memory:', warmUp });
      try {
        expect(history, `warmUp ${warmUp}`).toHaveBeenCalledTimes(warmUp ? 1 : 0);
        const got = await get(started.url, WINDOW);
        expect(got.body.equals(Buffer.from(await (await testApp().request(WINDOW)).arrayBuffer()))).toBe(true);
        expect(history).toHaveBeenCalledTimes(1);
      } finally {
        await started.close();
      }
    }
  });

  it('leaves every query it cannot read exactly as Hono would to Hono: errors, options, escapes, repeats', async () => {
    const s = await serve();
    const app = testApp();
    await get(s.url, WINDOW);
    await get(s.url, '/api/v1/network/history?to=2009-01-10');
    const before = s.fast();
    for (const path of [
      '/api/v1/hashprice?from=2025-11-22&to=2025-10-01',
      '/api/v1/hashprice?from=2025-13-01',
      '/api/v1/hashprice?from=',
      '/api/v1/hashprice?from',
      '/api/v1/hashprice?from=2025-10-01&from=2025-10-05',
      '/api/v1/hashprice?from=2025%2D10%2D04',
      '/api/v1/hashprice?from=2025-10-01&to=2025-10-09&format=columns',
      '/api/v1/hashprice?from=2025-10-01&to=2025-10-09&fields=date',
      '/api/v1/hashprice/?from=2025-10-01',
      '/api/v1/network/history?from=2025-10-01&format=rows',
      '/api/v1/network/history?from=x',
    ]) {
      const got = await get(s.url, path);
      const want = await app.request(path);
      expect(got.status, path).toBe(want.status);
      expect(got.headers['content-type'], path).toEqual(want.headers.get('content-type') ?? undefined);
      expect(got.body.toString(), path).toBe(await want.text());
    }
    expect(s.fast()).toBe(before);
  });

  it('draws on the client’s request budget like every other request: of three hits at once after a miss, at 1 req/s (burst 2), one is refused', async () => {
    const s = await serve({ ratePerClientPerS: 1 });
    expect((await get(s.url, WINDOW)).status).toBe(200);
    // At most 2 tokens are left (the burst), however long the miss took: three hits sent together
    // find at most two. Were hits free, the fast path would answer all three.
    const statuses = (await Promise.all([get(s.url, WINDOW), get(s.url, WINDOW), get(s.url, WINDOW)])).map((r) => r.status).sort();
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses).toContain(429);
    expect(s.fast()).toBeGreaterThanOrEqual(1);
  }, 10_000);

  it('forgets every answer when an import changes the store: the next hit shows the imported day', async () => {
    const s = await serve();
    const path = '/api/v1/network/history?from=2026-02-12';
    await get(s.url, path);
    await get(s.url, path);
    expect(s.fast()).toBe(1);
    const posted = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/v1/import/daily', s.url), { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end('date,blocks,price_usd_per_btc\n2026-02-13,150,68857.84\n');
    });
    expect(posted).toBe(200);
    const after = JSON.parse((await get(s.url, path)).body.toString()) as { days: { date: string; price_usd_per_btc: number }[] };
    expect(s.fast()).toBe(1);
    expect(after.days.find((d) => d.date === '2026-02-13')?.price_usd_per_btc).toBe(68857.84);
  });

  it('forgets an answer on the next UTC day: answers carry the day’s “as of” age', async () => {
    const s = await serve();
    const path = '/api/v1/hashprice/latest';
    const day1 = JSON.parse((await get(s.url, path)).body.toString()) as { data_as_of: { age_days: number } };
    await get(s.url, path);
    expect(s.fast()).toBe(1);
    s.setNow(TEST_NOW_UNIX_S + 86_400);
    const day2 = JSON.parse((await get(s.url, path)).body.toString()) as { data_as_of: { age_days: number } };
    expect(s.fast()).toBe(1);
    expect(day2.data_as_of.age_days).toBe(day1.data_as_of.age_days + 1);
  });
});
