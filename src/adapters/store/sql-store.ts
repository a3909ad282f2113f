/**
 * The Store over any SqlDriver: the same SQL runs on SQLite and PostgreSQL (see driver.ts for what
 * differs). Every write method is one transaction; inputs are checked first so a bad row names
 * itself and nothing is written.
 */
import type { BlockRecord } from '../../chain/block-record.js';
import { ConflictError, InternalError, ValidationError } from '../../errors.js';
import type { DailyRow } from '../../history/daily-row.js';
import {
  STORE_NETWORKS,
  type BlockFilesCheckpoint,
  type BlockFilesScanUpdate,
  type DailyRecompute,
  type DateRange,
  type MinerActionRecord,
  type MinerLock,
  type PowerPriceCoverage,
  type PowerPriceHour,
  type Store,
  type StoredFleetSpec,
  type StoredMinerAction,
  type StoreNetwork,
} from '../../ports/store.js';
import { arrayToCoverage, arrayToPowerPrice, assertPowerPriceRows, POWER_PRICE_COLUMNS, powerPriceParams } from './power-price-rows.js';
import type { ChainTip } from '../../ports/chain-source.js';
import type { FeedBatch, FeedBatchResult, StoreLockHolder } from '../../ports/feed-store.js';
import type { FeedBlock } from '../../ports/network-feed.js';
import { acquireLock, assertFeedBatch, feedBlocks, lastFeedDay, writeFeedBatch } from './feed-rows.js';
import { assertScanUpdate, loadCheckpoint, saveScanUpdate } from './block-files-rows.js';
import { addDays, dateToUnixS, isIsoDate, unixSToDate } from '../../units/time.js';
import { assertChainSegment, BLOCK_COLUMNS, blockParams, rowToBlock } from './block-rows.js';
import { assertDailyRows, DAILY_COLUMNS, dailyParams, datasetOrigin, arrayToDaily, mergeByPriority, isWritableOrigin, WRITABLE_ORIGINS } from './daily-rows.js';
import { chunksFor, toNumber, valuesPlaceholders, type SqlDriver, type SqlExecutor, type SqlValue } from './driver.js';
import { assertFleetSpec, FLEET_COLUMNS, fleetParams, rowToFleet } from './fleet-rows.js';
import { ACTION_COLUMNS, actionParams, assertMinerAction, assertMinerLock, rowToAction } from './miner-action-rows.js';
import { runMigrations } from './migrations/index.js';

export type WriteOp =
  'loadDataset' | 'upsertDaily' | 'replaceChainFrom' | 'saveBlockFilesScan' | 'recordMinerAction' | 'upsertPowerPrices' | 'writeFeedBatch' | 'saveFleet';

export interface SqlStoreOptions {
  /**
   * Called inside the transaction after each statement of a write (step 0, 1, …). For tests:
   * throwing from it simulates a crash mid-write, which must leave the previous state.
   */
  afterStatement?: (op: WriteOp, step: number) => void;
  /** The network recorded when this open creates the store (default main); an existing store keeps its own. */
  network?: StoreNetwork;
}

function checkRange(range: DateRange | undefined): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  for (const key of ['from', 'to'] as const) {
    const v = range?.[key];
    if (v === undefined) continue;
    if (!isIsoDate(v)) throw ValidationError.field(key, `expected a UTC day YYYY-MM-DD, got "${v}"`);
    out[key] = v;
  }
  return out;
}

function checkWritableOrigin(origin: string): void {
  if (!isWritableOrigin(origin)) {
    throw ValidationError.field('origin', `expected one of ${WRITABLE_ORIGINS.join(', ')} or feed:<name>, got "${origin}"`);
  }
}

/** ` WHERE column >= ? AND …` over the bounds that are given, with their bound values. */
function bounds(column: string, limits: [op: '>=' | '<=' | '<', value: SqlValue | undefined][]): { where: string; params: SqlValue[] } {
  const given = limits.filter(([, v]) => v !== undefined);
  return {
    where: given.length ? ` WHERE ${given.map(([op]) => `${column} ${op} ?`).join(' AND ')}` : '',
    params: given.map(([, v]) => v as SqlValue),
  };
}

export class SqlStore implements Store {
  readonly #db: SqlDriver;
  readonly #options: SqlStoreOptions;

  constructor(driver: SqlDriver, options: SqlStoreOptions = {}) {
    this.#db = driver;
    this.#options = options;
  }

  get dialect(): string {
    return this.#db.dialect.name;
  }

  async migrate(): Promise<void> {
    const network = this.#options.network ?? 'main';
    await runMigrations(this.#db, undefined, async (tx) => {
      if (network !== 'main') await tx.run('UPDATE store_network SET network = ? WHERE id = 1', [network]);
    });
  }

  async network(): Promise<StoreNetwork> {
    const rows = await this.#db.all('SELECT network FROM store_network WHERE id = 1');
    const raw = rows[0]?.network;
    const value = typeof raw === 'string' ? raw : 'main';
    if (!(STORE_NETWORKS as readonly string[]).includes(value)) throw new InternalError(`the store records an unknown network "${value}"`);
    return value as StoreNetwork;
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  async changeToken(): Promise<string> {
    // SQLite counts other connections' commits itself; PostgreSQL has no such counter, so the
    // newest row version (xmin) and row count of the tables answers are built from stand in.
    const sql =
      this.#db.dialect.name === 'sqlite'
        ? 'PRAGMA data_version'
        : "SELECT (SELECT count(*) FROM daily) || ':' || (SELECT coalesce(max(xmin::text::bigint), 0) FROM daily) || ':' || (SELECT count(*) FROM fleets) || ':' || (SELECT coalesce(max(xmin::text::bigint), 0) FROM fleets) AS token";
    const row = (await this.#db.all(sql))[0] ?? {};
    return String(Object.values(row)[0]);
  }

  async datasetVersion(name: string): Promise<string | null> {
    const rows = await this.#db.all('SELECT version FROM datasets WHERE name = ?', [name]);
    return rows[0] ? String(rows[0].version) : null;
  }

  async loadDataset(name: string, version: string, rows: readonly DailyRow[]): Promise<void> {
    if (!name) throw ValidationError.field('name', 'a dataset needs a name');
    if (!version) throw ValidationError.field('version', 'a dataset needs a version');
    assertDailyRows(rows);
    const origin = datasetOrigin(name);
    await this.#db.transaction(async (tx) => {
      const step = this.#stepper(tx, 'loadDataset');
      await step.run('DELETE FROM daily WHERE origin = ?', [origin]);
      await this.#insertDaily(step, origin, rows, null);
      await step.run(
        'INSERT INTO datasets (name, version, row_count) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version, row_count = excluded.row_count',
        [name, version, rows.length],
      );
    });
  }

  async upsertDaily(origin: string, rows: readonly DailyRow[]): Promise<number> {
    checkWritableOrigin(origin);
    assertDailyRows(rows);
    await this.#db.transaction(async (tx) => {
      await this.#insertDaily(this.#stepper(tx, 'upsertDaily'), origin, rows, origin);
    });
    return rows.length;
  }

  async listDaily(range?: DateRange): Promise<DailyRow[]> {
    const { from, to } = checkRange(range);
    const { where, params } = bounds('date', [
      ['>=', from],
      ['<=', to],
    ]);
    const sql = `SELECT ${DAILY_COLUMNS.join(', ')} FROM daily${where} ORDER BY date`;
    return mergeByPriority((await this.#db.rows(sql, params)).map(arrayToDaily));
  }

  async chainTip(): Promise<ChainTip | null> {
    const rows = await this.#db.all('SELECT hash, height FROM blocks ORDER BY height DESC LIMIT 1');
    const r = rows[0];
    return r ? { hash: String(r.hash), height: toNumber(r.height, 'height') } : null;
  }

  async blockByHash(hash: string): Promise<BlockRecord | null> {
    const rows = await this.#db.all(`SELECT ${BLOCK_COLUMNS.join(', ')} FROM blocks WHERE hash = ?`, [hash]);
    return rows[0] ? rowToBlock(rows[0]) : null;
  }

  async blockAtHeight(height: number): Promise<BlockRecord | null> {
    if (!Number.isSafeInteger(height)) throw ValidationError.field('height', `expected a whole number, got ${height}`);
    const rows = await this.#db.all(`SELECT ${BLOCK_COLUMNS.join(', ')} FROM blocks WHERE height = ?`, [height]);
    return rows[0] ? rowToBlock(rows[0]) : null;
  }

  async replaceChainFrom(forkHeight: number, blocks: readonly BlockRecord[], daily?: DailyRecompute): Promise<number> {
    assertChainSegment(forkHeight, blocks);
    if (daily) checkWritableOrigin(daily.origin);
    return this.#db.transaction(async (tx) => {
      const step = this.#stepper(tx, 'replaceChainFrom');
      const first = blocks[0];
      if (first && forkHeight >= 0) {
        const base = await tx.all('SELECT hash FROM blocks WHERE height = ?', [forkHeight]);
        const baseHash = base[0] ? String(base[0].hash) : null;
        if (baseHash !== null && baseHash !== first.prev_hash) {
          throw new ConflictError(
            `blocks[0] (height ${first.height}) links to ${first.prev_hash}, but the stored block at height ${forkHeight} is ${baseHash}`,
          );
        }
      }
      const removed = daily ? (await tx.all('SELECT MIN(time_unix_s) AS lo, MAX(time_unix_s) AS hi FROM blocks WHERE height > ?', [forkHeight]))[0] : undefined;
      await step.run('DELETE FROM blocks WHERE height > ?', [forkHeight]);
      for (const chunk of chunksFor(blocks, BLOCK_COLUMNS.length, this.#db.dialect)) {
        await step.run(
          `INSERT INTO blocks (${BLOCK_COLUMNS.join(', ')}) VALUES ${valuesPlaceholders(chunk.length, BLOCK_COLUMNS.length)}`,
          chunk.flatMap(blockParams),
        );
      }
      if (!daily) return 0;
      const times = blocks.map((b) => b.time_unix_s);
      for (const v of [removed?.lo, removed?.hi]) if (v !== null && v !== undefined) times.push(toNumber(v, 'time_unix_s'));
      if (times.length === 0) return 0;
      // The fork block's day may have been partial only for want of a later block: recompute it too.
      if (first && forkHeight >= 0) {
        const base = await tx.all('SELECT time_unix_s FROM blocks WHERE height = ?', [forkHeight]);
        if (base[0]) times.push(toNumber(base[0].time_unix_s, 'time_unix_s'));
      }
      return this.#recomputeDays(step, tx, daily, unixSToDate(Math.min(...times)), unixSToDate(Math.max(...times)));
    });
  }

  /** Rewrites `daily.origin`'s rows of days [from, to] from the blocks now stored on them (edge reads via `read`: no crash-injection step). */
  async #recomputeDays(step: SqlExecutor, read: SqlExecutor, daily: DailyRecompute, from: string, to: string): Promise<number> {
    const inDays = (
      await step.all(`SELECT ${BLOCK_COLUMNS.join(', ')} FROM blocks WHERE time_unix_s >= ? AND time_unix_s < ? ORDER BY height`, [
        dateToUnixS(from),
        dateToUnixS(addDays(to, 1)),
      ])
    ).map(rowToBlock);
    const at = async (h: number): Promise<BlockRecord | null> => {
      const r = await read.all(`SELECT ${BLOCK_COLUMNS.join(', ')} FROM blocks WHERE height = ?`, [h]);
      return r[0] ? rowToBlock(r[0]) : null;
    };
    const lo = inDays[0];
    const hi = inDays[inDays.length - 1];
    const edges = { before: lo ? await at(lo.height - 1) : null, after: hi ? await at(hi.height + 1) : null };
    const rows = daily.aggregate(inDays, edges);
    assertDailyRows(rows);
    const outside = rows.find((r) => r.date < from || r.date > to);
    if (outside) throw new InternalError(`aggregate returned day ${outside.date}, outside the days recomputed (${from}..${to})`);
    await step.run('DELETE FROM daily WHERE origin = ? AND date >= ? AND date <= ?', [daily.origin, from, to]);
    await this.#insertDaily(step, daily.origin, rows, daily.origin);
    return rows.length;
  }

  async listBlocks(range?: DateRange): Promise<BlockRecord[]> {
    const { from, to } = checkRange(range);
    const { where, params } = bounds('time_unix_s', [
      ['>=', from === undefined ? undefined : dateToUnixS(from)],
      ['<', to === undefined ? undefined : dateToUnixS(addDays(to, 1))],
    ]);
    const sql = `SELECT ${BLOCK_COLUMNS.join(', ')} FROM blocks${where} ORDER BY height`;
    return (await this.#db.all(sql, params)).map(rowToBlock);
  }

  blockFilesCheckpoint(): Promise<BlockFilesCheckpoint | null> {
    return loadCheckpoint(this.#db);
  }

  async saveBlockFilesScan(update: BlockFilesScanUpdate): Promise<void> {
    assertScanUpdate(update);
    await this.#db.transaction((tx) => saveScanUpdate(this.#stepper(tx, 'saveBlockFilesScan'), this.#db.dialect, update));
  }

  async upsertPowerPrices(rows: readonly PowerPriceHour[]): Promise<number> {
    assertPowerPriceRows(rows);
    const cols = POWER_PRICE_COLUMNS;
    const onConflict = ` ON CONFLICT (node, hour_start_unix_s) DO UPDATE SET ${cols
      .slice(2)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`;
    await this.#db.transaction(async (tx) => {
      const step = this.#stepper(tx, 'upsertPowerPrices');
      for (const chunk of chunksFor(rows, cols.length, this.#db.dialect)) {
        await step.run(
          `INSERT INTO power_prices (${cols.join(', ')}) VALUES ${valuesPlaceholders(chunk.length, cols.length)}${onConflict}`,
          chunk.flatMap(powerPriceParams),
        );
      }
    });
    return rows.length;
  }

  async listPowerPrices(node: string, from_unix_s: number, to_unix_s: number): Promise<PowerPriceHour[]> {
    if (!Number.isSafeInteger(from_unix_s) || !Number.isSafeInteger(to_unix_s))
      throw ValidationError.field('from_unix_s', `expected whole seconds, got ${from_unix_s}..${to_unix_s}`);
    const sql = `SELECT ${POWER_PRICE_COLUMNS.join(', ')} FROM power_prices WHERE node = ? AND hour_start_unix_s >= ? AND hour_start_unix_s < ? ORDER BY hour_start_unix_s`;
    return (await this.#db.rows(sql, [node, from_unix_s, to_unix_s])).map(arrayToPowerPrice);
  }

  async powerPriceCoverage(): Promise<PowerPriceCoverage[]> {
    const sql = 'SELECT node, MIN(hour_start_unix_s), MAX(hour_start_unix_s), COUNT(*) FROM power_prices GROUP BY node ORDER BY node';
    return (await this.#db.rows(sql)).map(arrayToCoverage);
  }

  async writeFeedBatch(batch: FeedBatch): Promise<FeedBatchResult> {
    const origin = assertFeedBatch(batch);
    return this.#db.transaction((tx) => writeFeedBatch(this.#stepper(tx, 'writeFeedBatch'), tx, this.#db.dialect, batch, origin));
  }

  feedBlocks(query: { fromHeight?: number; limit?: number; fromTop?: boolean }): Promise<FeedBlock[]> {
    return feedBlocks(this.#db, query);
  }

  lastFeedDay(feed: string): Promise<string | null> {
    return lastFeedDay(this.#db, feed);
  }

  acquireLock(name: string, holder: string, now_unix_s: number, ttl_s: number): Promise<StoreLockHolder | null> {
    return this.#db.transaction((tx) => acquireLock(tx, name, holder, now_unix_s, ttl_s));
  }

  async releaseLock(name: string, holder: string): Promise<boolean> {
    return (await this.#db.run('DELETE FROM store_locks WHERE name = ? AND holder = ?', [name, holder])) > 0;
  }

  async saveFleet(fleet: StoredFleetSpec): Promise<void> {
    assertFleetSpec(fleet);
    const sql = `INSERT INTO fleets (${FLEET_COLUMNS.join(', ')}) VALUES ${valuesPlaceholders(1, FLEET_COLUMNS.length)} ON CONFLICT (id) DO NOTHING`;
    // One statement, but in a transaction of its own so the crash hook can stop it before COMMIT.
    const inserted = await this.#db.transaction((tx) => this.#stepper(tx, 'saveFleet').run(sql, fleetParams(fleet)));
    if (inserted === 0) throw new ConflictError(`a fleet with id "${fleet.id}" is already stored`);
  }

  async listFleets(): Promise<StoredFleetSpec[]> {
    return (await this.#db.all(`SELECT ${FLEET_COLUMNS.join(', ')} FROM fleets ORDER BY uploaded_unix_s, id`)).map(rowToFleet);
  }

  async getFleet(id: string): Promise<StoredFleetSpec | null> {
    const rows = await this.#db.all(`SELECT ${FLEET_COLUMNS.join(', ')} FROM fleets WHERE id = ?`, [id]);
    return rows[0] ? rowToFleet(rows[0]) : null;
  }

  async deleteFleet(id: string): Promise<boolean> {
    return (await this.#db.run('DELETE FROM fleets WHERE id = ?', [id])) > 0;
  }

  async acquireMinerLock(lock: MinerLock, now_unix_s: number): Promise<boolean> {
    assertMinerLock(lock, now_unix_s);
    // One statement, so it is atomic on both databases: a second taker of the same miner waits on the row, then finds it held.
    const sql = `INSERT INTO miner_locks (miner, holder, expires_unix_s) VALUES (?, ?, ?)
      ON CONFLICT (miner) DO UPDATE SET holder = excluded.holder, expires_unix_s = excluded.expires_unix_s
      WHERE miner_locks.expires_unix_s <= ? OR miner_locks.holder = excluded.holder`;
    return (await this.#db.run(sql, [lock.miner, lock.holder, lock.expires_unix_s, now_unix_s])) === 1;
  }

  async releaseMinerLock(miner: string, holder: string): Promise<void> {
    await this.#db.run('DELETE FROM miner_locks WHERE miner = ? AND holder = ?', [miner, holder]);
  }

  async recordMinerAction(action: MinerActionRecord, release?: string): Promise<number> {
    assertMinerAction(action);
    return this.#db.transaction(async (tx) => {
      const step = this.#stepper(tx, 'recordMinerAction');
      const rows = await step.all(
        `INSERT INTO miner_actions (${ACTION_COLUMNS.join(', ')}) VALUES ${valuesPlaceholders(1, ACTION_COLUMNS.length)} RETURNING id`,
        actionParams(action),
      );
      if (release !== undefined) await step.run('DELETE FROM miner_locks WHERE miner = ? AND holder = ?', [action.miner, release]);
      return toNumber(rows[0]?.id, 'id');
    });
  }

  async listMinerActions(since_unix_s?: number): Promise<StoredMinerAction[]> {
    if (since_unix_s !== undefined && !Number.isSafeInteger(since_unix_s))
      throw ValidationError.field('since_unix_s', `expected whole seconds, got ${since_unix_s}`);
    const { where, params } = bounds('time_unix_s', [['>=', since_unix_s]]);
    return (await this.#db.all(`SELECT id, ${ACTION_COLUMNS.join(', ')} FROM miner_actions${where} ORDER BY time_unix_s, id`, params)).map(rowToAction);
  }

  /**
   * Inserts or replaces (origin, date) rows. Replacing even right after a DELETE matters: two
   * processes loading the same dataset at once then queue on the row instead of one failing.
   */
  async #insertDaily(step: SqlExecutor, origin: string, rows: readonly DailyRow[], defaultProvenance: string | null): Promise<void> {
    const cols = DAILY_COLUMNS;
    const onConflict = ` ON CONFLICT (origin, date) DO UPDATE SET ${cols
      .slice(2)
      .map((c) => `${c} = excluded.${c}`)
      .join(', ')}`;
    for (const chunk of chunksFor(rows, cols.length, this.#db.dialect)) {
      await step.run(
        `INSERT INTO daily (${cols.join(', ')}) VALUES ${valuesPlaceholders(chunk.length, cols.length)}${onConflict}`,
        chunk.flatMap((r) => dailyParams(origin, r, defaultProvenance)),
      );
    }
  }

  /** `tx` with the test hook called after each statement. */
  #stepper(tx: SqlExecutor, op: WriteOp): SqlExecutor {
    const hook = this.#options.afterStatement;
    if (!hook) return tx;
    let n = 0;
    return {
      all: async (sql, params) => {
        const rows = await tx.all(sql, params);
        hook(op, n++);
        return rows;
      },
      rows: async (sql, params) => {
        const rows = await tx.rows(sql, params);
        hook(op, n++);
        return rows;
      },
      run: async (sql, params) => {
        const changed = await tx.run(sql, params);
        hook(op, n++);
        return changed;
      },
    };
  }
}
