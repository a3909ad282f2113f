/**
 * The Store contract for the block-files checkpoint, run against SQLite and a real PostgreSQL
 * server (test/global-setup.ts). A fresh, empty database per test.
 */
import { describe, expect, it } from 'vitest';
import { contractStores, pgSkipped, postgres, rejectsWith, sqlite, type Backend } from './helpers/sql-backends.js';

function contract(backend: Backend): void {
  const { fresh } = contractStores(backend);
  describe('block-files checkpoint', () => {
    const entries = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n * 88 }, (_, i) => (i * 31 + seed) & 0xff);
    const FP = 'ab'.repeat(32);
    const scan = (reset: boolean, files: { name: string; scanned_bytes: number; fingerprint_hex?: string | null }[], headers: Uint8Array) => ({
      blocks_dir: '/data/bitcoin/blocks',
      xor_key_hex: '0102030405060708',
      magic_hex: 'f9beb4d9',
      reset,
      headers,
      files: files.map((f) => ({ fingerprint_hex: null, ...f })),
    });

    it('accumulates scans in order (byte-exact entries, per-file offsets) and a reset replaces them', async () => {
      const store = await fresh();
      expect(await store.blockFilesCheckpoint()).toBeNull();
      const first = entries(25_000, 1); // more than one stored chunk
      await store.saveBlockFilesScan(scan(true, [{ name: 'blk00000.dat', scanned_bytes: 134_200_000 }], first));
      const second = entries(3, 2);
      await store.saveBlockFilesScan(
        scan(
          false,
          [
            { name: 'blk00000.dat', scanned_bytes: 134_217_000, fingerprint_hex: FP },
            { name: 'blk00001.dat', scanned_bytes: 5_000 },
          ],
          second,
        ),
      );
      const cp = await store.blockFilesCheckpoint();
      expect(cp).toMatchObject({ blocks_dir: '/data/bitcoin/blocks', xor_key_hex: '0102030405060708', magic_hex: 'f9beb4d9' });
      expect(cp?.files).toEqual([
        { name: 'blk00000.dat', scanned_bytes: 134_217_000, fingerprint_hex: FP },
        { name: 'blk00001.dat', scanned_bytes: 5_000, fingerprint_hex: null },
      ]);
      expect(Buffer.from(cp?.headers ?? []).equals(Buffer.concat([first, second]))).toBe(true);
      await store.saveBlockFilesScan(scan(true, [{ name: 'blk00003.dat', scanned_bytes: 0 }], entries(1, 3)));
      expect(await store.blockFilesCheckpoint()).toMatchObject({ files: [{ name: 'blk00003.dat', scanned_bytes: 0 }], headers: Buffer.from(entries(1, 3)) });
    });

    it('reject malformed updates naming the field, and a crash mid-save keeps the previous checkpoint', async () => {
      const store = await fresh({
        afterStatement: (op, step) => {
          if (op === 'saveBlockFilesScan' && step === 4) throw new Error('crash');
        },
      });
      const err = await rejectsWith(
        store.saveBlockFilesScan(scan(true, [{ name: 'blk1.dat', scanned_bytes: -1, fingerprint_hex: 'AB'.repeat(32) }], new Uint8Array(87))),
        'VALIDATION',
      );
      expect((err as unknown as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
        'headers',
        'files[0].name',
        'files[0].scanned_bytes',
        'files[0].fingerprint_hex',
      ]);
      await store.saveBlockFilesScan(scan(false, [{ name: 'blk00000.dat', scanned_bytes: 10 }], entries(1, 4)));
      await expect(store.saveBlockFilesScan(scan(true, [{ name: 'blk00000.dat', scanned_bytes: 99 }], entries(2, 5)))).rejects.toThrow('crash');
      expect(await store.blockFilesCheckpoint()).toMatchObject({ files: [{ name: 'blk00000.dat', scanned_bytes: 10 }], headers: Buffer.from(entries(1, 4)) });
    });
  });
}

describe('Store contract (block-files checkpoint): SQLite', () => contract(sqlite()));

describe.skipIf(pgSkipped)('Store contract (block-files checkpoint): PostgreSQL', () => contract(postgres('contract_ckpt')));
