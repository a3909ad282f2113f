/**
 * Own-node days are written whole or flagged partial: a day only replaces another origin's values
 * when the stored chain holds a block before it and a block after it. The first day of a pruned
 * node, the day at the tip and a lone block are lower bounds that never hide embedded or imported
 * values (both stores; the merge is shared SQL-side code), and become complete on a later sync.
 */
import { BIP34_HEIGHTS } from '../src/chain/coinbase.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { mainnetBlocks } from './helpers/fixtures.js';
import { storeBackends, withStore } from './helpers/store-backends.js';
import { blkRecord, chain, type SynthBlock } from './helpers/synthetic-chain.js';
import { POW_LIMIT_REGTEST } from '../src/chain/difficulty.js';
import { PARTIAL_DAY_PROVENANCE, type DailyRow } from '../src/history/daily-row.js';
import { syncBlockFiles } from '../src/app/sync/block-files-sync.js';
import { unixSToDate } from '../src/units/time.js';

const REGTEST_MAGIC = Uint8Array.of(0xfa, 0xbf, 0xb5, 0xda);
// 2024-03-01 00:30 UTC on, ~10 min per block: 500 blocks span 03-01 … 03-04.
const main = chain({ length: 500, seed: 51, genesisTime: 1_709_253_000 });
const root = mkdtempSync(join(tmpdir(), 'hashfloor-partial-days-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeBlocks(name: string, blocks: readonly SynthBlock[]): string {
  const dir = join(root, name, 'blocks');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'blk00000.dat'), Buffer.concat(blocks.map((b) => blkRecord(b.bytes, REGTEST_MAGIC))));
  return dir;
}
const countOn = (date: string, blocks: readonly SynthBlock[]): number => blocks.filter((b) => unixSToDate(b.time_unix_s) === date).length;
const days = (rows: DailyRow[]): string[] => rows.map((d) => `${d.date}:${d.blocks}:${d.provenance.blocks}`);

describe('a lone mainnet block (height 739,990) does not replace its embedded day', () => {
  it('network --date 2022-06-09 keeps the embedded 146 blocks, issuance and fees', async () => {
    const block = mainnetBlocks().find((b) => b.height === 739_990);
    const dir = join(root, 'mainnet', 'blocks');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'blk00000.dat'), blkRecord(Buffer.from(block?.hex ?? '', 'hex')));
    const env = { HASHFLOOR_HOME: join(root, 'home') };
    const db = join(root, 'mainnet.sqlite');
    const s = await cli(['sync', '--blocks-dir', join(root, 'mainnet'), '--db', db, '--json'], env);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ tip_height: 739_990, blocks_written: 1 });
    const r = await cli(['network', '--db', db, '--date', '2022-06-09', '--json'], env);
    const j = JSON.parse(r.stdout) as { blocks: number; issuance_sat: string | number; fees_sat: string | number; provenance: Record<string, string> };
    expect(j.blocks).toBe(146);
    expect(String(j.issuance_sat)).toBe('91250000000');
    // The embedded fees are themselves an estimate; a one-block lower bound must not win over it.
    expect(String(j.fees_sat)).toBe('1319995851');
    expect(j.provenance).toMatchObject({ blocks: 'bitcoinvisuals', issuance_sat: 'bitcoinvisuals', fees_sat: 'estimated:interp-fees-per-block' });
  });
});

for (const backend of storeBackends(root, 'partial_days')) {
  describe.skipIf(backend.skip)(`partial own-node days: ${backend.name}`, () => {
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    const sync = (loc: Awaited<ReturnType<typeof backend.fresh>>, dir: string) =>
      withStore(loc, (s) =>
        syncBlockFiles(s, dir, { mode: 'full', magic: REGTEST_MAGIC, powLimit: POW_LIMIT_REGTEST, bip34Height: BIP34_HEIGHTS.regtest, batchBlocks: 50 }),
      );

    it('a pruned node: first and tip days are partial and lose to imports; the next sync completes the tip day', async () => {
      const [d1, d2, d3, d4] = ['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04'] as const;
      expect(countOn(d4, main)).toBeGreaterThan(0);
      const loc = await backend.fresh();
      const imported = (date: string): DailyRow => ({
        date,
        blocks: 150,
        difficulty: null,
        hashrate_ehs: null,
        issuance_sat: null,
        fees_sat: null,
        price_usd_per_btc: null,
        supply_sat: null,
        provenance: {},
      });
      await withStore(loc, (s) => s.upsertDaily('user-import', [d1, d2, d3, d4].map(imported)));
      // Pruned: the files start at height 100 (03-01 00:30 + 100 blocks), the tip is on 03-03.
      const pruned = main.slice(100, 300);
      await sync(loc, writeBlocks('pruned', pruned));
      const own = (rows: DailyRow[]) => rows.filter((d) => d.provenance.blocks !== 'user-import');
      const raw = await withStore(loc, (s) => s.listDaily({ from: d1, to: d4 }));
      // Merged: only the complete day 03-02 replaces the imported 150.
      expect(days(raw)).toEqual([`${d1}:150:user-import`, `${d2}:${countOn(d2, main)}:own-node`, `${d3}:150:user-import`, `${d4}:150:user-import`]);
      expect(own(raw)).toHaveLength(1);
      // Without the imports, the partial days show, flagged as partial on every value they carry.
      const bare = await backend.fresh();
      await sync(bare, writeBlocks('pruned-bare', pruned));
      const shown = await withStore(bare, (s) => s.listDaily({ from: d1, to: d4 }));
      expect(days(shown)).toEqual([
        `${d1}:${countOn(d1, pruned)}:${PARTIAL_DAY_PROVENANCE}`,
        `${d2}:${countOn(d2, main)}:own-node`,
        `${d3}:${countOn(d3, pruned)}:${PARTIAL_DAY_PROVENANCE}`,
      ]);
      expect(shown[0]?.provenance).toEqual({
        blocks: PARTIAL_DAY_PROVENANCE,
        difficulty: PARTIAL_DAY_PROVENANCE,
        issuance_sat: PARTIAL_DAY_PROVENANCE,
        fees_sat: PARTIAL_DAY_PROVENANCE,
      });
      // The node moves on: 03-03 is now whole, 03-04 (the tip) is in progress.
      const later = main.slice(100);
      await sync(bare, writeBlocks('pruned-bare', later));
      expect(days(await withStore(bare, (s) => s.listDaily({ from: d1, to: d4 })))).toEqual([
        `${d1}:${countOn(d1, later)}:${PARTIAL_DAY_PROVENANCE}`,
        `${d2}:${countOn(d2, main)}:own-node`,
        `${d3}:${countOn(d3, main)}:own-node`,
        `${d4}:${countOn(d4, main)}:${PARTIAL_DAY_PROVENANCE}`,
      ]);
    });

    it('a chain from genesis: the first day is complete, a tip ending exactly on a day boundary is not', async () => {
      const loc = await backend.fresh();
      const firstDay = unixSToDate(main[0]?.time_unix_s ?? 0);
      const upTo = main.findIndex((b) => unixSToDate(b.time_unix_s) !== firstDay); // first block of day 2
      await sync(loc, writeBlocks('genesis', main.slice(0, upTo)));
      // The tip is the day's last block, but nothing after it proves that yet.
      expect(days(await withStore(loc, (s) => s.listDaily({ from: firstDay, to: firstDay })))).toEqual([`${firstDay}:${upTo}:${PARTIAL_DAY_PROVENANCE}`]);
      // One block of the next day arrives: the first day is now whole (genesis starts it).
      await sync(loc, writeBlocks('genesis', main.slice(0, upTo + 1)));
      expect(days(await withStore(loc, (s) => s.listDaily({ from: firstDay, to: firstDay })))).toEqual([`${firstDay}:${upTo}:own-node`]);
    });
  });
}
