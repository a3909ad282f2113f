import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ChunkReader, chunkBuffers } from './chunk-reader.js';

const root = mkdtempSync(join(tmpdir(), 'hashfloor-chunks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function file(bytes: Uint8Array): string {
  const path = join(root, `f${n++}`);
  writeFileSync(path, bytes);
  return path;
}

/** Reads the spans in order through a ChunkReader; returns copies of what it saw and the bytes read. */
async function readSpans(path: string, chunk: number, depth: number, start: number, end: number, spans: Array<[number, number]>) {
  const fh = await open(path, 'r');
  const reader = new ChunkReader(fh, chunkBuffers(chunk, depth), start, end);
  try {
    const seen: number[][] = [];
    for (const [p, len] of spans) seen.push([...(await reader.bytesAt(p, len))]);
    await reader.drain();
    return { seen, bytesRead: reader.bytesRead };
  } finally {
    await reader.settle();
    await fh.close();
  }
}

describe('ChunkReader', () => {
  it('returns exactly the file bytes for any sequence of non-overlapping forward spans, any chunk size and read-ahead depth, and reads every byte once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 600 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 90 })), { maxLength: 30 }),
        fc.nat(),
        async (bytes, chunk, depth, steps, startSeed) => {
          const start = startSeed % bytes.length;
          const spans: Array<[number, number]> = [];
          // Each span starts at or after the end of the one before (the scanner's access pattern:
          // record header, then block prefix, then the next record).
          let p = start;
          for (const [gap, len] of steps) {
            p += gap;
            spans.push([p, len]);
            p += len;
          }
          const r = await readSpans(file(bytes), chunk, depth, start, bytes.length, spans);
          spans.forEach(([at, len], i) => expect(r.seen[i]).toEqual([...bytes.subarray(Math.min(at, bytes.length), Math.min(at + len, bytes.length))]));
          expect(r.bytesRead).toBe(bytes.length - start);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stops at a short read (the file is shorter than the end it was told) instead of returning bytes from past it', async () => {
    const bytes = Uint8Array.from({ length: 100 }, (_, i) => i + 1);
    const r = await readSpans(file(bytes), 16, 3, 0, 160, [
      [90, 20],
      [130, 4],
    ]);
    expect(r.seen).toEqual([[...bytes.subarray(90, 100)], []]);
    expect(r.bytesRead).toBe(100);
  });

  it('refuses to go backwards and rejects a read-ahead depth below 1', async () => {
    const fh = await open(file(new Uint8Array(64).fill(7)), 'r');
    const reader = new ChunkReader(fh, chunkBuffers(8, 2), 0, 64);
    await reader.bytesAt(40, 4);
    await expect(reader.bytesAt(10, 4)).rejects.toThrow(/forward only/);
    await reader.settle();
    await fh.close();
    expect(() => chunkBuffers(8, 0)).toThrow(/depth/);
  });
});
