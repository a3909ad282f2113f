/**
 * Fault injection: `hashfloor import daily` killed with SIGKILL at points spread over its run
 * (opening the store, migrating, loading the dataset, writing the rows) leaves a store that the
 * same command, run again, brings to exactly what one clean run gives — never half-written rows.
 * Child processes, no network.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lines = readFileSync(join(root, 'data/network_daily.csv'), 'utf8').trim().split('\n');
const csv = join(dir, 'days.csv');
writeFileSync(csv, [lines[0], ...lines.slice(1, 4001)].join('\n'));

/** Runs the CLI in a child and SIGKILLs it after `ms` (or lets it finish); resolves with how it ended. */
function runKilled(args: string[], ms: number): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', ...args], {
    cwd: root,
    env: { ...process.env, HASHFLOOR_HOME: dir },
    stdio: 'ignore',
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  return new Promise((resolve) => child.once('exit', (code, signal) => (clearTimeout(timer), resolve(signal ?? `exit ${code}`))));
}

const fingerprint = async (db: string) => (await cli(['network', '--json', '--db', db], { HASHFLOOR_HOME: dir })).stdout;

describe('SIGKILL during writes', () => {
  it('import daily: killed at 6 points, then re-run, equals a clean run', { timeout: 150_000 }, async () => {
    const clean = join(dir, 'clean.sqlite');
    const t0 = performance.now();
    expect(await runKilled(['import', 'daily', csv, '--db', clean], 60_000)).toBe('exit 0');
    const cleanMs = performance.now() - t0;
    const want = await fingerprint(clean);
    expect(want).toContain('"date"');
    const ended: string[] = [];
    // Kill points spread over a clean run's duration (most of it is start-up; the write is the tail).
    for (const ms of [0.35, 0.5, 0.65, 0.75, 0.85, 0.95].map((f) => Math.round(f * cleanMs))) {
      const db = join(dir, `killed-${ms}.sqlite`);
      ended.push(await runKilled(['import', 'daily', csv, '--db', db], ms));
      const check = await cli(['network', '--json', '--db', db], { HASHFLOOR_HOME: dir });
      expect([0, 2], check.stderr).toContain(check.code); // readable (or not created yet), never damaged
      expect(await runKilled(['import', 'daily', csv, '--db', db], 60_000)).toBe('exit 0');
      expect(await fingerprint(db)).toBe(want);
    }
    console.log(`kill -9 during import: ${ended.filter((e) => e === 'SIGKILL').length} of ${ended.length} runs killed mid-way (${ended.join(', ')})`);
    expect(ended).toContain('SIGKILL');
  });
});
