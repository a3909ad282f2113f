/**
 * Side-by-side timing for benches that compare several ways of doing one job: each repetition
 * runs every contender once, in an order rotated by one per repetition (so none always runs
 * first, on a cold cache, or last, after the others' garbage), measuring wall time and the
 * process's CPU time (user + system, every thread: libuv's read threads included).
 */
export interface Sample {
  ms: number;
  cpuMs: number;
}

export interface Contender {
  name: string;
  run: () => Promise<unknown>;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Sample & { value: T }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
}

/** `reps` rounds of every contender, rotated; samples per contender name. */
export async function alternate(contenders: readonly Contender[], reps: number): Promise<Map<string, Sample[]>> {
  const out = new Map<string, Sample[]>(contenders.map((c) => [c.name, []]));
  for (let i = 0; i < reps; i++) {
    for (let j = 0; j < contenders.length; j++) {
      const c = contenders[(i + j) % contenders.length] as Contender;
      const { ms, cpuMs } = await timed(c.run);
      out.get(c.name)?.push({ ms, cpuMs });
    }
  }
  return out;
}

export function median(a: readonly number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** "min–max" of `a`, formatted like the tables' values. */
export function spread(a: readonly number[], digits = 0): string {
  const f = (v: number): string => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(Math.min(...a))}–${f(Math.max(...a))}`;
}
