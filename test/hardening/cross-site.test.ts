/**
 * Issue #17 item 3: with the default loopback bind and no token, a web page must not be able to
 * write (simple cross-origin requests) or read through a rebound DNS name. Same-origin requests,
 * as the dashboard sends, and requests without a browser keep working.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { call, testApp } from '../api/helpers.js';

const fleet = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');
const day = 'date,price_usd_per_btc\n2025-01-02,96886.88';
const at = (host: string, extra: Record<string, string> = {}) => ({ host, ...extra });

describe('cross-site writes and DNS rebinding', () => {
  const app = testApp({ host: '127.0.0.1', allowedHosts: ['miner-box.lan'] });

  it.each([
    ['a text/plain import', '/api/v1/import/daily', { 'content-type': 'text/plain' }, day, 415],
    ['a form-encoded fleet upload', '/api/v1/fleets', { 'content-type': 'application/x-www-form-urlencoded' }, fleet, 415],
    ['a multipart pivot', '/api/v1/valuation/pivot', { 'content-type': 'multipart/form-data; boundary=x' }, 'x', 415],
    ['an import from a foreign Origin', '/api/v1/import/daily', { 'content-type': 'text/csv', origin: 'http://evil.example' }, day, 403],
    ['an upload marked cross-site', '/api/v1/fleets', { 'content-type': 'application/yaml', 'sec-fetch-site': 'cross-site' }, fleet, 403],
    ['an upload from Origin null', '/api/v1/fleets', { 'content-type': 'application/yaml', origin: 'null' }, fleet, 403],
  ])('refuses %s', async (_what, path, headers, body, status) => {
    const r = await call(app, path, { method: 'POST', headers: at('127.0.0.1:8080', headers), body });
    expect(r.status).toBe(status);
    expect(r.type).toContain('application/problem+json');
    expect((await call<{ fleets: unknown[] }>(app, '/api/v1/fleets')).body.fleets).toHaveLength(0);
  });

  it('refuses a rebound host name on reads and writes, and keeps addresses, localhost and --allowed-host', async () => {
    for (const host of ['evil.example', 'evil.example:8080', '127.0.0.1.evil.example']) {
      const r = await call(app, '/api/v1/health', { headers: at(host) });
      expect(r.status, host).toBe(403);
      expect(r.body).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    }
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'miner-box.lan:8080', '192.168.1.5']) {
      expect((await call(app, '/api/v1/health', { headers: at(host) })).status, host).toBe(200);
    }
  });

  it('accepts same-origin writes and writes without a browser', async () => {
    const same = await call(app, '/api/v1/fleets', {
      method: 'POST',
      headers: at('127.0.0.1:8080', { 'content-type': 'application/yaml', origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' }),
      body: fleet,
    });
    expect(same.status).toBe(201);
    const curl = await call(app, '/api/v1/import/daily', {
      method: 'POST',
      headers: at('localhost:8080', { 'content-type': 'text/csv; charset=utf-8' }),
      body: day,
    });
    expect(curl.status).toBe(200);
  });
});
