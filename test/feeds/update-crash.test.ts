/**
 * `kill -9` of `hashfloor update` at each write step, then a resume, on SQLite and PostgreSQL: the
 * resumed store equals a clean run's, and a further run writes nothing. The child is the real CLI
 * (`node --import tsx src/cli/bin.ts update …`) against the local feed world; HASHFLOOR_TEST_CRASH_AT
 * (src/main.ts) makes it SIGKILL itself right after the named statement of the n-th batch: batch 1
 * is mempool (0 delete blocks, 1 insert blocks, 2 insert days), 2 coinbase and 3 kraken (0 insert days).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreLocation } from '../../src/adapters/store/open-store.js';
import { unixSToDate } from '../../src/units/time.js';
import { feedWorld, simChain, startLocalServer, type LocalServer } from '../helpers/feed-server.js';
import { storeBackends, withStore } from '../helpers/store-backends.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);
const chain = simChain(now - 3 * DAY, now - 120);
const CRASH_POINTS = ['writeFeedBatch:0#1', 'writeFeedBatch:1#1', 'writeFeedBatch:2#1', 'writeFeedBatch:0#2', 'writeFeedBatch:0#3'];
/** The same SQL runs on both databases: PostgreSQL takes the first and last step of each kind of batch (child processes are the cost). */
const PG_CRASH_POINTS = ['writeFeedBatch:0#1', 'writeFeedBatch:2#1', 'writeFeedBatch:0#3'];
let server: LocalServer;
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-crash-'));

beforeAll(async () => {
  server = await startLocalServer(
    feedWorld(
      () => chain,
      () => Math.floor(Date.now() / 1000),
    ),
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function dbArg(loc: StoreLocation): string {
  return loc.kind === 'sqlite' ? loc.path : loc.url;
}

function update(loc: StoreLocation, crashAt?: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const args = ['--import', 'tsx', 'src/cli/bin.ts', 'update', '--json', '--db', dbArg(loc), '--from', unixSToDate(now - 2 * DAY)];
  args.push(
    '--mempool-url',
    `${server.url}/mempool/api`,
    '--coinbase-url',
    `${server.url}/coinbase`,
    '--kraken-url',
    `${server.url}/kraken`,
    '--rate',
    'mempool=1000/1,coinbase=1000/1,kraken=1000/1',
  );
  const env = { ...process.env, HASHFLOOR_HOME: '/nonexistent/hashfloor-test', HASHFLOOR_TEST_CRASH_AT: crashAt ?? '' };
  const child = spawn(process.execPath, args, { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** What update writes, comparable across stores: the feed days merged, and the explorer blocks. */
async function dump(loc: StoreLocation): Promise<string> {
  return withStore(loc, async (s) => {
    const days = await s.listDaily({ from: unixSToDate(now - 4 * DAY) });
    const blocks = await s.feedBlocks({});
    return JSON.stringify({ days, blocks }, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  });
}

for (const backend of storeBackends(dir, 'feedcrash')) {
  describe.skipIf(backend.skip)(`update killed mid-write resumes to a clean run's state (${backend.name})`, () => {
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());

    it('at every write step', async () => {
      const clean = await backend.fresh();
      const first = await update(clean);
      expect(first.stderr).not.toMatch(/error/);
      expect(first.code).toBe(0);
      const want = await dump(clean);
      expect(want).toContain('feed:mempool');

      const run = async (point: string): Promise<void> => {
        const loc = await backend.fresh();
        const killed = await update(loc, point);
        expect([point, killed.signal, killed.signal ? '' : killed.stderr]).toEqual([point, 'SIGKILL', '']);
        const resumed = await update(loc);
        expect([point, resumed.code, /error/.test(resumed.stderr)]).toEqual([point, 0, false]);
        expect(await dump(loc)).toBe(want);
      };
      // Two children at a time: each spends most of its life starting up.
      const points = backend.name === 'PostgreSQL' ? PG_CRASH_POINTS : CRASH_POINTS;
      for (let i = 0; i < points.length; i += 2) await Promise.all(points.slice(i, i + 2).map(run));

      const second = JSON.parse((await update(clean)).stdout) as { sources: { days_added: number; days_revised: number; blocks_written: number }[] };
      expect(second.sources.map((s) => s.days_added + s.days_revised + s.blocks_written)).toEqual([0, 0, 0]);
    }, 120_000);
  });
}
