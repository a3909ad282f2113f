/**
 * Runs a valuation on worker threads: blocks of paths are dealt round-robin to `workers` threads
 * and merged in block order (src/valuation/run.ts), so the result is identical to a
 * single-threaded run with the same seed. With `workers` ≤ 1 it runs in this thread.
 */
import { InternalError } from '../../errors.js';
import type { ChunkResult } from '../../valuation/kernel.js';
import type { MarketModel, SiteModel } from '../../valuation/model.js';
import { blockCount, mergeBlocks, runValuation, type RawValuation } from '../../valuation/run.js';
import { spawnWorker } from './spawn.js';

export async function runValuationParallel(
  market: MarketModel,
  sites: SiteModel[],
  seed: number,
  paths: number,
  workers: number,
  onProgress?: (pathsDone: number) => void,
): Promise<RawValuation> {
  const nBlocks = blockCount(paths);
  const n = Math.min(Math.max(1, Math.floor(workers)), nBlocks);
  if (n <= 1) return runValuation(market, sites, seed, paths, onProgress);
  const chunks: ChunkResult[] = [];
  let done = 0;
  await Promise.all(
    Array.from({ length: n }, (_, w) => {
      const blocks: number[] = [];
      for (let b = w; b < nBlocks; b += n) blocks.push(b);
      return new Promise<void>((resolve, reject) => {
        const worker = spawnWorker('valuation-worker', { market, sites, seed, paths, blocks });
        let received = 0;
        worker.on('message', (r: ChunkResult) => {
          chunks.push(r);
          done += r.to - r.from;
          onProgress?.(done);
          if (++received === blocks.length) void worker.terminate().then(() => resolve());
        });
        worker.on('error', (err) => reject(new InternalError(`valuation worker failed: ${err.message}`, { cause: err })));
        worker.on('exit', (code) => {
          if (received < blocks.length) reject(new InternalError(`valuation worker exited with code ${code} after ${received}/${blocks.length} blocks`));
        });
      });
    }),
  );
  return mergeBlocks(sites, paths, chunks);
}
