/**
 * End to end: `hashfloor prices update` from a local MIS stand-in into a SQLite store, then
 * `hashfloor dispatch` over 2023 days reading them from that store (provenance in the source),
 * with the same hourly prices as the embedded 2023–2025 file it reads without the store.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { startMisServer, type MisServer } from './mis-server.js';
import { REPORTS } from './mis-fixtures.js';
import { westHourly } from './real-data.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-ercot-'));
const db = join(dir, 'store.sqlite');
const env = { HASHFLOOR_HOME: dir };
const fleet = join(dir, 'fleet.yaml');
writeFileSync(
  fleet,
  `company: { name: Test, pool_fee_pct: 2 }
sites:
  - { id: west, capacity_mw: 20, price_hub: HB_WEST, pue: 1.05, timezone: America/Chicago }
lots:
  - { site: west, model: Antminer S21, count: 4000, purchase_price_usd_per_unit: 3000, purchase_date: 2023-01-01 }
`,
);
let server: MisServer;
beforeAll(async () => {
  server = await startMisServer(REPORTS);
});
afterAll(() => server.close());

interface DispatchJson {
  hours: number;
  prices: { site: string; source: string; column: string; mean_price_usd_per_mwh: number }[];
}

describe('dispatch over 2023 days from the store', () => {
  it('updates the store from the MIS, then plans from it; the embedded file gives the same prices', async () => {
    const up = await cli(['prices', 'update', '--ercot-url', server.url, '--from', '2023-11-05', '--to', '2023-11-06', '--db', db, '--json'], env);
    expect(up.stderr).toBe('');
    expect(JSON.parse(up.stdout)).toMatchObject({
      hours_written: 96 /* 2 hubs × 48 h */,
      batches: [{ source: 'ercot-archive', document_id: '934466154', skipped: false }],
    });
    const args = ['dispatch', fleet, '--hashprice', '40', '--from', '2023-11-05', '--to', '2023-11-06', '--json'];
    const fromStore = await cli([...args, '--db', db], env);
    expect(fromStore.stderr).toBe('');
    const a = JSON.parse(fromStore.stdout) as DispatchJson;
    expect(a.hours).toBe(48);
    expect(a.prices[0]).toMatchObject({ site: 'west', column: 'HB_WEST', source: 'store (ercot-archive doc 934466154)' });
    const hourly = westHourly();
    const expected = [...hourly].filter(([t]) => t >= '2023-11-05' && t < '2023-11-07').reduce((s, [, v]) => s + Number(v), 0) / 48;
    expect(a.prices[0]!.mean_price_usd_per_mwh).toBeCloseTo(expected, 9);
    const embedded = JSON.parse((await cli(args)).stdout) as DispatchJson;
    expect(embedded.prices[0]!.source).toMatch(/ercot_hubs_hourly_2023_2025\.csv$/);
    expect(embedded.prices[0]!.mean_price_usd_per_mwh).toBeCloseTo(expected, 9);
    // Days the store does not hold in full fall back to the embedded file.
    const partly = JSON.parse(
      (await cli(['dispatch', fleet, '--hashprice', '40', '--from', '2023-11-05', '--to', '2023-11-20', '--db', db, '--json'], env)).stdout,
    ) as DispatchJson;
    expect(partly.prices[0]!.source).toMatch(/ercot_hubs_hourly_2023_2025\.csv$/);
  });
});

describe('hashfloor update --sources ercot', () => {
  it('writes the hub prices from --from to yesterday through the update runner, and a second run adds nothing', async () => {
    const db2 = join(dir, 'update.sqlite');
    const now = { nowUnixS: () => Date.parse('2023-11-07T12:00:00Z') / 1000 };
    const argv = ['update', '--sources', 'ercot', '--ercot-url', server.url, '--db', db2, '--json'];
    const first = await cli([...argv, '--from', '2023-11-05'], env, false, now);
    expect(first.stderr).toMatch(/^ercot: 2 days added, 0 revised \([1-9]\d* requests\)$/m);
    const a = JSON.parse(first.stdout) as { sources: { source: string; ok: boolean; days_added: number; first_date: string; last_date: string }[] };
    expect(a.sources).toMatchObject([{ source: 'ercot', ok: true, days_added: 2, first_date: '2023-11-05', last_date: '2023-11-06' }]);
    const again = JSON.parse((await cli(argv, env, false, now)).stdout) as typeof a;
    expect(again.sources).toMatchObject([{ source: 'ercot', ok: true, days_added: 0 }]);
  });
});
