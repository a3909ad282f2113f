/**
 * Issue #17 item 8: a running server sees a CLI import into its store — the cached answers and
 * their ETags change — instead of serving the old history until restarted. SQLite file and
 * PostgreSQL alike (the latter skipped only with HASHFLOOR_SKIP_PG=1, as the store suite).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createServices } from '../../src/main.js';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const csv = join(dir, 'later.csv');
// The day after the embedded block data ends (2026-02-12; only its price is embedded), priced as in test/import-daily-cli.test.ts.
writeFileSync(csv, 'date,blocks,difficulty,issuance_sat,fees_sat,price_usd_per_btc\n2026-02-13,150,125864590119494,46875000000,300000000,68857.84375\n');

async function seesImport(db: string): Promise<void> {
  const services = { ...createServices({ HASHFLOOR_HOME: dir }), nowUnixS: () => 1_800_000_000 };
  const app = createApp(services, { db });
  expect((await app.request('/api/v1/fleets')).status).toBe(200); // opens the store, as the dashboard does
  const before = await app.request('/api/v1/network/history?from=2026-02-10');
  const etag = before.headers.get('etag') ?? '';
  const blocksOn = (days: { date: string; blocks: number | null }[]) => days.find((d) => d.date === '2026-02-13')?.blocks;
  expect(blocksOn(((await before.json()) as { days: { date: string; blocks: number | null }[] }).days)).toBeNull();
  const imported = await cli(['import', 'daily', csv, '--db', db], { HASHFLOOR_HOME: dir });
  expect(imported.code, imported.stderr).toBe(0);
  await new Promise((r) => setTimeout(r, 1100));
  const after = await app.request('/api/v1/network/history?from=2026-02-10', { headers: { 'if-none-match': etag } });
  expect(after.status).toBe(200);
  expect(blocksOn(((await after.json()) as { days: { date: string; blocks: number | null }[] }).days)).toBe(150);
  await services.close();
}

describe('a running server notices another process writing its store', () => {
  it('SQLite file (PRAGMA data_version)', async () => {
    await seesImport(join(dir, 'watch.sqlite'));
  }, 30_000);

  it.skipIf(process.env.HASHFLOOR_SKIP_PG === '1')(
    'PostgreSQL (row versions)',
    async () => {
      const provided = inject('pg');
      if (!('url' in provided)) throw new Error(`PostgreSQL unavailable: ${JSON.stringify(provided)}`);
      const admin = new pg.Client({ connectionString: provided.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE watch_${process.pid}`);
      await admin.end();
      await seesImport(provided.url.replace(/\/postgres$/, `/watch_${process.pid}`));
    },
    60_000,
  );
});
