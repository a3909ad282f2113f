/**
 * Sequential reader over one file that overlaps I/O with parsing: two chunk buffers alternate, and
 * while the caller parses the bytes of one, libuv's thread pool already reads the next chunk into
 * the other. A full block-file scan therefore costs about max(read, parse) instead of read + parse.
 *
 * Views returned by `bytesAt` stay valid only until the next call (the buffer they point into is
 * then refilled); callers copy what they keep. Every byte of [start, end) is read exactly once, in
 * order, like `cat` would.
 */
import type { FileHandle } from 'node:fs/promises';

/** Two reusable chunk buffers; shared by every file of a scan (fresh buffers cost page faults). */
export interface ChunkBuffers {
  a: Buffer;
  b: Buffer;
}

export function chunkBuffers(chunkBytes: number): ChunkBuffers {
  return { a: Buffer.allocUnsafe(chunkBytes), b: Buffer.allocUnsafe(chunkBytes) };
}

/** Reads `length` bytes at `position` into `buf[0..]`, looping over short reads; returns bytes read. */
export async function readFully(fh: FileHandle, buf: Buffer, off: number, length: number, position: number): Promise<number> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, off + got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

export class ChunkReader {
  /** File offset of `cur[0]` and bytes valid in it. */
  private winStart: number;
  private winLen = 0;
  private cur: Buffer;
  private spare: Buffer;
  /** Read of the chunk after the current window, into `spare`, already in flight. */
  private ahead: Promise<number> | null = null;
  private aheadAt = 0;
  /** Bytes read from disk so far. */
  bytesRead = 0;

  constructor(
    private readonly fh: FileHandle,
    bufs: ChunkBuffers,
    start: number,
    private readonly end: number,
  ) {
    this.cur = bufs.a;
    this.spare = bufs.b;
    this.winStart = start;
    this.prefetch(start);
  }

  private prefetch(at: number): void {
    if (at >= this.end) {
      this.ahead = null;
      return;
    }
    this.aheadAt = at;
    this.ahead = readFully(this.fh, this.spare, 0, Math.min(this.spare.length, this.end - at), at);
  }

  /** Moves the window to the next chunk (already being read) and starts reading the one after. */
  private async next(): Promise<boolean> {
    if (!this.ahead) return false;
    const n = await this.ahead;
    this.bytesRead += n;
    [this.cur, this.spare] = [this.spare, this.cur];
    this.winStart = this.aheadAt;
    this.winLen = n;
    if (n === 0) {
      this.ahead = null;
      return false;
    }
    this.prefetch(this.winStart + n);
    return true;
  }

  /**
   * Raw bytes [p, p + n), clipped to the end. `p` must not be before the current window (the
   * reader only moves forward). A span inside one chunk is a view; one crossing chunks is copied.
   */
  async bytesAt(p: number, n: number): Promise<Uint8Array> {
    n = Math.max(0, Math.min(n, this.end - p));
    while (p >= this.winStart + this.winLen) if (!(await this.next())) return new Uint8Array();
    if (p < this.winStart) throw new RangeError(`ChunkReader reads forward only: ${p} is before ${this.winStart}`);
    if (p + n <= this.winStart + this.winLen) return this.cur.subarray(p - this.winStart, p - this.winStart + n);
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (p + got >= this.winStart + this.winLen && !(await this.next())) return out.subarray(0, got);
      const from = p + got - this.winStart;
      const take = Math.min(n - got, this.winLen - from);
      out.set(this.cur.subarray(from, from + take), got);
      got += take;
    }
    return out;
  }

  /** Reads whatever is left (padding, a truncated record), so a full scan reads every byte. */
  async drain(): Promise<void> {
    while (await this.next());
  }

  /** Waits for a read still in flight (before the file is closed). */
  async settle(): Promise<void> {
    if (this.ahead) await this.ahead.catch(() => 0);
  }
}
