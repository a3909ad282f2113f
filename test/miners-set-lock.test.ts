/**
 * Two `miners set --apply` runs at once, each with its own connection to one store (as two
 * processes would), on SQLite and PostgreSQL: while the first is commanding a miner, the second
 * is refused that miner (busy, audited) and sends it nothing; once the first is done, the lock is
 * free again.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/adapters/datasets/asic-catalog-file.js';
import { SqlStore } from '../src/adapters/store/sql-store.js';
import { minersFromFleet, resolveTargets } from '../src/app/miners/miner-list.js';
import { applySet, type ApplyOptions } from '../src/app/miners/set-apply.js';
import { planSet } from '../src/app/miners/set-plan.js';
import { embeddedDataDir } from '../src/main.js';
import { FleetControlDouble } from './helpers/fleet-control-double.js';
import { fleetFile } from './helpers/miners-cli.js';
import { contractStores, pgSkipped, postgres, sqlite, type Backend } from './helpers/sql-backends.js';

function lockSuite(backend: Backend): void {
  const { fresh, track } = contractStores(backend);

  it('a second run is refused a miner the first is commanding, and may take it afterwards', async () => {
    const storeA = await fresh();
    const storeB = track(new SqlStore(await backend.again()));
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const fc = new FleetControlDouble([{ host: '127.0.0.2', power_w: 2000, gate }]);
    const dataDir = embeddedDataDir();
    const list = minersFromFleet(fleetFile({ capacity_mw: 1, hosts: ['127.0.0.2'] }), dataDir);
    const plan = () =>
      planSet(
        fc,
        list,
        resolveTargets(list, ['all']),
        { kind: 'power_target', power_w: 2500 },
        { timeout_ms: 2000, concurrency: 4, env: {}, wake_settle_s: 0, catalog: loadCatalog(dataDir) },
      );
    const opts = (store: SqlStore, runId: string): ApplyOptions => ({
      store,
      runId,
      nowUnixS: () => 1_764_000_000,
      actor: 'test',
      command: 'hashfloor miners set all --power-w 2500 --apply',
      concurrency: 4,
      timeout_ms: 2000,
      max_settle_s: 0,
      verify_s: 0,
      poll_ms: 10,
    });
    const [planA, planB] = [await plan(), await plan()];
    const first = applySet(planA, opts(storeA, 'run-a'));
    await expect.poll(() => fc.commands.length).toBe(1);
    const second = await applySet(planB, opts(storeB, 'run-b'));
    expect(second.map((o) => o.result)).toEqual(['busy']);
    expect(fc.commands).toHaveLength(1);
    release();
    expect((await first).map((o) => o.result)).toEqual(['applied']);
    expect((await storeB.listMinerActions()).map((a) => a.result).sort()).toEqual(['applied', 'busy']);
    // The first run's audit entry released its lock in the same transaction.
    expect(await storeB.acquireMinerLock({ miner: '127.0.0.2:4028', holder: 'run-c', expires_unix_s: 1_764_000_100 }, 1_764_000_000)).toBe(true);
  });
}

describe('miners set lock: SQLite', () => lockSuite(sqlite()));

describe.skipIf(pgSkipped)('miners set lock: PostgreSQL', () => lockSuite(postgres('minerlock')));
