/**
 * Edge cases of scanning real-world block folders: a block cut short by a crash inside Core's
 * pre-allocated (zero-filled) space, and files of another network than the one asked for.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blkRecord, chain, xorFile } from '../../../test/helpers/synthetic-chain.js';
import { POW_LIMIT_REGTEST } from '../../chain/difficulty.js';
import { MAGIC } from './blk-dir.js';
import { BlockFilesSource } from './block-files.js';

const root = mkdtempSync(join(tmpdir(), 'hashfloor-scan-edges-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const KEY = Uint8Array.of(3, 1, 4, 1, 5, 9, 2, 6);
const main = chain({ length: 6, seed: 61, blockBytes: () => 1500 });
const records = (n: number): Buffer => Buffer.concat(main.slice(0, n).map((b) => blkRecord(b.bytes, MAGIC.regtest)));
let n = 0;
function blocksDir(body: Buffer, key = KEY): string {
  const dir = join(root, `d${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'blk00000.dat'), xorFile(body, key));
  writeFileSync(join(dir, 'xor.dat'), key);
  return dir;
}

describe('a last record cut short inside pre-allocated zeros', () => {
  for (const mode of ['seek', 'full'] as const) {
    it(`${mode}: counted truncated (not bad), and the next scan resumes at it`, async () => {
      const last = main[5]?.bytes as Uint8Array;
      const whole = records(5);
      // Core wrote the record header and the block's first 60 bytes, then the node died; the rest
      // of the pre-allocated chunk is still zero (raw zeros on disk: xorFile is not applied to it).
      const torn = Buffer.concat([
        xorFile(Buffer.concat([whole, blkRecord(last, MAGIC.regtest).subarray(0, 8 + 60)]), KEY),
        Buffer.alloc(last.length - 60 + 65_536),
      ]);
      const dir = join(root, `torn-${mode}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'blk00000.dat'), torn);
      writeFileSync(join(dir, 'xor.dat'), KEY);
      const opts = { mode, magic: MAGIC.regtest, powLimit: POW_LIMIT_REGTEST };
      const first = await BlockFilesSource.open(dir, opts);
      expect(first.report.stats).toMatchObject({ records: 6, truncated: 1, badRecords: 0, errors: [] });
      expect((await first.tip()).height).toBe(4);
      const update = first.scanUpdate();
      expect(update.files).toEqual([expect.objectContaining({ name: 'blk00000.dat', scanned_bytes: whole.length })]);
      // Restarted, Core writes the block again where the torn one began.
      writeFileSync(join(dir, 'blk00000.dat'), Buffer.concat([xorFile(records(6), KEY), Buffer.alloc(65_536)]));
      const next = await BlockFilesSource.open(dir, { ...opts, checkpoint: update });
      expect(next.report.resumed).toBe(true);
      expect(next.report.stats).toMatchObject({ records: 1, truncated: 0, badRecords: 0 });
      expect(await next.tip()).toEqual({ height: 5, hash: main[5]?.hash });
    });
  }

  it('a bad record followed by more records stays bad', async () => {
    const body = records(6);
    const at = records(2).length + 8 + 4; // inside block 2's header: its proof of work fails
    body[at] = (body[at] as number) ^ 0xff;
    const s = await BlockFilesSource.open(blocksDir(Buffer.concat([body, Buffer.alloc(4096)])), {
      mode: 'seek',
      magic: MAGIC.regtest,
      powLimit: POW_LIMIT_REGTEST,
    });
    expect(s.report.stats).toMatchObject({ records: 6, truncated: 0, badRecords: 1 });
  });
});

describe('files of another network', () => {
  it('no record matched: the error names the network whose magic starts the first file', async () => {
    const s = await BlockFilesSource.open(blocksDir(records(3)), { mode: 'seek' });
    expect(s.report.networkHint).toBe('regtest');
    await expect(s.tip()).rejects.toThrow(/^no linkable blocks in .*; blocks look like regtest; pass --network regtest$/);
  });

  it('no hint when the first file starts with the magic given, or with none known', async () => {
    const s = await BlockFilesSource.open(blocksDir(Buffer.alloc(4096, 7)), { mode: 'full', magic: MAGIC.regtest, powLimit: POW_LIMIT_REGTEST });
    expect(s.report.networkHint).toBeNull();
    await expect(s.tip()).rejects.toThrow(/^no linkable blocks in [^;]*$/);
  });
});
