/**
 * Starts one real PostgreSQL server for the whole run (the store contract suite creates a
 * database per test in it) and stops it afterwards. Without PostgreSQL binaries the PostgreSQL
 * suite fails with `pg.error` — it never skips silently — unless HASHFLOOR_SKIP_PG=1.
 */
import type { TestProject } from 'vitest/node';
import { findPgBin, startPgServer } from './helpers/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { url: string } | { skipped: true } | { error: string };
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.HASHFLOOR_SKIP_PG === '1') {
    project.provide('pg', { skipped: true });
    return undefined;
  }
  const bin = findPgBin();
  if (!bin) {
    project.provide('pg', {
      error:
        "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's `postgresql` (bash scripts/ci-system-deps.sh), " +
        'set HASHFLOOR_PG_BIN to their folder, or set HASHFLOOR_SKIP_PG=1 to skip the PostgreSQL store suite',
    });
    return undefined;
  }
  try {
    const server = await startPgServer(bin);
    project.provide('pg', { url: server.adminUrl });
    return () => server.stop();
  } catch (err) {
    project.provide('pg', { error: `could not start PostgreSQL from ${bin}: ${(err as Error).message}` });
    return undefined;
  }
}
