/**
 * Worker-thread entry for src/app/jobs/valuation-pool.ts: simulates the blocks it is given and
 * posts each block's result back as soon as it is done (the pool counts them for progress).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './low-priority.js';
import type { MarketModel, SiteModel } from '../../valuation/model.js';
import { simulateBlock } from '../../valuation/run.js';

lowerThreadPriority();

interface Job {
  market: MarketModel;
  sites: SiteModel[];
  seed: number;
  paths: number;
  blocks: number[];
}

const job = workerData as Job;
for (const b of job.blocks) {
  const r = simulateBlock(job.market, job.sites, job.seed, job.paths, b);
  const transfer = [...r.npv, ...r.lease_pv, ...r.mining_cf_sum, r.terminal_sum].map((a) => a.buffer as ArrayBuffer);
  parentPort?.postMessage(r, transfer);
}
