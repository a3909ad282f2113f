/**
 * Issue #17 item 6 and fault injection: local storage failures are exit 4 / HTTP 503 with a line
 * saying which — disk full (forced with PRAGMA max_page_count, so it runs everywhere), a folder
 * nobody may write (/sys, refused even to root), a damaged file — and never half-written data.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNetworkDailyCsv } from '../../src/adapters/datasets/network-daily-csv.js';
import { SqlStore } from '../../src/adapters/store/sql-store.js';
import { SqliteDriver } from '../../src/adapters/store/sqlite/sqlite-driver.js';
import { EXIT_CODES } from '../../src/cli/run.js';
import { STATUS_BY_CODE } from '../../src/api/problem.js';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = readFileSync(new URL('../../data/network_daily.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const csvFile = (name: string, from: number, to: number) => {
  const path = join(dir, name);
  writeFileSync(path, [lines[0], ...lines.slice(from, to)].join('\n'));
  return path;
};

describe('local storage failures', () => {
  it('STORAGE is exit 4 and HTTP 503', () => {
    expect(EXIT_CODES.STORAGE).toBe(4);
    expect(STATUS_BY_CODE.STORAGE).toBe(503);
  });

  it('a full disk (SQLITE_FULL) is a StorageError saying "disk full", and the import writes nothing', async () => {
    const driver = new SqliteDriver(join(dir, 'full.sqlite'));
    const store = new SqlStore(driver);
    await store.migrate();
    const pages = Number(((await driver.all('PRAGMA page_count'))[0] as { page_count: bigint }).page_count);
    const limit = ((await driver.all(`PRAGMA max_page_count = ${pages + 2}`))[0] as { max_page_count: bigint }).max_page_count;
    expect(Number(limit)).toBe(pages + 2); // the limit took: the test forces SQLITE_FULL rather than skipping
    const rows = parseNetworkDailyCsv([lines[0], ...lines.slice(1, 4001)].join('\n'), { source: 'test', defaultProvenance: 'user-import' });
    const err = (await store.upsertDaily('user-import', rows).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('STORAGE');
    expect(err.message).toContain('disk full');
    expect(await store.listDaily()).toHaveLength(0);
    await store.close();
  });

  it('a folder nobody may write: exit 4 naming the file', async () => {
    const r = await cli(['import', 'daily', csvFile('one.csv', 6000, 6001), '--db', '/sys/hashfloor-test.sqlite']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('/sys/hashfloor-test.sqlite');
  });

  it('a read-only connection: exit-4 class StorageError', async () => {
    const driver = new SqliteDriver(join(dir, 'ro.sqlite'));
    await driver.run('CREATE TABLE t (x INTEGER)');
    await driver.run('PRAGMA query_only = 1');
    const err = (await driver.transaction((tx) => tx.run('INSERT INTO t VALUES (1)')).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(err.code).toBe('STORAGE');
    expect(err.message).toContain('read-only');
    await driver.close();
  });

  it('a file damaged mid-way: network, import and sync all exit 4 saying "damaged"', async () => {
    const db = join(dir, 'damaged.sqlite');
    const env = { HASHFLOOR_HOME: dir, HASHFLOOR_DB: db };
    expect((await cli(['import', 'daily', csvFile('many.csv', 1, 3001)], env)).code).toBe(0);
    const size = statSync(db).size;
    expect(size).toBeGreaterThan(64 * 1024);
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    for (const argv of [
      ['network', '--json'],
      ['import', 'daily', csvFile('later.csv', 6000, 6002)],
      // Block files: the store opens before the scan (an RPC sync asks the node its network first).
      ['sync', '--blocks-dir', mkdtempSync(join(dir, 'blocks-'))],
    ]) {
      const r = await cli(argv, env);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(4);
      expect(r.stderr).toContain('damaged');
    }
  });

  it('a file that is not a database: exit 4 saying "damaged"', async () => {
    const db = join(dir, 'text.sqlite');
    writeFileSync(db, 'this is not a database\n'.repeat(500));
    const r = await cli(['network', '--db', db]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('damaged');
  });
});
