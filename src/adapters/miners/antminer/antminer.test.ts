import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../../../hardware/catalog.js';
import { createFleetControl } from '../fleet-control.js';
import { type MinerSimulator, startMinerSimulator } from '../simulator/index.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../../../data/asic_models.csv', import.meta.url), 'utf8'));
let sim: MinerSimulator;
beforeAll(async () => {
  sim = await startMinerSimulator({ mix: 'antminer=1', catalog, base_address: '127.0.215.1', port: 0 });
});
afterAll(() => sim.close());
const address = (): { host: string; port: number } => ({ host: sim.inventory[0]?.host ?? '', port: sim.inventory[0]?.port ?? 0 });

describe('Antminer stock driver against the simulator', () => {
  it('estimates power from the catalog, labelled estimated, since stock RPC reports none', async () => {
    const d = await createFleetControl({ catalog }).connect(address());
    expect(d.name).toBe('antminer');
    const t = await d.telemetry();
    expect(t).toMatchObject({ state: 'hashing', power_w: 3250, power_source: 'estimated', fan_rpm: [6000, 6020, 6040, 6060] });
    expect(t.hashrate_ths).toBeCloseTo(95, 4);
  });

  it('without a catalog it reports no power rather than a made-up one', async () => {
    const t = await (await createFleetControl().connect(address(), { driver: 'antminer' })).telemetry();
    expect(t).toMatchObject({ power_w: null, power_source: null, efficiency_jth: null });
  });

  it('every control action is a typed unsupported error, and nothing reaches the miner', async () => {
    const d = await createFleetControl({ catalog }).connect(address(), { driver: 'antminer' });
    const before = sim.miners[0]?.log.length;
    for (const p of [d.apply({ kind: 'sleep' }), d.apply({ kind: 'profile', profile_id: 'stock' }), d.wake(), d.reboot()]) {
      await expect(p).rejects.toMatchObject({ code: 'VALIDATION', driver: 'antminer' });
    }
    expect(sim.miners[0]?.log.length).toBe(before);
    expect([...d.supports]).toEqual(['identify', 'telemetry', 'operating_points']);
  });

  it('an unknown driver name is NOT_FOUND', async () => {
    await expect(createFleetControl().connect(address(), { driver: 'whatsminer' })).rejects.toMatchObject({ code: 'NOT_FOUND', path: 'driver' });
  });
});
