/**
 * What hashfloor keeps of each block: header facts plus the coinbase economics. Produced by every
 * ChainSource (block files, Bitcoin Core RPC) and stored keyed by hash.
 */
import type { Sat } from '../units/sat.js';

export interface BlockRecord {
  /** Block hash, hex in display (big-endian) order. */
  hash: string;
  /** Previous block hash, display order; all zeros for genesis. */
  prev_hash: string;
  height: number;
  version: number;
  /** Header timestamp (unix seconds, miner-set). */
  time_unix_s: number;
  /** Compact target as in the header. */
  bits: number;
  /** Sum of the coinbase transaction's outputs. */
  coinbase_value_sat: Sat;
  /** Subsidy allowed at `height`. */
  subsidy_sat: Sat;
  /** Fees claimed = max(coinbase value − subsidy, 0). */
  fees_sat: Sat;
  /** The coinbase claimed less than subsidy + fees allowed (known when fees are known independently) or less than the subsidy. */
  under_claimed: boolean;
  /** Printable text from the coinbase scriptSig (pool tags). */
  coinbase_tag: string;
  /** Addresses paid by the coinbase outputs (non-OP_RETURN), in output order. */
  payout_addresses: string[];
  /** Pool id from the mining-pools data, or null when unknown. */
  pool_id: string | null;
}
