/**
 * Sequential reader over one file that overlaps I/O with parsing: a ring of chunk buffers, and
 * while the caller parses the bytes of one, libuv's thread pool already reads the next chunks into
 * the others (`depth` reads in flight). A full block-file scan therefore costs about
 * max(read, parse) instead of read + parse; with depth ≥ 2 the reads themselves proceed in
 * parallel (the page-cache copy is CPU work, and an NVMe queue serves several requests at once).
 *
 * Views returned by `bytesAt` stay valid only until the next call (the buffer they point into is
 * then refilled); callers copy what they keep. Every byte of [start, end) is read exactly once, in
 * order of use, like `cat` would.
 */
import type { FileHandle } from 'node:fs/promises';

/** Reusable chunk buffers (depth + 1 of them); shared by every file of a scan (fresh buffers cost page faults). */
export interface ChunkBuffers {
  ring: Buffer[];
}

/** Buffers for a reader with `depth` reads in flight beside the chunk being parsed. */
export function chunkBuffers(chunkBytes: number, depth = 2): ChunkBuffers {
  if (!(Number.isSafeInteger(depth) && depth >= 1)) throw new RangeError(`read-ahead depth must be a whole number ≥ 1, got ${depth}`);
  return { ring: Array.from({ length: depth + 1 }, () => Buffer.allocUnsafe(chunkBytes)) };
}

/** Reads `length` bytes at `position` into `buf[off..]`, looping over short reads; returns bytes read. */
export async function readFully(fh: FileHandle, buf: Buffer, off: number, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, off + got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

interface PendingRead {
  buf: Buffer;
  at: number;
  want: number;
  done: Promise<number>;
}

export class ChunkReader {
  /** File offset of `cur[0]` and bytes valid in it. */
  private winStart: number;
  private winLen = 0;
  private cur: Buffer | null = null;
  /** Reads in flight, in file order. */
  private readonly pending: PendingRead[] = [];
  /** Buffers not in use (neither the window nor a read in flight). */
  private readonly free: Buffer[];
  /** File offset the next read starts at. */
  private issueAt: number;
  /** A read came back short (the file shrank): nothing after it is trusted. */
  private ended = false;
  /** Bytes read from disk so far. */
  bytesRead = 0;

  constructor(
    private readonly fh: FileHandle,
    bufs: ChunkBuffers,
    start: number,
    private readonly end: number,
  ) {
    this.free = [...bufs.ring];
    this.winStart = start;
    this.issueAt = start;
    this.fill();
  }

  /** Starts a read into every free buffer. */
  private fill(): void {
    while (!this.ended && this.issueAt < this.end && this.free.length > 0) {
      const buf = this.free.pop() as Buffer;
      const at = this.issueAt;
      const want = Math.min(buf.length, this.end - at);
      this.pending.push({ buf, at, want, done: readFully(this.fh, buf, 0, want, at) });
      this.issueAt += want;
    }
  }

  /** Moves the window to the next chunk (already being read) and starts the reads after it. */
  private async next(): Promise<boolean> {
    if (this.ended) return false;
    const p = this.pending.shift();
    if (!p) return false;
    const n = await p.done;
    this.bytesRead += n;
    if (this.cur) this.free.push(this.cur);
    this.cur = p.buf;
    this.winStart = p.at;
    this.winLen = n;
    if (n < p.want) this.ended = true;
    this.fill();
    return n > 0;
  }

  /**
   * Where raw bytes [p, p + n) sit in `window`'s buffer when the current chunk holds all of them,
   * else −1 (then use bytesAt). Synchronous and allocation-free: the common case of a scan, which
   * reads a record's header and first bytes inside one chunk.
   */
  windowAt(p: number, n: number): number {
    const rel = p - this.winStart;
    return rel >= 0 && rel + n <= this.winLen && this.cur !== null ? rel : -1;
  }

  /** The current chunk's buffer (valid until the next bytesAt): the bytes windowAt points into. */
  get window(): Buffer {
    return this.cur as Buffer;
  }

  /**
   * Raw bytes [p, p + n), clipped to the end. `p` must not be before the current window (the
   * reader only moves forward). A span inside one chunk is a view; one crossing chunks is copied.
   */
  async bytesAt(p: number, n: number): Promise<Uint8Array> {
    n = Math.max(0, Math.min(n, this.end - p));
    while (p >= this.winStart + this.winLen) if (!(await this.next())) return new Uint8Array();
    if (p < this.winStart) throw new RangeError(`ChunkReader reads forward only: ${p} is before ${this.winStart}`);
    const cur = this.cur as Buffer;
    if (p + n <= this.winStart + this.winLen) return cur.subarray(p - this.winStart, p - this.winStart + n);
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (p + got >= this.winStart + this.winLen && !(await this.next())) return out.subarray(0, got);
      const from = p + got - this.winStart;
      const take = Math.min(n - got, this.winLen - from);
      out.set((this.cur as Buffer).subarray(from, from + take), got);
      got += take;
    }
    return out;
  }

  /** Reads whatever is left (padding, a truncated record), so a full scan reads every byte. */
  async drain(): Promise<void> {
    while (await this.next());
  }

  /** Waits for reads still in flight (before the file is closed). */
  async settle(): Promise<void> {
    for (const p of this.pending.splice(0)) await p.done.catch(() => 0);
  }
}
