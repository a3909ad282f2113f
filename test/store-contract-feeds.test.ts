/**
 * The Store contract for live feeds (ports/feed-store.ts), run against SQLite and a real
 * PostgreSQL server (test/global-setup.ts): feed batches written whole or not at all, only changed
 * days rewritten, explorer blocks replaced from a reorg's height, feed origins ranked between
 * user-import and the dataset, partial days ranked last, and the write lock.
 */
import { describe, expect, it } from 'vitest';
import { emptyDailyRow, type DailyRow } from '../src/history/daily-row.js';
import type { FeedBlock } from '../src/ports/network-feed.js';
import { contractStores, pgSkipped, postgres, rejectsWith, sqlite, type Backend } from './helpers/sql-backends.js';

const row = (date: string, patch: Partial<DailyRow>): DailyRow => ({ ...emptyDailyRow(date), ...patch });
const block = (height: number, hashSeed = 'a'): FeedBlock => ({
  height,
  hash: `${hashSeed}${height.toString(16)}`.padStart(64, '0'),
  time_unix_s: 1_767_225_600 + height * 600,
  difficulty: 1.4e14,
  reward_sat: 312_600_000n,
  fees_sat: 100_000n,
  pool: 'simpool',
});

function contract(backend: Backend): void {
  const { fresh } = contractStores(backend);
  describe('live feeds', () => {
    it('writes a batch, then only what changed; lastFeedDay skips partial days', async () => {
      const store = await fresh();
      const rows = [
        row('2026-01-01', { blocks: 144, fees_sat: 123n, provenance: { blocks: 'feed:mempool', fees_sat: 'feed:mempool' } }),
        row('2026-01-02', { blocks: 50, provenance: { blocks: 'estimated:feed-partial-day:mempool' } }),
      ];
      expect(await store.writeFeedBatch({ feed: 'mempool', rows, blocks: [block(10), block(11)] })).toEqual({
        days_added: 2,
        days_revised: 0,
        blocks_written: 2,
      });
      expect(await store.writeFeedBatch({ feed: 'mempool', rows, blocks: [block(10), block(11)] })).toEqual({
        days_added: 0,
        days_revised: 0,
        blocks_written: 0,
      });
      expect(await store.lastFeedDay('mempool')).toBe('2026-01-01');
      const revised = [row('2026-01-02', { blocks: 144, provenance: { blocks: 'feed:mempool' } })];
      expect(await store.writeFeedBatch({ feed: 'mempool', rows: revised, blocks: [block(11, 'b'), block(12, 'b')] })).toEqual({
        days_added: 0,
        days_revised: 1,
        blocks_written: 2,
      });
      expect(await store.lastFeedDay('mempool')).toBe('2026-01-02');
      expect((await store.feedBlocks({})).map((b) => b.hash.slice(-2))).toEqual(['aa', 'bb', 'bc']);
      expect((await store.feedBlocks({ fromTop: true, limit: 1 }))[0]).toEqual(block(12, 'b'));
      expect((await store.listDaily({ from: '2026-01-01', to: '2026-01-01' }))[0]?.fees_sat).toBe(123n);
    });

    it('a crash mid-batch leaves the store as it was; bad input names the field', async () => {
      const store = await fresh({
        afterStatement: (op, step) => {
          if (op === 'writeFeedBatch' && step === 1) throw new Error('crash');
        },
      });
      await expect(store.writeFeedBatch({ feed: 'mempool', rows: [row('2026-01-01', { blocks: 1 })], blocks: [block(1)] })).rejects.toThrow('crash');
      expect(await store.feedBlocks({})).toEqual([]);
      expect(await store.lastFeedDay('mempool')).toBeNull();
      const gap = await rejectsWith(store.writeFeedBatch({ feed: 'mempool', rows: [], blocks: [block(1), block(3)] }), 'VALIDATION');
      expect(gap.message).toMatch(/blocks\[1\]\.height/);
      await rejectsWith(store.writeFeedBatch({ feed: 'Bad Name', rows: [] }), 'VALIDATION');
    });

    it('ranks own-node > user-import > feed (coinbase before mempool) > dataset, partial feed days last', async () => {
      const store = await fresh();
      await store.loadDataset('network-daily', 't', [
        row('2026-01-01', {
          price_usd_per_btc: 1,
          blocks: 140,
          difficulty: 5,
          provenance: { price_usd_per_btc: 'yahoo_close', blocks: 'coinmetrics', difficulty: 'coinmetrics' },
        }),
      ]);
      await store.writeFeedBatch({
        feed: 'mempool',
        rows: [
          row('2026-01-01', {
            price_usd_per_btc: 2,
            blocks: 143,
            difficulty: 7,
            provenance: { price_usd_per_btc: 'feed:mempool', blocks: 'feed:mempool', difficulty: 'estimated:feed-partial-day:mempool' },
          }),
        ],
      });
      await store.writeFeedBatch({ feed: 'coinbase', rows: [row('2026-01-01', { price_usd_per_btc: 3, provenance: { price_usd_per_btc: 'feed:coinbase' } })] });
      let [d] = await store.listDaily();
      expect([d?.price_usd_per_btc, d?.blocks, d?.difficulty]).toEqual([3, 143, 5]);
      await store.upsertDaily('user-import', [row('2026-01-01', { price_usd_per_btc: 4 })]);
      await store.upsertDaily('own-node', [row('2026-01-01', { blocks: 144 })]);
      [d] = await store.listDaily();
      expect([d?.price_usd_per_btc, d?.blocks, d?.provenance.blocks]).toEqual([4, 144, 'own-node']);
    });

    it('a write lock has one holder until released or expired', async () => {
      const store = await fresh();
      expect(await store.acquireLock('store-write', 'update pid=1', 1000, 60)).toBeNull();
      expect(await store.acquireLock('store-write', 'serve pid=2', 1010, 60)).toMatchObject({ holder: 'update pid=1', expires_unix_s: 1060 });
      expect(await store.acquireLock('store-write', 'update pid=1', 1020, 60)).toBeNull(); // renewed
      expect(await store.acquireLock('store-write', 'serve pid=2', 1070, 60)).toMatchObject({ expires_unix_s: 1080 });
      expect(await store.releaseLock('store-write', 'serve pid=2')).toBe(false);
      expect(await store.acquireLock('store-write', 'serve pid=2', 1081, 60)).toBeNull(); // expired: taken over
      expect(await store.releaseLock('store-write', 'serve pid=2')).toBe(true);
    });
  });
}

describe('Store contract (live feeds): SQLite', () => contract(sqlite()));
describe.skipIf(pgSkipped)('Store contract (live feeds): PostgreSQL', () => contract(postgres('contract_feeds')));
