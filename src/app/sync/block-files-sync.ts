/**
 * Own-node sync from Bitcoin Core's block files, incremental across runs: loads the store's
 * block-files checkpoint, scans only what was appended since (BlockFilesSource), saves the new
 * checkpoint, then brings the stored chain to the files' best chain (syncChain: reorg-safe).
 *
 * The checkpoint is saved before the chain is written. A crash after that loses nothing: the next
 * run links the saved headers again and syncChain resumes from the stored tip. A crash before it
 * leaves the old checkpoint, and the next run scans the same bytes again.
 */
import type { Store } from '../../ports/store.js';
import { BlockFilesSource, type BlockFilesOpenOptions } from '../../adapters/chain/block-files.js';
import { syncChain, type SyncOptions, type SyncSummary } from './sync-chain.js';

export async function syncBlockFiles(
  store: Store,
  dir: string,
  opts: Omit<BlockFilesOpenOptions, 'checkpoint'> & Omit<SyncOptions, 'baseHeight'> = {},
): Promise<{ summary: SyncSummary; source: BlockFilesSource }> {
  const checkpoint = await store.blockFilesCheckpoint();
  const source = await BlockFilesSource.open(dir, { ...opts, checkpoint });
  await store.saveBlockFilesScan(source.scanUpdate());
  const summary = await syncChain(store, source, { ...opts, baseHeight: source.baseHeight });
  return { summary, source };
}
