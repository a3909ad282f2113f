import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FINGERPRINT_EDGE_BYTES as EDGE, fingerprintFile } from './blk-fingerprint.js';

const root = mkdtempSync(join(tmpdir(), 'hashfloor-fp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

async function fp(bytes: Uint8Array, resumeAt: number) {
  const path = join(root, `f${n++}`);
  writeFileSync(path, bytes);
  const fh = await open(path, 'r');
  try {
    return await fingerprintFile(fh, resumeAt);
  } finally {
    await fh.close();
  }
}

const file = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 131 + 7) & 0xff);
const flipped = (at: number): Uint8Array => {
  const copy = Uint8Array.from(file);
  copy[at] = (copy[at] as number) ^ 1;
  return copy;
};

describe('block file fingerprint', () => {
  it('reads the first and the last KiB before the resume offset, nothing after it (appending keeps it)', async () => {
    const base = await fp(file, 8000);
    expect(base).toMatchObject({ bytesRead: 2 * EDGE });
    expect(base.hex).toMatch(/^[0-9a-f]{64}$/);
    expect((await fp(Uint8Array.from([...file, 1, 2, 3]), 8000)).hex).toBe(base.hex);
    expect((await fp(flipped(9000), 8000)).hex).toBe(base.hex);
  });

  it('changes with a byte of either edge and with the offset', async () => {
    const base = (await fp(file, 8000)).hex;
    for (const at of [0, EDGE - 1, 8000 - EDGE, 7999]) expect((await fp(flipped(at), 8000)).hex, `byte ${at}`).not.toBe(base);
    expect((await fp(file, 7999)).hex).not.toBe(base);
    // The middle is not read: a rewrite keeping both edges is left to the hash check when a block is served.
    expect((await fp(flipped(4000), 8000)).hex).toBe(base);
  });

  it('hashes a short scanned part whole, each byte once', async () => {
    expect((await fp(file, 1500)).bytesRead).toBe(1500);
    expect((await fp(file, 0)).bytesRead).toBe(0);
    expect((await fp(flipped(1200), 1500)).hex).not.toBe((await fp(file, 1500)).hex);
  });
});
