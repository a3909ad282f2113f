/**
 * Choosing and opening the store: --db / HASHFLOOR_DB / the default file under the user data
 * dir; a SQLite file in WAL mode that reads satoshis back as bigint after a reopen.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../src/main.js';
import { openStore, resolveStoreLocation } from '../src/adapters/store/open-store.js';
import { MAX_MONEY_SAT } from '../src/units/sat.js';
import { emptyDay } from './fixtures/store-rows.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hashfloor-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('resolveStoreLocation', () => {
  it('defaults to hashfloor.sqlite in the user data dir', () => {
    expect(resolveStoreLocation(undefined, '/home/u/.local/share/hashfloor')).toEqual({
      kind: 'sqlite',
      path: '/home/u/.local/share/hashfloor/hashfloor.sqlite',
    });
    expect(resolveStoreLocation('  ', '/d')).toEqual({ kind: 'sqlite', path: '/d/hashfloor.sqlite' });
  });
  it('takes postgres:// and postgresql:// URLs, :memory: and paths', () => {
    expect(resolveStoreLocation('postgres://u:p@db:5432/hf', '/d')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/hf' });
    expect(resolveStoreLocation('postgresql://db/hf', '/d').kind).toBe('postgres');
    expect(resolveStoreLocation(':memory:', '/d')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(resolveStoreLocation('./my.db', '/d')).toEqual({ kind: 'sqlite', path: './my.db' });
  });
});

describe('SQLite file store', () => {
  it('creates its folder, uses WAL, and keeps bigint satoshis across a reopen', async () => {
    const path = join(tempDir(), 'nested', 'hf.sqlite');
    const first = await openStore({ kind: 'sqlite', path });
    await first.upsertDaily('user-import', [{ ...emptyDay('2024-04-20'), supply_sat: MAX_MONEY_SAT, provenance: { supply_sat: 'user-import' } }]);
    await first.close();
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const again = await openStore({ kind: 'sqlite', path });
    expect((await again.listDaily())[0]?.supply_sat).toBe(MAX_MONEY_SAT);
    await again.close();
  });

  it('an unreachable PostgreSQL server is an UPSTREAM error naming the database, not its address, user or password', async () => {
    const err = (await openStore({ kind: 'postgres', url: 'postgres://u:secret@127.0.0.1:1/hf' }).catch((e: unknown) => e)) as {
      code?: string;
      message?: string;
    };
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toContain('"hf"');
    expect(err.message).toContain('ECONNREFUSED');
    for (const hidden of ['secret', '127.0.0.1', ':1', 'u@']) expect(err.message).not.toContain(hidden);
  });
});

describe('services.store()', () => {
  it('opens the default file under HASHFLOOR_HOME once, and --db overrides it', async () => {
    const home = tempDir();
    const services = createServices({ HASHFLOOR_HOME: home });
    const a = await services.store();
    expect(await services.store()).toBe(a);
    expect(existsSync(join(home, 'hashfloor.sqlite'))).toBe(true);
    const other = join(home, 'other.sqlite');
    expect(await services.store(other)).not.toBe(a);
    expect(existsSync(other)).toBe(true);
    await services.close();
  });

  it('HASHFLOOR_DB picks the default store', async () => {
    const home = tempDir();
    const services = createServices({ HASHFLOOR_HOME: home, HASHFLOOR_DB: join(home, 'env.sqlite') });
    await services.store();
    expect(existsSync(join(home, 'env.sqlite'))).toBe(true);
    expect(existsSync(join(home, 'hashfloor.sqlite'))).toBe(false);
    await services.close();
  });

  it('history() reads the embedded file until the store exists, then through the store', async () => {
    const home = tempDir();
    const services = createServices({ HASHFLOOR_HOME: home, HASHFLOOR_DB: ':memory:' });
    const fromFile = await services.history();
    expect(fromFile.at(-1)?.date).toBe('2026-03-28');
    const store = await services.store();
    await store.upsertDaily('user-import', [{ ...emptyDay('2026-03-29'), blocks: 150, provenance: { blocks: 'user-import' } }]);
    const merged = await services.history();
    expect(merged.length).toBe(fromFile.length + 1);
    expect(merged.at(-1)?.blocks).toBe(150);
    expect(merged.at(-2)).toEqual(fromFile.at(-1));
    await services.close();
  });
});
