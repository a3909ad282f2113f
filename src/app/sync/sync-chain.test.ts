import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../test/helpers/memory-store.js';
import { FakeNode } from '../../../test/helpers/rpc-server.js';
import { chain } from '../../../test/helpers/synthetic-chain.js';
import { REGTEST } from '../../chain/address.js';
import { BitcoinRpcSource } from '../../adapters/chain/bitcoin-rpc.js';
import type { Store } from '../../ports/store.js';
import { syncChain } from './sync-chain.js';

// ~10-minute blocks from 2024-01-01 00:46 UTC: 300 blocks span about two days.
const main = chain({ length: 300, seed: 11, genesisTime: 1_704_070_000 });
const fork = chain({ length: 40, seed: 12, parent: main[259] }); // heights 260..299+, more work
const node = new FakeNode(main.slice(0, 200));
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-sync-'));
let source: BitcoinRpcSource;

beforeAll(async () => {
  await node.start();
  writeFileSync(join(dir, 'cookie'), `__cookie__:${node.password}`);
  source = new BitcoinRpcSource({ url: node.url, auth: { cookieFile: join(dir, 'cookie') }, network: REGTEST, sleep: () => Promise.resolve() });
});
afterAll(async () => {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

const hashes = (s: MemoryStore): string[] => s.chain.map((b) => b.hash);

describe('sync from a node into the store', () => {
  const store = new MemoryStore();

  it('first sync writes every block and the daily aggregates', async () => {
    const progress: number[] = [];
    const s = await syncChain(store, source, { batchBlocks: 64, onProgress: (d) => progress.push(d) });
    expect(s).toMatchObject({ tip_height: 199, previous_tip_height: null, fork_height: -1, reorg_depth: 0, blocks_written: 200 });
    expect(hashes(store)).toEqual(main.slice(0, 200).map((b) => b.hash));
    expect(progress).toEqual([0, 64, 128, 192, 200]);
    const days = await store.listDaily();
    expect(days.reduce((n, d) => n + (d.blocks ?? 0), 0)).toBe(200);
    const feesAll = main.slice(0, 200).reduce((s, b) => s + b.fees_sat, 0n);
    expect(days.reduce((s, d) => s + (d.fees_sat ?? 0n), 0n)).toBe(feesAll);
    expect(days[0]).toMatchObject({ date: '2024-01-01', provenance: { blocks: 'own-node' }, price_usd_per_btc: null });
    expect(days[0]?.issuance_sat).toBe(BigInt(days[0]?.blocks ?? 0) * 5_000_000_000n);
  });

  it('a second sync with nothing new writes nothing (idempotent)', async () => {
    const writes = store.writes;
    const s = await syncChain(store, source);
    expect(s).toMatchObject({ blocks_written: 0, fork_height: 199, reorg_depth: 0 });
    expect(store.writes).toBe(writes);
  });

  it('extends incrementally from the stored tip', async () => {
    node.setChain(main.slice(0, 260));
    const s = await syncChain(store, source, { batchBlocks: 25 });
    expect(s).toMatchObject({ previous_tip_height: 199, fork_height: 199, blocks_written: 60, tip_height: 259 });
    expect(hashes(store)).toEqual(main.slice(0, 260).map((b) => b.hash));
  });

  it('follows a reorg: finds the fork point and replaces the stale branch', async () => {
    node.setChain(main.slice(0, 280)); // we store 260..279 of the first branch
    await syncChain(store, source);
    node.setChain([...main.slice(0, 260), ...fork]); // the fork from 260 wins
    const s = await syncChain(store, source, { batchBlocks: 16 });
    expect(s).toMatchObject({ previous_tip_height: 279, fork_height: 259, reorg_depth: 20, blocks_written: 40, tip_height: 299 });
    expect(hashes(store)).toEqual([...main.slice(0, 260), ...fork].map((b) => b.hash));
    const days = await store.listDaily();
    expect(days.reduce((n, d) => n + (d.blocks ?? 0), 0)).toBe(300);
  });

  it('follows a reorg to a shorter chain with more work', async () => {
    const s2 = new MemoryStore();
    node.setChain(main.slice(0, 290));
    await syncChain(s2, source);
    const heavy = chain({ length: 5, seed: 13, parent: main[279], bits: 0x1f00ffff }); // ≫ work per block
    node.setChain([...main.slice(0, 280), ...heavy]);
    const s = await syncChain(s2, source);
    expect(s).toMatchObject({ fork_height: 279, reorg_depth: 10, blocks_written: 5, tip_height: 284 });
    expect(hashes(s2).slice(-5)).toEqual(heavy.map((b) => b.hash));
  });
});

describe('crash injection', () => {
  /** A store whose nth replaceChainFrom call throws ("the process died here"). */
  function crashing(inner: MemoryStore, n: number): Store {
    let calls = 0;
    return new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'replaceChainFrom') {
          return (...args: Parameters<Store['replaceChainFrom']>) => (++calls === n ? Promise.reject(new Error('crash')) : target.replaceChainFrom(...args));
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  }

  it('a crash during a reorg leaves the old branch whole, and the next sync completes it', async () => {
    const store = new MemoryStore();
    node.setChain(main.slice(0, 280));
    await syncChain(store, source);
    const before = hashes(store);
    node.setChain([...main.slice(0, 260), ...fork]);
    await expect(syncChain(crashing(store, 1), source, { batchBlocks: 10 })).rejects.toThrow('crash');
    expect(hashes(store)).toEqual(before); // rollback and new blocks are one atomic step
    const s = await syncChain(store, source, { batchBlocks: 10 });
    expect(s.reorg_depth).toBe(20);
    expect(hashes(store)).toEqual([...main.slice(0, 260), ...fork].map((b) => b.hash));
  });

  it('a crash after some batches resumes from the last committed batch', async () => {
    const store = new MemoryStore();
    node.setChain(main);
    await expect(syncChain(crashing(store, 4), source, { batchBlocks: 50 })).rejects.toThrow('crash');
    expect(store.chain).toHaveLength(150);
    expect(hashes(store)).toEqual(main.slice(0, 150).map((b) => b.hash));
    const s = await syncChain(store, source, { batchBlocks: 50 });
    expect(s).toMatchObject({ previous_tip_height: 149, fork_height: 149, blocks_written: 150 });
  });
});
