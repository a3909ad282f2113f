/**
 * `serve --db`: the API reads the network history through the store it was given, so days
 * imported into that store appear in the history endpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createServices } from '../../src/main.js';
import { call } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-api-db-'));
const services = createServices({ HASHFLOOR_HOME: join(dir, 'home') });
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the API over a --db store', () => {
  it('serves days imported into that store, after the embedded history', async () => {
    const db = join(dir, 'shared.sqlite');
    const store = await services.store(db);
    // The first day after the embedded history ends (2026-02-12), as `import daily` would write it.
    await store.upsertDaily('user-import', [
      {
        date: '2026-02-13',
        blocks: 150,
        difficulty: 125864590119494,
        hashrate_ehs: null,
        issuance_sat: 46_875_000_000n,
        fees_sat: 300_000_000n,
        price_usd_per_btc: 68857.84375,
        supply_sat: null,
        provenance: { price_usd_per_btc: 'yahoo_close' },
      },
    ]);
    const app = createApp(services, { db });
    const r = await call<{ days: { date: string; blocks: number; issuance_sat: string; provenance: Record<string, string> }[] }>(
      app,
      '/api/v1/network/history?from=2026-02-12&to=2026-02-13',
    );
    expect(r.status).toBe(200);
    expect(r.body.days.map((d) => d.date)).toEqual(['2026-02-12', '2026-02-13']);
    expect(r.body.days[1]).toMatchObject({ blocks: 150, issuance_sat: '46875000000', provenance: { blocks: 'user-import', price_usd_per_btc: 'yahoo_close' } });
  });
});
