/**
 * ChainSource over a Bitcoin Core blocks directory. Scanning (seek mode by default: header +
 * coinbase of each record, ≤ 2% of the bytes) keeps only a compact header index (88 bytes a
 * block: hashes, bits, BIP34 height, file and offset — chain/header-index.ts), links it into the
 * best chain by cumulative work, and serves BlockRecords by reading each requested block's header
 * and coinbase again from its file and offset. Memory therefore stays ≈ 150 MB for a
 * mainnet-length chain (≈ 0.3 GiB for the whole process at 900k blocks) instead of one object per block.
 *
 * Incremental: given the checkpoint of the previous scan (per file, the offset after its last
 * complete record; the packed index entries; the XOR key and magic), only bytes appended since and
 * new files are read, and the old entries are linked together with the new ones — so a stale or
 * out-of-order block that arrives later still finds its parent. A different folder, key or magic,
 * or a file shorter than its checkpoint (a -reindex), discards the checkpoint and rescans all. A
 * file as long or longer whose fingerprint of the scanned part changed (rewritten in place:
 * blk-fingerprint.ts) loses its index entries and is scanned again from 0; the other files resume,
 * and everything is relinked. (Should a block have sat in that file and, as a duplicate not
 * indexed, in another one, that copy is not seen again — Core writes a block once, so this needs a
 * re-download after a crash and then a rewrite.)
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ConflictError, NotFoundError, ParseError, ValidationError } from '../../errors.js';
import { MAINNET } from '../../chain/address.js';
import { parseBlockPrefix } from '../../chain/block.js';
import type { BlockRecord } from '../../chain/block-record.js';
import { coinbaseFacts } from '../../chain/coinbase.js';
import { HeaderIndex, packedWithoutFiles } from '../../chain/header-index.js';
import type { PoolIndex } from '../../chain/pools.js';
import { toBlockRecord } from '../../chain/to-record.js';
import type { BlockFilesCheckpoint, BlockFilesScanUpdate } from '../../ports/store.js';
import type { ChainSource, ChainTip } from '../../ports/chain-source.js';
import { MAGIC, networkOfFirstRecord, openBlocksDir, xorInPlace, type BlocksDir } from './blk-dir.js';
import { decodeLinkFacts, scanRecords, type FileScan, type ScanOptions, type ScanStats } from './blk-files.js';
import { fingerprintFile } from './blk-fingerprint.js';
import { readFully } from './chunk-reader.js';
import { mapLimit } from '../map-limit.js';

export interface BlockFilesReport {
  dir: string;
  stats: ScanStats;
  /** Linked blocks off the best chain but forking from it. */
  stale: number;
  /** Linked blocks sharing no block with the best chain (other trees). */
  disconnected: number;
  orphans: number;
  duplicates: number;
  /** Headers in the index (this scan's and the checkpoint's). */
  headers: number;
  /** Whether a checkpoint was used (only new bytes scanned), and why not when one was discarded. */
  resumed: boolean;
  rescanReason: string | null;
  /** Bytes read again to decode the coinbases of the blocks served. */
  coinbaseBytesRead: number;
  /** Files rewritten in place since the checkpoint (fingerprint changed): scanned again from 0. */
  rewritten: string[];
  /** Bytes read to check and record the files' fingerprints (≤ 2 KiB a file), beside the scan. */
  fingerprintBytesRead: number;
  /** When no record carried the magic given: the network whose magic starts the first file, if any. */
  networkHint: string | null;
}

export interface BlockFilesOpenOptions extends Partial<ScanOptions> {
  pools?: PoolIndex | null;
  onFile?: (done: number, total: number, stats: ScanStats) => void;
  /** After each file: bytes of the files scanned so far (from where each scan started) of all to scan, and blocks found. */
  onScan?: (p: ScanProgress) => void;
  /** The previous scan's checkpoint (from the store), or null for a full scan. */
  checkpoint?: BlockFilesCheckpoint | null;
}

export interface ScanProgress {
  bytesDone: number;
  bytesTotal: number;
  /** Records that parsed as blocks so far in this scan. */
  blocks: number;
}

/** First read when serving a block: record prefix holding header + coinbase (grown when larger). */
const SERVE_READ_BYTES = 2048;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function fileNumber(name: string): number {
  return Number(/^blk(\d+)\.dat$/.exec(name)?.[1] ?? NaN);
}

/** Why a checkpoint cannot be resumed from, or null when it can. */
function staleCheckpoint(cp: BlockFilesCheckpoint, dir: string, key: string, magic: string, sizes: Map<string, number>): string | null {
  if (cp.blocks_dir !== dir) return `the checkpoint is for ${cp.blocks_dir}`;
  if (cp.xor_key_hex !== key) return 'xor.dat changed';
  if (cp.magic_hex !== magic) return 'the network changed';
  for (const f of cp.files) {
    const size = sizes.get(f.name);
    if (size !== undefined && size < f.scanned_bytes) return `${f.name} is shorter than when last scanned (reindexed?)`;
  }
  return null;
}

export class BlockFilesSource implements ChainSource {
  private constructor(
    private readonly bd: BlocksDir,
    private readonly net: NonNullable<ScanOptions['network']>,
    private readonly index: HeaderIndex,
    private readonly chain: Int32Array,
    private readonly firstHeight: number,
    private readonly pools: PoolIndex | null,
    readonly report: BlockFilesReport,
    private readonly checkpointBase: Omit<BlockFilesScanUpdate, 'headers'>,
    /** Index entries that came from the checkpoint (the rest are this scan's). */
    private readonly fromCheckpoint: number,
  ) {}

  /**
   * What the store should add to its checkpoint for the next incremental scan: the files' resume
   * offsets and this scan's new header entries (packed on demand, not kept: ≈ 79 MB on a first
   * mainnet scan).
   */
  scanUpdate(): BlockFilesScanUpdate {
    return { ...this.checkpointBase, headers: this.index.packed(this.fromCheckpoint) };
  }

  /** Scans `dir` (a blocks folder or a datadir holding blocks/) and builds the best chain. */
  static async open(dir: string, opts: BlockFilesOpenOptions = {}): Promise<BlockFilesSource> {
    const bd = await openBlocksDir(dir);
    const magic = opts.magic ?? MAGIC.main;
    const where = resolve(bd.dir);
    const sizes = new Map<string, number>();
    for (const f of bd.files) {
      const fh = await open(f, 'r');
      sizes.set(basename(f), (await fh.stat()).size);
      await fh.close();
    }
    const cp = opts.checkpoint ?? null;
    const rescanReason = cp ? staleCheckpoint(cp, where, hex(bd.key), hex(magic), sizes) : null;
    const resumed = cp !== null && rescanReason === null;
    let fingerprintBytesRead = 0;
    const fingerprint = async (name: string, resumeAt: number): Promise<string> => {
      const fh = await open(join(bd.dir, name), 'r');
      try {
        const fp = await fingerprintFile(fh, resumeAt);
        fingerprintBytesRead += fp.bytesRead;
        return fp.hex;
      } finally {
        await fh.close();
      }
    };
    // Fingerprints of the checkpointed parts as the files are now; a file saved without one adopts its current one.
    const verified = new Map<string, { scanned_bytes: number; hex: string }>();
    const rewritten: string[] = [];
    if (resumed) {
      await mapLimit(
        cp.files.filter((f) => sizes.has(f.name)),
        8,
        async (f) => {
          const hexNow = await fingerprint(f.name, f.scanned_bytes);
          if (f.fingerprint_hex === null || f.fingerprint_hex === hexNow) verified.set(f.name, { scanned_bytes: f.scanned_bytes, hex: hexNow });
          else rewritten.push(f.name);
        },
      );
      rewritten.sort();
    }
    const kept = resumed ? (rewritten.length > 0 ? packedWithoutFiles(cp.headers, new Set(rewritten.map(fileNumber))) : cp.headers) : null;
    const index = new HeaderIndex(kept ? kept.length / 88 + 1024 : 1 << 16);
    if (kept) index.addPacked(kept);
    // A rewrite drops stored entries, so the whole index is saved again (reset) rather than appended.
    const before = rewritten.length > 0 ? 0 : index.count;
    const scannedTo = new Map([...verified].map(([name, v]) => [name, v.scanned_bytes]));
    // Progress by bytes (files differ in size, and a resumed scan reads only each file's new tail).
    const todo = bd.files.map((f) => Math.max(0, (sizes.get(basename(f)) ?? 0) - (scannedTo.get(basename(f)) ?? 0)));
    const bytesTotal = todo.reduce((a, b) => a + b, 0);
    let bytesDone = 0;
    const onFile = (done: number, total: number, s: ScanStats): void => {
      bytesDone += todo[done - 1] ?? 0;
      opts.onScan?.({ bytesDone, bytesTotal, blocks: s.records - s.badRecords });
      opts.onFile?.(done, total, s);
    };
    const { stats, files } = await scanRecords(
      bd,
      { mode: opts.mode ?? 'seek', magic, ...(opts.network ? { network: opts.network } : {}), startAt: (name) => scannedTo.get(name) ?? 0 },
      decodeLinkFacts(opts.powLimit, opts.bip34Height),
      (f, at) => void index.add(f.hash, f.prev, f.bits, f.bip34Height, fileNumber(basename(bd.files[at.file] as string)), at.offset, at.size),
      onFile,
    );
    const best = index.selectBest();
    const networkHint = stats.records === 0 ? await networkOfFirstRecord(bd, magic) : null;
    const fileRows = await mapLimit(files, 8, async (f: FileScan) => {
      const known = verified.get(f.name);
      const fingerprint_hex = known && known.scanned_bytes === f.resumeAt ? known.hex : await fingerprint(f.name, f.resumeAt);
      return { name: f.name, scanned_bytes: f.resumeAt, fingerprint_hex };
    });
    const checkpointBase: Omit<BlockFilesScanUpdate, 'headers'> = {
      blocks_dir: where,
      xor_key_hex: hex(bd.key),
      magic_hex: hex(magic),
      reset: !resumed || rewritten.length > 0,
      files: fileRows,
    };
    return new BlockFilesSource(
      bd,
      opts.network ?? MAINNET,
      index,
      best.chain,
      best.firstHeight,
      opts.pools ?? null,
      {
        dir: bd.dir,
        stats,
        stale: best.stale,
        disconnected: best.disconnected,
        orphans: best.orphans,
        duplicates: index.duplicates,
        headers: index.count,
        resumed,
        rescanReason,
        coinbaseBytesRead: 0,
        rewritten,
        fingerprintBytesRead,
        networkHint,
      },
      checkpointBase,
      before,
    );
  }

  /** Height of the first block served (0 unless the files are pruned). */
  get baseHeight(): number {
    return this.firstHeight;
  }

  tip(): Promise<ChainTip> {
    if (this.chain.length === 0) {
      const hint = this.report.networkHint;
      return Promise.reject(new NotFoundError(`no linkable blocks in ${this.report.dir}${hint ? `; blocks look like ${hint}; pass --network ${hint}` : ''}`));
    }
    return Promise.resolve({ hash: this.index.hashHex(this.chain[this.chain.length - 1] as number), height: this.firstHeight + this.chain.length - 1 });
  }

  private at(height: number): number {
    const e = this.chain[height - this.firstHeight];
    if (e === undefined)
      throw new NotFoundError(`no block at height ${height} in ${this.report.dir} (have ${this.firstHeight}..${this.firstHeight + this.chain.length - 1})`);
    return e;
  }

  hashAtHeight(height: number): Promise<string> {
    return Promise.resolve().then(() => this.index.hashHex(this.at(height)));
  }

  async blocks(fromHeight: number, toHeight: number): Promise<BlockRecord[]> {
    if (toHeight < fromHeight) throw ValidationError.field('toHeight', `must be ≥ fromHeight ${fromHeight}`);
    const wanted = Array.from({ length: toHeight - fromHeight + 1 }, (_, i) => ({ height: fromHeight + i, entry: this.index.entry(this.at(fromHeight + i)) }));
    // Read in file order (ascending offsets), a few at a time: near-sequential on disk.
    const order = [...wanted].sort((a, b) => a.entry.file - b.entry.file || a.entry.offset - b.entry.offset);
    const handles = new Map<number, Promise<FileHandle>>();
    const handle = (file: number): Promise<FileHandle> => {
      let h = handles.get(file);
      if (!h) handles.set(file, (h = open(join(this.bd.dir, `blk${String(file).padStart(5, '0')}.dat`), 'r')));
      return h;
    };
    const records = new Map<number, BlockRecord>();
    try {
      await mapLimit(order, 8, async ({ height, entry }) => {
        records.set(height, await this.readBlock(await handle(entry.file), height, entry));
      });
    } finally {
      for (const h of handles.values()) await (await h).close();
    }
    return wanted.map((w) => records.get(w.height) as BlockRecord);
  }

  /** Header + coinbase of one indexed block, read again from its file. */
  private async readBlock(fh: FileHandle, height: number, e: ReturnType<HeaderIndex['entry']>): Promise<BlockRecord> {
    const source = join(this.bd.dir, `blk${String(e.file).padStart(5, '0')}.dat`);
    let len = Math.min(e.size, SERVE_READ_BYTES);
    for (;;) {
      const buf = Buffer.allocUnsafe(len);
      const got = await readFully(fh, buf, 0, len, e.offset + 8);
      this.report.coinbaseBytesRead += got;
      xorInPlace(buf, this.bd.key, e.offset + 8);
      try {
        const p = parseBlockPrefix(buf.subarray(0, got), e.offset + 8, source);
        if (p.header.hash !== e.hash)
          throw new ConflictError(`${source} changed since it was scanned: offset ${e.offset} now holds block ${p.header.hash}, not ${e.hash}`);
        return toBlockRecord(p.header, height, coinbaseFacts(p.coinbase, this.net), this.pools);
      } catch (err) {
        // A coinbase larger than the first read: read the whole block once.
        if (err instanceof ParseError && len < e.size && got === len) {
          len = e.size;
          continue;
        }
        throw err;
      }
    }
  }
}
