import { afterEach, describe, expect, it } from 'vitest';
import type { MinerDriver } from '../../../ports/fleet-control.js';
import { createFleetControl } from '../fleet-control.js';
import { type MinerSimulator, type SimFault, startMinerSimulator } from '../simulator/index.js';

let sim: MinerSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
let now_ms = 1_700_000_000_000;

async function luxos(fault?: SimFault, kill_foreign_session = false): Promise<{ d: MinerDriver; m: MinerSimulator['miners'][number] }> {
  now_ms = 1_700_000_000_000;
  sim = await startMinerSimulator({
    mix: 'luxos=1',
    base_address: '127.0.213.1',
    port: 0,
    clock_ms: () => now_ms,
    faults: fault ? { 0: fault } : {},
    reboot_ms: 150,
  });
  const e = sim.inventory[0];
  const m = sim.miners[0];
  if (!e || !m) throw new Error('no miner');
  const fc = createFleetControl({ now_unix_s: () => Math.floor(now_ms / 1000), timeouts: { connect_timeout_ms: 300, timeout_ms: 600 } });
  return { d: await fc.connect({ host: e.host, port: e.port }, { driver: 'luxos', kill_foreign_session }), m };
}
const writes = (m: MinerSimulator['miners'][number]): string[] => m.log.filter((r) => r.kind !== 'read').map((r) => `${r.command} ${r.parameter ?? ''}`.trim());

describe('LuxOS driver against the simulator', () => {
  it('reads telemetry without writing anything', async () => {
    const { d, m } = await luxos();
    const t = await d.telemetry();
    expect(t).toMatchObject({ state: 'hashing', power_source: 'measured', power_w: 3068, uptime_s: 3600 });
    expect(t.hashrate_ths).toBeCloseTo(104, 6);
    await d.operatingPoints();
    expect(m.log.filter((r) => r.kind !== 'read')).toEqual([]);
  });

  it('turns ATM off, sets the profile, turns ATM back on, in one session', async () => {
    const { d, m } = await luxos();
    await d.apply({ kind: 'profile', profile_id: '400MHz' });
    const w = writes(m);
    const sid = /^atmset (\w+),enabled=false$/.exec(w[1] ?? '')?.[1] ?? '?';
    expect(w).toEqual(['logon', `atmset ${sid},enabled=false`, `profileset ${sid},400MHz`, `atmset ${sid},enabled=true`, `logoff ${sid}`]);
    expect(m.luxos).toMatchObject({ profile: '400MHz', atm_enabled: true, session: null });
    expect((await d.telemetry()).power_w).toBe(2096);
  });

  it('skips the ATM dance when ATM is off, and maps a power target to the highest profile under it', async () => {
    const { d, m } = await luxos();
    m.luxos.atm_enabled = false;
    await d.apply({ kind: 'power_target', power_w: 2500 });
    expect(writes(m).filter((w) => !w.startsWith('log'))).toEqual([expect.stringMatching(/^profileset \w+,425MHz$/)]);
    await expect(d.apply({ kind: 'power_target', power_w: 100 })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('a session held by another actor is a CONFLICT, and nothing is killed or written', async () => {
    const { d, m } = await luxos('session_held');
    await expect(d.apply({ kind: 'sleep' })).rejects.toMatchObject({ code: 'CONFLICT', session_id: 'heldBy01' });
    expect(writes(m)).toEqual([]);
    expect(m.log.some((r) => r.command === 'kill')).toBe(false);
  });

  it('kills the other session only when told to', async () => {
    const { d, m } = await luxos('session_held', true);
    await d.apply({ kind: 'sleep' });
    expect(writes(m)).toEqual(['kill', 'logon', expect.stringMatching(/^curtail \w+,sleep$/), expect.stringMatching(/^logoff /)]);
  });

  it('takes over a session left idle past its 60 s expiry without killing it', async () => {
    const { d, m } = await luxos();
    m.luxos.session = { id: 'stale001', owner: 'other', last_used_s: Math.floor(now_ms / 1000) - 61 };
    await d.apply({ kind: 'sleep' });
    expect(writes(m)[0]).toBe('logon');
  });

  it('sleeps (PSU off) and ramps back after wakeup', async () => {
    const { d } = await luxos();
    await d.apply({ kind: 'sleep' });
    expect(await d.telemetry()).toMatchObject({ state: 'sleeping', hashrate_ths: 0, efficiency_jth: null });
    await d.wake();
    now_ms += 30_000;
    expect((await d.telemetry()).hashrate_ths).toBeCloseTo(52, 6);
  });

  it('wrong credentials are a typed upstream error', async () => {
    const { d } = await luxos('wrong_credentials');
    await expect(d.reboot()).rejects.toMatchObject({ code: 'UPSTREAM', reason: 'credentials' });
  });

  it('a reboot in the middle of a change fails the apply and loses the change', async () => {
    const { d, m } = await luxos('reboot_mid_change');
    await expect(d.apply({ kind: 'profile', profile_id: '350MHz' })).rejects.toMatchObject({ code: 'UPSTREAM' });
    // The caller must read back: the profile is the old one and ATM was left off by the interrupted change.
    expect(m.luxos.profile).toBe('default');
    expect(
      writes(m)
        .filter((w) => w.startsWith('atmset'))
        .map((w) => w.split(',')[1]),
    ).toEqual(['enabled=false']);
    await new Promise((r) => setTimeout(r, 250));
    expect((await d.telemetry()).uptime_s).toBe(0);
  });
});
