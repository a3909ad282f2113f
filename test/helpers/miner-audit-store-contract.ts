/**
 * The miner-control part of the Store contract (test/store-contract.test.ts runs it against SQLite
 * and PostgreSQL): locks are exclusive until they expire, even across connections; audit entries
 * read back exactly, by time; recording an action releases its lock in the same transaction.
 */
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../src/errors.js';
import type { MinerActionRecord, Store } from '../../src/ports/store.js';

export const AUDIT_ENTRY: MinerActionRecord = {
  time_unix_s: 1_764_000_000,
  miner: '127.0.0.2:4028',
  from_state: 'hashing 3010 W (measured)',
  to_target: 'power_target 2500 W',
  result: 'applied',
  verification: 'power 2512 W within 5% of 2500 W',
  actor: 'ops',
  command: "hashfloor miners set 127.0.0.2 --power-w 2500 --apply --note 'it''s; DROP TABLE miner_actions; --'",
};

/** `again` opens a second connection to the same database, as another process would. */
export function minerAuditContract(fresh: () => Promise<Store>, again: () => Promise<Store>): void {
  describe('miner locks and audit log', () => {
    it('a lock is exclusive until it expires or is released, across connections', async () => {
      const a = await fresh();
      const b = await again();
      const lock = { miner: '127.0.0.2:4028', holder: 'run-a', expires_unix_s: 1000 };
      expect(await a.acquireMinerLock(lock, 900)).toBe(true);
      expect(await b.acquireMinerLock({ ...lock, holder: 'run-b' }, 900)).toBe(false);
      expect(await a.acquireMinerLock({ ...lock, expires_unix_s: 1100 }, 950)).toBe(true);
      expect(await b.acquireMinerLock({ ...lock, holder: 'run-b' }, 1050)).toBe(false);
      expect(await b.acquireMinerLock({ ...lock, miner: '127.0.0.3:4028', holder: 'run-b' }, 1050)).toBe(true);
      // Expired: another run takes it over.
      expect(await b.acquireMinerLock({ ...lock, holder: 'run-b', expires_unix_s: 1300 }, 1100)).toBe(true);
      await a.releaseMinerLock(lock.miner, 'run-a');
      expect(await a.acquireMinerLock({ ...lock, holder: 'run-c' }, 1200)).toBe(false);
      await b.releaseMinerLock(lock.miner, 'run-b');
      expect(await a.acquireMinerLock({ ...lock, holder: 'run-c' }, 1200)).toBe(true);
    });

    it('of many takers at once, exactly one gets the lock', async () => {
      const stores = [await fresh(), await again(), await again()];
      const got = await Promise.all(
        stores.flatMap((s, i) => [0, 1].map((k) => s.acquireMinerLock({ miner: 'm:1', holder: `h${i}-${k}`, expires_unix_s: 10 }, 0))),
      );
      expect(got.filter(Boolean)).toHaveLength(1);
    });

    it('audit entries read back exactly, oldest first, from a time on; recording releases the lock', async () => {
      const store = await fresh();
      await store.acquireMinerLock({ miner: AUDIT_ENTRY.miner, holder: 'run-a', expires_unix_s: AUDIT_ENTRY.time_unix_s + 600 }, AUDIT_ENTRY.time_unix_s);
      const later = {
        ...AUDIT_ENTRY,
        time_unix_s: AUDIT_ENTRY.time_unix_s + 60,
        result: 'failed' as const,
        verification: 'power 3000 W, expected 2500 W ± 5%',
        from_state: 'Zürich “rack 3”',
      };
      const id2 = await store.recordMinerAction(later);
      const id1 = await store.recordMinerAction(AUDIT_ENTRY, 'run-a');
      expect(id1).not.toBe(id2);
      expect(await store.listMinerActions()).toEqual([
        { ...AUDIT_ENTRY, id: id1 },
        { ...later, id: id2 },
      ]);
      expect((await store.listMinerActions(AUDIT_ENTRY.time_unix_s + 1)).map((a) => a.id)).toEqual([id2]);
      expect(
        await store.acquireMinerLock({ miner: AUDIT_ENTRY.miner, holder: 'run-b', expires_unix_s: AUDIT_ENTRY.time_unix_s + 600 }, AUDIT_ENTRY.time_unix_s),
      ).toBe(true);
    });

    it('name a bad field and write nothing', async () => {
      const store = await fresh();
      const err = await store.recordMinerAction({ ...AUDIT_ENTRY, time_unix_s: -1, result: 'maybe' as 'applied' }).then(
        () => undefined,
        (e: unknown) => e as AppError & { issues: { path: string }[] },
      );
      expect(err?.code).toBe('VALIDATION');
      expect(err?.issues.map((i) => i.path)).toEqual(['time_unix_s', 'result']);
      expect(await store.listMinerActions()).toEqual([]);
      const lockErr = await store.acquireMinerLock({ miner: '', holder: 'h', expires_unix_s: 1 }, 0).then(
        () => undefined,
        (e: unknown) => e as AppError,
      );
      expect(lockErr?.code).toBe('VALIDATION');
    });
  });
}
