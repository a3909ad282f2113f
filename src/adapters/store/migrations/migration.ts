/**
 * A numbered schema change. Each lives in its own file (NNN_name.ts) and is applied once, in
 * order, inside the migration transaction; `schema_migrations` records which ran. Statements are
 * shared between SQLite and PostgreSQL; only column types come from the dialect.
 */
import type { Dialect } from '../driver.js';

export interface Migration {
  version: number;
  name: string;
  /** DDL statements, run in order. */
  up(dialect: Dialect): string[];
}
