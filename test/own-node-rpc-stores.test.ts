/**
 * Own-node sync over RPC (the local JSON-RPC server of helpers/rpc-server.ts) against both stores,
 * SQLite and the throwaway PostgreSQL of test/global-setup.ts: reorgs rolled back to the fork point
 * and re-applied, crashes injected inside the store's writes, re-runs — after each, the stored
 * blocks and daily aggregates are compared with a from-scratch sync of the same chain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeNode } from './helpers/rpc-server.js';
import { storeBackends, withStore } from './helpers/store-backends.js';
import { chain, type SynthBlock } from './helpers/synthetic-chain.js';
import { REGTEST } from '../src/chain/address.js';
import { BitcoinRpcSource } from '../src/adapters/chain/bitcoin-rpc.js';
import type { StoreLocation } from '../src/adapters/store/open-store.js';
import type { SqlStoreOptions, WriteOp } from '../src/adapters/store/sql-store.js';
import { syncChain } from '../src/app/sync/sync-chain.js';

// ~10-minute blocks from 2024-01-01 00:46 UTC: 300 blocks span about two days.
const main = chain({ length: 300, seed: 41, genesisTime: 1_704_070_000 });
const fork = chain({ length: 40, seed: 42, parent: main[259] }); // heights 260..299, more work than main's 260..279
const heavy = chain({ length: 5, seed: 43, parent: main[279], bits: 0x1f00ffff }); // ≫ work per block
const root = mkdtempSync(join(tmpdir(), 'hashfloor-own-node-rpc-'));
const node = new FakeNode(main);
let source: BitcoinRpcSource;

beforeAll(async () => {
  await node.start();
  writeFileSync(join(root, 'cookie'), `__cookie__:${node.password}`);
  source = new BitcoinRpcSource({ url: node.url, auth: { cookieFile: join(root, 'cookie') }, network: REGTEST, sleep: () => Promise.resolve() });
});
afterAll(async () => {
  await node.stop();
  rmSync(root, { recursive: true, force: true });
});

/** A store option that throws ("the power went out") after statement `step` of the `nth` write `op`. */
function crashAt(op: WriteOp, step: number, nth = 1): SqlStoreOptions {
  let calls = 0;
  return {
    afterStatement: (o, s) => {
      if (o !== op) return;
      if (s === 0) calls++;
      if (calls === nth && s === step) throw new Error(`crash in ${op}`);
    },
  };
}

for (const backend of storeBackends(root, 'own_node_rpc')) {
  describe.skipIf(backend.skip)(`own-node sync over RPC: ${backend.name}`, () => {
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());

    const sync = (loc: StoreLocation, options: SqlStoreOptions = {}, batchBlocks = 16) => withStore(loc, (s) => syncChain(s, source, { batchBlocks }), options);
    /** Everything a sync derives: every stored block, the tip, and the own-node daily rows. */
    const snapshot = (loc: StoreLocation) =>
      withStore(loc, async (s) => ({
        blocks: (await s.listBlocks()).map((b) => `${b.height}:${b.hash}:${b.coinbase_value_sat}:${b.fees_sat}`),
        tip: await s.chainTip(),
        daily: (await s.listDaily({ from: '2023-12-31', to: '2024-01-05' })).filter((d) => d.provenance.blocks?.includes('own-node')),
      }));
    /** The snapshot of a fresh store synced once, in one batch, to the node's current chain. */
    async function fromScratch(): Promise<Awaited<ReturnType<typeof snapshot>>> {
      const loc = await backend.fresh();
      await sync(loc, {}, 1000);
      return snapshot(loc);
    }
    const hashesOf = (blocks: SynthBlock[]): string[] => blocks.map((b) => b.hash);
    const storedHashes = (loc: StoreLocation) => withStore(loc, async (s) => (await s.listBlocks()).map((b) => b.hash));

    it('extends incrementally, follows a reorg to the fork point, and a re-run changes nothing', async () => {
      const loc = await backend.fresh();
      node.setChain(main.slice(0, 200));
      expect(await sync(loc)).toMatchObject({ tip_height: 199, fork_height: -1, blocks_written: 200 });
      node.setChain(main.slice(0, 280));
      expect(await sync(loc)).toMatchObject({ previous_tip_height: 199, fork_height: 199, blocks_written: 80 });
      node.setChain([...main.slice(0, 260), ...fork]);
      expect(await sync(loc)).toMatchObject({ previous_tip_height: 279, fork_height: 259, reorg_depth: 20, blocks_written: 40, tip_height: 299 });
      expect(await storedHashes(loc)).toEqual(hashesOf([...main.slice(0, 260), ...fork]));
      const after = await snapshot(loc);
      expect(after.daily.reduce((n, d) => n + (d.blocks ?? 0), 0)).toBe(300);
      expect(after).toEqual(await fromScratch());
      expect(await sync(loc)).toMatchObject({ blocks_written: 0, days_upserted: 0, reorg_depth: 0, fork_height: 299 });
      expect(await snapshot(loc)).toEqual(after);
    });

    it('follows a reorg to a shorter chain with more work, and a node that went back to an earlier tip', async () => {
      const loc = await backend.fresh();
      node.setChain(main.slice(0, 290));
      await sync(loc);
      node.setChain([...main.slice(0, 280), ...heavy]);
      expect(await sync(loc)).toMatchObject({ fork_height: 279, reorg_depth: 10, blocks_written: 5, tip_height: 284 });
      expect(await snapshot(loc)).toEqual(await fromScratch());
      // invalidateblock on the node: its chain is now a prefix of the stored one, ending on the first day.
      node.setChain(main.slice(0, 100));
      expect(await sync(loc)).toMatchObject({ fork_height: 99, reorg_depth: 185, blocks_written: 0, tip_height: 99 });
      const back = await snapshot(loc);
      expect(back.blocks).toHaveLength(100);
      expect(back).toEqual(await fromScratch());
    });

    it('a crash between the rollback and the new tip leaves the old branch whole; the next sync completes the reorg', async () => {
      const loc = await backend.fresh();
      node.setChain(main.slice(0, 280));
      await sync(loc);
      const before = await snapshot(loc);
      node.setChain([...main.slice(0, 260), ...fork]);
      // Statement 0 of the reorg's write is the DELETE above the fork point.
      await expect(sync(loc, crashAt('replaceChainFrom', 0))).rejects.toThrow('crash in replaceChainFrom');
      expect(await snapshot(loc)).toEqual(before);
      expect(await sync(loc)).toMatchObject({ fork_height: 259, reorg_depth: 20, blocks_written: 40 });
      expect(await snapshot(loc)).toEqual(await fromScratch());
    });

    it('a crash between the daily rows deleted and rewritten leaves the old chain and days', async () => {
      const loc = await backend.fresh();
      node.setChain(main.slice(0, 280));
      await sync(loc);
      const before = await snapshot(loc);
      node.setChain([...main.slice(0, 260), ...fork]);
      // The whole reorg in one batch; statements: 0 DELETE above the fork, 1 INSERT blocks, 2 SELECT the
      // touched days' blocks, 3 DELETE their daily rows, 4 INSERT the new ones. The power goes after 3.
      await expect(sync(loc, crashAt('replaceChainFrom', 3), 1000)).rejects.toThrow('crash in replaceChainFrom');
      expect(await snapshot(loc)).toEqual(before);
      expect(await sync(loc, {}, 1000)).toMatchObject({ fork_height: 259, reorg_depth: 20, blocks_written: 40 });
      expect(await snapshot(loc)).toEqual(await fromScratch());
      expect(await sync(loc, {}, 1000)).toMatchObject({ blocks_written: 0, days_upserted: 0 });
    });

    it('a crash after some batches resumes from the last committed batch, and ends where a single run would', async () => {
      const loc = await backend.fresh();
      node.setChain(main);
      await expect(sync(loc, crashAt('replaceChainFrom', 1, 4), 50)).rejects.toThrow('crash in replaceChainFrom');
      expect(await storedHashes(loc)).toEqual(hashesOf(main.slice(0, 150)));
      expect(await sync(loc, {}, 50)).toMatchObject({ previous_tip_height: 149, fork_height: 149, blocks_written: 150 });
      expect(await snapshot(loc)).toEqual(await fromScratch());
    });
  });
}
