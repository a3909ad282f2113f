/**
 * A throwaway PostgreSQL server for the store contract tests: initdb into a temp folder, pg_ctl
 * start on a free loopback port, trust auth, fsync off. synchronous_commit stays on: the fault tests
 * stop the server with `-m immediate`, and an asynchronous commit still in the WAL buffers would be
 * lost although the client saw COMMIT succeed (with fsync off, waiting for the WAL write costs
 * only a write(2)). PostgreSQL refuses to run as root, so
 * as root the binaries run as the `postgres` OS user (created by Debian's postgresql package).
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface PgServer {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  adminUrl: string;
  stop(): Promise<void>;
  /** Stops the server abruptly (as a crash would), keeping its data, for fault-injection tests. */
  halt(): Promise<void>;
  /**
   * halt(), blocking the caller until the server is gone: for a store hook that must stop the
   * database between two statements of one transaction.
   */
  haltNow(): void;
  /** Starts a halted server again on the same port. */
  resume(): Promise<void>;
}

/** Folder holding initdb and pg_ctl: $HASHFLOOR_PG_BIN when set (only there), else Debian's /usr/lib/postgresql/<newest>/bin, else PATH. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates: string[] = [];
  if (env.HASHFLOOR_PG_BIN) candidates.push(env.HASHFLOOR_PG_BIN);
  else {
    const debian = '/usr/lib/postgresql';
    if (existsSync(debian)) {
      const versions = readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => join(debian, v, 'bin')));
    }
    candidates.push(...(env.PATH ?? '').split(delimiter).filter(Boolean));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

function postgresUser(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const parts = line?.split(':');
  return parts && parts[2] && parts[3] ? { uid: Number(parts[2]), gid: Number(parts[3]) } : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPgServer(bin: string): Promise<PgServer> {
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? postgresUser() : null;
  if (asRoot && !user) throw new Error("running as root, but there is no `postgres` OS user to run PostgreSQL as (install Debian's postgresql package)");
  const dir = mkdtempSync(join(tmpdir(), 'hashfloor-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const options = { ...(user ?? {}), cwd: dir, env: { PATH: process.env.PATH ?? '', LANG: 'C', LC_ALL: 'C' }, timeout: 60_000 };
  const run = (cmd: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(join(bin, cmd), args, options, (err, _out, stderr) => (err ? reject(new Error(`${cmd} failed: ${stderr || err.message}`)) : resolve()));
    });
  await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c full_page_writes=off`;
  const start = async () => {
    try {
      await run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
    } catch (err) {
      const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
      throw new Error(`${(err as Error).message}\n${log}`);
    }
  };
  await start();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    halt: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    haltNow: () => void execFileSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...options, stdio: 'ignore' }),
    resume: start,
  };
}
