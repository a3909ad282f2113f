/**
 * Polling a fleet: 10,000 simulated miners (LuxOS, stock Antminer, Avalon in equal thirds) served
 * by `hashfloor simulate miners` in a child process — so the simulator's CPU and memory are its
 * own, not the poller's — each asked for its telemetry once through the FleetControl drivers with
 * the bounded fan-out `miners status` uses. Target: the sweep in ≤ 10 s wall. A second sweep over
 * a fleet where 1 in 100 miners accepts and never answers must end within one timeout of its last
 * healthy answer (measured inside the sweep, so load from other processes weighs on both ends).
 * Needs `ulimit -n` ≥ 10,000 listening sockets + slack in the simulator (the command checks).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFleetControl } from '../src/adapters/miners/fleet-control.js';
import { loadCatalog } from '../src/adapters/datasets/asic-catalog-file.js';
import type { Inventory } from '../src/config/miner-inventory.js';
import { READ_STALL, settleEach } from '../src/app/miners/bounded.js';
import { machineLoadNote, reportBench, type BenchMetric } from './lib/report.js';

const N = Number(process.env.HASHFLOOR_BENCH_MINERS ?? 10_000);
const CONCURRENCY = 256;
const TIMEOUT_MS = 2_000;
const TARGET_S = 10;
const MIX = 'luxos=1,antminer=1,avalon=1';
const root = fileURLToPath(new URL('..', import.meta.url));

interface Simulator {
  child: ChildProcess;
  inventory: Inventory;
  start_s: number;
}

/** `hashfloor simulate miners` in its own process; resolves once it printed its inventory. */
function startSimulator(base: string, faults?: string): Promise<Simulator> {
  const t0 = performance.now();
  const args = ['--import', 'tsx', 'src/cli/bin.ts', 'simulate', 'miners', '--count', String(N), '--mix', MIX, '--base', base, '--json'];
  const child = spawn(process.execPath, [...args, ...(faults ? ['--faults', faults] : [])], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (b: Buffer) => {
      text += b.toString();
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      const ready = JSON.parse(text.slice(0, nl)) as { inventory: Inventory };
      resolve({ child, inventory: ready.inventory, start_s: (performance.now() - t0) / 1000 });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code} before it was ready`)));
  });
}

/** CPU seconds (user + system) and peak RSS of a process, from /proc (Linux). */
function procStats(pid: number): { cpu_s: number; peak_rss_mib: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  // USER_HZ is 100 on every Linux this runs on.
  return { cpu_s: ticks / 100, peak_rss_mib: Number(hwm) / 1024 };
}

async function stop(sim: Simulator): Promise<void> {
  const exited = new Promise((resolve) => sim.child.once('exit', resolve));
  sim.child.kill('SIGTERM');
  await exited;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

interface Sweep {
  wall_s: number;
  /** From the last healthy miner's answer to the end of the sweep: what the hung ones add, measured inside one sweep. */
  tail_s: number;
  ok: number;
  failed: number;
  by_driver: Map<string, number[]>;
  sim_cpu_s: number;
  poller_cpu_s: number;
}

const fc = createFleetControl({ catalog: loadCatalog(`${root}data`), timeouts: { connect_timeout_ms: 1_000, timeout_ms: TIMEOUT_MS } });

async function sweep(sim: Simulator): Promise<Sweep> {
  const pid = sim.child.pid as number;
  const simBefore = procStats(pid).cpu_s;
  const cpuBefore = process.cpuUsage();
  const by_driver = new Map<string, number[]>();
  const t0 = performance.now();
  let lastHealthyMs = 0;
  // The fan-out `miners status` uses, stalled calls giving up their slots.
  const settled = await settleEach(
    sim.inventory.miners,
    CONCURRENCY,
    async (e) => {
      const started = performance.now();
      try {
        const d = await fc.connect({ host: e.host, port: e.port }, { driver: e.driver as string });
        const ok = (await d.telemetry()).hashrate_ths > 0;
        const ms = performance.now() - started;
        lastHealthyMs = Math.max(lastHealthyMs, performance.now() - t0);
        const times = by_driver.get(e.driver as string) ?? [];
        times.push(ms);
        by_driver.set(e.driver as string, times);
        return ok;
      } catch {
        return false;
      }
    },
    READ_STALL(CONCURRENCY),
  );
  const results = settled.map((r) => r.ok && r.value);
  const wall_s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const ok = results.filter(Boolean).length;
  return {
    wall_s,
    tail_s: wall_s - lastHealthyMs / 1000,
    ok,
    failed: N - ok,
    by_driver,
    sim_cpu_s: procStats(pid).cpu_s - simBefore,
    poller_cpu_s: (cpu.user + cpu.system) / 1e6,
  };
}

// Both fleets up at once, swept in turn: on a shared machine, load that comes and goes then weighs
// on both alike, and the medians of ROUNDS sweeps each compare like with like.
const ROUNDS = 3;
const [clean, faulty] = await Promise.all([startSimulator('127.0.101.1'), startSimulator('127.0.141.1', 'hang/100')]);
const cleanSweeps: Sweep[] = [];
const hungSweeps: Sweep[] = [];
for (let round = 0; round < ROUNDS; round++) {
  cleanSweeps.push(await sweep(clean));
  hungSweeps.push(await sweep(faulty));
}
const simPeak = procStats(clean.child.pid as number).peak_rss_mib;
await Promise.all([stop(clean), stop(faulty)]);

/** The sweep of median wall time. */
const median = (sweeps: readonly Sweep[]): Sweep => [...sweeps].sort((a, b) => a.wall_s - b.wall_s)[Math.floor(sweeps.length / 2)] as Sweep;
const cleanMedian = median(cleanSweeps);
const hung = median(hungSweeps);
const hungCount = Math.floor(N / 100);
const extra_s = hung.wall_s - cleanMedian.wall_s;
const walls = (sweeps: readonly Sweep[]): string => sweeps.map((x) => x.wall_s.toFixed(1)).join(', ');
const latency: BenchMetric[] = [...cleanMedian.by_driver.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .flatMap(([driver, times]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return [
      { label: `${driver} latency p50 (${sorted.length.toLocaleString('en-US')} miners)`, value: percentile(sorted, 0.5), unit: 'ms' },
      { label: `${driver} latency p99`, value: percentile(sorted, 0.99), unit: 'ms' },
    ];
  });

reportBench({
  name: 'miners',
  title: `Polling ${N.toLocaleString('en-US')} simulated miners`,
  metrics: [
    {
      label: `sweep wall time (median of ${ROUNDS})`,
      value: cleanMedian.wall_s,
      unit: 's',
      target: `≤ ${TARGET_S} s`,
      ok: cleanMedian.wall_s <= TARGET_S && cleanMedian.ok === N,
    },
    { label: 'miners answering', value: cleanMedian.ok, unit: `of ${N.toLocaleString('en-US')}` },
    ...latency,
    { label: 'poller CPU during the sweep', value: cleanMedian.poller_cpu_s, unit: 's' },
    { label: 'simulator CPU during the sweep (child process)', value: cleanMedian.sim_cpu_s, unit: 's' },
    { label: 'poller peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB' },
    { label: 'simulator peak RSS (child process)', value: simPeak, unit: 'MiB' },
    { label: 'simulator start-up (process to inventory printed)', value: clean.start_s, unit: 's' },
    { label: `sweep with ${hungCount} hung miners (1 in 100; median of ${ROUNDS})`, value: hung.wall_s, unit: 's' },
    {
      label: 'hung sweep: end minus the last healthy answer',
      value: hung.tail_s,
      unit: 's',
      target: `≤ ${TIMEOUT_MS / 1000} s (one timeout)`,
      ok: hung.tail_s <= TIMEOUT_MS / 1000 && hung.failed === hungCount,
    },
    { label: 'hung minus clean sweep, medians (load-sensitive, indicative)', value: extra_s, unit: 's' },
  ],
  notes: [
    `mix ${MIX} (LuxOS: summary+power+fans+stats+pools; Antminer stock: version+stats+pools; Avalon: estats+pools — each one \`+\`-joined request on one connection)`,
    `concurrency ${CONCURRENCY}, a call past ${READ_STALL(CONCURRENCY).stalled_after_ms} ms giving up its slot (at most ${READ_STALL(CONCURRENCY).max_stalled} such), timeouts connect 1 s / reply ${TIMEOUT_MS / 1000} s; the simulator is \`hashfloor simulate miners\` in its own process (its CPU and RSS from /proc)`,
    `sweeps in order, clean: ${walls(cleanSweeps)} s; with hung miners: ${walls(hungSweeps)} s (the first of each includes warming up)`,
    `hung sweep: ${hung.failed} failed of ${N.toLocaleString('en-US')} (expected ${hungCount}); simulator CPU ${hung.sim_cpu_s.toFixed(2)} s, poller CPU ${hung.poller_cpu_s.toFixed(2)} s`,
    machineLoadNote(),
  ],
});
