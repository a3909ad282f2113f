/**
 * Writes synthetic blocks as a Bitcoin Core blocks folder (blk00000.dat …, 128 MiB files, an xor.dat
 * key, every byte obfuscated at its absolute file offset as Core 28+ does), either whole or sparse:
 * a sparse folder holds each record's magic, size and block prefix (header, transaction count,
 * coinbase) and leaves the rest of the block a hole, so a mainnet-size chain (≈ 700 GB of
 * blocks) takes a few GiB of disk and can be scanned in seek mode, which reads only prefixes.
 */
import { closeSync, ftruncateSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { blkRecord } from '../../test/helpers/synthetic-chain.js';

export const FILE_MAX_BYTES = 128 * 2 ** 20;

function xorAt(bytes: Uint8Array, key: Uint8Array, fileOffset: number): void {
  for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] as number) ^ (key[(fileOffset + i) & 7] as number);
}

export interface WrittenDir {
  files: number;
  records: number;
  /** Bytes of all files (their sizes as `ls` shows them). */
  apparentBytes: number;
  /** Bytes the filesystem allocated for them (st_blocks × 512). */
  allocatedBytes: number;
}

/**
 * Writes `blocks` into `dir`. With `sparseSize`, each block's bytes are only its prefix and the
 * record is declared `sparseSize(block)` bytes long (at least the prefix; the tail a hole).
 * Syncs at the end: writeback of fresh files would otherwise run during the timed reads.
 */
export function writeBlocksDir(
  dir: string,
  key: Uint8Array,
  blocks: Iterable<{ bytes: Uint8Array; height: number }>,
  sparseSize?: (height: number) => number,
): WrittenDir {
  writeFileSync(join(dir, 'xor.dat'), key);
  const out: WrittenDir = { files: 0, records: 0, apparentBytes: 0, allocatedBytes: 0 };
  const paths: string[] = [];
  let fd = -1;
  let size = 0;
  const close = (): void => {
    if (fd < 0) return;
    ftruncateSync(fd, size); // a sparse last record ends in a hole: the file must still reach its end
    closeSync(fd);
  };
  for (const b of blocks) {
    const blockBytes = sparseSize ? Math.max(b.bytes.length, sparseSize(b.height)) : b.bytes.length;
    if (fd < 0 || size + 8 + blockBytes > FILE_MAX_BYTES) {
      close();
      paths.push(join(dir, `blk${String(out.files++).padStart(5, '0')}.dat`));
      fd = openSync(paths[paths.length - 1] as string, 'w');
      size = 0;
    }
    const rec = blkRecord(b.bytes);
    if (sparseSize) {
      new DataView(rec.buffer).setUint32(4, blockBytes, true);
      if (blockBytes > b.bytes.length) rec[8 + 80] = 2; // the coinbase and (holes) the rest
    }
    xorAt(rec, key, size);
    writeSync(fd, rec, 0, rec.length, size);
    size += 8 + blockBytes;
    out.records++;
  }
  close();
  execFileSync('sync');
  for (const p of paths) {
    const st = statSync(p);
    out.apparentBytes += st.size;
    out.allocatedBytes += st.blocks * 512;
  }
  return out;
}
