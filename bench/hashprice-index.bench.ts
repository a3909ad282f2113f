/**
 * The hashprice index over the whole embedded history:
 *  - parse data/network_daily.csv (6,250 days) into DailyRow[];
 *  - build the full daily index from the loaded rows (target < 50 ms);
 *  - `node dist/cli/bin.js hashprice --json` end to end, Node start-up included (target < 300 ms wall),
 *    next to `supply --json` as the bare start-up floor. Needs `npm run build` first.
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
const childCpu: Record<string, number[]> = {};
function wallMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', cpuHook, join(root, 'dist', 'cli', 'bin.js'), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`hashfloor ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  const cpu = /CPU_MS ([\d.]+)/.exec(String(r.stderr));
  if (cpu) (childCpu[args[0] as string] ??= []).push(Number(cpu[1]));
  return ms;
}
const median = (xs: number[] = []): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const cliMs = await medianMs(() => wallMs(['hashprice', '--json']), 9, 2);
const startupMs = await medianMs(() => wallMs(['supply', '--height', '840000', '--json']), 9, 2);
rmSync(home, { recursive: true, force: true });

reportBench({
  name: 'hashprice-index',
  title: 'Hashprice index over the embedded history',
  metrics: [
    { label: `parse network_daily.csv (${rows.length.toLocaleString('en-US')} days)`, value: parseMs, unit: 'ms', target: '< 50 ms', ok: parseMs < 50 },
    { label: 'full daily index from loaded rows', value: indexMs, unit: 'ms', target: '< 50 ms', ok: indexMs < 50 },
    { label: '`hashfloor hashprice --json`, whole history, wall incl. Node start-up', value: cliMs, unit: 'ms', target: '< 300 ms', ok: cliMs < 300 },
    { label: '`hashfloor supply --json` (start-up floor, for comparison)', value: startupMs, unit: 'ms' },
    { label: 'CPU time: parse', value: parseCpuMs, unit: 'ms' },
    { label: 'CPU time: full daily index', value: indexCpuMs, unit: 'ms' },
    { label: 'CPU time: `hashfloor hashprice --json` process', value: median(childCpu.hashprice), unit: 'ms' },
    { label: 'CPU time: `hashfloor supply --json` process', value: median(childCpu.supply), unit: 'ms' },
  ],
  notes: [
    `Medians (parse/index of 15 runs, CLI of 9). ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)} at the end: on a busy machine wall times include waiting for a core, so CPU times (user + system) are listed too.`,
  ],
});
