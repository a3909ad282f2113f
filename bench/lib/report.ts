/**
 * Shared plumbing for benchmarks: each bench/*.bench.ts measures one heavy path and reports its
 * figures with reportBench(); bench/run.ts collects them into BENCHMARKS.md.
 */
import { cpus, loadavg } from 'node:os';

export interface BenchMetric {
  label: string;
  value: number;
  unit: string;
  /** The goal, in words, e.g. "< 1000 ms". */
  target?: string;
  /** Whether the goal was met (omit when there is none). */
  ok?: boolean;
  /** The same figure measured before a change, shown in its own column (omit when there is none). */
  before?: number;
}

export interface BenchResult {
  /** Section name in BENCHMARKS.md: the file stem, e.g. `hashprice-index`, unless `command` is given. */
  name: string;
  /** The bench file's stem when one file reports several sections (`npm run bench -- <command>`). */
  command?: string;
  title: string;
  metrics: BenchMetric[];
  notes?: string[];
}

export const RESULT_PREFIX = 'BENCH_RESULT ';

export function reportBench(result: BenchResult): void {
  for (const m of result.metrics) {
    const goal = m.target ? `  (target ${m.target}: ${m.ok === undefined ? '?' : m.ok ? 'met' : 'NOT met'})` : '';
    console.log(`  ${m.label}: ${formatValue(m.value)} ${m.unit}${goal}`);
  }
  console.log(RESULT_PREFIX + JSON.stringify(result));
}

export function formatValue(v: number): string {
  if (Math.abs(v) >= 100) return v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  if (Math.abs(v) >= 1) return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return v.toPrecision(3);
}

/** Median wall time (ms) of `fn` over `runs` runs after `warmup` runs. */
export async function medianMs(fn: () => unknown, runs = 7, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

/**
 * A note on how busy the machine was when the run ended, from the 1-minute load average against
 * the core count: a bench that ran beside other work says so, a quiet run does not claim noise.
 */
export function machineLoadNote(): string {
  const load = loadavg()[0] ?? 0;
  const cores = cpus().length;
  const state =
    load > cores
      ? 'busy (other processes competed for the cores): figures are indicative'
      : load > cores / 2
        ? 'partly busy: figures may be a little slow'
        : 'quiet';
  return `Load average ${load.toFixed(2)} on ${cores} cores when the run ended: ${state}.`;
}
