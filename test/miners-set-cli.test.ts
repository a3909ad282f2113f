/**
 * `hashfloor miners set` and `miners log` through the CLI against the FleetControl double: the dry
 * run commands nothing, the site cap counts an unreachable miner at its highest power, a read-back
 * mismatch is a failure and audited, a flag outside a miner's range is exit 2 naming the host.
 */
import { describe, expect, it } from 'vitest';
import { doubleSessions, fleetFile, type CliRun } from './helpers/miners-cli.js';

const session = doubleSessions();

interface SetJson {
  dry_run: boolean;
  changes: { miner: string; result: string; verification: string; expected_w: number | null }[];
  sites: { before_w: number; after_w: number; refusal: string | null }[];
}
interface LogJson {
  actions: { miner: string; result: string; verification: string; from_state: string; to_target: string; command: string; actor: string }[];
}
const json = <T>(r: CliRun): T => JSON.parse(r.stdout) as T;
const HOSTS = ['127.0.0.2', '127.0.0.3'];
// 2 × 3,068 W stock fits 6.5 kW; 3,000 W plus an unreachable S19j Pro at its catalog overclock-120 (~4.3 kW) does not.
const CAP_MW = 0.0065;

describe('miners set', () => {
  it('without --apply is a dry run: prints current → target, commands nothing, writes no audit', async () => {
    const { fc, run } = session(HOSTS.map((host) => ({ host, power_w: 2000 })));
    const fleet = fleetFile({ capacity_mw: CAP_MW, hosts: HOSTS });
    const r = await run(['miners', 'set', 'rack-a', '--power-w', '2500', '--fleet', fleet, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json<SetJson>(r);
    expect(out.dry_run).toBe(true);
    expect(out.changes.map((c) => [c.miner, c.result, c.expected_w])).toEqual([
      ['127.0.0.2:4028', 'dry_run', 2500],
      ['127.0.0.3:4028', 'dry_run', 2500],
    ]);
    expect(fc.commands).toEqual([]);
    const people = await run(['miners', 'set', 'all', '--sleep', '--fleet', fleet]);
    expect(people.stdout).toContain('DRY RUN');
    expect(fc.commands).toEqual([]);
    expect(json<LogJson>(await run(['miners', 'log', '--json'])).actions).toEqual([]);
  });

  it('applies, verifies by reading back, and audits each change', async () => {
    const { fc, run } = session(HOSTS.map((host) => ({ host, power_w: 2000 })));
    const fleet = fleetFile({ capacity_mw: CAP_MW, hosts: HOSTS });
    const r = await run(['miners', 'set', '127.0.0.2', '--power-w', '3000', '--fleet', fleet, '--apply', '--actor', 'ops', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(json<SetJson>(r).changes.map((c) => c.result)).toEqual(['applied']);
    expect(fc.commands).toEqual([{ miner: '127.0.0.2:4028', action: 'apply', target: { kind: 'power_target', power_w: 3000 } }]);
    const log = json<LogJson>(await run(['miners', 'log', '--json'])).actions;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      miner: '127.0.0.2:4028',
      result: 'applied',
      from_state: 'hashing 2000 W (measured)',
      to_target: 'power_target 3000 W',
      actor: 'ops',
    });
    expect(log[0]?.verification).toMatch(/^verified: read back hashing 3000 W/);
    expect(log[0]?.command).toContain('--power-w 3000');
  });

  it('refuses a change over the site cap when an unreachable miner counts at its highest power, and audits the refusal', async () => {
    const { fc, run } = session([
      { host: '127.0.0.2', power_w: 2000 },
      { host: '127.0.0.3', behaviour: 'refuse' },
    ]);
    const fleet = fleetFile({ capacity_mw: CAP_MW, hosts: HOSTS });
    const r = await run(['miners', 'set', '127.0.0.2', '--power-w', '3000', '--fleet', fleet, '--apply', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('site-a');
    const out = json<SetJson>(r);
    expect(out.changes[0]?.result).toBe('refused');
    // The unreachable one is at the S19j Pro's highest catalog profile, above its 3,068 W stock.
    expect(out.sites[0]?.after_w).toBeGreaterThan(3000 + 3068);
    expect(fc.commands).toEqual([]);
    expect(json<LogJson>(await run(['miners', 'log', '--json'])).actions.map((a) => a.result)).toEqual(['refused']);

    // The same change with that miner answering at 2,000 W fits the cap and is applied.
    const ok = session([
      { host: '127.0.0.2', power_w: 2000 },
      { host: '127.0.0.3', power_w: 2000 },
    ]);
    const applied = await ok.run(['miners', 'set', '127.0.0.2', '--power-w', '3000', '--fleet', fleet, '--apply', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(ok.fc.commands).toHaveLength(1);
  });

  it('never refuses a change that lowers the draw, even over the cap', async () => {
    const { fc, run } = session([
      { host: '127.0.0.2', power_w: 3068 },
      { host: '127.0.0.3', behaviour: 'refuse' },
    ]);
    const fleet = fleetFile({ capacity_mw: CAP_MW, hosts: HOSTS, count: 2 });
    const r = await run(['miners', 'set', '127.0.0.2', '--sleep', '--fleet', fleet, '--apply', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(fc.commands).toEqual([{ miner: '127.0.0.2:4028', action: 'apply', target: { kind: 'sleep' } }]);
  });

  it('reports a read-back mismatch as a failure (exit 3) and audits it', async () => {
    const { fc, run } = session([
      { host: '127.0.0.2', power_w: 2000, behaviour: 'ignore' },
      { host: '127.0.0.3', power_w: 2000 },
    ]);
    const fleet = fleetFile({ capacity_mw: CAP_MW, hosts: HOSTS });
    const r = await run(['miners', 'set', 'all', '--power-w', '2500', '--fleet', fleet, '--apply', '--verify-s', '0.2', '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('127.0.0.2:4028');
    expect(json<SetJson>(r).changes.map((c) => c.result)).toEqual(['failed', 'applied']);
    expect(fc.commands).toHaveLength(2);
    const log = json<LogJson>(await run(['miners', 'log', '--json'])).actions;
    const bad = log.find((a) => a.miner === '127.0.0.2:4028');
    expect(bad?.result).toBe('failed');
    expect(bad?.verification).toMatch(/^mismatch after settling: read back hashing 2000 W/);
  });

  it('a power target outside a miner’s range: exit 2, one line naming the host and cause, nothing sent', async () => {
    const { fc, run } = session(HOSTS.map((host) => ({ host, power_w: 2000 })));
    const fleet = fleetFile({ capacity_mw: CAP_MW, hosts: HOSTS });
    const r = await run(['miners', 'set', 'all', '--power-w', '5000', '--fleet', fleet, '--apply']);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('127.0.0.2:4028: 5000 W is outside its power-target range 1000–3500 W');
    expect(lines[0]).toContain('127.0.0.3:4028');
    expect(fc.commands).toEqual([]);
    const profile = await run(['miners', 'set', '127.0.0.3:4028', '--profile', 'turbo', '--fleet', fleet, '--apply']);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('no profile "turbo"');
    expect(fc.commands).toEqual([]);
  });

  it.each([
    [['miners', 'set', 'all', '--fleet', 'F'], '--profile'],
    [['miners', 'set', 'all', '--sleep', '--wake', '--fleet', 'F'], '--sleep'],
    [['miners', 'set', 'nowhere', '--sleep', '--fleet', 'F'], 'TARGET "nowhere"'],
    [['miners', 'set', 'all', '--power-w', 'lots', '--fleet', 'F'], '--power-w'],
    [['miners', 'set', 'all', '--sleep'], '--fleet'],
    [['miners', 'log', '--since', 'yesterday'], '--since'],
  ])('bad input %j exits 2 naming %s', async (argv, field) => {
    const { fc, run } = session(HOSTS.map((host) => ({ host })));
    const fleet = fleetFile({ capacity_mw: CAP_MW, hosts: HOSTS });
    const r = await run(argv.map((a) => (a === 'F' ? fleet : a)));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(field);
    expect(fc.commands).toEqual([]);
  });
});
