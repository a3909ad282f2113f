/**
 * The Store port: persistent state behind SQLite and PostgreSQL (adapters/store/). Interfaces only.
 */
import type { BlockRecord } from '../chain/block-record.js';
import type { DailyRow } from '../history/daily-row.js';
import type { ChainTip } from './chain-source.js';
import type { FeedStore } from './feed-store.js';

/** The inclusive UTC-day range of a query; an absent bound is open. */
export interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * Persistent state. Two implementations (SQLite, PostgreSQL) share numbered migrations and one
 * contract test suite. Every write method is one transaction: all of it or none of it.
 */
/** Bitcoin networks a store can hold, as `sync --network` names them. */
export const STORE_NETWORKS = ['main', 'testnet', 'testnet4', 'signet', 'regtest'] as const;
export type StoreNetwork = (typeof STORE_NETWORKS)[number];

export interface Store extends FeedStore {
  /** Applies pending numbered migrations; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * The network whose blocks and own-node days the store holds, recorded when it was created
   * (main unless created for another; every store older than the record is main).
   */
  network(): Promise<StoreNetwork>;

  /**
   * A value that changes whenever another connection (a CLI import or sync beside a running
   * server) commits a change to the daily history or the fleets; compared, never interpreted.
   */
  changeToken?(): Promise<string>;

  /** Version of a named dataset loaded into the store (e.g. 'network-daily'), or null. */
  datasetVersion(name: string): Promise<string | null>;
  /**
   * Replaces the dataset `name` with `rows` and records `version`, atomically. Rows from other
   * origins (user imports, own-node aggregates) are kept.
   */
  loadDataset(name: string, version: string, rows: readonly DailyRow[]): Promise<void>;
  /** Inserts or replaces days from a user import or own-node aggregation (`origin`), atomically. */
  upsertDaily(origin: string, rows: readonly DailyRow[]): Promise<number>;
  /**
   * Daily history merged across origins, one row per day ascending; where origins overlap, the
   * latest-priority origin wins (own-node > user-import > embedded dataset).
   */
  listDaily(range?: DateRange): Promise<DailyRow[]>;

  /** Best-chain tip of the stored blocks, or null when none. */
  chainTip(): Promise<ChainTip | null>;
  blockByHash(hash: string): Promise<BlockRecord | null>;
  blockAtHeight(height: number): Promise<BlockRecord | null>;
  /**
   * Atomically removes every block above `forkHeight` (a reorg's fork point; -1 removes all) and
   * appends `blocks` (consecutive heights from forkHeight + 1, each linking to the previous).
   * With `daily`, the same transaction also rewrites that origin's rows of every UTC day a removed
   * or added block falls on, from all blocks stored on those days afterwards (a day left without
   * blocks loses its row), so the daily aggregates never lag the chain. Returns the rows written.
   */
  replaceChainFrom(forkHeight: number, blocks: readonly BlockRecord[], daily?: DailyRecompute): Promise<number>;
  /** Main-chain blocks whose timestamps fall in the UTC-day range, ascending by height. */
  listBlocks(range?: DateRange): Promise<BlockRecord[]>;

  /** The block-files sync checkpoint (what the last scans saw), or null before the first. */
  blockFilesCheckpoint(): Promise<BlockFilesCheckpoint | null>;
  /** Adds one scan's files and headers to the checkpoint (replacing it when `reset`), atomically. */
  saveBlockFilesScan(update: BlockFilesScanUpdate): Promise<void>;

  /**
   * Inserts or replaces node-hours of power prices, atomically (one transaction per call, so a
   * caller's batch is all or nothing). Returns the rows written.
   */
  upsertPowerPrices(rows: readonly PowerPriceHour[]): Promise<number>;
  /** The stored hours of `node` in [from_unix_s, to_unix_s), ascending. */
  listPowerPrices(node: string, from_unix_s: number, to_unix_s: number): Promise<PowerPriceHour[]>;
  /** Per stored node: its first and last hour and how many hours it holds, by node name. */
  powerPriceCoverage(): Promise<PowerPriceCoverage[]>;

  /** Stores an uploaded fleet spec; ConflictError when the id is taken. */
  saveFleet(fleet: StoredFleetSpec): Promise<void>;
  /** Every stored fleet spec, oldest upload first. */
  listFleets(): Promise<StoredFleetSpec[]>;
  getFleet(id: string): Promise<StoredFleetSpec | null>;
  /** Removes a fleet spec; false when there was none. */
  deleteFleet(id: string): Promise<boolean>;

  /**
   * Takes the lock on one miner for `holder` until `expires_unix_s`, atomically: true when taken
   * (free, expired at `now_unix_s`, or already this holder's), false when another holder has it.
   * How two `hashfloor miners set` runs, in any processes, never command one miner at once.
   */
  acquireMinerLock(lock: MinerLock, now_unix_s: number): Promise<boolean>;
  /** Releases `holder`'s lock on `miner` (a lock it no longer holds is left alone). */
  releaseMinerLock(miner: string, holder: string): Promise<void>;
  /** Appends one action to the miner audit log and, when `release` names the holder, releases its lock on the miner, in one transaction; returns the entry's id. */
  recordMinerAction(action: MinerActionRecord, release?: string): Promise<number>;
  /** Audit entries at or after `since_unix_s` (all when absent), oldest first. */
  listMinerActions(since_unix_s?: number): Promise<StoredMinerAction[]>;
}

export interface MinerLock {
  /** `host:port`. */
  miner: string;
  /** Who holds it: a unique id per run. */
  holder: string;
  expires_unix_s: number;
}

/** What happened to one requested change. */
export type MinerActionResult = 'applied' | 'failed' | 'refused' | 'busy' | 'skipped';

/** One command sent (or refused) to a miner, as the audit log keeps it. */
export interface MinerActionRecord {
  time_unix_s: number;
  /** `host:port`. */
  miner: string;
  /** What the miner was doing before, e.g. `hashing 3010 W (measured)`. */
  from_state: string;
  /** What it was asked for, e.g. `power_target 2500 W`, `sleep`, `wake`. */
  to_target: string;
  result: MinerActionResult;
  /** What reading back found, e.g. `power 2512 W within 5% of 2500 W`, or why it was not applied. */
  verification: string;
  /** Who ran it (the OS user of the CLI). */
  actor: string;
  /** The command line that asked for it. */
  command: string;
}

export interface StoredMinerAction extends MinerActionRecord {
  id: number;
}

/** One hour's power price at one market node, with its provenance. */
export interface PowerPriceHour {
  /** Settlement point, hub or load zone as the market names it, e.g. `HB_WEST`. */
  node: string;
  /** Start of the UTC hour, unix seconds (a multiple of 3600). */
  hour_start_unix_s: number;
  /** USD per MWh; may be negative. */
  power_price_usd_per_mwh: number;
  /** Who wrote it: `ercot-archive`, `ercot-recent`, `user-import`, … */
  source: string;
  /** The upstream document (ERCOT DocID, an imported file's name), or null. */
  document_id: string | null;
}

export interface PowerPriceCoverage {
  node: string;
  first_hour_unix_s: number;
  last_hour_unix_s: number;
  hours: number;
}

/** A fleet spec as uploaded (text kept verbatim), with its id and upload time. */
export interface StoredFleetSpec {
  id: string;
  /** The spec's company name. */
  name: string;
  spec_format: 'yaml' | 'json';
  spec_text: string;
  uploaded_unix_s: number;
}

/**
 * What a block-files sync keeps between runs so the next one reads only new bytes: per blk file the
 * offset after its last complete record, and the packed header index (chain/header-index.ts
 * layout, scan order) of every record seen — stale and orphan blocks included, so blocks arriving
 * later still link. Valid only for the same folder, XOR key and network magic.
 */
export interface BlockFilesCheckpoint {
  /** Absolute path of the blocks folder. */
  blocks_dir: string;
  xor_key_hex: string;
  magic_hex: string;
  /**
   * Per file: where the next scan resumes, and a fingerprint of the bytes before that offset
   * (adapters/chain/blk-fingerprint.ts; null when saved before fingerprints existed) that tells a file
   * appended to from one rewritten in place.
   */
  files: { name: string; scanned_bytes: number; fingerprint_hex: string | null }[];
  /** Packed header entries, in scan order. */
  headers: Uint8Array;
}

/** One scan's addition to the checkpoint: `reset` discards the old one first. */
export interface BlockFilesScanUpdate extends BlockFilesCheckpoint {
  reset: boolean;
}

/** How a chain write recomputes the daily rows of the days it touched (Store.replaceChainFrom). */
export interface DailyRecompute {
  /** A writable daily origin (upsertDaily's). */
  origin: string;
  /**
   * Rows for the days of `blocks` (every stored block of those days, ascending by height); `edges`
   * are the stored blocks just below and above them, so the aggregate can tell a whole day from a
   * partial one.
   */
  aggregate(blocks: readonly BlockRecord[], edges: DayEdges): DailyRow[];
}

/** Stored blocks at the height just below / above a run of blocks (null: none stored). */
export interface DayEdges {
  before: BlockRecord | null;
  after: BlockRecord | null;
}
