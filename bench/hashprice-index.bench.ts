/**
 * The hashprice index over the whole embedded history:
 *  - parse data/network_daily.csv (6,250 days) into DailyRow[];
 *  - build the full daily index from the loaded rows (target < 50 ms);
 *  - `node dist/cli/bin.js hashprice --json` (the whole history) and `supply --height 840000 --json`
 *    end to end, each against `node -e 0`, the floor any Node CLI pays: fresh processes in rotated
 *    order, wall and CPU time (user + system, from the child itself) side by side. Targets (issue
 *    #19): hashprice ≤ 2× the floor, supply ≤ 1.3×. Needs `npm run build` first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHashpriceIndex } from '../src/economics/hashprice-index.js';
import { parseNetworkDailyCsv } from '../src/adapters/datasets/network-daily-csv.js';
import { medianMs, reportBench } from './lib/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const text = readFileSync(join(root, 'data', 'network_daily.csv'), 'utf8');
const parse = () => parseNetworkDailyCsv(text, { source: 'data/network_daily.csv', defaultProvenance: 'embedded' });
const rows = parse();

const parseMs = await medianMs(parse, 15, 3);
const indexMs = await medianMs(() => buildHashpriceIndex(rows), 15, 3);

/** Median CPU time (user + system, ms) of `fn` in this process: what wall time would be on an idle core. */
function medianCpuMs(fn: () => unknown, runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] as number;
}
const parseCpuMs = medianCpuMs(parse);
const indexCpuMs = medianCpuMs(() => buildHashpriceIndex(rows));

// No store in a fresh home: the CLI reads the embedded file, as on a first run.
const home = mkdtempSync(join(tmpdir(), 'hashfloor-bench-'));
const env = { ...process.env, HASHFLOOR_HOME: home, HASHFLOOR_DB: '' };
// Preloaded into the child: reports its own CPU time (user + system, ms) on stderr at exit.
const cpuHook = join(home, 'cpu-at-exit.mjs');
writeFileSync(cpuHook, "process.on('exit', () => { const c = process.cpuUsage(); process.stderr.write(`CPU_MS ${(c.user + c.system) / 1000}\\n`); });\n");
interface Run {
  wallMs: number;
  cpuMs: number;
}
/** One fresh process of `args` (after node's own flags), its wall time here and its CPU time as it reports it. */
function runProcess(args: readonly string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', cpuHook, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  const cpu = /CPU_MS ([\d.]+)/.exec(String(r.stderr));
  return { wallMs, cpuMs: cpu ? Number(cpu[1]) : NaN };
}
const bin = join(root, 'dist', 'cli', 'bin.js');
const commands: Record<string, readonly string[]> = {
  floor: ['-e', '0'],
  hashprice: [bin, 'hashprice', '--json'],
  supply: [bin, 'supply', '--height', '840000', '--json'],
};
const ROUNDS = 15;
const runs: Record<string, Run[]> = { floor: [], hashprice: [], supply: [] };
for (const args of Object.values(commands)) runProcess(args); // warm the page cache and the compile cache
for (let i = 0; i < ROUNDS; i++) {
  const names = Object.keys(commands);
  for (let j = 0; j < names.length; j++) {
    const name = names[(i + j) % names.length] as string;
    runs[name]?.push(runProcess(commands[name] as readonly string[]));
  }
}
rmSync(home, { recursive: true, force: true });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const wall = (name: string): number[] => (runs[name] ?? []).map((r) => r.wallMs);
const cpu = (name: string): number[] => (runs[name] ?? []).map((r) => r.cpuMs);
const range = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
/** Per-round ratios to the floor run beside it, so a busy moment weighs on both sides. */
const perRound = (name: string, pick: (r: Run) => number): number[] => (runs[name] ?? []).map((r, i) => pick(r) / pick(runs.floor?.[i] as Run));
const ratio = (name: string, pick: (r: Run) => number): number => median(perRound(name, pick));
const cliMs = median(wall('hashprice'));
const hashWall = ratio('hashprice', (r) => r.wallMs);
const hashCpu = ratio('hashprice', (r) => r.cpuMs);
const supplyWall = ratio('supply', (r) => r.wallMs);
const supplyCpu = ratio('supply', (r) => r.cpuMs);

reportBench({
  name: 'hashprice-index',
  title: 'Hashprice index over the embedded history',
  metrics: [
    { label: `parse network_daily.csv (${rows.length.toLocaleString('en-US')} days)`, value: parseMs, unit: 'ms', target: '< 50 ms', ok: parseMs < 50 },
    { label: 'full daily index from loaded rows', value: indexMs, unit: 'ms', target: '< 50 ms', ok: indexMs < 50 },
    { label: 'CPU time: parse', value: parseCpuMs, unit: 'ms' },
    { label: 'CPU time: full daily index', value: indexCpuMs, unit: 'ms' },
    { label: '`node -e 0` (the floor): wall', value: median(wall('floor')), unit: `ms (${range(wall('floor'))})` },
    { label: '`node -e 0`: CPU', value: median(cpu('floor')), unit: `ms (${range(cpu('floor'))})` },
    { label: '`hashfloor hashprice --json`, whole history: wall', value: cliMs, unit: `ms (${range(wall('hashprice'))})`, target: '< 300 ms', ok: cliMs < 300 },
    { label: '`hashfloor hashprice --json`: CPU', value: median(cpu('hashprice')), unit: `ms (${range(cpu('hashprice'))})` },
    { label: '`hashfloor supply --height 840000 --json`: wall', value: median(wall('supply')), unit: `ms (${range(wall('supply'))})` },
    { label: '`hashfloor supply --height 840000 --json`: CPU', value: median(cpu('supply')), unit: `ms (${range(cpu('supply'))})` },
    { label: 'hashprice --json ÷ node -e 0, wall', value: hashWall, unit: '×', target: '≤ 2×', ok: hashWall <= 2 },
    { label: 'hashprice --json ÷ node -e 0, CPU', value: hashCpu, unit: '×' },
    { label: 'supply ÷ node -e 0, wall', value: supplyWall, unit: '×', target: '≤ 1.3×', ok: supplyWall <= 1.3 },
    { label: 'supply ÷ node -e 0, CPU', value: supplyCpu, unit: '×' },
  ],
  notes: [
    `Medians (parse/index of 15 runs; the three processes ${ROUNDS} rounds each, order rotated every round, ratios taken per round against the floor run of the same round; range in brackets). Every process starts with no store in a fresh home, as on a first run, so hashprice reads the embedded CSV (5.4 MB of JSON out). ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)} at the end: on a busy machine wall times include waiting for a core, so CPU times (user + system) are listed too.`,
  ],
});
