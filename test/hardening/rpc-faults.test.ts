/**
 * Issue #17 items 6, 7 and 9: a Bitcoin Core RPC node that hangs, stalls its body, answers
 * `result: null` or plants a block in the future is an upstream failure naming the node (exit 3),
 * within the --rpc-timeout and its retries — never "internal error" after two minutes.
 * Local servers on 127.0.0.1 only.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient } from '../../src/adapters/chain/rpc-client.js';
import { BitcoinRpcSource } from '../../src/adapters/chain/bitcoin-rpc.js';
import { cli } from '../helpers/cli.js';

const servers: Server[] = [];
const held: ServerResponse[] = [];
afterEach(async () => {
  for (const res of held.splice(0)) res.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A node whose every answer is `answer`'s; returns its URL and the requests it saw. */
async function node(answer: (body: { id: number; method: string }, res: ServerResponse) => void): Promise<{ url: string; seen: () => number }> {
  let seen = 0;
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      seen++;
      answer(JSON.parse(text) as { id: number; method: string }, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen: () => seen };
}

const hang = (_b: unknown, res: ServerResponse) => held.push(res);
const stallBody = (_b: unknown, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
  res.write('{"result":');
  held.push(res);
};
const reply = (result: unknown) => (b: { id: number }, res: ServerResponse) => res.end(JSON.stringify({ id: b.id, result, error: null }));
const auth = { user: 'u', password: 'p' };

describe('RPC timeouts and bad answers', () => {
  // The process's first fetch loads undici (~1 s on a loaded machine), which would eat a short timeout.
  beforeAll(async () => {
    const n = await node(reply(1));
    await new RpcClient({ url: n.url, auth }).call('warm');
  });

  it.each([
    ['never answers', hang],
    ['sends headers, then stalls the body', stallBody],
  ])('a node that %s: UPSTREAM naming it after 3 timed attempts', async (_what, behaviour) => {
    const n = await node(behaviour);
    const client = new RpcClient({ url: n.url, auth, timeoutMs: 300, backoffMs: 1 });
    const t0 = performance.now();
    const err = (await client.call('getblockchaininfo').catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toContain(n.url);
    expect(err.message).toContain('0.3 s');
    expect(n.seen()).toBe(3);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('result: null is UPSTREAM, not a TypeError in the caller', async () => {
    const n = await node(reply(null));
    const err = (await new BitcoinRpcSource({ url: n.url, auth }).tip().catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toContain('no result');
  });

  it('sync --rpc-timeout: exit 3 naming the node, in seconds', async () => {
    const n = await node(stallBody);
    const t0 = performance.now();
    const r = await cli(['sync', '--rpc', n.url, '--rpc-user', 'u', '--rpc-password', 'p', '--rpc-timeout', '0.2']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toContain(n.url);
    expect(r.stderr).not.toContain('internal error');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('a block timed more than 2 hours ahead is refused (a lying node cannot plant 2100-01-01)', async () => {
    const hash = 'ab'.repeat(32);
    const n = await node((b: { id: number; method: string } | { id: number; method: string }[], res) => {
      const calls = Array.isArray(b) ? b : [b];
      const answers = calls.map((c) => {
        const result =
          c.method === 'getblockhash'
            ? hash
            : c.method === 'getblock'
              ? { hash, height: 0, version: 1, time: 4_102_444_800, nonce: 0, bits: '1d00ffff', merkleroot: 'cd'.repeat(32), tx: ['ef'.repeat(32)] }
              : c.method === 'getblockstats'
                ? { height: 0, totalfee: 0, subsidy: 5_000_000_000 }
                : '00';
        return { id: c.id, result, error: null };
      });
      res.end(JSON.stringify(Array.isArray(b) ? answers : answers[0]));
    });
    const src = new BitcoinRpcSource({ url: n.url, auth, nowUnixS: () => 1_764_000_000 });
    const err = (await src.blocks(0, 0).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toContain('2100-01-01');
  });
});
