/**
 * Own-node ingestion end to end: `hashfloor sync` from block files and from RPC into a real SQLite
 * store, reorgs, a crash inside the store's reorg transaction, then `hashfloor pools`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { FakeNode } from './helpers/rpc-server.js';
import { blkRecord, chain, xorFile, type SynthBlock } from './helpers/synthetic-chain.js';
import { openStore } from '../src/adapters/store/open-store.js';
import { syncChain } from '../src/app/sync/sync-chain.js';
import { BitcoinRpcSource } from '../src/adapters/chain/bitcoin-rpc.js';
import { REGTEST } from '../src/chain/address.js';
import { poissonRange95 } from '../src/economics/pool-shares.js';

const root = mkdtempSync(join(tmpdir(), 'hashfloor-own-node-'));
const env = { HASHFLOOR_HOME: join(root, 'home') };
const TAGS = ['/Foundry USA Pool #dropgold/', 'Mined by AntPool', '/ViaBTC/', '/nobody/'];
// 2024-03-01 00:30 UTC on, ~10 min per block: 432 blocks ≈ 3 days.
const main = chain({ length: 432, seed: 21, genesisTime: 1_709_253_000, tag: (h) => TAGS[h % 7 === 0 ? 3 : h % 3] as string });
const fork = chain({ length: 12, seed: 22, parent: main[424], tag: () => '/ViaBTC/' });
const REGTEST_MAGIC = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);
const KEY = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const node = new FakeNode(main);

function blocksDir(name: string, blocks: SynthBlock[]): string {
  const dir = join(root, name, 'blocks');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'blk00000.dat'), xorFile(Buffer.concat(blocks.map((b) => blkRecord(b.bytes, REGTEST_MAGIC))), KEY));
  writeFileSync(join(dir, 'xor.dat'), KEY);
  return join(root, name);
}

beforeAll(async () => {
  await node.start();
  writeFileSync(join(root, 'cookie'), `__cookie__:${node.password}`);
});
afterAll(async () => {
  await node.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('hashfloor sync + pools', () => {
  const db = join(root, 'files.sqlite');

  it('syncs from block files (XOR key, stale branch) and reports per-pool shares', async () => {
    const dir = blocksDir('node1', [...main.slice(0, 430), ...fork.slice(0, 2), ...main.slice(430)]);
    const r = await cli(['sync', '--blocks-dir', dir, '--network', 'regtest', '--db', db, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ source: 'blocks-dir', tip_height: 431, tip_hash: main[431]?.hash, blocks_written: 432, stale_blocks: 2, reorg_depth: 0 });
    const again = JSON.parse((await cli(['sync', '--blocks-dir', dir, '--network', 'regtest', '--db', db, '--json'], env)).stdout) as Record<string, unknown>;
    expect(again).toMatchObject({ blocks_written: 0, tip_height: 431 });

    const p = await cli(['pools', '--db', db, '--from', '2024-03-01', '--to', '2024-03-02', '--json'], env);
    expect(p.code).toBe(0);
    const pj = JSON.parse(p.stdout) as {
      blocks: number;
      window_s: number;
      network_luck_low: number;
      network_luck_high: number;
      pools: { pool_id: string | null; name: string; blocks: number }[];
    };
    // The chain starts inside 2024-03-01 (genesis at 00:21 UTC): the window opens 600 s before it.
    const opens = main[0]!.time_unix_s - 600;
    expect(opens).toBeGreaterThan(1_709_251_200);
    expect(pj.window_s).toBe(1_709_424_000 - opens);
    const [lo, hi] = poissonRange95(pj.window_s / 600);
    expect(pj.network_luck_low).toBeCloseTo(lo / (pj.window_s / 600), 12);
    expect(pj.network_luck_high).toBeCloseTo(hi / (pj.window_s / 600), 12);
    const inWindow = main.filter((b) => b.time_unix_s < 1_709_424_000);
    expect(pj.blocks).toBe(inWindow.length);
    const count = (f: (h: number) => boolean): number => inWindow.filter((b) => f(b.height)).length;
    const byId = Object.fromEntries(pj.pools.map((x) => [String(x.pool_id), x]));
    expect(byId.foundryusa?.blocks).toBe(count((h) => h % 7 !== 0 && h % 3 === 0));
    expect(byId.antpool).toMatchObject({ name: 'AntPool', blocks: count((h) => h % 7 !== 0 && h % 3 === 1) });
    expect(byId.viabtc?.blocks).toBe(count((h) => h % 7 !== 0 && h % 3 === 2));
    expect(byId.null?.blocks).toBe(count((h) => h % 7 === 0));
  });

  it('pools clips the window to the synced chain: it closes at the tip inside the last day, so luck is not diluted', async () => {
    const p = await cli(['pools', '--db', db, '--json'], env);
    expect(p.code).toBe(0);
    const j = JSON.parse(p.stdout) as {
      from: string;
      to: string;
      window_start_utc: string;
      window_end_utc: string;
      window_s: number;
      blocks: number;
      network_luck: number;
      network_luck_low: number;
      network_luck_high: number;
    };
    const tip = main[431]!;
    expect(j.window_end_utc).toBe(new Date(tip.time_unix_s * 1000).toISOString().replace('.000Z', 'Z'));
    const whole = (Date.parse(`${j.to}T00:00:00Z`) - Date.parse(`${j.from}T00:00:00Z`)) / 1000 + 86_400;
    expect(j.window_s).toBeLessThan(whole - 3600);
    expect(j.blocks).toBe(432);
    // 432 blocks at a mean spacing of 600 s: luck near 1, inside its own 95% range (whole days would give ~0.83).
    expect(j.network_luck).toBeGreaterThan(j.network_luck_low);
    expect(j.network_luck).toBeLessThan(j.network_luck_high);
    const human = await cli(['pools', '--db', db], env);
    expect(human.stdout).toContain('the synced chain starts or ends inside the days asked for');
  });

  it('the daily aggregates reach the network history (own-node provenance)', async () => {
    const r = await cli(['network', '--db', db, '--date', '2024-03-02', '--json'], env);
    const j = JSON.parse(r.stdout) as { blocks: number; provenance: Record<string, string> };
    expect(j.blocks).toBe(main.filter((b) => b.time_unix_s >= 1_709_337_600 && b.time_unix_s < 1_709_424_000).length);
    expect(j.provenance.blocks).toBe('own-node');
  });

  it('syncs over RPC and follows a reorg', async () => {
    const rdb = join(root, 'rpc.sqlite');
    const args = ['sync', '--rpc', node.url, '--rpc-cookie', join(root, 'cookie'), '--network', 'regtest', '--db', rdb, '--json'];
    node.setChain(main);
    expect(JSON.parse((await cli(args, env)).stdout)).toMatchObject({ source: 'rpc', blocks_written: 432 });
    node.setChain([...main.slice(0, 425), ...fork]);
    const j = JSON.parse((await cli(args, env)).stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ fork_height: 424, reorg_depth: 7, blocks_written: 12, tip_height: 436, tip_hash: fork[11]?.hash });
  });

  it('a crash inside the store transaction (after the rollback, before the new tip) leaves the old chain', async () => {
    const path = join(root, 'crash.sqlite');
    const source = new BitcoinRpcSource({ url: node.url, auth: { cookieFile: join(root, 'cookie') }, network: REGTEST });
    node.setChain(main);
    const ok = await openStore({ kind: 'sqlite', path });
    await syncChain(ok, source);
    await ok.close();
    node.setChain([...main.slice(0, 425), ...fork]);
    const crashing = await openStore(
      { kind: 'sqlite', path },
      {
        afterStatement: (op, step) => {
          if (op === 'replaceChainFrom' && step === 0) throw new Error('power cut after DELETE');
        },
      },
    );
    await expect(syncChain(crashing, source)).rejects.toThrow('power cut');
    await crashing.close();
    const after = await openStore({ kind: 'sqlite', path });
    expect(await after.chainTip()).toEqual({ hash: main[431]?.hash, height: 431 });
    expect((await after.blockAtHeight(428))?.hash).toBe(main[428]?.hash);
    const s = await syncChain(after, source);
    expect(s).toMatchObject({ fork_height: 424, reorg_depth: 7 });
    expect(await after.chainTip()).toEqual({ hash: fork[11]?.hash, height: 436 });
    await after.close();
  });

  it('on a terminal: progress bars with rate and ETA on stderr, then a summary', async () => {
    const dir = blocksDir('node-tty', [...main.slice(0, 100), ...fork.slice(0, 1)]);
    const r = await cli(['sync', '--blocks-dir', dir, '--network', 'regtest', '--db', join(root, 'tty.sqlite')], env, true);
    expect(r.code).toBe(0);
    // Each frame rewrites the line (\r … erase to end of line), the last one ends it.
    const frames = r.stderr.replaceAll('\x1b[K', '');
    expect(frames).toMatch(
      /\rscanning block files \[█{24}\] 100% (\d+\.\d)\/\1 MiB · [\d.kM]+ MiB\/s · 101 blocks · [\d.kM]+ blocks\/s · ETA 00:00 · \d\d:\d\d\n/,
    );
    expect(frames).toMatch(/\rsyncing \[█{24}\] 100% 100\/100 blocks · [\d.k]+ blocks\/s · ETA 00:00 · \d\d:\d\d\n/);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Synced to height 99 (${main[99]?.hash})`);
    expect(lines[1]).toMatch(/^ {2}100 blocks written in [\d.]+ s \(\d+ blocks\/s\), 1 daily rows updated$/);
    expect(lines[2]).toBe('  no reorg');
    expect(lines[3]).toMatch(/^ {2}block files: 1 files, read [\d.]+ of [\d.]+ MiB, 0 stale, 1 disconnected, 0 orphan, 0 bad, 0 truncated records$/);
    expect(lines[4]).toMatch(/^ {2}tip: (foundryusa|antpool|viabtc|unknown pool), fees \d+\.\d{8} BTC$/);
  });

  it('the default RPC cookie follows --network (Core keeps it in <datadir>/<chain>/.cookie)', async () => {
    for (const [network, sub] of [
      ['regtest', 'regtest'],
      ['testnet', 'testnet3'],
      ['testnet4', 'testnet4'],
      ['signet', 'signet'],
      ['main', ''],
    ] as const) {
      const r = await cli(['sync', '--rpc', 'http://127.0.0.1:1', '--network', network, '--db', join(root, 'cookie.sqlite')], env);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`cannot read the RPC cookie file ${join(homedir(), '.bitcoin', sub, '.cookie')} `);
    }
  });

  it('bad flags exit 2', async () => {
    expect((await cli(['sync', '--db', db], env)).code).toBe(2);
    expect((await cli(['sync', '--blocks-dir', 'x', '--rpc', 'y', '--db', db], env)).code).toBe(2);
    expect((await cli(['sync', '--rpc', 'http://127.0.0.1:1', '--rpc-user', 'u', '--db', db], env)).code).toBe(2);
    expect((await cli(['sync', '--blocks-dir', root, '--network', 'mars', '--db', db], env)).code).toBe(2);
  });
});
