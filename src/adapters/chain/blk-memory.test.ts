/**
 * Memory stays bounded while scanning, whatever the files claim: records announcing the largest
 * size, invalid sizes, long garbage runs, tens of thousands of records and a truncated tail. A
 * 64 MiB folder is scanned in both modes; the growth of ArrayBuffer memory and of the heap over the
 * scan (sampled as it runs) stays under 32 MiB — less than the files' size, so no file is held whole.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blkRecord, chain } from '../../../test/helpers/synthetic-chain.js';
import { POW_LIMIT_REGTEST } from '../../chain/difficulty.js';
import { MAGIC, openBlocksDir } from './blk-dir.js';
import { decodeLinkFacts, MAX_BLOCK_BYTES, scanRecords } from './blk-files.js';

const MIB = 1 << 20;
const FILE_BYTES = 8 * MIB;
const BOUND_BYTES = 32 * MIB;
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const root = mkdtempSync(join(tmpdir(), 'hashfloor-blk-memory-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Deterministic non-zero garbage (xorshift32), never containing the regtest magic's first byte. */
function garbage(n: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const b = (x >>> 0) & 0xff;
    out[i] = b === 0 || b === 0xfa ? 0x5a : b;
  }
  return out;
}

/** A record header claiming `size` bytes. */
function head(size: number): Buffer {
  const h = Buffer.alloc(8);
  Buffer.from(MAGIC.regtest).copy(h);
  h.writeUInt32LE(size >>> 0, 4);
  return h;
}

function fill(parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return body.length >= FILE_BYTES ? body.subarray(0, FILE_BYTES) : Buffer.concat([body, garbage(FILE_BYTES - body.length, body.length | 1)]);
}

beforeAll(() => {
  const sixteen = Buffer.concat(chain({ length: 16, seed: 71 }).map((b) => blkRecord(b.bytes, MAGIC.regtest)));
  /** Whole records (≈ 400 bytes each), about `bytes` of them. */
  const many = (bytes: number): Buffer => Buffer.concat(Array.from({ length: Math.ceil(bytes / sixteen.length) }, () => sixteen));
  const files = [
    // Thousands of small records, then garbage; the same cut mid-record.
    fill([many(MIB)]),
    fill([many(MIB).subarray(100)]),
    // Records claiming the largest size a block may have, over garbage: bad records, skipped whole.
    fill([head(MAX_BLOCK_BYTES), garbage(MAX_BLOCK_BYTES, 3), head(MAX_BLOCK_BYTES), garbage(MAX_BLOCK_BYTES - 100, 5)]),
    // Sizes no block has (4 GiB, 2 GiB, 80 bytes) between garbage: resync each time.
    fill([head(0xffffffff), garbage(MIB, 7), head(0x80000000), garbage(MIB, 9), head(80), garbage(MIB, 11)]),
    // Long garbage runs with no magic at all.
    fill([garbage(FILE_BYTES, 13)]),
    fill([garbage(FILE_BYTES, 17)]),
    fill([garbage(FILE_BYTES, 19)]),
    // Records, garbage, then a record claiming more than the file holds (truncated), zero padding.
    fill([many(MIB), garbage(4 * MIB + MIB / 2, 29), head(MAX_BLOCK_BYTES), garbage(MIB, 23), Buffer.alloc(FILE_BYTES)]),
  ];
  mkdirSync(join(root, 'blocks'));
  files.forEach((f, i) => writeFileSync(join(root, 'blocks', `blk0000${i}.dat`), f));
});

describe('block-file scans keep memory bounded', () => {
  for (const mode of ['seek', 'full'] as const) {
    it(`${mode}: 64 MiB of hostile files; ArrayBuffer and heap growth < 32 MiB`, async () => {
      const bd = await openBlocksDir(root);
      gc();
      const base = process.memoryUsage();
      let peakBuffers = 0;
      let peakHeap = 0;
      // Retained memory, not garbage the collector has yet to reclaim: collect before each sample.
      const sample = (): void => {
        gc();
        const m = process.memoryUsage();
        peakBuffers = Math.max(peakBuffers, m.arrayBuffers - base.arrayBuffers);
        peakHeap = Math.max(peakHeap, m.heapUsed - base.heapUsed);
      };
      let found = 0;
      const { stats } = await scanRecords(
        bd,
        { mode, magic: MAGIC.regtest },
        decodeLinkFacts(POW_LIMIT_REGTEST),
        () => {
          if (++found % 4096 === 0) sample();
        },
        () => sample(),
      );
      expect(stats.fileBytes).toBe(8 * FILE_BYTES);
      expect(found).toBeGreaterThan(7_000);
      expect(stats.badRecords).toBeGreaterThanOrEqual(2);
      expect(stats.errors.length).toBeLessThanOrEqual(100);
      expect(stats.truncated).toBe(1);
      expect(stats.resyncBytes).toBeGreaterThan(3 * FILE_BYTES);
      expect(peakBuffers).toBeLessThan(BOUND_BYTES);
      expect(peakHeap).toBeLessThan(BOUND_BYTES);
    });
  }
});
