/**
 * `hashfloor miners scan|status|set|log` through the CLI, against the FleetControl double
 * (test/helpers/fleet-control-double.ts): what is probed, what is commanded, exit codes, the audit
 * log. Every address is loopback and no socket is opened.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseIpv4Range } from '../src/config/cidr.js';
import { checkScanSize } from '../src/app/miners/scan.js';
import { doubleSessions, fleetFile, tempFile, type CliRun } from './helpers/miners-cli.js';

const session = doubleSessions();

const json = (r: CliRun): Record<string, unknown> => JSON.parse(r.stdout) as Record<string, unknown>;

describe('miners scan', () => {
  it('probes only the named range and single host, finds the miners there and writes the inventory', async () => {
    const { fc, run } = session([{ host: '127.0.0.2' }, { host: '127.0.0.9' }, { host: '127.0.1.2' }]);
    const out = join(tmpdir(), `inventory-${process.pid}.yaml`);
    const r = await run(['miners', 'scan', '127.0.0.0/30', '127.0.0.9', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    // /30: the network (.0) and broadcast (.3) addresses are skipped; 127.0.1.2 is outside.
    expect([...fc.probes].sort()).toEqual(['127.0.0.1:4028', '127.0.0.2:4028', '127.0.0.9:4028']);
    expect(json(r).found).toBe(2);
    const inv = parse(readFileSync(out, 'utf8')) as { version: number; miners: { host: string; driver: string; model: string }[] };
    expect(inv.version).toBe(1);
    expect(inv.miners.map((m) => `${m.host} ${m.driver} ${m.model}`)).toEqual(['127.0.0.2 fake Antminer S19j Pro', '127.0.0.9 fake Antminer S19j Pro']);
    // The file is an inventory `status` reads back.
    const st = await run(['miners', 'status', '--inventory', out, '--json']);
    expect(st.code, st.stderr).toBe(0);
    expect((json(st).miners as unknown[]).length).toBe(2);
  });

  it('matches an identified model to the one lot of that model', async () => {
    const { run } = session([{ host: '127.0.0.5' }]);
    const fleet = fleetFile({ capacity_mw: 1, hosts: [], count: 1 });
    const r = await run(['miners', 'scan', '127.0.0.5', '--fleet', fleet, '--json']);
    expect((json(r).inventory as { miners: { lot: string; site: string }[] }).miners[0]).toMatchObject({ lot: 'rack-a', site: 'site-a' });
  });

  it('refuses a range larger than /16 unless --allow-large, probing nothing', async () => {
    const { fc, run } = session([]);
    const r = await run(['miners', 'scan', '127.0.0.0/15']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('127.0.0.0/15');
    expect(r.stderr).toContain('--allow-large');
    expect(fc.probes).toEqual([]);
    // A /16 is the largest allowed without the flag (checked without probing its 65,534 addresses).
    expect(() => checkScanSize([parseIpv4Range('127.0.0.0/16')], false)).not.toThrow();
    expect(() => checkScanSize([parseIpv4Range('127.0.0.0/15')], true)).not.toThrow();
  });

  it.each([
    ['127.0.0.1/24', 'host bits'],
    ['127.0.0.0/33', '/33'],
    ['127.0.0', 'IPv4 address'],
    ['127.000.0.1', 'IPv4 address'],
    ['localhost', 'IPv4 address'],
    ['127.0.0.0/8/1', 'not an IPv4 range'],
  ])('rejects %s with exit 2 naming the argument', async (arg, why) => {
    const { fc, run } = session([]);
    const r = await run(['miners', 'scan', '127.0.0.4', arg]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`RANGE "${arg}"`);
    expect(r.stderr).toContain(why);
    expect(fc.probes).toEqual([]);
  });

  it('rejects a bad --ports list with exit 2', async () => {
    const { run } = session([]);
    const r = await run(['miners', 'scan', '127.0.0.4', '--ports', '4028,70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ports');
  });
});

describe('miners status', () => {
  it('one hung miner among 50 adds at most the per-miner timeout, is listed, and exits 3 with the others printed', async () => {
    const hosts = Array.from({ length: 50 }, (_, i) => `127.0.2.${i + 1}`);
    const { run } = session(hosts.map((host, i) => ({ host, delay_ms: 5, behaviour: i === 17 ? 'hang' : 'ok' })));
    const fleet = fleetFile({ capacity_mw: 1, hosts });
    const started = performance.now();
    const r = await run(['miners', 'status', '--fleet', fleet, '--timeout-ms', '300', '--json']);
    const elapsed = performance.now() - started;
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('127.0.2.18:4028');
    const s = json(r) as {
      miners: { miner: string; state: string; power_w: number | null }[];
      answered: number;
      lots: { id: string; nameplate_hashrate_ths: number; hashrate_ths: number; lot_count: number }[];
    };
    expect(s.answered).toBe(49);
    expect(s.miners.filter((m) => m.state === 'unreachable').map((m) => m.miner)).toEqual(['127.0.2.18:4028']);
    expect(s.lots[0]).toMatchObject({ id: 'rack-a', lot_count: 50, nameplate_hashrate_ths: 49 * 104 });
    expect(s.lots[0]?.hashrate_ths).toBeCloseTo(49 * 104, 6);
    // The 49 answers take ~15 ms each way; the hung one costs its 300 ms deadline once, in parallel.
    expect(elapsed).toBeLessThan(300 + 400);
  });

  it('needs exactly one of --fleet or --inventory (exit 2)', async () => {
    const { run } = session([]);
    expect((await run(['miners', 'status'])).code).toBe(2);
    const inv = tempFile('version: 1\nminers: []\n');
    const both = await run(['miners', 'status', '--inventory', inv, '--fleet', inv]);
    expect(both.code).toBe(2);
  });

  it('rejects an inventory with an inline password (credentials only by reference)', async () => {
    const { run } = session([]);
    const inv = tempFile('version: 1\nminers:\n  - { host: 127.0.0.2, credentials: { username: root, password: hunter2 } }\n');
    const r = await run(['miners', 'status', '--inventory', inv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('miners[0].credentials');
  });
});

describe('fleet spec miners:', () => {
  it('includes an inventory, gives lots default ids <site>-<n>, and resolves credentials by reference only when reading', async () => {
    const { fc, run } = session([{ host: '127.0.0.2' }, { host: '127.0.0.3' }]);
    const inv = tempFile(
      'version: 1\nminers:\n  - { host: 127.0.0.2, lot: site-a-1 }\n  - { host: 127.0.0.3, lot: site-a-1, credentials: { env: HASHFLOOR_TEST_UNSET_SECRET } }\n',
    );
    const fleet = tempFile(
      [
        'company: { name: Test Mining }',
        'sites: [{ id: site-a, capacity_mw: 1, power_price_usd_per_mwh: 40 }]',
        'lots: [{ site: site-a, model: Antminer S19j Pro, count: 2, purchase_price_usd_per_unit: 1000, purchase_date: 2024-01-01 }]',
        `miners: { include: ${JSON.stringify(inv)} }`,
        '',
      ].join('\n'),
    );
    const r = await run(['miners', 'status', '--fleet', fleet, '--json']);
    expect(r.code).toBe(3);
    const s = JSON.parse(r.stdout) as { miners: { miner: string; lot: string; state: string; error: string | null }[] };
    expect(s.miners.map((m) => [m.miner, m.lot, m.state])).toEqual([
      ['127.0.0.2:4028', 'site-a-1', 'hashing'],
      ['127.0.0.3:4028', 'site-a-1', 'unreachable'],
    ]);
    expect(s.miners[1]?.error).toContain('HASHFLOOR_TEST_UNSET_SECRET');
    // Without its secret the miner is not even connected to.
    expect(fc.probes).toEqual(['127.0.0.2:4028']);
  });

  it('a miner naming a lot the fleet does not have is exit 2 naming the entry', async () => {
    const { run } = session([]);
    const fleet = fleetFile({ capacity_mw: 1, hosts: ['127.0.0.2'] }).replace(/$/, '');
    const bad = tempFile(readFileSync(fleet, 'utf8').replace('lot: rack-a }', 'lot: rack-z }'));
    const r = await run(['miners', 'status', '--fleet', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('miners[0].lot');
  });
});
