import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createServices } from '../../src/main.js';
import { call, expectProblem } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-api-import-'));
const services = { ...createServices({ HASHFLOOR_HOME: join(dir, 'home') }), nowUnixS: () => 1_772_000_000 };
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});
const csv = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'text/csv', ...headers },
  body,
});

describe('POST /api/v1/import/daily', () => {
  const db = join(dir, 'import.sqlite');

  it('stores the days and the history serves them at once', async () => {
    const app = createApp(services, { db });
    await call(app, '/api/v1/network/history?from=2026-02-12'); // warm the cache: the import must refresh it
    const r = await call<{ rows_imported: number }>(app, '/api/v1/import/daily', csv('date,blocks,price_usd_per_btc\n2026-02-13,150,68857.84\n'));
    expect(r.status).toBe(200);
    expect(r.body.rows_imported).toBe(1);
    const h = await call<{ days: { date: string; price_usd_per_btc: number }[] }>(app, '/api/v1/network/history?from=2026-02-12');
    expect(h.body.days.find((d) => d.date === '2026-02-13')?.price_usd_per_btc).toBe(68857.84);
  });

  it('rejects bad rows naming line and column, and writes nothing', async () => {
    const app = createApp(services, { db });
    const r = await call(app, '/api/v1/import/daily', csv('date,blocks\n2026-02-14,-3\n'));
    expectProblem(r, 400);
    expect(JSON.stringify(r.body)).toMatch(/blocks/);
  });

  it('requires the token when the server has one', async () => {
    const app = createApp(services, { db, token: 'k' });
    expectProblem(await call(app, '/api/v1/import/daily', csv('date\n2026-02-13\n')), 401);
  });
});
