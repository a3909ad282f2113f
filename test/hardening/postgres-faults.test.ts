/**
 * Issue #17 item 2 and fault injection: PostgreSQL going away mid-write, while serving and while
 * a CLI command runs. A server of its own (test/helpers/postgres-server.ts) that the tests halt
 * (pg_ctl immediate, as a crash) and resume; the process must survive, answer 502 / exit 3 without
 * naming the database's address, write all rows or none, and recover once the server is back.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { BitcoinRpcSource } from '../../src/adapters/chain/bitcoin-rpc.js';
import { openStore } from '../../src/adapters/store/open-store.js';
import { syncChain } from '../../src/app/sync/sync-chain.js';
import { REGTEST } from '../../src/chain/address.js';
import { catchRejection } from '../helpers/catch-error.js';
import { FakeNode } from '../helpers/rpc-server.js';
import { chain } from '../helpers/synthetic-chain.js';
import { PostgresDriver } from '../../src/adapters/store/postgres/pg-driver.js';
import { createServices } from '../../src/main.js';
import { cli } from '../helpers/cli.js';
import { findPgBin, startPgServer, type PgServer } from '../helpers/postgres-server.js';

const skip = process.env.HASHFLOOR_SKIP_PG === '1';
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-pgfault-'));
let server: PgServer;
let url = '';
let port = '';

// Real days of the embedded history (data/network_daily.csv), re-imported as user rows.
const lines = readFileSync(new URL('../../data/network_daily.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const csv = (from: number, to: number) => [lines[0], ...lines.slice(from, to)].join('\n');
const bigCsv = join(dir, 'big.csv');
writeFileSync(bigCsv, csv(1, 5001));
const oneCsv = join(dir, 'one.csv');
writeFileSync(oneCsv, csv(6000, 6001));

async function userRows(): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query("SELECT count(*)::int AS n FROM daily WHERE origin = 'user-import'");
    return (r.rows[0] as { n: number }).n;
  } finally {
    await c.end();
  }
}

describe.skipIf(skip)('PostgreSQL faults', () => {
  beforeAll(async () => {
    const bin = findPgBin();
    if (!bin) throw new Error('PostgreSQL binaries not found (bash scripts/ci-system-deps.sh), or set HASHFLOOR_SKIP_PG=1');
    server = await startPgServer(bin);
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE faults');
    await admin.end();
    url = server.adminUrl.replace(/\/postgres$/, '/faults');
    port = new URL(url).port;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a connection killed inside a transaction is an UpstreamError, not a crash; the next one reconnects', async () => {
    const driver = new PostgresDriver(url);
    const admin = new pg.Client({ connectionString: url });
    admin.on('error', () => undefined);
    await admin.connect();
    const err = await driver
      .transaction(async (tx) => {
        await tx.run('SELECT 1');
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database()');
        // The killed connection's 'error' event arrives while the transaction is idle: unheard, it ends the process.
        await new Promise((r) => setTimeout(r, 200));
        await tx.run('SELECT 1');
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ code: 'UPSTREAM' });
    expect(await driver.transaction((tx) => tx.all('SELECT 1 AS one'))).toEqual([{ one: 1 }]);
    await admin.end();
    await driver.close();
  });

  it('serve: 502 without the address while the database is down, 200 once it is back', async () => {
    const services = { ...createServices({ HASHFLOOR_HOME: dir }), nowUnixS: () => 1_800_000_000 };
    const app = createApp(services, { db: url });
    const post = () => app.request('/api/v1/import/daily', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv(6000, 6001) });
    expect((await post()).status).toBe(200);
    await server.halt();
    try {
      const down = await post();
      expect(down.status).toBe(502);
      const detail = String(((await down.json()) as { detail: string }).detail);
      expect(detail).not.toContain('127.0.0.1');
      expect(detail).not.toContain(port);
      expect(detail).not.toContain('postgres@');
      expect((await app.request('/api/v1/health')).status).toBe(200);
    } finally {
      await server.resume();
    }
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await post()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    await services.close();
  }, 60_000);

  it('CLI import: exit 3 while the database is down; halted mid-import it writes all rows or none', async () => {
    const env = { HASHFLOOR_HOME: dir, HASHFLOOR_DB: url };
    expect((await cli(['import', 'daily', oneCsv], env)).code).toBe(0);
    await server.halt();
    try {
      const down = await cli(['import', 'daily', oneCsv], env);
      expect(down.code, down.stderr).toBe(3);
      expect(down.stderr).not.toContain(port);
    } finally {
      await server.resume();
    }
    const before = await userRows();
    const running = cli(['import', 'daily', bigCsv], env);
    await new Promise((r) => setTimeout(r, 150));
    await server.halt();
    const mid = await running;
    await server.resume();
    expect([0, 3], mid.stderr).toContain(mid.code);
    expect(mid.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const after = await userRows();
    expect([before, before + 5000]).toContain(after);
    const again = await cli(['import', 'daily', bigCsv], env);
    expect(again.code, again.stderr).toBe(0);
    expect(await userRows()).toBe(before + 5000);
  }, 90_000);

  it('sync: the database halted between two statements of a batch is UPSTREAM (exit 3 in the CLI); the batch is all or nothing and a re-sync equals a clean one', async () => {
    const node = new FakeNode(chain({ length: 300, seed: 71, genesisTime: 1_704_070_000 }));
    await node.start();
    writeFileSync(join(dir, 'cookie'), `__cookie__:${node.password}`);
    const source = new BitcoinRpcSource({ url: node.url, auth: { cookieFile: join(dir, 'cookie') }, network: REGTEST, sleep: () => Promise.resolve() });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE SCHEMA sync_clean; CREATE SCHEMA sync_halted');
    await admin.end();
    const at = (schema: string) => {
      const u = new URL(url);
      u.searchParams.set('options', `-c search_path=${schema}`);
      return { kind: 'postgres' as const, url: u.toString() };
    };
    const snapshot = async (schema: string, options = {}) => {
      const store = await openStore(at(schema), { ...options, network: 'regtest' });
      try {
        const blocks = (await store.listBlocks()).map((b) => `${b.height}:${b.hash}:${b.fees_sat}`);
        return { blocks, tip: await store.chainTip(), days: (await store.listDaily({ from: '2023-12-31', to: '2024-01-05' })).length };
      } finally {
        await store.close();
      }
    };
    try {
      const clean = await openStore(at('sync_clean'), { network: 'regtest' });
      await syncChain(clean, source, { batchBlocks: 100 });
      await clean.close();
      // Halt the server right after the 3rd batch inserted its blocks, before its days are rewritten and it commits.
      let calls = 0;
      const halted = await openStore(at('sync_halted'), {
        network: 'regtest',
        afterStatement: (op, step) => {
          if (op !== 'replaceChainFrom') return;
          if (step === 0) calls++;
          if (calls === 3 && step === 1) server.haltNow();
        },
      });
      const err = await catchRejection(syncChain(halted, source, { batchBlocks: 100 }));
      expect(err.code).toBe('UPSTREAM');
      expect(err.message).not.toContain(port);
      await halted.close().catch(() => undefined);
      await server.resume();
      const after = await snapshot('sync_halted');
      expect(after.tip?.height).toBe(199); // batches 1 and 2 committed, batch 3 not at all
      expect(after.blocks).toHaveLength(200);
      const resumed = await openStore(at('sync_halted'), { network: 'regtest' });
      await syncChain(resumed, source, { batchBlocks: 100 });
      await resumed.close();
      const want = await snapshot('sync_clean');
      expect(want.blocks).toHaveLength(300);
      expect(await snapshot('sync_halted')).toEqual(want);
    } finally {
      await node.stop();
    }
  }, 90_000);
});
