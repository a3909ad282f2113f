/**
 * Own-node sync from block files against both stores (SQLite and the throwaway PostgreSQL of
 * test/global-setup.ts): incremental scans that read only appended bytes and new files, blocks
 * that arrive later (out of order, stale branches) still linking, a reorg rolled back and
 * re-applied, crashes injected inside the store's writes — each compared with a from-scratch sync.
 */
import { BIP34_HEIGHTS } from '../src/chain/coinbase.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blkRecord, chain, xorFile, type SynthBlock } from './helpers/synthetic-chain.js';
import { storeBackends, withStore } from './helpers/store-backends.js';
import type { Store } from '../src/ports/store.js';
import { syncBlockFiles } from '../src/app/sync/block-files-sync.js';
import { POW_LIMIT_REGTEST } from '../src/chain/difficulty.js';
import { FINGERPRINT_EDGE_BYTES } from '../src/adapters/chain/blk-fingerprint.js';

const REGTEST_MAGIC = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);
const KEY = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2);
const PAD = 4096;
const sizes = (h: number): number => 300 + (h % 4) * 700;
const main = chain({ length: 120, seed: 31, blockBytes: sizes });
const forkA = chain({ length: 4, seed: 32, parent: main[60] });
const forkB = chain({ length: 30, seed: 33, parent: main[110] });
const rec = (b: SynthBlock): Buffer => Buffer.from(blkRecord(b.bytes, REGTEST_MAGIC));
const bytesOf = (blocks: SynthBlock[]): Buffer => Buffer.concat(blocks.map(rec));
// Scan 1: main 0..89 with 86 before 85 (out of order), a stale branch's first two blocks, and
// main[95] whose parent arrives only in scan 2.
const A = bytesOf([...main.slice(0, 85), main[86], main[85], ...main.slice(87, 90), forkA[0], forkA[1], main[95]] as SynthBlock[]);
// Scan 2: appended to blk00000 (over its zero padding, as Core fills pre-allocated space) …
const B = bytesOf([...main.slice(90, 95), forkA[2], forkA[3]] as SynthBlock[]);
// … and a new file blk00001; scan 3 appends a heavier branch from main[110] to it.
const C = bytesOf(main.slice(96));
const D = bytesOf(forkB);
// blk00001 rewritten in place: other branches from main[95], one exactly as long as C, one longer.
const sameSize = chain({ length: 24, seed: 34, parent: main[95], blockBytes: sizes });
const longer = chain({ length: 30, seed: 35, parent: main[95], blockBytes: sizes });

const root = mkdtempSync(join(tmpdir(), 'hashfloor-own-node-stores-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes blk files (de-obfuscated contents given) with zero padding, plus xor.dat. */
function writeFiles(dir: string, files: Buffer[], key = KEY): void {
  mkdirSync(dir, { recursive: true });
  files.forEach((body, i) => writeFileSync(join(dir, `blk${String(i).padStart(5, '0')}.dat`), Buffer.concat([xorFile(body, key), Buffer.alloc(PAD)])));
  writeFileSync(join(dir, 'xor.dat'), key);
}

for (const backend of storeBackends(root, 'own_node')) {
  describe.skipIf(backend.skip)(`own-node sync from block files: ${backend.name}`, () => {
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    const opts = { mode: 'full' as const, magic: REGTEST_MAGIC, network: undefined };
    const sync = (store: Store, dir: string) =>
      syncBlockFiles(store, dir, { mode: opts.mode, magic: opts.magic, powLimit: POW_LIMIT_REGTEST, bip34Height: BIP34_HEIGHTS.regtest, batchBlocks: 40 });
    /** The stored chain, compactly: height, hash and coinbase value of every block, and the tip. */
    const snapshot = async (s: Store): Promise<{ blocks: string[]; tip: unknown }> => ({
      blocks: (await s.listBlocks()).map((b) => `${b.height}:${b.hash}:${b.coinbase_value_sat}`),
      tip: await s.chainTip(),
    });
    async function fromScratch(dir: string): Promise<{ blocks: string[]; tip: unknown }> {
      return withStore(await backend.fresh(), async (s) => {
        const r = await sync(s, dir);
        expect(r.source.report).toMatchObject({ resumed: false });
        expect(r.source.report.stats.bytesRead).toBe(r.source.report.stats.fileBytes);
        return snapshot(s);
      });
    }

    it('reads only appended bytes and new files; late and stale blocks still link; a reorg in the files is applied', async () => {
      const dir = join(root, `${backend.name}-inc`, 'blocks');
      const loc = await backend.fresh();
      writeFiles(dir, [A]);
      const s1 = await withStore(loc, (s) => sync(s, dir));
      expect(s1.summary).toMatchObject({ tip_height: 89, tip_hash: main[89]?.hash, blocks_written: 90 });
      // Stale: forkA's two blocks; disconnected: main[95] (placed at its BIP34 height, a one-block tree for now).
      expect(s1.source.report).toMatchObject({ resumed: false, stale: 2, disconnected: 1, headers: 93 });

      writeFiles(dir, [Buffer.concat([A, B]), C]);
      const s2 = await withStore(loc, (s) => sync(s, dir));
      expect(s2.source.report).toMatchObject({ resumed: true, rescanReason: null, headers: 93 + 7 + 24, stale: 4, disconnected: 0, orphans: 0 });
      // Full mode reads from where scan 1 stopped (the padding's start) to each end, nothing before.
      expect(s2.source.report.stats.bytesRead).toBe(B.length + PAD + C.length + PAD);
      expect(s2.summary).toMatchObject({ previous_tip_height: 89, tip_height: 119, tip_hash: main[119]?.hash, reorg_depth: 0, blocks_written: 30 });
      // Coinbases are read again only for the 30 blocks written.
      expect(s2.source.report.coinbaseBytesRead).toBeLessThanOrEqual(30 * 2048);

      writeFiles(dir, [Buffer.concat([A, B]), Buffer.concat([C, D])]);
      const s3 = await withStore(loc, (s) => sync(s, dir));
      expect(s3.source.report.stats.bytesRead).toBe(PAD + D.length + PAD);
      expect(s3.summary).toMatchObject({ fork_height: 110, reorg_depth: 9, tip_height: 140, tip_hash: forkB[29]?.hash, blocks_written: 30 });

      const again = await withStore(loc, (s) => sync(s, dir));
      expect(again.summary).toMatchObject({ blocks_written: 0, reorg_depth: 0, tip_height: 140 });
      expect(await withStore(loc, snapshot)).toEqual(await fromScratch(dir));
    });

    it('a crash inside the reorg write, or inside the checkpoint write, leaves a consistent store that the next sync completes', async () => {
      const dir = join(root, `${backend.name}-crash`, 'blocks');
      const loc = await backend.fresh();
      writeFiles(dir, [Buffer.concat([A, B]), C]);
      await withStore(loc, (s) => sync(s, dir));
      writeFiles(dir, [Buffer.concat([A, B]), Buffer.concat([C, D])]);
      // Power cut after the checkpoint write's first statement: the old checkpoint stays.
      const crashScan = {
        afterStatement: (op: string, step: number) => {
          if (op === 'saveBlockFilesScan' && step === 1) throw new Error('power cut in checkpoint');
        },
      };
      await expect(withStore(loc, (s) => sync(s, dir), crashScan)).rejects.toThrow('power cut in checkpoint');
      // Power cut after the reorg's DELETE: the checkpoint is saved, the old chain stays whole.
      const crashReorg = {
        afterStatement: (op: string, step: number) => {
          if (op === 'replaceChainFrom' && step === 0) throw new Error('power cut in reorg');
        },
      };
      await expect(withStore(loc, (s) => sync(s, dir), crashReorg)).rejects.toThrow('power cut in reorg');
      await withStore(loc, async (s) => {
        expect(await s.chainTip()).toEqual({ hash: main[119]?.hash, height: 119 });
        expect((await s.blockAtHeight(115))?.hash).toBe(main[115]?.hash);
        const cp = await s.blockFilesCheckpoint();
        expect(cp?.headers.length).toBe((124 + 30) * 88);
      });
      const done = await withStore(loc, (s) => sync(s, dir));
      expect(done.source.report).toMatchObject({ resumed: true });
      expect(done.source.report.stats.bytesRead).toBe(PAD + PAD); // only the two padding tails again
      expect(done.summary).toMatchObject({ fork_height: 110, reorg_depth: 9, tip_height: 140 });
      expect(await withStore(loc, snapshot)).toEqual(await fromScratch(dir));
    });

    it('a file rewritten in place with other blocks, as long or longer, is noticed by its fingerprint and scanned again from 0; an unchanged file is not', async () => {
      const dir = join(root, `${backend.name}-rewrite`, 'blocks');
      const loc = await backend.fresh();
      const AB = Buffer.concat([A, B]);
      writeFiles(dir, [AB, C]);
      expect((await withStore(loc, (s) => sync(s, dir))).summary).toMatchObject({ tip_height: 119, tip_hash: main[119]?.hash });
      const edge = 2 * FINGERPRINT_EDGE_BYTES; // bytes one fingerprint reads (both files are longer than 2 KiB)

      const same = bytesOf(sameSize);
      expect(same.length).toBe(C.length);
      writeFiles(dir, [AB, same]);
      const r1 = await withStore(loc, (s) => sync(s, dir));
      expect(r1.source.report).toMatchObject({ resumed: true, rescanReason: null, rewritten: ['blk00001.dat'], headers: 124 });
      // blk00000 is not reread: only its padding tail, as in any resumed scan; blk00001 from 0.
      expect(r1.source.report.stats.bytesRead).toBe(PAD + same.length + PAD);
      // Both files' fingerprints checked, blk00001's new one recorded; blk00000's kept.
      expect(r1.source.report.fingerprintBytesRead).toBe(3 * edge);
      expect(r1.summary).toMatchObject({ fork_height: 95, reorg_depth: 24, blocks_written: 24, tip_height: 119, tip_hash: sameSize[23]?.hash });
      expect(await withStore(loc, snapshot)).toEqual(await fromScratch(dir));

      writeFiles(dir, [AB, bytesOf(longer)]);
      const r2 = await withStore(loc, (s) => sync(s, dir));
      expect(r2.source.report).toMatchObject({ resumed: true, rewritten: ['blk00001.dat'], headers: 130 });
      expect(r2.summary).toMatchObject({ fork_height: 95, reorg_depth: 24, blocks_written: 30, tip_height: 125, tip_hash: longer[29]?.hash });
      expect(await withStore(loc, snapshot)).toEqual(await fromScratch(dir));

      // Nothing changed (the files written again with the same bytes): no rescan, only the two padding tails.
      writeFiles(dir, [AB, bytesOf(longer)]);
      const r3 = await withStore(loc, (s) => sync(s, dir));
      expect(r3.source.report).toMatchObject({ resumed: true, rewritten: [], headers: 130 });
      expect(r3.source.report.stats.bytesRead).toBe(PAD + PAD);
      expect(r3.source.report.fingerprintBytesRead).toBe(2 * edge);
      expect(r3.summary).toMatchObject({ blocks_written: 0, reorg_depth: 0, tip_height: 125 });
    });

    it('a changed XOR key or a file shorter than its checkpoint (reindex) discards the checkpoint and rescans', async () => {
      const dir = join(root, `${backend.name}-reset`, 'blocks');
      const loc = await backend.fresh();
      writeFiles(dir, [Buffer.concat([A, B]), C]);
      await withStore(loc, (s) => sync(s, dir));
      writeFiles(dir, [Buffer.concat([A, B]), C], Uint8Array.of(1, 1, 2, 3, 5, 8, 13, 21));
      const rekeyed = await withStore(loc, (s) => sync(s, dir));
      expect(rekeyed.source.report).toMatchObject({ resumed: false, rescanReason: 'xor.dat changed', headers: 124 });
      expect(rekeyed.summary).toMatchObject({ blocks_written: 0, tip_height: 119 });
      writeFiles(dir, [A], Uint8Array.of(1, 1, 2, 3, 5, 8, 13, 21));
      rmSync(join(dir, 'blk00001.dat'));
      const shorter = await withStore(loc, (s) => sync(s, dir));
      expect(shorter.source.report.rescanReason).toMatch(/blk00000\.dat is shorter/);
      expect(shorter.summary).toMatchObject({ tip_height: 89, tip_hash: main[89]?.hash });
      expect(await withStore(loc, (s) => s.chainTip())).toEqual({ hash: main[89]?.hash, height: 89 });
    });
  });
}
