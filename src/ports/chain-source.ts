/**
 * The chain-source port: where blocks come from (block files, Bitcoin Core RPC, a test double). Interfaces only.
 */
import type { BlockRecord } from '../chain/block-record.js';

export interface ChainTip {
  hash: string;
  height: number;
}

/** Where blocks come from: block files, Bitcoin Core RPC, or a test double. */
export interface ChainSource {
  /** Best tip the source knows. */
  tip(): Promise<ChainTip>;
  /** Block hash at a height on the source's best chain. */
  hashAtHeight(height: number): Promise<string>;
  /** Blocks for consecutive heights [from, to] on the source's best chain. */
  blocks(fromHeight: number, toHeight: number): Promise<BlockRecord[]>;
}
