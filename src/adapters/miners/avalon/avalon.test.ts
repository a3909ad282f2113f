import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinerDriver } from '../../../ports/fleet-control.js';
import { createFleetControl } from '../fleet-control.js';
import { type MinerSimulator, startMinerSimulator } from '../simulator/index.js';

let sim: MinerSimulator;
let now_ms = 1_700_000_000_000;
const fc = createFleetControl({ now_unix_s: () => Math.floor(now_ms / 1000), timeouts: { connect_timeout_ms: 300, timeout_ms: 600 } });
// 0: healthy, 1: no privilege (Code 45), 2: reboots on a level change.
beforeAll(async () => {
  sim = await startMinerSimulator({
    mix: 'avalon=3',
    base_address: '127.0.214.1',
    port: 0,
    clock_ms: () => now_ms,
    faults: { 1: 'wrong_credentials', 2: 'reboot_mid_change' },
    reboot_ms: 100,
  });
});
afterAll(() => sim.close());
const connect = (i: number): Promise<MinerDriver> => fc.connect({ host: sim.inventory[i]?.host ?? '', port: sim.inventory[i]?.port ?? 0 });

describe('Avalon driver against the simulator', () => {
  it('is detected from version and reports measured wall power and GH/s as TH/s', async () => {
    const d = await connect(0);
    expect(d.name).toBe('avalon');
    const t = await d.telemetry();
    expect(t).toMatchObject({ state: 'hashing', power_w: 3230, power_source: 'measured', board_temps_c: expect.any(Array) as number[] });
    expect(t.hashrate_ths).toBeCloseTo(150, 6);
  });

  it('lists work levels from the catalog model and applies one', async () => {
    const d = await connect(0);
    const r = await d.operatingPoints();
    expect(r.profiles.map((p) => p.profile_id)).toEqual(['worklevel-0', 'worklevel-1', 'worklevel-2']);
    expect(r.profiles[1]).toMatchObject({ power_w: 3230, hashrate_ths: 150, reboots: false });
    await d.apply({ kind: 'profile', profile_id: 'worklevel-0' });
    expect(sim.miners[0]?.avalon.level).toBe(0);
    expect((await d.telemetry()).hashrate_ths).toBeCloseTo(120, 6);
  });

  it('schedules softoff a few seconds ahead: still hashing now, asleep once that time passes', async () => {
    const d = await connect(0);
    await d.apply({ kind: 'sleep' });
    const w = sim.miners[0]?.writes().at(-1);
    expect(w).toMatchObject({ command: 'ascset', parameter: `0,softoff,1:${Math.floor(now_ms / 1000) + 5}` });
    expect((await d.telemetry()).state).toBe('hashing');
    now_ms += 6_000;
    expect((await d.telemetry()).state).toBe('sleeping');
    await d.wake();
    now_ms += 6_000;
    expect((await d.telemetry()).state).not.toBe('sleeping');
  });

  it('a power target and an unknown profile are typed unsupported errors', async () => {
    const d = await connect(0);
    await expect(d.apply({ kind: 'power_target', power_w: 3000 })).rejects.toMatchObject({ code: 'VALIDATION', action: 'apply_power_target' });
    await expect(d.apply({ kind: 'profile', profile_id: 'turbo' })).rejects.toMatchObject({ code: 'VALIDATION', action: 'apply_profile' });
  });

  it('without privilege, writes fail with access_denied (Code 45)', async () => {
    const d = await connect(1);
    await expect(d.reboot()).rejects.toMatchObject({ code: 'UPSTREAM', reason: 'access_denied', status_code: 45 });
  });

  it('a reboot during a level change fails and keeps the old level', async () => {
    const d = await connect(2);
    await expect(d.apply({ kind: 'profile', profile_id: 'worklevel-2' })).rejects.toMatchObject({ code: 'UPSTREAM' });
    expect(sim.miners[2]?.avalon.level).toBe(1);
  });
});
