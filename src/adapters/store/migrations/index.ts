/**
 * Applies the numbered migrations in order, once each, in one transaction (a failed migration
 * leaves the schema as it was). A database migrated by a newer hashfloor is refused rather than
 * guessed at.
 */
import { ConflictError } from '../../../errors.js';
import type { SqlDriver, SqlExecutor } from '../driver.js';
import type { Migration } from './migration.js';
import { migration as m001 } from './001_daily.js';
import { migration as m002 } from './002_blocks.js';
import { migration as m003 } from './003_fleets.js';
import { migration as m004 } from './004_block_files.js';
import { migration as m005 } from './005_block_file_fingerprints.js';
import { migration as m006 } from './006_miner_control.js';
import { migration as m007 } from './007_live_feeds.js';
import { migration as m008 } from './008_power_prices.js';
import { migration as m009 } from './009_store_network.js';

/** Every migration, in version order. Append new ones; never edit a released one. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009];

/**
 * Applies pending migrations; returns the versions applied now. `onCreate` runs last, in the same
 * transaction, when this call created the schema (migration 1 applied now): what only a new store
 * records, such as the network it was made for.
 */
export async function runMigrations(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
  onCreate?: (tx: SqlExecutor) => Promise<void>,
): Promise<number[]> {
  return driver.transaction(async (tx) => {
    if (driver.dialect.migrationLockSql) await tx.all(driver.dialect.migrationLockSql);
    await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`);
    const rows = await tx.all('SELECT version FROM schema_migrations ORDER BY version');
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const ahead = [...applied].filter((v) => v > newest);
    if (ahead.length > 0) {
      throw new ConflictError(`the database has schema version ${Math.max(...ahead)}, newer than this hashfloor knows (${newest}); upgrade hashfloor`);
    }
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      for (const statement of m.up(driver.dialect)) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, name) VALUES (?, ?)', [m.version, m.name]);
      done.push(m.version);
    }
    if (onCreate && done.includes(1)) await onCreate(tx);
    return done;
  });
}
