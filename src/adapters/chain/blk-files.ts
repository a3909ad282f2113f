/**
 * Reads Bitcoin Core's block files (blocks/blk*.dat). Each record is 4 magic bytes + a
 * little-endian uint32 size + the serialized block. Since Core 28 the files are XOR-obfuscated
 * with the 8-byte key in blocks/xor.dat: byte i of a file is stored as byte ^ key[i mod 8],
 * i the absolute file offset (no xor.dat = a zero key). Core pre-allocates files in zero-filled
 * chunks, so a file may end in zeros; a crash can leave a truncated last record.
 *
 * Two ways to read, same result:
 *  - 'seek': per record one positioned read of the record header + the block's first bytes (header,
 *    coinbase), growing the read only when a coinbase is larger; the rest is skipped by the size.
 *  - 'full': every byte read sequentially in large chunks (fast on spinning disks, cold caches),
 *    with two chunk reads in flight while the current one is parsed (chunk-reader.ts); still only
 *    header + coinbase are decoded, the rest skipped by the record size.
 * A scan may start each file where the previous one stopped (after its last complete record), so
 * an incremental sync reads only bytes appended since.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { ParseError } from '../../errors.js';
import { assertProofOfWork, parseBlockPrefix, proofOfWorkError } from '../../chain/block.js';
import { LinkFactsReader, type LinkFacts } from '../../chain/link-facts.js';
import { ProofOfWorkChecker } from '../../chain/pow-check.js';
import { POW_LIMIT } from '../../chain/difficulty.js';
import { BIP34_HEIGHT, coinbaseFacts, type CoinbaseFacts } from '../../chain/coinbase.js';
import type { BlockHeader } from '../../chain/header.js';
import type { AddressNetwork } from '../../chain/address.js';
import { MAINNET } from '../../chain/address.js';
import { MAGIC, type BlocksDir } from './blk-dir.js';
import { decoded, decodedInto, decodeOwned, magicAt, MAX_BLOCK_BYTES, newScratch, rawZero, recordSize, u32At, type Scratch } from './blk-record.js';
import { ChunkReader, chunkBuffers, readFully, type ChunkBuffers } from './chunk-reader.js';

export { MAX_BLOCK_BYTES } from './blk-record.js';

export interface ScanOptions {
  mode: 'seek' | 'full';
  magic?: Uint8Array;
  network?: AddressNetwork;
  /** First read per record in seek mode (record header + block prefix). */
  seekReadBytes?: number;
  /** Chunk size of full-mode reads. */
  fullChunkBytes?: number;
  /** Full-mode chunk reads in flight while one chunk is parsed. */
  readAhead?: number;
  /**
   * Highest target a header may claim (the network's powLimit; mainnet's by default). A header
   * whose bits exceed it or whose hash is above its target is a bad record (ParseError at its
   * offset), not a block.
   */
  powLimit?: bigint;
  /** The network's BIP34 activation height (BIP34_HEIGHTS); mainnet's by default. */
  bip34Height?: number;
}

export interface ScannedBlock {
  header: BlockHeader;
  coinbase: CoinbaseFacts;
  txCount: number;
  /** File index (blkNNNNN) and absolute offset of the record's magic. */
  file: number;
  offset: number;
  /** Block bytes (the record's size field). */
  size: number;
}

export interface ScanStats {
  files: number;
  /** Bytes of all block files. */
  fileBytes: number;
  /** Bytes actually read from disk. */
  bytesRead: number;
  records: number;
  /** Zero-filled tails (pre-allocation) skipped. */
  paddingBytes: number;
  /** Bytes skipped while looking for the next magic after garbage. */
  resyncBytes: number;
  /** Records whose size runs past the end of the file. */
  truncated: number;
  /** Records whose block did not parse (kept, up to 100, with file offset). */
  badRecords: number;
  errors: ParseError[];
}

export function newStats(): ScanStats {
  return { files: 0, fileBytes: 0, bytesRead: 0, records: 0, paddingBytes: 0, resyncBytes: 0, truncated: 0, badRecords: 0, errors: [] };
}

/** Counts a bad record; returns the index of its kept error (-1: not kept). */
function noteBad(stats: ScanStats, err: unknown): number {
  stats.badRecords++;
  if (!(err instanceof ParseError)) throw err;
  if (stats.errors.length >= 100) return -1;
  return stats.errors.push(err) - 1;
}

async function readAt(fh: FileHandle, buf: Buffer, off: number, length: number, position: number, stats: ScanStats): Promise<number> {
  const got = await readFully(fh, buf, off, length, position);
  stats.bytesRead += got;
  return got;
}

/**
 * Decodes one record's block. `block` holds the block's first bytes (or all of it), de-obfuscated;
 * `base` is the file offset of block[0] (for errors). Throws ParseError when the bytes do not parse
 * — the scanner then reads the whole block once when it had only a prefix. `block` is a view into
 * a buffer the scan reuses for the next record: a decoder copies what it keeps.
 */
export type RecordDecoder<T> = (block: Uint8Array, base: number, source: string) => T;

/** Where a decoded record came from: file index (blkNNNNN order), offset of its magic, block bytes. */
export interface RecordPlace {
  file: number;
  offset: number;
  size: number;
}

interface FileCtx<T> {
  fh: FileHandle;
  size: number;
  index: number;
  name: string;
  key: Uint8Array;
  magic: Uint8Array;
  stats: ScanStats;
  decode: RecordDecoder<T>;
  emit: (item: T, at: RecordPlace) => void;
  scratch: Scratch;
  /** Passed to every emit, refilled per record. */
  place: RecordPlace;
  /** Offset after the last complete record (or skipped garbage): where the next scan resumes. */
  resumeAt: number;
  /** The last record, when it was bad: its offset, end and kept error (see tornTail). */
  lastBad: { offset: number; end: number; errorAt: number } | null;
  /** Where zero padding (the rest of the file) began; -1 when none was met. */
  paddingFrom: number;
}

/** Decodes one record's block (already de-obfuscated); a bad block is counted, not fatal. */
function parseRecord<T>(c: FileCtx<T>, block: Uint8Array, offset: number, size: number, partial: boolean): boolean {
  let item: T;
  try {
    item = c.decode(block, offset + 8, c.name);
  } catch (err) {
    if (partial && err instanceof ParseError) return false;
    c.lastBad = { offset, end: offset + 8 + size, errorAt: noteBad(c.stats, err) };
    return true;
  }
  c.lastBad = null;
  c.place.file = c.index;
  c.place.offset = offset;
  c.place.size = size;
  c.emit(item, c.place);
  return true;
}

/** Offset of the next (de-obfuscated) magic after `from`, scanning in windows; -1 if none. */
async function resync<T>(c: FileCtx<T>, from: number): Promise<number> {
  const win = 1 << 16;
  const buf = Buffer.allocUnsafe(win + 3);
  for (let pos = from; pos < c.size; pos += win) {
    const n = await readAt(c.fh, buf, 0, Math.min(win + 3, c.size - pos), pos, c.stats);
    const d = decodeOwned(buf, 0, n, c.key, pos);
    for (let i = 0; i + 4 <= n; i++) if (magicAt(d, i, c.magic)) return pos + i;
  }
  return -1;
}

/**
 * Decides what is at `pos` given the (de-obfuscated) 8 record-header bytes: a record, zero padding
 * (rest of file), or garbage (resync). Returns the record size, or where to go on. Padding, a
 * truncated record and garbage up to the end leave `resumeAt` at `pos`: Core fills pre-allocated
 * space and finishes records later, so the next scan must look there again.
 */
async function recordHeader<T>(c: FileCtx<T>, raw: Uint8Array, rawAt: number, pos: number): Promise<{ size: number } | { next: number }> {
  const avail = Math.min(8, c.size - pos);
  if (rawZero(raw, rawAt, avail)) {
    c.stats.paddingBytes += c.size - pos;
    c.paddingFrom = pos;
    return { next: c.size };
  }
  if (avail < 8) {
    c.stats.truncated++;
    return { next: c.size };
  }
  const head = decoded(raw, rawAt, 8, c.key, pos);
  const size = u32At(head, 4);
  if (magicAt(head, 0, c.magic) && size >= 81 && size <= MAX_BLOCK_BYTES) {
    if (pos + 8 + size > c.size) {
      c.stats.truncated++;
      return { next: c.size };
    }
    return { size };
  }
  const next = await resync(c, pos + 1);
  const to = next < 0 ? c.size : next;
  c.stats.resyncBytes += to - pos;
  if (next >= 0) c.resumeAt = next;
  return { next: to };
}

/** Records up to this size make seek mode read several at once (see nextSeekRead). */
const SMALL_RECORD_BYTES = 8 << 10;
const MAX_SEEK_READ_BYTES = 64 << 10;

/**
 * The next seek-mode read: after two small records in a row (mainnet's first ~150k blocks are all
 * < 8 KiB) about eight records' worth, since the next ones are likely as small and one read then
 * serves them all; otherwise just the record header and prefix (a lone small block among large
 * ones must not make the next read large).
 */
function nextSeekRead(firstRead: number, recordBytes: number, previousBytes: number): number {
  const larger = Math.max(recordBytes, previousBytes);
  return larger <= SMALL_RECORD_BYTES ? Math.min(MAX_SEEK_READ_BYTES, Math.max(firstRead, 8 * larger)) : firstRead;
}

async function scanSeek<T>(c: FileCtx<T>, start: number, firstRead: number): Promise<void> {
  const buf = Buffer.allocUnsafe(Math.max(firstRead, MAX_SEEK_READ_BYTES));
  let whole: Buffer | null = null;
  /** File offset of buf[0] and bytes valid in it (a read may hold the next records too). */
  let bufAt = 0;
  let n = 0;
  let want = firstRead;
  let previousBytes = Infinity;
  let pos = start;
  while (pos < c.size) {
    if (pos + 8 > bufAt + n || pos < bufAt) {
      n = await readAt(c.fh, buf, 0, Math.min(want, c.size - pos), pos, c.stats);
      bufAt = pos;
    }
    let rel = pos - bufAt;
    let size = recordSize(c, buf, rel, pos);
    if (size < 0) {
      const h = await recordHeader(c, buf, rel, pos);
      if ('next' in h) {
        pos = h.next;
        continue;
      }
      size = h.size;
    }
    c.stats.records++;
    let have = Math.min(size, bufAt + n - pos - 8);
    let parsed = parseRecord(c, decodedInto(c.scratch, buf, rel + 8, have, pos + 8), pos, size, have < size);
    if (!parsed && rel > 0) {
      // An earlier read held only part of this record: read from its start.
      n = await readAt(c.fh, buf, 0, Math.min(Math.max(want, firstRead), c.size - pos), pos, c.stats);
      bufAt = pos;
      rel = 0;
      have = Math.min(size, n - 8);
      parsed = parseRecord(c, decodedInto(c.scratch, buf, 8, have, pos + 8), pos, size, have < size);
    }
    if (!parsed) {
      // The coinbase did not fit the first read: read the whole block once.
      if (!whole || whole.length < size) whole = Buffer.allocUnsafe(size);
      await readAt(c.fh, whole, 0, size, pos + 8, c.stats);
      parseRecord(c, decodeOwned(whole, 0, size, c.key, pos + 8), pos, size, false);
      if (whole.length > firstRead * 64) whole = null;
    }
    pos += 8 + size;
    c.resumeAt = pos;
    want = nextSeekRead(firstRead, 8 + size, previousBytes);
    previousBytes = 8 + size;
  }
}

/** Bytes of each record decoded in full mode (header + coinbase fit in almost every block). */
const FULL_PREFIX_BYTES = 2048;
const FIRST_DECODE_BYTES = 512;

async function scanFull<T>(c: FileCtx<T>, start: number, bufs: ChunkBuffers): Promise<void> {
  const reader = new ChunkReader(c.fh, bufs, start, c.size);
  try {
    let pos = start;
    while (pos < c.size) {
      // Record header and block prefix straight from the chunk when it holds them (no await, no copy).
      let at = reader.windowAt(pos, 8);
      let raw: Uint8Array = reader.window;
      if (at < 0) {
        raw = await reader.bytesAt(pos, 8);
        at = 0;
      }
      let size = recordSize(c, raw, at, pos);
      if (size < 0) {
        const h = await recordHeader(c, raw, at, pos);
        if ('next' in h) {
          pos = h.next;
          continue;
        }
        size = h.size;
      }
      c.stats.records++;
      const first = Math.min(size, FULL_PREFIX_BYTES);
      let pat = reader.windowAt(pos + 8, first);
      let prefix: Uint8Array = reader.window;
      if (pat < 0) {
        prefix = await reader.bytesAt(pos + 8, first);
        pat = 0;
      }
      // Most coinbases end within the first 512 bytes: decode those first (fewer bytes copied,
      // XORed and pulled into the cache), then the whole prefix, then the whole block.
      const small = Math.min(first, FIRST_DECODE_BYTES);
      const parsed =
        parseRecord(c, decodedInto(c.scratch, prefix, pat, small, pos + 8), pos, size, small < size) ||
        (small < first && parseRecord(c, decodedInto(c.scratch, prefix, pat, first, pos + 8), pos, size, first < size));
      if (!parsed) {
        // A coinbase larger than the prefix (rare): read the whole block once more, positioned.
        const whole = Buffer.allocUnsafe(size);
        await readAt(c.fh, whole, 0, size, pos + 8, c.stats);
        parseRecord(c, decodeOwned(whole, 0, size, c.key, pos + 8), pos, size, false);
      }
      pos += 8 + size;
      c.resumeAt = pos;
    }
    await reader.drain();
  } finally {
    await reader.settle();
    c.stats.bytesRead += reader.bytesRead;
  }
}

const TORN_TAIL_BYTES = 64;

/**
 * A bad last record whose final TORN_TAIL_BYTES are raw zeros, followed only by zero padding (or
 * the end of the file), is a block cut short by a crash inside pre-allocated space: Core had not written its tail
 * yet. It is counted truncated, not bad, and the next scan resumes at it, as for any truncated record.
 */
async function tornTail<T>(c: FileCtx<T>): Promise<void> {
  const bad = c.lastBad;
  if (!bad || !(bad.end === c.size || c.paddingFrom === bad.end)) return;
  // 64 zero bytes: a whole block may end in a zero locktime and more, but not in a run this long.
  const n = Math.min(TORN_TAIL_BYTES, bad.end - bad.offset - 8);
  const tail = Buffer.alloc(n);
  await readAt(c.fh, tail, 0, n, bad.end - n, c.stats);
  if (!rawZero(tail, 0, n)) return;
  c.stats.badRecords--;
  if (bad.errorAt >= 0) c.stats.errors.splice(bad.errorAt, 1);
  c.stats.truncated++;
  c.resumeAt = bad.offset;
}

/** What one scan did to one file. */
export interface FileScan {
  /** blkNNNNN.dat file name (no folder). */
  name: string;
  /** File size when scanned. */
  size: number;
  /** Offset the scan started at (0, or where the previous scan stopped). */
  start: number;
  /** Offset after the last complete record: where the next scan of this file starts. */
  resumeAt: number;
}

/**
 * Scans the block files of `bd` in file order, from `startAt(name)` (default 0) to the end of each,
 * decoding every record with `decode` and passing it to `emit`; `onFile` runs after each file (for
 * progress). Bad records are counted in the stats, never fatal. Returns the stats and, per file,
 * where the next scan should resume.
 */
export async function scanRecords<T>(
  bd: BlocksDir,
  opts: ScanOptions & { startAt?: (name: string) => number },
  decode: RecordDecoder<T>,
  emit: (item: T, at: RecordPlace) => void,
  onFile?: (done: number, total: number, stats: ScanStats) => void,
): Promise<{ stats: ScanStats; files: FileScan[] }> {
  const stats = newStats();
  const files: FileScan[] = [];
  // One ring of chunk buffers for all files: fresh buffers per file cost page faults on first touch
  // and GC work, a measurable share of a page-cache-speed scan.
  const bufs = opts.mode === 'full' ? chunkBuffers(opts.fullChunkBytes ?? 4 << 20, opts.readAhead) : null;
  const scratch = newScratch(bd.key, FULL_PREFIX_BYTES);
  const place: RecordPlace = { file: 0, offset: 0, size: 0 };
  for (let index = 0; index < bd.files.length; index++) {
    const path = bd.files[index] as string;
    const name = basename(path);
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const start = Math.min(opts.startAt?.(name) ?? 0, size);
      stats.files++;
      stats.fileBytes += size;
      const c: FileCtx<T> = {
        fh,
        size,
        index,
        name: path,
        key: bd.key,
        magic: opts.magic ?? MAGIC.main,
        stats,
        decode,
        emit,
        scratch,
        place,
        resumeAt: start,
        lastBad: null,
        paddingFrom: -1,
      };
      if (start < size) {
        if (opts.mode === 'seek') await scanSeek(c, start, opts.seekReadBytes ?? 1024);
        else await scanFull(c, start, bufs as ChunkBuffers);
        await tornTail(c);
      }
      files.push({ name, size, start, resumeAt: c.resumeAt });
    } finally {
      await fh.close();
    }
    onFile?.(index + 1, bd.files.length, stats);
  }
  return { stats, files };
}

/** Header, transaction count and coinbase facts of a record's block. */
export function decodeScannedBlock(net: AddressNetwork, powLimit: bigint = POW_LIMIT): RecordDecoder<Omit<ScannedBlock, keyof RecordPlace>> {
  return (block, base, source) => {
    const p = parseBlockPrefix(block, base, source);
    assertProofOfWork(Buffer.from(p.header.hash, 'hex').reverse(), p.header.bits, powLimit, base, source);
    return { header: p.header, coinbase: coinbaseFacts(p.coinbase, net), txCount: p.txCount };
  };
}

/**
 * Link facts of a record's block, its proof of work checked against `powLimit`. One result object
 * serves every record (LinkFactsReader): the emit callback copies what it keeps, as HeaderIndex.add does.
 */
export function decodeLinkFacts(powLimit: bigint = POW_LIMIT, bip34ActivationHeight = BIP34_HEIGHT): RecordDecoder<LinkFacts> {
  const reader = new LinkFactsReader(bip34ActivationHeight);
  const pow = new ProofOfWorkChecker(powLimit);
  return (block, base, source) => {
    const f = reader.read(block, base, source);
    const failure = pow.check(f.hash, f.bits);
    if (failure !== null) throw proofOfWorkError(f.hash, f.bits, failure, base, source);
    return f;
  };
}

/** Scans every block file from the start, decoding header + coinbase of each record. */
export async function scanBlockFiles(
  bd: BlocksDir,
  opts: ScanOptions,
  emit: (block: ScannedBlock) => void,
  onFile?: (done: number, total: number, stats: ScanStats) => void,
): Promise<ScanStats> {
  const decode = decodeScannedBlock(opts.network ?? MAINNET, opts.powLimit);
  const r = await scanRecords(bd, opts, decode, (b, at) => emit({ ...b, ...at }), onFile);
  return r.stats;
}
