/**
 * Worker-thread entry for src/app/jobs/valuation-pool.ts. It lives as long as its pool: each
 * message is a task (a run's market, sites, seed, path count and the blocks given to this
 * worker), and each block's result is posted back as soon as it is done. Staying alive between
 * tasks is the point: a pivot's main run and its 15–20 sensitivity reruns reuse one warm worker
 * instead of starting, loading and JIT-compiling a new one per run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './low-priority.js';
import type { MarketModel, SiteModel } from '../../valuation/model.js';
import { simulateBlock } from '../../valuation/run.js';

export interface ValuationTask {
  id: number;
  market: MarketModel;
  sites: SiteModel[];
  seed: number;
  paths: number;
  blocks: number[];
}

// The CLI's own threads keep the user's priority; the server's background jobs yield to requests.
if ((workerData as { lowPriority?: boolean } | undefined)?.lowPriority) lowerThreadPriority();

parentPort?.on('message', (task: ValuationTask) => {
  for (const b of task.blocks) {
    const chunk = simulateBlock(task.market, task.sites, task.seed, task.paths, b);
    const transfer = [...chunk.npv, ...chunk.lease_pv, ...chunk.mining_cf_sum, chunk.terminal_sum].map((a) => a.buffer as ArrayBuffer);
    parentPort?.postMessage({ id: task.id, chunk }, transfer);
  }
});
