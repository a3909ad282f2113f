/**
 * Valuation runs on a pool of long-lived worker threads. A run's blocks of paths go one by one
 * to the worker with the fewest blocks outstanding, and are merged in block order
 * (src/valuation/run.ts), so every figure is bit-identical to a single-threaded run with the
 * same seed, whatever the pool size or the order blocks finish in. Several runs may be in
 * flight at once (a pivot's sensitivity reruns are one block each): they interleave on the
 * workers. Start the pool early — the workers load their modules while the caller reads and
 * fits the history — and close it when done. A pool of size ≤ 1 runs in the calling thread.
 */
import type { Worker } from 'node:worker_threads';
import { InternalError } from '../../errors.js';
import type { ChunkResult } from '../../valuation/kernel.js';
import type { MarketModel, SiteModel } from '../../valuation/model.js';
import { blockCount, mergeBlocks, runValuation, type RawValuation } from '../../valuation/run.js';
import { spawnWorker } from './spawn.js';
import type { ValuationTask } from './valuation-worker.js';

interface Pending {
  sites: SiteModel[];
  paths: number;
  chunks: ChunkResult[];
  expected: number;
  onBlock: ((pathsDone: number) => void) | undefined;
  resolve: (r: RawValuation) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  outstanding: number;
}

export class ValuationPool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;
  /** Set by close(): workers exiting then are expected, not a failure. */
  private closing = false;

  /** `size` worker threads, started now; `lowPriority` for background jobs next to a server. */
  constructor(
    readonly size: number,
    options: { lowPriority: boolean } = { lowPriority: false },
  ) {
    const n = Math.max(0, Math.floor(size));
    this.slots = n <= 1 ? [] : Array.from({ length: n }, () => this.startWorker(options.lowPriority));
  }

  private startWorker(lowPriority: boolean): Slot {
    const slot: Slot = { worker: spawnWorker('valuation-worker', { lowPriority }), outstanding: 0 };
    slot.worker.on('message', (m: { id: number; chunk: ChunkResult }) => {
      slot.outstanding--;
      const p = this.pending.get(m.id);
      if (!p) return;
      p.chunks.push(m.chunk);
      p.onBlock?.(p.chunks.reduce((n, c) => n + (c.to - c.from), 0));
      if (p.chunks.length === p.expected) {
        this.pending.delete(m.id);
        p.resolve(mergeBlocks(p.sites, p.paths, p.chunks));
      }
    });
    slot.worker.on('error', (err) => this.fail(new InternalError(`valuation worker failed: ${err.message}`, { cause: err })));
    slot.worker.on('exit', (code) => {
      if (!this.closing) this.fail(new InternalError(`valuation worker exited with code ${code}`));
    });
    return slot;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** One valuation run; `onBlock(pathsDone)` after each block, as runValuation. */
  run(market: MarketModel, sites: SiteModel[], seed: number, paths: number, onBlock?: (pathsDone: number) => void): Promise<RawValuation> {
    if (this.slots.length === 0) return Promise.resolve(runValuation(market, sites, seed, paths, onBlock));
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const blocks = blockCount(paths);
    const perSlot = this.slots.map(() => [] as number[]);
    for (let b = 0; b < blocks; b++) {
      let best = 0;
      for (let w = 1; w < this.slots.length; w++) if (this.slots[w]!.outstanding < this.slots[best]!.outstanding) best = w;
      perSlot[best]!.push(b);
      this.slots[best]!.outstanding++;
    }
    return new Promise<RawValuation>((resolve, reject) => {
      this.pending.set(id, { sites, paths, chunks: [], expected: blocks, onBlock, resolve, reject });
      perSlot.forEach((list, w) => {
        if (list.length === 0) return;
        const task: ValuationTask = { id, market, sites, seed, paths, blocks: list };
        this.slots[w]!.worker.postMessage(task);
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** One run on a pool of its own (started and closed around it). */
export async function runValuationParallel(
  market: MarketModel,
  sites: SiteModel[],
  seed: number,
  paths: number,
  workers: number,
  onProgress?: (pathsDone: number) => void,
): Promise<RawValuation> {
  const pool = new ValuationPool(Math.min(workers, blockCount(paths)));
  try {
    return await pool.run(market, sites, seed, paths, onProgress);
  } finally {
    await pool.close();
  }
}
