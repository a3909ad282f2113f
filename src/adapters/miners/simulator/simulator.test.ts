import { afterEach, describe, expect, it } from 'vitest';
import { exchange } from '../cgminer/transport.js';
import { loopbackAddresses } from './addresses.js';
import { type MinerSimulator, parseMix, startMinerSimulator } from './index.js';

let sim: MinerSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const T = { connect_timeout_ms: 500, timeout_ms: 1000 };

describe('miner simulator', () => {
  it('answers LuxOS version byte for byte as PROTOCOLS.md A.3 quotes it, NUL-terminated, on port 4028', async () => {
    sim = await startMinerSimulator({ mix: 'luxos=1', models: { luxos: 'antminer-s9' }, base_address: '127.0.212.1', clock_ms: () => 1_672_770_089_000 });
    const raw = await exchange({ host: '127.0.212.1', port: 4028 }, '{"command":"version"}', T);
    expect(raw.text).toBe(
      '{"STATUS":[{"Code":22,"Description":"LUXminer 2024.2.19.131822-ef17c0c4","Msg":"LUXminer versions","STATUS":"S","When":1672770089}],"VERSION":[{"API":"3.7","CompileTime":"Mon Feb 19 13:19:55 UTC 2024","LUXminer":"2024.2.19.131822-ef17c0c4","Miner":"2024.2.19.131822","Type":"Antminer S9"}],"id":1}\0',
    );
  });

  it('uses cgminer field order for Avalon and nests + replies by command', async () => {
    sim = await startMinerSimulator({ mix: 'avalon=1', base_address: '127.0.212.1', port: 0, clock_ms: () => 1_687_300_219_000 });
    const e = sim.inventory[0];
    const raw = await exchange({ host: e?.host ?? '', port: e?.port ?? 0 }, '{"command":"version+pools"}', T);
    expect(
      raw.text.startsWith(
        '{"version":[{"STATUS":[{"STATUS":"S","When":1687300219,"Code":22,"Msg":"CGMiner versions","Description":"cgminer 4.11.1"}],"VERSION":[{"CGMiner":"4.11.1"',
      ),
    ).toBe(true);
    expect(raw.text.endsWith('],"id":1}\0')).toBe(true);
  });

  it('places miners on distinct loopback addresses, skipping .0 and .255', () => {
    const a = loopbackAddresses(300, '127.0.1.250');
    expect(new Set(a).size).toBe(300);
    expect(a.slice(0, 6)).toEqual(['127.0.1.250', '127.0.1.251', '127.0.1.252', '127.0.1.253', '127.0.1.254', '127.0.2.1']);
    expect(a.some((x) => /\.(0|255)$/.test(x))).toBe(false);
    expect(() => loopbackAddresses(1, '10.0.0.1')).toThrow(expect.objectContaining({ code: 'VALIDATION' }) as Error);
  });

  it('parses a mix and rejects unknown firmware', () => {
    expect(parseMix('luxos=3,antminer=2,avalon=1')).toEqual({ luxos: 3, antminer: 2, avalon: 1 });
    expect(() => parseMix('whatsminer=2')).toThrow(expect.objectContaining({ code: 'VALIDATION' }) as Error);
    expect(() => parseMix('luxos=-1')).toThrow(expect.objectContaining({ code: 'VALIDATION' }) as Error);
  });

  it('ramps after a wake, and its temperature follows its power', async () => {
    let now_ms = 1_700_000_000_000;
    sim = await startMinerSimulator({ mix: 'luxos=1', base_address: '127.0.212.1', port: 0, clock_ms: () => now_ms, physics: { ramp_s: 100 } });
    const p = sim.miners[0]?.physics;
    if (!p) throw new Error('no miner');
    const hot = p.read(now_ms / 1000).chip_temp_c;
    p.sleep(now_ms / 1000);
    now_ms += 600_000;
    const asleep = p.read(now_ms / 1000);
    expect(asleep.hashrate_ths).toBe(0);
    expect(asleep.chip_temp_c).toBeLessThan(hot - 30);
    p.wake(now_ms / 1000);
    now_ms += 50_000;
    expect(p.read(now_ms / 1000).hashrate_ths).toBeCloseTo(104 / 2, 6);
    now_ms += 60_000;
    expect(p.read(now_ms / 1000).hashrate_ths).toBeCloseTo(104, 6);
  });
});
