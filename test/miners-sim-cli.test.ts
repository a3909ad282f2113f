/**
 * `hashfloor miners scan|status|set|log` through the CLI against the real drivers
 * (createFleetControl, wired by createServices) and the miner simulator on loopback addresses,
 * started in this process so each miner's request log can be read: what was probed, that a dry run
 * sends nothing, that --apply changes the miner and reads it back, the cap, LuxOS sessions held by
 * someone else and refused credentials. The 127.0.23x.0/24 blocks are this file's own.
 */
import { spawn } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli } from '../src/cli/run.js';
import { createServices } from '../src/main.js';
import { loadCatalog } from '../src/adapters/datasets/asic-catalog-file.js';
import { startMinerSimulator, type MinerSimulator, type MinerSimulatorOptions } from '../src/adapters/miners/simulator/index.js';
import { findModel } from '../src/hardware/catalog.js';
import { modelHighestW } from '../src/app/miners/site-power.js';
import { simulatorInventory } from '../src/app/miners/simulate.js';
import { tempFile, type CliRun } from './helpers/miners-cli.js';

const sims: MinerSimulator[] = [];
const services: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
afterAll(() => {
  delete process.env.HASHFLOOR_TEST_LUX_PASSWORD;
});

async function sim(o: MinerSimulatorOptions): Promise<MinerSimulator> {
  const s = await startMinerSimulator({ port: 0, ...o });
  sims.push(s);
  return s;
}

/** One set of services from createServices (real drivers), so a `set` and the `log` after it share the in-memory store. */
function session(): (argv: string[]) => Promise<CliRun> {
  const s = createServices({ HASHFLOOR_HOME: '/nonexistent/hashfloor-test', HASHFLOOR_DB: ':memory:' });
  services.push(s);
  return async (argv) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, s, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTTY: false });
    return { code, stdout, stderr };
  };
}

const json = <T>(r: CliRun): T => JSON.parse(r.stdout) as T;
const key = (s: MinerSimulator, i: number): string => `${s.inventory[i]?.host}:${s.inventory[i]?.port}`;

/**
 * A one-site fleet whose lot `rack-a` of S19j Pros (the simulator's LuxOS model) counts every
 * listed miner.
 */
function fleetSpec(o: { capacity_mw: number; miners: { host: string; port: number; credentials?: { env: string } }[] }): string {
  return tempFile(
    stringify({
      company: { name: 'Sim Mining' },
      sites: [{ id: 'site-a', capacity_mw: o.capacity_mw, power_price_usd_per_mwh: 40, pue: 1 }],
      lots: [
        { id: 'rack-a', site: 'site-a', model: 'Antminer S19j Pro', count: o.miners.length, purchase_price_usd_per_unit: 1000, purchase_date: '2024-01-01' },
      ],
      miners: o.miners.map((m) => ({ host: m.host, port: m.port, ...(m.credentials ? { credentials: m.credentials } : {}), lot: 'rack-a' })),
    }),
  );
}

interface StatusJson {
  miners: {
    miner: string;
    driver: string | null;
    state: string;
    hashrate_ths: number | null;
    power_w: number | null;
    power_source: string | null;
    error: string | null;
  }[];
  failed: number;
}
interface SetJson {
  dry_run: boolean;
  changes: { miner: string; result: string; verification: string; expected_w: number | null }[];
  sites: { before_w: number; after_w: number; refusal: string | null }[];
}
interface LogJson {
  actions: { miner: string; result: string; verification: string; to_target: string }[];
}

describe('miners scan against the simulator', () => {
  it('finds exactly the simulated miners of the named range and probes nothing else', async () => {
    // Scanning needs the one port on every address: 4028, on this file's own block.
    const inside = await sim({ mix: 'luxos=2,antminer=2,avalon=2', base_address: '127.0.231.1', port: 4028 });
    // .7 is the /29's broadcast address and .8 lies outside it: neither may be touched.
    const outside = await sim({ mix: 'luxos=1,avalon=1', base_address: '127.0.231.7', port: 4028 });
    const r = await session()(['miners', 'scan', '127.0.231.0/29', '--timeout-ms', '2000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const found = json<{ probed: number; inventory: { miners: { host: string; driver: string; model: string }[] } }>(r);
    expect(found.probed).toBe(6);
    expect(found.inventory.miners.map((m) => `${m.host} ${m.driver} ${m.model}`)).toEqual([
      '127.0.231.1 luxos Antminer S19j Pro',
      '127.0.231.2 luxos Antminer S19j Pro',
      '127.0.231.3 antminer Antminer S19',
      '127.0.231.4 antminer Antminer S19',
      '127.0.231.5 avalon Avalon A1466',
      '127.0.231.6 avalon Avalon A1466',
    ]);
    expect(outside.miners.map((m) => m.log.length)).toEqual([0, 0]);
    // Identification uses unauthenticated reads only: no logon, no write.
    expect(inside.miners.flatMap((m) => m.log.filter((q) => q.kind !== 'read'))).toEqual([]);
  });
});

describe('miners status against the simulator', () => {
  it('prints every miner with hashrate, power and its source; a hung one fails within the timeout, exit 3', async () => {
    const s = await sim({ mix: 'luxos=2,antminer=2,avalon=2', base_address: '127.0.232.1', faults: { 1: 'hang' } });
    const inventory = tempFile(stringify(simulatorInventory(s, 1_764_000_000)));
    const started = performance.now();
    const r = await session()(['miners', 'status', '--inventory', inventory, '--timeout-ms', '800', '--json']);
    const elapsedMs = performance.now() - started;
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([`hashfloor: error: 1 of 6 miner(s) did not answer: ${key(s, 1)}`]);
    const out = json<StatusJson>(r);
    expect(out.failed).toBe(1);
    expect(out.miners.map((m) => [m.driver, m.state, m.power_source])).toEqual([
      ['luxos', 'hashing', 'measured'],
      ['luxos', 'unreachable', null],
      ['antminer', 'hashing', 'estimated'],
      ['antminer', 'hashing', 'estimated'],
      ['avalon', 'hashing', 'measured'],
      ['avalon', 'hashing', 'measured'],
    ]);
    // Catalog stock points: S19j Pro 104 TH/s 3,068 W; S19 95 TH/s 3,250 W (the estimate); A1466 150 TH/s 3,230 W.
    const answered = out.miners.filter((m) => m.state !== 'unreachable');
    expect(answered.map((m) => [Math.round(m.hashrate_ths ?? 0), m.power_w])).toEqual([
      [104, 3068],
      [95, 3250],
      [95, 3250],
      [150, 3230],
      [150, 3230],
    ]);
    expect(out.miners[1]?.error).toContain(key(s, 1));
    expect(elapsedMs).toBeLessThan(800 + 1500);
    // The people's table prints the answering miners beside the failed one.
    const table = await session()(['miners', 'status', '--inventory', inventory, '--timeout-ms', '800']);
    expect(table.stdout).toContain(key(s, 0));
    expect(table.stdout).toMatch(/unreachable/);
  });
});

describe('miners set against the simulator', () => {
  const luxFleet = async (base: string, o: Partial<MinerSimulatorOptions> = {}): Promise<MinerSimulator> => sim({ mix: 'luxos=2', base_address: base, ...o });

  it('without --apply sends no write (nor logon) to any miner', async () => {
    const s = await luxFleet('127.0.233.1');
    const fleet = fleetSpec({ capacity_mw: 1, miners: s.inventory });
    const r = await session()(['miners', 'set', 'all', '--profile', '450MHz', '--fleet', fleet, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<SetJson>(r).changes.map((c) => c.result)).toEqual(['dry_run', 'dry_run']);
    expect(s.miners.map((m) => m.writes())).toEqual([[], []]);
    expect(s.miners.flatMap((m) => m.log.filter((q) => q.kind === 'session'))).toEqual([]);
    expect(s.miners.map((m) => m.luxos.profile)).toEqual(['default', 'default']);
  });

  it('with --apply changes the profile (ATM off around it), reads it back, verifies and audits it', async () => {
    const s = await luxFleet('127.0.233.11');
    const fleet = fleetSpec({ capacity_mw: 1, miners: s.inventory });
    const run = session();
    const r = await run(['miners', 'set', key(s, 0), '--profile', '450MHz', '--fleet', fleet, '--apply', '--max-settle-s', '0', '--verify-s', '5', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const m = s.miners[0];
    expect(m?.luxos.profile).toBe('450MHz');
    expect(m?.luxos.atm_enabled).toBe(true);
    expect(m?.writes().map((w) => `${w.command} ${w.parameter?.split(',').slice(1).join(',')}`)).toEqual([
      'atmset enabled=false',
      'profileset 450MHz',
      'atmset enabled=true',
    ]);
    // The session was ended, not left to lock other tools out for a minute.
    expect(m?.luxos.session).toBeNull();
    expect(s.miners[1]?.writes()).toEqual([]);
    const expected = Math.round(m?.physics.pointAt(450 / 500).power_w ?? 0);
    expect(json<SetJson>(r).changes[0]).toMatchObject({ result: 'applied', expected_w: expected });
    const log = json<LogJson>(await run(['miners', 'log', '--json'])).actions;
    expect(log).toEqual([expect.objectContaining({ miner: key(s, 0), result: 'applied', to_target: 'profile 450MHz' })]);
    expect(log[0]?.verification).toMatch(new RegExp(`^verified: read back hashing ${expected} W \\(measured\\)`));
  });

  it('refuses a raise over the site cap when an unreachable miner counts at its highest power', async () => {
    const s = await luxFleet('127.0.233.21');
    // Nothing listens there: connection refused.
    const gone = { host: '127.0.233.29', port: 4028 };
    const spec = (capacity_mw: number): string => fleetSpec({ capacity_mw, miners: [...s.inventory, gone] });
    const run = session();
    const argv = (fleet: string, apply: boolean): string[] => [
      'miners',
      'set',
      key(s, 0),
      '--profile',
      '550MHz',
      '--fleet',
      fleet,
      ...(apply ? ['--apply'] : []),
      '--json',
    ];
    const dry = json<SetJson>(await run(argv(spec(1), false))).sites[0];
    const highest = modelHighestW(findModel(loadCatalog('data'), 'Antminer S19j Pro'));
    expect(dry?.before_w).toBeCloseTo(2 * 3068 + highest, 0); // to the watt, as the miners report it
    // A cap between the draw now and after the raise: only the raise breaks it.
    const capMw = ((dry?.before_w ?? 0) + (dry?.after_w ?? 0)) / 2 / 1e6;
    const r = await run(argv(spec(capMw), true));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('site site-a');
    expect(json<SetJson>(r).changes[0]?.result).toBe('refused');
    expect(s.miners.map((m) => m.writes())).toEqual([[], []]);
    expect(json<LogJson>(await run(['miners', 'log', '--json'])).actions.map((a) => a.result)).toEqual(['refused']);
  });

  it('a LuxOS session held by someone else: one line naming the host, exit 3, the session is not killed', async () => {
    const s = await luxFleet('127.0.233.31', { faults: { 0: 'session_held' } });
    const fleet = fleetSpec({ capacity_mw: 1, miners: s.inventory });
    const r = await session()(['miners', 'set', key(s, 0), '--profile', '450MHz', '--fleet', fleet, '--apply', '--max-settle-s', '0']);
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(key(s, 0));
    expect(lines[0]).toMatch(/another actor holds the LuxOS session/);
    const m = s.miners[0];
    expect(m?.log.map((q) => q.command)).not.toContain('kill');
    expect(m?.log.map((q) => q.command)).not.toContain('logon');
    expect(m?.writes()).toEqual([]);
    expect(m?.luxos.session?.owner).toBe('other');
  });

  it('refused credentials: one clear line naming the host and the credentials, exit 3, nothing written', async () => {
    const s = await luxFleet('127.0.233.41', { faults: { 0: 'wrong_credentials' } });
    process.env.HASHFLOOR_TEST_LUX_PASSWORD = 'not-the-password';
    const fleet = fleetSpec({ capacity_mw: 1, miners: s.inventory.map((m) => ({ ...m, credentials: { env: 'HASHFLOOR_TEST_LUX_PASSWORD' } })) });
    const r = await session()(['miners', 'set', key(s, 0), '--sleep', '--fleet', fleet, '--apply', '--max-settle-s', '0']);
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(key(s, 0));
    expect(lines[0]).toMatch(/credentials/);
    expect(s.miners[0]?.writes()).toEqual([]);
    expect(s.miners[0]?.physics.sleeping).toBe(false);
  });
});

describe('simulate miners inventory', () => {
  it('is the inventory `miners status --inventory` reads', async () => {
    const s = await sim({ mix: 'antminer=1,avalon=1', base_address: '127.0.234.1' });
    const inv = parse(stringify(simulatorInventory(s, 1_764_000_000))) as { miners: { host: string; model: string }[] };
    expect(inv.miners.map((m) => `${m.host} ${m.model}`)).toEqual(['127.0.234.1 Antminer S19', '127.0.234.2 Avalon A1466']);
    const r = await session()(['miners', 'status', '--inventory', tempFile(stringify(inv)), '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('hashfloor simulate miners (its own process)', () => {
  it('prints the inventory it serves, answers `miners status` from it, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'simulate', 'miners', '--count', '3', '--base', '127.0.236.1', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 200 && !stdout.includes('# serving until'); i++) await new Promise((r) => setTimeout(r, 50));
      const inv = parse(stdout) as { miners: { host: string; driver: string }[] };
      expect(inv.miners.map((m) => `${m.host} ${m.driver}`)).toEqual(['127.0.236.1 luxos', '127.0.236.2 antminer', '127.0.236.3 avalon']);
      const r = await session()(['miners', 'status', '--inventory', tempFile(stdout), '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(json<StatusJson>(r).miners.map((m) => m.state)).toEqual(['hashing', 'hashing', 'hashing']);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // The stop line is a YAML comment: the whole output is still the inventory.
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^# stopped: \d+ request\(s\) served, 0 of them writes$/);
    expect((parse(stdout) as { miners: unknown[] }).miners).toHaveLength(3);
  }, 20_000);
});
