/**
 * Per-record decoding of the scanner: de-obfuscation into the one reused scratch buffer (or no copy
 * at all under a zero key), in place for buffers the scan owns, and the clean-record check, each
 * against a byte-by-byte XOR at absolute file offsets; then whole scans whose coinbases outgrow
 * the first read, so the in-place path decodes real blocks under a non-zero key.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { blkRecord, chain, xorFile } from '../../../test/helpers/synthetic-chain.js';
import { POW_LIMIT_REGTEST } from '../../chain/difficulty.js';
import { MAGIC, openBlocksDir } from './blk-dir.js';
import { scanBlockFiles, type ScannedBlock } from './blk-files.js';
import { decodedInto, decodeOwned, newScratch, recordSize } from './blk-record.js';

const KEY = Uint8Array.of(0xa5, 0x01, 0x7e, 0xc3, 0x00, 0xff, 0x3c, 0x96);
/** Byte i of a file is stored as byte ^ key[i mod 8], i the absolute offset. */
const byDefinition = (raw: Uint8Array, fileOffset: number, key: Uint8Array) => Uint8Array.from(raw, (b, i) => b ^ (key[(fileOffset + i) % 8] as number));

describe('decodedInto: the bytes parsed, de-obfuscated into one reused buffer', () => {
  it('equals the XOR at absolute offsets for any start, length and file offset (non-zero key)', () => {
    const s = newScratch(KEY, 64);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.nat(599), fc.nat(600), fc.nat(1 << 30), (buf, start, len, fileOffset) => {
        start %= buf.length;
        len = Math.min(len, buf.length - start);
        const before = Uint8Array.from(buf);
        const out = decodedInto(s, buf, start, len, fileOffset);
        expect(Buffer.from(out).equals(Buffer.from(byDefinition(buf.subarray(start, start + len), fileOffset, KEY)))).toBe(true);
        expect(Buffer.from(buf).equals(Buffer.from(before))).toBe(true); // the source (a read chunk) is left as read
        expect(out.buffer).toBe(s.bytes.buffer);
      }),
      { numRuns: 2000 },
    );
    const long = Uint8Array.from({ length: 5000 }, (_, i) => i & 0xff);
    expect(Buffer.from(decodedInto(s, long, 1, 4999, 77)).equals(Buffer.from(byDefinition(long.subarray(1), 77, KEY)))).toBe(true);
    expect(s.bytes.length).toBeGreaterThanOrEqual(4999 + 8); // grew past its first 64 bytes
  });

  it('reuses its buffer: the next record overwrites the last one’s bytes', () => {
    const s = newScratch(KEY);
    const a = decodedInto(s, Uint8Array.of(1, 2, 3, 4), 0, 4, 8);
    const copy = Uint8Array.from(a);
    decodedInto(s, Uint8Array.of(9, 9, 9, 9), 0, 4, 8);
    expect(Array.from(a)).not.toEqual(Array.from(copy));
  });

  it('an all-zero key (no xor.dat) makes no copy: a view of the chunk itself', () => {
    const s = newScratch(new Uint8Array(8));
    const buf = Uint8Array.of(5, 6, 7, 8, 9);
    const out = decodedInto(s, buf, 1, 3, 12345);
    expect(Array.from(out)).toEqual([6, 7, 8]);
    expect(out.buffer).toBe(buf.buffer);
  });
});

describe('decodeOwned: in place, for a block the scan read into its own buffer', () => {
  it('equals the XOR at absolute offsets, and changes only the bytes asked for', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 300 }), fc.nat(1 << 30), (bytes, fileOffset) => {
        const buf = Buffer.from(bytes);
        const out = decodeOwned(buf, 3, bytes.length - 7, KEY, fileOffset);
        expect(Buffer.from(out).equals(Buffer.from(byDefinition(bytes.subarray(3, bytes.length - 4), fileOffset, KEY)))).toBe(true);
        expect(Buffer.from(buf.subarray(0, 3)).equals(Buffer.from(bytes.subarray(0, 3)))).toBe(true);
        expect(Buffer.from(buf.subarray(bytes.length - 4)).equals(Buffer.from(bytes.subarray(bytes.length - 4)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('recordSize: a clean record header read straight from the raw bytes', () => {
  const block = chain({ length: 1, seed: 3 })[0]!.bytes;
  const rec = blkRecord(block, MAGIC.regtest);
  const ctx = { size: 10_000, key: KEY, magic: MAGIC.regtest };

  it('finds the size of a record obfuscated at any file offset', () => {
    for (const pos of [0, 1, 7, 8, 4093]) {
      const raw = byDefinition(rec, pos, KEY);
      expect(recordSize(ctx, raw, 0, pos)).toBe(block.length);
      expect(recordSize(ctx, raw, 0, pos + 1)).toBe(-1); // decoded at the wrong offset: no magic
    }
  });

  it('leaves padding, a record past the end of the file and a wrong magic to the slow path', () => {
    expect(recordSize(ctx, new Uint8Array(8), 0, 0)).toBe(-1);
    expect(recordSize({ ...ctx, size: block.length + 7 }, byDefinition(rec, 0, KEY), 0, 0)).toBe(-1);
    expect(recordSize({ ...ctx, magic: MAGIC.main }, byDefinition(rec, 0, KEY), 0, 0)).toBe(-1);
    expect(recordSize(ctx, byDefinition(rec, 0, KEY).subarray(0, 7), 0, 0)).toBe(-1);
  });
});

describe('scans whose coinbases outgrow the first read (whole block decoded in place, non-zero key)', () => {
  const root = mkdtempSync(join(tmpdir(), 'hashfloor-blk-record-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // A 3,000-character pool tag: coinbases of ~3.2 KB, past seek mode's 1 KiB and full mode's 2 KiB prefix.
  const blocks = chain({ length: 12, seed: 9, tag: (h) => `/big-${h}/`.padEnd(3000, 'x'), blockBytes: (h) => (h % 2 ? 9000 : 0) });
  const dir = join(root, 'blocks');
  mkdirSync(dir);
  writeFileSync(join(dir, 'blk00000.dat'), xorFile(Buffer.concat(blocks.map((b) => blkRecord(b.bytes, MAGIC.regtest))), KEY));
  writeFileSync(join(dir, 'xor.dat'), KEY);

  for (const mode of ['seek', 'full'] as const) {
    it(`${mode}: every block, hash and tag right`, async () => {
      const found: ScannedBlock[] = [];
      const stats = await scanBlockFiles(await openBlocksDir(dir), { mode, magic: MAGIC.regtest, powLimit: POW_LIMIT_REGTEST }, (b) => found.push(b));
      expect(stats).toMatchObject({ records: 12, badRecords: 0, truncated: 0, resyncBytes: 0 });
      expect(found.map((b) => b.header.hash)).toEqual(blocks.map((b) => b.hash));
      expect(found.map((b) => b.coinbase.tag.slice(0, 3000))).toEqual(blocks.map((b) => b.tag));
      expect(found.map((b) => b.coinbase.height)).toEqual(blocks.map((b) => b.height));
      expect(found.map((b) => b.size)).toEqual(blocks.map((b) => b.bytes.length));
    });
  }
});
