import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeNode } from '../../../test/helpers/rpc-server.js';
import { chain, type SynthBlock } from '../../../test/helpers/synthetic-chain.js';
import { UpstreamError } from '../../errors.js';
import { REGTEST } from '../../chain/address.js';
import { BitcoinRpcSource } from './bitcoin-rpc.js';
import { RpcClient, RpcError } from './rpc-client.js';

const blocks = chain({ length: 120, seed: 5, underClaim: (h) => (h === 77 ? 1000n : 0n) });
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-rpc-'));
const cookie = join(dir, '.cookie');
const node = new FakeNode(blocks);
const noSleep = (): Promise<void> => Promise.resolve();
const source = (extra: Partial<ConstructorParameters<typeof BitcoinRpcSource>[0]> = {}): BitcoinRpcSource =>
  new BitcoinRpcSource({ url: node.url, auth: { cookieFile: cookie }, sleep: noSleep, batchSize: 16, concurrency: 3, network: REGTEST, ...extra });

beforeAll(async () => {
  await node.start();
  writeFileSync(cookie, `__cookie__:${node.password}`);
});
afterAll(async () => {
  await node.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Bitcoin Core RPC source against a local JSON-RPC server', () => {
  it('reads tip and hashes', async () => {
    const s = source();
    expect(await s.tip()).toEqual({ hash: blocks[119]?.hash, height: 119 });
    expect(await s.hashAtHeight(5)).toBe(blocks[5]?.hash);
  });

  it('builds the same records as the chain that generated them, fees from getblockstats', async () => {
    const calls = node.served.calls;
    const recs = await source().blocks(0, 119);
    // getblockhash, getblock v1 (header fields + coinbase txid), getblockstats, getrawtransaction.
    expect(node.served.calls - calls).toBe(4 * 120);
    expect(recs.map((r) => r.hash)).toEqual(blocks.map((b) => b.hash));
    const r42 = recs[42];
    const b42 = blocks[42] as SynthBlock;
    expect(r42).toMatchObject({
      height: 42,
      prev_hash: b42.prev_hash,
      time_unix_s: b42.time_unix_s,
      bits: 0x207fffff,
      coinbase_value_sat: b42.coinbase_value_sat,
      subsidy_sat: 5_000_000_000n,
      fees_sat: b42.fees_sat,
      under_claimed: false,
    });
    expect(r42?.coinbase_tag).toContain(b42.tag);
    expect(r42?.payout_addresses[0]).toMatch(/^bcrt1q/);
    // Block 77 claimed 1,000 sat less than its fees: only the fee total from getblockstats reveals it.
    expect(recs[77]?.under_claimed).toBe(true);
  });

  it('keeps batches in flight within the bound, and uses it', async () => {
    const slow = new FakeNode(blocks, { requestMs: 5 }); // a node that takes 5 ms per request
    await slow.start();
    try {
      const s = new BitcoinRpcSource({ url: slow.url, auth: { cookieFile: cookie }, batchSize: 5, concurrency: 3, network: REGTEST });
      slow.password = node.password;
      expect(await s.blocks(0, 59)).toHaveLength(60);
      expect(slow.served.maxInFlight).toBe(3);
    } finally {
      await slow.stop();
    }
  });

  it('retries HTTP 429, 503 and warm-up (-28) with backoff, then succeeds', async () => {
    Object.assign(node.pending, { http429: 2, http503: 2, warmup: 2 });
    const s = source();
    const recs = await s.blocks(10, 30);
    expect(recs).toHaveLength(21);
    expect(s.rpc.counters).toMatchObject({ http429: 2, http503: 2, warmup: 2, retries: 6 });
  });

  it('waits out a node warming up for minutes (-28): capped backoff, one notice, not bounded by maxAttempts', async () => {
    node.pending.warmup = 40;
    const slept: number[] = [];
    const notices: string[] = [];
    const s = source({ maxAttempts: 3, sleep: (ms) => (slept.push(ms), Promise.resolve()), onWarmup: (m) => notices.push(m) });
    expect((await s.tip()).height).toBe(119);
    // 50, 100, … 3,200 ms, then 5 s each: 6.35 s + 33 × 5 s = 171.35 s of waiting, under the 10-minute default.
    expect(slept).toHaveLength(40);
    expect(Math.max(...slept)).toBe(5000);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(171_350);
    expect(notices).toEqual([expect.stringMatching(/^node is warming up: .*; retrying for up to 10 min$/)]);
  });

  it('gives up on warm-up after warmupLimitMs of backoff with an UpstreamError', async () => {
    node.pending.warmup = 1000;
    const slept: number[] = [];
    const s = source({ warmupLimitMs: 20_000, sleep: (ms) => (slept.push(ms), Promise.resolve()) });
    await expect(s.tip()).rejects.toThrow(/still warming up after 21 s of retries/);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(21_350); // 6.35 s + 3 × 5 s: the first total ≥ 20 s
    node.pending.warmup = 0;
  });

  it('gives up after maxAttempts with an UpstreamError', async () => {
    node.pending.http503 = 5;
    await expect(source({ maxAttempts: 3 }).tip()).rejects.toBeInstanceOf(UpstreamError);
    node.pending.http503 = 0;
  });

  it('re-reads the cookie on 401 (node restarted with a new cookie)', async () => {
    const s = source();
    await s.tip();
    node.password = 'rotated';
    writeFileSync(cookie, '__cookie__:rotated');
    expect((await s.tip()).height).toBe(119);
    expect(s.rpc.counters.reauth).toBe(1);
  });

  it('user/password auth; a wrong password is an UpstreamError', async () => {
    const other = new FakeNode(blocks.slice(0, 3), { user: 'alice', password: 's3cret' });
    await other.start();
    try {
      const ok = new BitcoinRpcSource({ url: other.url, auth: { user: 'alice', password: 's3cret' } });
      expect((await ok.tip()).height).toBe(2);
      const bad = new BitcoinRpcSource({ url: other.url, auth: { user: 'alice', password: 'nope' } });
      await expect(bad.tip()).rejects.toBeInstanceOf(UpstreamError);
    } finally {
      await other.stop();
    }
  });

  it('node errors carry Core codes: -8 height out of range, -5 unknown block, -32601 unknown method', async () => {
    const c = new RpcClient({ url: node.url, auth: { cookieFile: cookie } });
    const code = (p: Promise<unknown>): Promise<number> =>
      p.then(
        () => 0,
        (e: unknown) => (e instanceof RpcError ? e.rpcCode : NaN),
      );
    expect(await code(c.call('getblockhash', [500]))).toBe(-8);
    expect(await code(c.call('getblockheader', ['00'.repeat(32)]))).toBe(-5);
    expect(await code(c.call('getblockstats', [blocks[1]?.hash, ['nope']]))).toBe(-8);
    expect(await code(c.call('nosuchmethod'))).toBe(-32601);
    // In a batch, one bad call fails the batch with its code; good calls are answered in order.
    expect(
      await c.batch([
        { method: 'getblockcount', params: [] },
        { method: 'getblockhash', params: [1] },
      ]),
    ).toEqual([119, blocks[1]?.hash]);
  });

  it('a missing cookie file is an UpstreamError that names it', async () => {
    const s = new BitcoinRpcSource({ url: node.url, auth: { cookieFile: join(dir, 'missing') } });
    await expect(s.tip()).rejects.toThrow(/missing/);
  });
});
