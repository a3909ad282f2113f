/**
 * `hashfloor update` without --sources adds ercot once a stored fleet prices a site at an ERCOT
 * hub. The other default feeds point at a local server answering 404, so they fail at once
 * (exit 3) while ercot, from the local MIS stand-in, still commits its days.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/main.js';
import { cli } from '../helpers/cli.js';
import { startMisServer, type MisServer } from './mis-server.js';
import { REPORTS } from './mis-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-ercot-default-'));
const db = join(dir, 'store.sqlite');
const env = { HASHFLOOR_HOME: dir };
const now = { nowUnixS: () => Date.parse('2023-11-07T12:00:00Z') / 1000 };
const fleetYaml = (hub: string) => `company: { name: Texas ${hub}, pool_fee_pct: 2 }
sites:
  - { id: west, capacity_mw: 20, price_hub: ${hub}, pue: 1.05, timezone: America/Chicago }
lots:
  - { site: west, model: Antminer S21, count: 4000, purchase_price_usd_per_unit: 3000, purchase_date: 2023-01-01 }
`;

let mis: MisServer;
let dead: Server;
let deadUrl: string;
beforeAll(async () => {
  mis = await startMisServer(REPORTS);
  dead = createServer((_req, res) => res.writeHead(404).end('not here'));
  await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(dead.address() as { port: number }).port}`;
});
afterAll(async () => {
  await mis.close();
  await new Promise((r) => dead.close(r));
});

async function storeFleet(hub: string): Promise<void> {
  const services = createServices(env);
  const store = await services.store(db, {});
  await store.saveFleet({ id: `fleet-${hub}`, name: `Texas ${hub}`, spec_format: 'yaml', spec_text: fleetYaml(hub), uploaded_unix_s: now.nowUnixS() });
  await services.close();
}

const update = () =>
  cli(
    ['update', '--db', db, '--from', '2023-11-05', '--mempool-url', deadUrl, '--coinbase-url', deadUrl, '--kraken-url', deadUrl, '--ercot-url', mis.url],
    env,
    false,
    now,
  );

describe('hashfloor update with no --sources', () => {
  it('leaves ercot out while no stored fleet names an ERCOT hub', async () => {
    await storeFleet('PJM_WEST');
    const r = await update();
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(/ercot/);
  });

  it('adds ercot, and says why, once a stored fleet prices a site at HB_WEST; ercot commits while the failing feeds exit 3', async () => {
    await storeFleet('HB_WEST');
    const r = await update();
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ercot added: stored fleets price sites at ERCOT hubs: Texas HB_WEST (HB_WEST).');
    expect(r.stderr).toMatch(/^ercot: 2 days added, 0 revised \([1-9]\d* requests\)$/m);
    expect(r.stderr).toContain('written: ercot');
    expect(r.stderr).not.toContain('PJM_WEST');
  });
});
