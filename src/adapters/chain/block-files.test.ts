import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mainnetBlocks } from '../../../test/helpers/fixtures.js';
import { blkRecord, chain, xorFile, type SynthBlock } from '../../../test/helpers/synthetic-chain.js';
import fc from 'fast-check';
import { MAGIC, openBlocksDir, xorInPlace } from './blk-dir.js';
import { scanBlockFiles, type ScannedBlock, type ScanOptions } from './blk-files.js';
import { BlockFilesSource } from './block-files.js';
import { ParseError } from '../../errors.js';
import { POW_LIMIT, POW_LIMIT_REGTEST } from '../../chain/difficulty.js';
import { BIP34_HEIGHTS, trustedBip34Height } from '../../chain/coinbase.js';

const root = mkdtempSync(join(tmpdir(), 'hashfloor-blk-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const KEY = Uint8Array.of(0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0);
let n = 0;

/** Writes blk files (each a list of byte parts) into a fresh blocks dir, obfuscated when `key`. */
function blocksDir(files: Uint8Array[][], key?: Uint8Array, tail: (i: number) => Uint8Array = () => new Uint8Array()): string {
  const dir = join(root, `d${n++}`, 'blocks');
  mkdirSync(dir, { recursive: true });
  files.forEach((parts, i) => {
    const body = Buffer.concat(parts);
    const data = key ? xorFile(body, key) : body;
    // Pre-allocated space is zeros on disk, whatever the key: appended after obfuscation.
    writeFileSync(join(dir, `blk${String(i).padStart(5, '0')}.dat`), Buffer.concat([data, tail(i)]));
  });
  if (key) writeFileSync(join(dir, 'xor.dat'), key);
  return dir;
}

async function scan(dir: string, mode: ScanOptions['mode'], fullChunkBytes?: number) {
  const found: ScannedBlock[] = [];
  const stats = await scanBlockFiles(await openBlocksDir(dir), { mode, ...(fullChunkBytes ? { fullChunkBytes } : {}) }, (b) => found.push(b));
  return { found, stats };
}

const real = mainnetBlocks().map((b) => ({ ...b, bytes: Uint8Array.from(Buffer.from(b.hex, 'hex')) }));
const realRecords = real.map((b) => blkRecord(b.bytes));
const rec = (b: SynthBlock): Uint8Array => blkRecord(b.bytes);

describe('pre-BIP34 heights come from the chain', () => {
  // The 2010-12-29 block 0000…13b8a (version 1): its coinbase starts with a 4-byte push that
  // reads as 453,281,356. Alone in the files it has no parent and no trustworthy height.
  const old = real.find((b) => b.hash.startsWith('0000000000013b8a'))!;

  it('a version-1 block with no parent is an orphan, never placed at its coinbase push', async () => {
    const src = await BlockFilesSource.open(blocksDir([[blkRecord(old.bytes)]]), { mode: 'full' });
    expect(src.report.orphans).toBe(1);
    await expect(src.tip()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('trusts a pushed height only from version ≥ 2 blocks at or above the activation height', () => {
    expect(trustedBip34Height(1, 453_281_356)).toBeNull();
    expect(trustedBip34Height(2, 227_930)).toBeNull();
    expect(trustedBip34Height(2, 227_931)).toBe(227_931);
    expect(trustedBip34Height(0x20000000, 702_861)).toBe(702_861);
    expect(trustedBip34Height(2, 21_111, BIP34_HEIGHTS.testnet)).toBe(21_111);
    expect(trustedBip34Height(2, 21_110, BIP34_HEIGHTS.testnet)).toBeNull();
    expect(trustedBip34Height(4, 1, BIP34_HEIGHTS.signet)).toBe(1);
  });
});

describe('block files with real mainnet blocks', () => {
  for (const key of [undefined, KEY]) {
    for (const mode of ['seek', 'full'] as const) {
      it(`${mode} mode, ${key ? 'XOR-obfuscated (Core 28+)' : 'no xor.dat'}, zero-padded tail: every block, nothing else`, async () => {
        const dir = blocksDir([realRecords], key, () => new Uint8Array(4096));
        const { found, stats } = await scan(dir, mode);
        expect(found.map((b) => b.header.hash)).toEqual(real.map((b) => b.hash));
        expect(found.map((b) => b.txCount)).toEqual(real.map((b) => b.tx_count));
        expect(found.map((b) => b.size)).toEqual(real.map((b) => b.size_bytes));
        expect(found.find((b) => b.coinbase.height === 702861)?.coinbase.value_sat).toBe(629_948_405n);
        expect(stats).toMatchObject({ records: 6, truncated: 0, badRecords: 0, resyncBytes: 0, paddingBytes: 4096 });
      });
    }
  }

  it('seek mode reads a small fraction of the bytes; full mode reads them all', async () => {
    const dir = blocksDir([realRecords], KEY);
    const seek = (await scan(dir, 'seek')).stats;
    const full = (await scan(dir, 'full')).stats;
    expect(full.bytesRead).toBe(full.fileBytes);
    expect(seek.bytesRead / seek.fileBytes).toBeLessThan(0.01);
  });

  it('full mode with chunks smaller than a block (records and headers across chunk boundaries) finds the same blocks', async () => {
    const dir = blocksDir([realRecords, realRecords.slice(0, 2)], KEY, () => new Uint8Array(1000));
    const seek = await scan(dir, 'seek');
    for (const chunk of [1000, 4099, 65_536]) {
      const full = await scan(dir, 'full', chunk);
      expect(full.found.map((b) => [b.header.hash, b.file, b.offset])).toEqual(seek.found.map((b) => [b.header.hash, b.file, b.offset]));
      expect(full.stats.bytesRead).toBe(full.stats.fileBytes);
      expect(full.stats).toMatchObject({ records: 8, badRecords: 0, truncated: 0, paddingBytes: 2000 });
    }
  });

  it('xorInPlace equals the byte-by-byte definition at any offset, length and alignment', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 100 }), fc.nat(1000), fc.nat(3), (bytes, fileOffset, shift) => {
        const backing = new Uint8Array(bytes.length + shift);
        backing.set(bytes, shift);
        const view = backing.subarray(shift);
        xorInPlace(view, KEY, fileOffset);
        expect([...view]).toEqual([...bytes].map((b, i) => b ^ (KEY[(fileOffset + i) % 8] as number)));
      }),
    );
  });

  it('counts a truncated last record (crash mid-write) and keeps the blocks before it', async () => {
    const cut = realRecords[3]?.subarray(0, 5000) as Uint8Array;
    for (const mode of ['seek', 'full'] as const) {
      const { found, stats } = await scan(blocksDir([[...realRecords.slice(0, 3), cut]], KEY), mode);
      expect(found).toHaveLength(3);
      expect(stats.truncated).toBe(1);
    }
  });

  it('skips garbage between records by finding the next magic', async () => {
    const junk = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 1) & 0xff);
    for (const mode of ['seek', 'full'] as const) {
      const { found, stats } = await scan(blocksDir([[realRecords[0] as Uint8Array, junk, realRecords[2] as Uint8Array]], KEY), mode);
      expect(found.map((b) => b.header.hash)).toEqual([real[0]?.hash, real[2]?.hash]);
      expect(stats.resyncBytes).toBe(100);
    }
  });

  it('a corrupt block inside a valid record is counted with its file offset, not fatal', async () => {
    const bad = Uint8Array.from(realRecords[2] as Uint8Array);
    bad[8 + 80 + 1 + 4 + 2 + 1 + 5] = 0x42; // coinbase prevout no longer null
    const first = (realRecords[0] as Uint8Array).length;
    const { found, stats } = await scan(blocksDir([[realRecords[0] as Uint8Array, bad, realRecords[1] as Uint8Array]]), 'seek');
    expect(found).toHaveLength(2);
    expect(stats.badRecords).toBe(1);
    expect(stats.errors[0]).toBeInstanceOf(ParseError);
    expect(stats.errors[0]?.offset).toBe(first + 8 + 80 + 1); // start of the coinbase
  });

  it('proof of work: real mainnet headers pass; a mutated nonce is a bad record (ParseError at the header offset) in both modes', async () => {
    const mutated = Uint8Array.from(realRecords[1] as Uint8Array);
    mutated[8 + 76] = (mutated[8 + 76] as number) ^ 0x01; // nonce byte: the hash is now far above the target
    const first = (realRecords[0] as Uint8Array).length;
    for (const mode of ['seek', 'full'] as const) {
      const { found, stats } = await scan(blocksDir([[realRecords[0] as Uint8Array, mutated, realRecords[2] as Uint8Array]], KEY), mode);
      expect(found.map((b) => b.header.hash)).toEqual([real[0]?.hash, real[2]?.hash]);
      expect(stats.badRecords).toBe(1);
      expect(stats.errors[0]).toBeInstanceOf(ParseError);
      expect(stats.errors[0]?.offset).toBe(first + 8);
      expect(stats.errors[0]?.message).toMatch(/hash-above-target/);
    }
    // The index scan (what sync uses) rejects it too; regtest's easy target is above mainnet's limit.
    const src = await BlockFilesSource.open(blocksDir([[realRecords[0] as Uint8Array, mutated]]), { powLimit: POW_LIMIT });
    expect(src.report.stats.errors[0]?.offset).toBe(first + 8);
    const easy = await BlockFilesSource.open(blocksDir([[rec(chain({ length: 1, seed: 1 })[0] as SynthBlock)]]), { powLimit: POW_LIMIT });
    expect(easy.report.stats.errors[0]?.message).toMatch(/above-pow-limit/);
  });

  it('arbitrary damage to a block file (edits, cuts, junk, either key) never throws: both modes find the same blocks, and every bad record is a ParseError at an offset inside the file (fuzz)', async () => {
    const blocks = chain({ length: 6, seed: 5, blockBytes: (h) => 300 + (h % 3) * 1500 });
    const body = Buffer.concat(blocks.map((b) => blkRecord(b.bytes, MAGIC.regtest)));
    const damage = fc.record({
      edits: fc.array(fc.tuple(fc.nat(body.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
      junk: fc.array(fc.tuple(fc.nat(body.length), fc.uint8Array({ minLength: 1, maxLength: 40 })), { maxLength: 3 }),
      cut: fc.nat(body.length),
      padding: fc.nat(600),
      keyed: fc.boolean(),
    });
    const seen = { bad: 0, blocks: 0, truncated: 0 };
    await fc.assert(
      fc.asyncProperty(damage, async ({ edits, junk, cut, padding, keyed }) => {
        let bytes = Buffer.from(body);
        for (const [i, v] of edits) bytes[i] = v;
        for (const [at, j] of [...junk].sort((a, b) => b[0] - a[0])) bytes = Buffer.concat([bytes.subarray(0, at), j, bytes.subarray(at)]);
        const dir = blocksDir([[bytes.subarray(0, Math.min(cut, bytes.length))]], keyed ? KEY : undefined, () => new Uint8Array(padding));
        const bd = await openBlocksDir(dir);
        const found = { seek: [] as string[], full: [] as string[] };
        for (const mode of ['seek', 'full'] as const) {
          const stats = await scanBlockFiles(bd, { mode, magic: MAGIC.regtest, powLimit: POW_LIMIT_REGTEST, fullChunkBytes: 1000 }, (b) =>
            found[mode].push(`${b.offset}:${b.header.hash}`),
          );
          for (const err of stats.errors) {
            expect(err).toBeInstanceOf(ParseError);
            expect(err.offset).toBeGreaterThanOrEqual(0);
            expect(err.offset).toBeLessThan(stats.fileBytes);
          }
          expect(stats.records).toBeLessThanOrEqual(blocks.length + junk.length + edits.length);
          seen.bad += stats.badRecords;
          seen.truncated += stats.truncated;
        }
        seen.blocks += found.seek.length;
        expect(found.full).toEqual(found.seek);
      }),
      { numRuns: 150 },
    );
    // The damage reached every path: blocks still found, bad records, truncated records.
    expect(Math.min(seen.bad, seen.blocks, seen.truncated)).toBeGreaterThan(0);
  });

  it('a folder without block files is a ParseError', async () => {
    mkdirSync(join(root, 'empty'));
    await expect(openBlocksDir(join(root, 'empty'))).rejects.toBeInstanceOf(ParseError);
  });
});

describe('linking synthetic chains from block files', () => {
  const main = chain({ length: 60, seed: 3, blockBytes: (h) => 300 + (h % 5) * 2000 });
  const fork = chain({ length: 4, seed: 99, parent: main[40] });

  it('best chain from out-of-order files with a stale branch, datadir or blocks dir', async () => {
    // Blocks arrive out of order (headers-first download) and across two files.
    const shuffled = [...main].sort((a, b) => ((a.height * 7919) % 61) - ((b.height * 7919) % 61));
    const dir = blocksDir([shuffled.slice(0, 30).map(rec), [...fork.map(rec), ...shuffled.slice(30).map(rec)]], KEY, () => new Uint8Array(100));
    const src = await BlockFilesSource.open(join(dir, '..'), { powLimit: POW_LIMIT_REGTEST });
    expect(await src.tip()).toEqual({ hash: main[59]?.hash, height: 59 });
    expect(src.report).toMatchObject({ stale: 4, orphans: 0, duplicates: 0 });
    expect(await src.hashAtHeight(41)).toBe(main[41]?.hash);
    const recs = await src.blocks(39, 42);
    expect(recs.map((r) => r.hash)).toEqual(main.slice(39, 43).map((b) => b.hash));
    expect(recs[0]).toMatchObject({
      height: 39,
      coinbase_value_sat: main[39]?.coinbase_value_sat,
      fees_sat: (main[39]?.coinbase_value_sat as bigint) - 5_000_000_000n,
    });
  });

  it('a longer stale-looking branch wins once it has more work (reorg in the files)', async () => {
    const longer = chain({ length: 25, seed: 7, parent: main[40] });
    const src = await BlockFilesSource.open(blocksDir([[...main.map(rec), ...longer.map(rec)]]), { powLimit: POW_LIMIT_REGTEST });
    expect(await src.tip()).toEqual({ hash: longer[24]?.hash, height: 65 });
    expect(src.report.stale).toBe(19);
  });

  it('a checkpoint saved without fingerprints (before they existed) resumes and records them', async () => {
    const dir = blocksDir([main.slice(0, 30).map(rec), main.slice(30).map(rec)]);
    const first = (await BlockFilesSource.open(dir, { powLimit: POW_LIMIT_REGTEST })).scanUpdate();
    const old = { ...first, files: first.files.map((f) => ({ ...f, fingerprint_hex: null })) };
    const src = await BlockFilesSource.open(dir, { powLimit: POW_LIMIT_REGTEST, checkpoint: old });
    expect(src.report).toMatchObject({ resumed: true, rewritten: [], headers: 60 });
    expect(src.report.stats.bytesRead).toBe(0);
    expect(src.scanUpdate().files).toEqual(first.files);
    expect(first.files.every((f) => /^[0-9a-f]{64}$/.test(f.fingerprint_hex ?? ''))).toBe(true);
  });

  it('pruned files: the oldest block is placed at its BIP34 height', async () => {
    const src = await BlockFilesSource.open(blocksDir([main.slice(20).map(rec)]), {
      mode: 'full',
      powLimit: POW_LIMIT_REGTEST,
      bip34Height: BIP34_HEIGHTS.regtest,
    });
    expect(src.baseHeight).toBe(20);
    expect(await src.tip()).toEqual({ hash: main[59]?.hash, height: 59 });
  });
});
