/**
 * Fault injection: the real CLI (a child process) SIGKILLed right after a chosen statement of a
 * store write, inside its transaction (HASHFLOOR_TEST_CRASH_AT, src/main.ts) — `import daily`
 * (loading the embedded dataset, then the user rows), `sync` over RPC (each batch's blocks and
 * daily rows) and a fleet upload through `serve`. Each killed store must open undamaged, and the
 * same command run again must bring it to exactly what one clean run gives. The kill points are
 * statements, not timings, so every run is killed where the test says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { FakeNode } from '../helpers/rpc-server.js';
import { withStore } from '../helpers/store-backends.js';
import { chain } from '../helpers/synthetic-chain.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-kill-'));
const lines = readFileSync(join(root, 'data/network_daily.csv'), 'utf8').trim().split('\n');
const csv = join(dir, 'days.csv');
writeFileSync(csv, [lines[0], ...lines.slice(1, 4001)].join('\n'));
const env = { HASHFLOOR_HOME: dir };

interface Ended {
  how: string;
  stdout: string;
  stderr: string;
}

/** Starts the CLI in a child that kills itself at `crashAt` (if given); `ended` says how it ended. */
function start(args: string[], crashAt = '', onStdout?: (text: string) => void): { child: ChildProcess; ended: Promise<Ended> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: root,
    env: { ...process.env, ...env, HASHFLOOR_TEST_CRASH_AT: crashAt },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    onStdout?.(stdout);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, ended: new Promise((resolve) => child.once('close', (code, signal) => resolve({ how: signal ?? `exit ${code}`, stdout, stderr }))) };
}

const run = (args: string[], crashAt?: string): Promise<Ended> => start(args, crashAt).ended;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SIGKILL at each write step, then a re-run, equals a clean run', () => {
  it('import daily: inside the embedded dataset load and inside the user rows', { timeout: 120_000 }, async () => {
    const fingerprint = async (db: string) => (await cli(['network', '--json', '--db', db], env)).stdout;
    const clean = join(dir, 'clean.sqlite');
    expect((await run(['import', 'daily', csv, '--db', clean])).how).toBe('exit 0');
    const want = await fingerprint(clean);
    expect(want).toContain('"date"');
    // loadDataset: 0 deletes the dataset's rows, 1… insert them; upsertDaily: 0 and 1 insert the 4,000 user rows in two chunks.
    for (const at of ['loadDataset:0', 'loadDataset:2', 'upsertDaily:0', 'upsertDaily:1']) {
      const db = join(dir, `import-${at.replace(':', '-')}.sqlite`);
      expect((await run(['import', 'daily', csv, '--db', db], at)).how, at).toBe('SIGKILL');
      const check = await cli(['network', '--json', '--db', db], env);
      expect(check.code, `${at}: ${check.stderr}`).toBe(0); // opens undamaged, with the last committed state
      expect((await run(['import', 'daily', csv, '--db', db])).how, at).toBe('exit 0');
      expect(await fingerprint(db), at).toBe(want);
    }
  });

  describe('sync over RPC', () => {
    // 1,500 regtest blocks from 2024-01-01: two batches of the CLI's 1,000 blocks.
    const node = new FakeNode(chain({ length: 1500, seed: 61, genesisTime: 1_704_070_000 }));
    const cookie = join(dir, 'cookie');
    beforeAll(async () => {
      await node.start();
      writeFileSync(cookie, `__cookie__:${node.password}`);
    });
    afterAll(() => node.stop());

    const sync = (db: string, crashAt?: string) =>
      run(['sync', '--rpc', node.url, '--rpc-cookie', cookie, '--network', 'regtest', '--db', db, '--json'], crashAt);
    const snapshot = (db: string) =>
      withStore({ kind: 'sqlite', path: db }, async (s) =>
        JSON.stringify(
          {
            blocks: (await s.listBlocks()).map((b) => `${b.height}:${b.hash}:${b.coinbase_value_sat}:${b.fees_sat}`),
            tip: await s.chainTip(),
            daily: await s.listDaily({ from: '2023-12-31', to: '2024-01-20' }),
          },
          (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v),
        ),
      );

    it('killed in the first batch and in the second, then resumed', { timeout: 120_000 }, async () => {
      const clean = join(dir, 'sync-clean.sqlite');
      const first = await sync(clean);
      expect(first.how, first.stderr).toBe('exit 0');
      expect((JSON.parse(first.stdout) as { tip_height: number }).tip_height).toBe(1499);
      const want = await snapshot(clean);
      expect((JSON.parse(want) as { daily: unknown[] }).daily.length).toBe(11); // 1,500 ten-minute blocks touch 11 days
      // replaceChainFrom: 0 deletes above the fork, 1 inserts the batch's blocks, then its days are rewritten.
      for (const at of ['replaceChainFrom:1#1', 'replaceChainFrom:0#2', 'replaceChainFrom:1#2']) {
        const db = join(dir, `sync-${at.replace(/[:#]/g, '-')}.sqlite`);
        const killed = await sync(db, at);
        expect(killed.how, `${at}: ${killed.stderr}`).toBe('SIGKILL');
        const stored = await withStore({ kind: 'sqlite', path: db }, (s) => s.chainTip());
        // All of a batch or none: batch 1 ends at height 999.
        expect(stored?.height ?? -1, at).toBe(at.endsWith('#1') ? -1 : 999);
        const resumed = await sync(db);
        expect(resumed.how, `${at}: ${resumed.stderr}`).toBe('exit 0');
        expect(await snapshot(db), at).toBe(want);
      }
    });
  });

  it('fleet upload through serve: killed before COMMIT stores nothing; the upload again stores the fleet once', { timeout: 60_000 }, async () => {
    const db = join(dir, 'fleets.sqlite');
    const fleetYaml = readFileSync(join(root, 'examples/fleet.yaml'), 'utf8');
    /** Starts serve, uploads the example fleet, and resolves with the upload's status (or the failure) and how serve ended. */
    const upload = async (crashAt?: string): Promise<{ status: number | string; ended: Ended }> => {
      let status: Promise<number | string> | undefined;
      const serve = start(['serve', '--port', '0', '--db', db], crashAt, (out) => {
        const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
        if (!url || status) return;
        status = fetch(`${url}api/v1/fleets`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: fleetYaml })
          .then((r) => r.status)
          .catch((err: Error) => `failed: ${(err.cause as Error | undefined)?.message ?? err.message}`)
          .finally(() => serve.child.kill('SIGTERM')); // a no-op when serve already killed itself
      });
      const ended = await serve.ended;
      return { status: (await status) ?? 'not sent', ended };
    };
    const killed = await upload('saveFleet:0');
    expect(killed.ended.how).toBe('SIGKILL');
    expect(String(killed.status)).toMatch(/^failed/);
    expect(await withStore({ kind: 'sqlite', path: db }, (s) => s.listFleets())).toEqual([]);
    const again = await upload();
    expect(again.status).toBe(201);
    const fleets = await withStore({ kind: 'sqlite', path: db }, (s) => s.listFleets());
    expect(fleets.map((f) => f.name)).toEqual(['Example Mining Corp']);
  });
});
