/**
 * A cheap fingerprint of the part of a block file a scan has already read (bytes [0, resumeAt)),
 * so an incremental scan can tell a file that was only appended to from one rewritten in place
 * (a -reindex, another node's files copied over) even when the new file is as long or longer:
 *
 *   fingerprint = SHA-256( resumeAt as 8 bytes LE ‖ raw bytes [0, min(H, resumeAt)) ‖ raw bytes [max(H, resumeAt − T), resumeAt) )
 *
 * with H = T = FINGERPRINT_EDGE_BYTES (1 KiB): at most 2 KiB read per file, in two positioned reads.
 * Raw means as stored on disk (still XOR-obfuscated; the key is checked on its own).
 *
 * Why the two edges suffice: Core only ever appends to a block file (and zero-fills pre-allocated
 * space after the data), so bytes before resumeAt never change unless the file was replaced. A
 * replacement holding other blocks differs in the first record (magic, size and the 80-byte header
 * of the first block: another block, another header) or in the final KiB of the last complete
 * record (that block's last transactions: signatures, scripts, amounts, lock time) — to fool both,
 * the new file would need the same first block at offset 0 and the same last KiB ending exactly
 * at resumeAt, i.e. the same records. What it cannot see (an edit inside the middle of the file
 * that keeps both edges) is still caught when a block is served: its header is re-read at the
 * indexed offset and its hash compared (BlockFilesSource, ConflictError).
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { readFully } from './chunk-reader.js';

/** Bytes hashed at each edge of the scanned part. */
export const FINGERPRINT_EDGE_BYTES = 1024;

export interface Fingerprint {
  /** 64 lowercase hex digits. */
  hex: string;
  bytesRead: number;
}

/** Fingerprint of `fh`'s bytes before `resumeAt` (see the module comment). */
export async function fingerprintFile(fh: FileHandle, resumeAt: number): Promise<Fingerprint> {
  const hash = createHash('sha256');
  const at = Buffer.alloc(8);
  at.writeBigUInt64LE(BigInt(resumeAt));
  hash.update(at);
  const headLen = Math.min(FINGERPRINT_EDGE_BYTES, resumeAt);
  const tailFrom = Math.max(headLen, resumeAt - FINGERPRINT_EDGE_BYTES);
  const buf = Buffer.alloc(headLen + (resumeAt - tailFrom));
  let bytesRead = await readFully(fh, buf, 0, headLen, 0);
  bytesRead += await readFully(fh, buf, headLen, resumeAt - tailFrom, tailFrom);
  // A file now shorter than resumeAt reads short; a shrink is caught before this is asked.
  hash.update(buf);
  return { hex: hash.digest('hex'), bytesRead };
}
