/**
 * One client flooding the heaviest open read must not stall everyone else (issue #17 item 4).
 * `hashfloor serve` from the sources (tsx) in a child process on 127.0.0.1 with a throwaway store;
 * 4 pivot jobs run while 50 autocannon connections ask for a stored fleet's full-history report,
 * and an open-loop probe (bench/lib/paced-load.ts) measures /api/v1/health at 20 req/s.
 * Target: health p99 < 50 ms. `HASHFLOOR_FLOOD_S` sets the flood's seconds (default 10).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pacedLoad } from './lib/paced-load.js';
import { machineLoadNote, reportBench } from './lib/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const TARGET_P99_MS = 50;
const FLOOD_S = Number(process.env.HASHFLOOR_FLOOD_S ?? 10);
interface FloodResult {
  '2xx': number;
  non2xx: number;
  latency: { p99: number };
}

const home = mkdtempSync(join(tmpdir(), 'hashfloor-flood-'));

function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'serve', '--port', '0', '--db', join(home, 'flood.sqlite')], {
    cwd: root,
    env: { ...process.env, HASHFLOOR_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/[^\s]+\//.exec(out);
      if (m) resolve({ url: m[0], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const server = await startServer();
try {
  const yaml = { 'content-type': 'application/yaml' };
  const fleet = (await (
    await fetch(`${server.url}api/v1/fleets`, { method: 'POST', headers: yaml, body: readFileSync(join(root, 'examples/fleet.yaml'), 'utf8') })
  ).json()) as { id: string };
  const heavy = `${server.url}api/v1/fleets/${fleet.id}/report`;
  const t0 = performance.now();
  const first = await fetch(heavy);
  const oneReportMs = performance.now() - t0;
  if (first.status !== 200) throw new Error(`GET ${heavy} → ${first.status}: ${await first.text()}`);
  const site = readFileSync(join(root, 'examples/site.yaml'), 'utf8');
  const jobs = await Promise.all(
    Array.from({ length: 4 }, (_, i) =>
      fetch(`${server.url}api/v1/valuation/pivot?paths=20000&seed=${i + 1}`, { method: 'POST', headers: yaml, body: site }).then((r) => r.status),
    ),
  );
  const quiet = await pacedLoad(`${server.url}api/v1/health`, { rate: 20, durationS: 3, connections: 2 });
  // The flood runs in a process of its own: in this one it would starve the probe's event loop.
  const flood = new Promise<FloodResult>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/autocannon/autocannon.js'), '-j', '-c', '50', '-d', String(FLOOD_S), heavy], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => {
      try {
        resolve(JSON.parse(out) as FloodResult);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
  await new Promise((r) => setTimeout(r, 500));
  const probe = await pacedLoad(`${server.url}api/v1/health`, { rate: 20, durationS: FLOOD_S - 1, connections: 4 });
  const flooded = await flood;
  const served = flooded['2xx'];
  const limited = flooded.non2xx;
  reportBench({
    name: 'flood',
    title: 'One client flooding the heaviest read: /api/v1/health latency',
    metrics: [
      {
        label: 'health p99 while 50 connections flood the fleet report and 4 pivot jobs run',
        value: probe.latency_ms.p99,
        unit: `ms (p50 ${probe.latency_ms.p50.toFixed(1)} ms, max ${probe.latency_ms.max.toFixed(0)} ms)`,
        target: `< ${TARGET_P99_MS} ms`,
        ok: probe.latency_ms.p99 < TARGET_P99_MS,
      },
      { label: 'health p99 with the jobs only (no flood)', value: quiet.latency_ms.p99, unit: 'ms' },
      { label: 'health probes failed', value: probe.errors, unit: 'requests', target: '0', ok: probe.errors === 0 },
      { label: 'fleet report, first request (computed)', value: oneReportMs, unit: 'ms' },
      { label: 'flood: reports served 200', value: served / FLOOD_S, unit: `req/s (p99 ${flooded.latency.p99} ms)` },
      { label: 'flood: answered non-2xx (429, per-client limit)', value: limited, unit: 'responses' },
    ],
    notes: [`Pivot jobs started: ${jobs.join(', ')} (202 = running). Flood ${FLOOD_S} s; server and load generators share the machine.`, machineLoadNote()],
  });
} finally {
  server.stop();
  rmSync(home, { recursive: true, force: true });
}
