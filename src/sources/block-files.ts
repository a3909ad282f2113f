/**
 * ChainSource over a Bitcoin Core blocks directory: scans every blk*.dat (seek mode by default:
 * header + coinbase of each record, ≤ 2% of the bytes), links the headers into the best chain by
 * cumulative work and serves BlockRecords for it. Stale blocks and orphans are counted, not served.
 */
import { NotFoundError, ValidationError } from '../errors.js';
import { selectBestChain } from '../chain/best-chain.js';
import type { BlockRecord } from '../chain/block-record.js';
import type { PoolIndex } from '../chain/pools.js';
import { toBlockRecord } from '../chain/to-record.js';
import type { ChainSource, ChainTip } from '../ports.js';
import { openBlocksDir, scanBlockFiles, type ScannedBlock, type ScanOptions, type ScanStats } from './blk-files.js';

export interface BlockFilesReport {
  dir: string;
  stats: ScanStats;
  /** Linked blocks off the best chain. */
  stale: number;
  orphans: number;
  duplicates: number;
}

export class BlockFilesSource implements ChainSource {
  private constructor(
    private readonly chain: ScannedBlock[],
    private readonly firstHeight: number,
    private readonly pools: PoolIndex | null,
    readonly report: BlockFilesReport,
  ) {}

  /** Scans `dir` (a blocks folder or a datadir holding blocks/) and builds the best chain. */
  static async open(
    dir: string,
    opts: Partial<ScanOptions> & { pools?: PoolIndex | null; onFile?: (done: number, total: number, stats: ScanStats) => void } = {},
  ): Promise<BlockFilesSource> {
    const bd = await openBlocksDir(dir);
    const found: (ScannedBlock & { prev_hash: string; hash: string; bits: number; bip34Height: number | null })[] = [];
    const stats = await scanBlockFiles(
      bd,
      { mode: opts.mode ?? 'seek', ...(opts.magic ? { magic: opts.magic } : {}), ...(opts.network ? { network: opts.network } : {}) },
      (b) => found.push({ ...b, hash: b.header.hash, prev_hash: b.header.prev_hash, bits: b.header.bits, bip34Height: b.coinbase.height }),
      opts.onFile,
    );
    const best = selectBestChain(found);
    const chain = best.chain.map((c) => c.item);
    const firstHeight = best.chain[0]?.height ?? 0;
    return new BlockFilesSource(chain, firstHeight, opts.pools ?? null, {
      dir: bd.dir,
      stats,
      stale: best.stale,
      orphans: best.orphans,
      duplicates: best.duplicates,
    });
  }

  /** Height of the first block served (0 unless the files are pruned). */
  get baseHeight(): number {
    return this.firstHeight;
  }

  tip(): Promise<ChainTip> {
    const last = this.chain[this.chain.length - 1];
    if (!last) return Promise.reject(new NotFoundError(`no linkable blocks in ${this.report.dir}`));
    return Promise.resolve({ hash: last.header.hash, height: this.firstHeight + this.chain.length - 1 });
  }

  private at(height: number): ScannedBlock {
    const b = this.chain[height - this.firstHeight];
    if (!b) throw new NotFoundError(`no block at height ${height} in ${this.report.dir} (have ${this.firstHeight}..${this.firstHeight + this.chain.length - 1})`);
    return b;
  }

  hashAtHeight(height: number): Promise<string> {
    return Promise.resolve().then(() => this.at(height).header.hash);
  }

  blocks(fromHeight: number, toHeight: number): Promise<BlockRecord[]> {
    return Promise.resolve().then(() => {
      if (toHeight < fromHeight) throw ValidationError.field('toHeight', `must be ≥ fromHeight ${fromHeight}`);
      const out: BlockRecord[] = [];
      for (let h = fromHeight; h <= toHeight; h++) {
        const b = this.at(h);
        out.push(toBlockRecord(b.header, h, b.coinbase, this.pools));
      }
      return out;
    });
  }
}
