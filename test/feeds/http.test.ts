/**
 * The feed HTTP client against local servers that misbehave the ways public APIs do: rate limits
 * with Retry-After, 5xx, hung and stalled connections, HTML and truncated JSON, gzip.
 */
import { readFileSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedHttp, rateLimit, retryAfterMs, type FetchOptions } from '../../src/adapters/feeds/http.js';
import { catchRejection as catchError } from '../helpers/catch-error.js';
import { sendJson, startLocalServer, type Handler, type LocalServer } from '../helpers/feed-server.js';

const http = createFeedHttp({ userAgent: 'hashfloor/9.9.9 (+test)' });
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler): Promise<string> {
  server = await startLocalServer(handler);
  return server.url;
}

function opts(extra: Partial<FetchOptions> = {}): FetchOptions & { stats: { requests: number; retries: number } } {
  return { feed: 'testfeed', rate: rateLimit(100, 1000), stats: { requests: 0, retries: 0 }, timeout_ms: 300, retries: 3, backoff_ms: 10, ...extra };
}

describe('feed HTTP client', () => {
  it('sends the User-Agent it was given, asks for gzip and decodes it', async () => {
    const url = await serve((_req, _url, res) => sendJson(res, { ok: [1, 2, 3] }, 200, true));
    expect(await http.fetchJson(`${url}/x`, opts())).toEqual({ ok: [1, 2, 3] });
    expect(server?.requests[0]?.headers['user-agent']).toBe('hashfloor/9.9.9 (+test)');
    expect(server?.requests[0]?.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('waits the Retry-After of a 429, then succeeds; the retry is counted', async () => {
    let n = 0;
    const url = await serve((_req, _url, res) => {
      if (n++ === 0) {
        res.writeHead(429, { 'retry-after': '1' });
        return void res.end('slow down');
      }
      sendJson(res, [42]);
    });
    const o = opts({ backoff_ms: 1 });
    const t0 = performance.now();
    expect(await http.fetchJson(`${url}/x`, o)).toEqual([42]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(950);
    expect(o.stats).toEqual({ requests: 2, retries: 1 });
  });

  it('fails at once when Retry-After is beyond the cap, naming the feed', async () => {
    const url = await serve((_req, _url, res) => {
      res.writeHead(429, { 'retry-after': '3600' });
      res.end();
    });
    const err = await catchError(http.fetchJson(`${url}/x`, opts({ max_backoff_ms: 1000 })));
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toMatch(/^testfeed: .*429.*Retry-After 3600 s/);
  });

  it('backs off on 5xx and succeeds; gives up after the retries with the status', async () => {
    let n = 0;
    const url = await serve((_req, url2, res) => {
      if (url2.pathname === '/always') return void ((res.statusCode = 503), res.end());
      if (n++ < 2) return void ((res.statusCode = 502), res.end('bad gateway'));
      sendJson(res, { fine: true });
    });
    const o = opts();
    expect(await http.fetchJson(`${url}/x`, o)).toEqual({ fine: true });
    expect(o.stats).toEqual({ requests: 3, retries: 2 });
    const err = await catchError(http.fetchJson(`${url}/always`, opts({ retries: 2 })));
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toMatch(/HTTP 503 \(after 2 retries\)/);
  });

  it('does not retry a 404', async () => {
    const url = await serve((_req, _url, res) => void ((res.statusCode = 404), res.end()));
    const o = opts();
    expect((await catchError(http.fetchJson(`${url}/x`, o))).message).toMatch(/HTTP 404/);
    expect(o.stats.requests).toBe(1);
  });

  it('times out a server that never answers, and one that stalls mid-body', async () => {
    const url = await serve((_req, url2, res) => {
      if (url2.pathname === '/stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"data":[1,');
      }
      // Otherwise never answer.
    });
    for (const path of ['/hang', '/stall']) {
      const t0 = performance.now();
      const err = await catchError(http.fetchJson(`${url}${path}`, opts({ retries: 1, timeout_ms: 200 })));
      expect(err.code).toBe('UPSTREAM');
      expect(err.message).toMatch(/timeout/);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
  });

  it('refuses HTML and truncated JSON with one line naming the feed', async () => {
    const url = await serve((_req, url2, res) => {
      if (url2.pathname === '/html') {
        res.setHeader('content-type', 'text/html');
        return void res.end('<html><body>Cloudflare says hi</body></html>');
      }
      res.setHeader('content-type', 'application/json');
      res.end('{"prices":[{"time":1,"USD":2');
    });
    const html = await catchError(http.fetchJson(`${url}/html`, opts()));
    expect(html.code).toBe('UPSTREAM');
    expect(html.message).toMatch(/^testfeed: .*expected JSON, got HTML/);
    const cut = await catchError(http.fetchJson(`${url}/cut`, opts()));
    expect(cut.message).toMatch(/^testfeed: .*truncated JSON/);
  });

  it('names a refused connection', async () => {
    const url = await serve(() => undefined);
    await server?.close();
    server = undefined;
    const err = await catchError(http.fetchJson(`${url}/x`, opts({ retries: 1 })));
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toMatch(/testfeed: .*connection refused \(after 1 retries\)/);
  });

  it('names a TLS failure at once, without retrying: an untrusted certificate, and https to a plain-HTTP port', async () => {
    // A self-signed loopback certificate (test/fixtures/tls): the real failure a user with a
    // private mempool instance and no trusted certificate meets.
    const tls = join(import.meta.dirname, '..', 'fixtures', 'tls');
    const secure = createTlsServer({ key: readFileSync(join(tls, 'loopback-key.pem')), cert: readFileSync(join(tls, 'loopback-cert.pem')) }, (_req, res) =>
      res.end('{}'),
    );
    await new Promise<void>((r) => secure.listen(0, '127.0.0.1', r));
    try {
      const o = opts({ retries: 3 });
      const err = await catchError(http.fetchJson(`https://127.0.0.1:${(secure.address() as AddressInfo).port}/api/blocks/tip/height`, o));
      expect(err.code).toBe('UPSTREAM');
      expect(err.message).toMatch(
        /^testfeed: https:\/\/127\.0\.0\.1:\d+\/api\/blocks\/tip\/height: TLS failure \(DEPTH_ZERO_SELF_SIGNED_CERT: self[- ]signed certificate\)/,
      );
      expect(o.stats).toEqual({ requests: 1, retries: 0 });
    } finally {
      secure.closeAllConnections();
      await new Promise((r) => secure.close(r));
    }
    const plain = await serve((_req, _url, res) => sendJson(res, {}));
    const o = opts({ retries: 3 });
    const wrong = await catchError(http.fetchJson(plain.replace('http:', 'https:') + '/x', o));
    expect(wrong.message).toMatch(/^testfeed: https:.*: TLS failure \(ERR_SSL_[A-Z_]+/);
    expect(o.stats).toEqual({ requests: 1, retries: 0 });
  });

  it('keeps requests under the rate ceiling', async () => {
    const url = await serve((_req, _url, res) => sendJson(res, 1));
    const rate = rateLimit(2, 300);
    const t0 = performance.now();
    await Promise.all([1, 2, 3, 4, 5].map(() => http.fetchJson(`${url}/x`, opts({ rate }))));
    // 5 requests at 2 per 300 ms: the 5th starts no earlier than 600 ms in.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(590);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });
});
