import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MinerSimulator, startMinerSimulator } from '../simulator/index.js';
import { CgminerClient } from './client.js';

let sim: MinerSimulator;
// 0: hangs, 1: closes mid-reply, 2: healthy, 3: refuses `+` joins, 4: healthy with every text quirk.
beforeAll(async () => {
  sim = await startMinerSimulator({
    mix: 'luxos=5',
    base_address: '127.0.211.1',
    port: 0,
    faults: { 0: 'hang', 1: 'close_mid_reply' },
  });
  sim.miners[3]?.quirks.add('no_multi');
  for (const q of ['trailing_comma', 'missing_comma', 'newlines', 'inf_nan', 'truncated'] as const) sim.miners[4]?.quirks.add(q);
});
afterAll(() => sim.close());

const client = (i: number, timeout_ms = 300): CgminerClient => {
  const e = sim.inventory[i];
  if (!e) throw new Error(`no miner ${i}`);
  return new CgminerClient({ host: e.host, port: e.port }, { connect_timeout_ms: 200, timeout_ms });
};

describe('cgminer transport', () => {
  it('a hung miner settles on the overall timeout, and does not hold up a healthy one', async () => {
    const start = performance.now();
    const [hung, healthy] = await Promise.allSettled([client(0).raw('version'), client(2).raw('version')]);
    const elapsed = performance.now() - start;
    expect(hung).toMatchObject({ status: 'rejected', reason: { code: 'UPSTREAM', reason: 'timeout_reply' } });
    expect(healthy.status).toBe('fulfilled');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(600);
  });

  it('a reply cut off in flight (no NUL, connection closed) is an error, not a repaired fragment', async () => {
    const start = performance.now();
    await expect(client(1).raw('summary')).rejects.toMatchObject({ code: 'UPSTREAM', reason: 'closed_mid_reply' });
    expect(performance.now() - start).toBeLessThan(300);
  });

  it('a refused connection fails at once', async () => {
    const c = new CgminerClient({ host: '127.0.211.250', port: 1 }, { connect_timeout_ms: 200, timeout_ms: 300 });
    await expect(c.raw('version')).rejects.toMatchObject({ code: 'UPSTREAM', reason: 'connection' });
  });

  it('joins reads with + in one connection, and falls back to one per command when refused', async () => {
    const joined = await client(2).commands(['summary', 'power', 'summary']);
    expect(Object.keys(joined)).toEqual(['summary', 'power']);
    expect(sim.miners[2]?.log.filter((r) => r.command === 'summary')).toHaveLength(1);

    const split = await client(3).commands(['summary', 'power']);
    expect(split.power?.POWER).toBeDefined();
    expect(sim.miners[3]?.log.map((r) => r.command)).toEqual(['summary+power', 'summary', 'power']);
  });

  it('reads a reply carrying the documented malformations', async () => {
    const r = await client(4).commands(['summary', 'fans']);
    expect(r.fans?.FANS).toHaveLength(4);
    expect(r.summary?.SUMMARY).toEqual([expect.objectContaining({ 'GHS 5s': expect.any(Number) as number })]);
  });

  it('refused commands raise typed errors with the firmware code', async () => {
    await expect(client(2).command('nosuchcommand')).rejects.toMatchObject({ code: 'UPSTREAM', reason: 'refused', status_code: 14 });
  });
});
