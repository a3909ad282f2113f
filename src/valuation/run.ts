/**
 * Runs the kernel over fixed blocks of paths and merges them. Blocks are the unit of work for
 * worker threads too, and sums are always added block by block in block order, so a run's every
 * figure is bit-identical whatever the number of workers (each path has its own random stream).
 */
import { simulateChunk, type ChunkResult } from './kernel.js';
import type { MarketModel, SiteModel } from './model.js';
import { PathRng } from './rng.js';

/** Paths per block: small enough to balance two workers, large enough to amortise overhead. */
export const BLOCK_PATHS = 1024;

export interface RawValuation {
  paths: number;
  /** npv[slot][path], slots in order of sites then options. */
  npv: Float64Array[];
  lease_pv: Float64Array[];
  /** Mean full-fleet mining cash flow per site and month. */
  mining_cf_mean: Float64Array[];
  terminal_mean: Float64Array;
}

export function blockCount(paths: number): number {
  return Math.ceil(paths / BLOCK_PATHS);
}

export function simulateBlock(market: MarketModel, sites: readonly SiteModel[], seed: number, paths: number, block: number): ChunkResult {
  const from = block * BLOCK_PATHS;
  return simulateChunk(market, sites, new PathRng(seed), from, Math.min(from + BLOCK_PATHS, paths));
}

/** Merges block results (any order in, block order used) into full per-path arrays and means. */
export function mergeBlocks(sites: readonly SiteModel[], paths: number, chunks: readonly ChunkResult[]): RawValuation {
  const sorted = [...chunks].sort((a, b) => a.from - b.from);
  const slots = sites.reduce((n, s) => n + s.options.length, 0);
  const npv = Array.from({ length: slots }, () => new Float64Array(paths));
  const leasePv = Array.from({ length: slots }, () => new Float64Array(paths));
  const T = sites[0]?.power_cost_usd.length ?? 0;
  const mining = sites.map(() => new Float64Array(T));
  const terminal = new Float64Array(sites.length);
  for (const c of sorted) {
    for (let k = 0; k < slots; k++) {
      npv[k]!.set(c.npv[k]!, c.from);
      leasePv[k]!.set(c.lease_pv[k]!, c.from);
    }
    for (let s = 0; s < sites.length; s++) {
      const m = mining[s]!;
      const cs = c.mining_cf_sum[s]!;
      for (let t = 0; t < T; t++) m[t] = m[t]! + cs[t]!;
      terminal[s] = terminal[s]! + c.terminal_sum[s]!;
    }
  }
  for (const m of mining) for (let t = 0; t < m.length; t++) m[t] = m[t]! / paths;
  for (let s = 0; s < sites.length; s++) terminal[s] = terminal[s]! / paths;
  return { paths, npv, lease_pv: leasePv, mining_cf_mean: mining, terminal_mean: terminal };
}

/** Single-threaded run; `onBlock(pathsDone)` is called after each block (for a progress bar). */
export function runValuation(
  market: MarketModel,
  sites: readonly SiteModel[],
  seed: number,
  paths: number,
  onBlock?: (pathsDone: number) => void,
): RawValuation {
  const chunks: ChunkResult[] = [];
  for (let b = 0; b < blockCount(paths); b++) {
    const c = simulateBlock(market, sites, seed, paths, b);
    chunks.push(c);
    onBlock?.(c.to);
  }
  return mergeBlocks(sites, paths, chunks);
}
