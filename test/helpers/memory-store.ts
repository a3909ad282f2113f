/**
 * An in-memory Store for tests of code above the store (sync, commands). Each write builds the new
 * state aside and swaps it in at the end, so a throw half-way leaves the old state — the same
 * all-or-nothing contract the SQL stores give with transactions.
 */
import type { BlockRecord } from '../../src/chain/block-record.js';
import type { DailyRow } from '../../src/history/daily-row.js';
import type {
  BlockFilesCheckpoint,
  BlockFilesScanUpdate,
  DailyRecompute,
  DateRange,
  MinerActionRecord,
  MinerLock,
  PowerPriceCoverage,
  PowerPriceHour,
  Store,
  StoredFleetSpec,
  StoredMinerAction,
} from '../../src/ports/store.js';
import type { ChainTip } from '../../src/ports/chain-source.js';
import type { FeedBatchResult, StoreLockHolder } from '../../src/ports/feed-store.js';
import type { FeedBlock } from '../../src/ports/network-feed.js';
import { unixSToDate } from '../../src/units/time.js';

export class MemoryStore implements Store {
  chain: BlockRecord[] = [];
  daily = new Map<string, DailyRow>();
  writes = 0;
  fleets = new Map<string, StoredFleetSpec>();

  powerPrices = new Map<string, PowerPriceHour>();
  upsertPowerPrices(rows: readonly PowerPriceHour[]): Promise<number> {
    for (const r of rows) this.powerPrices.set(`${r.node}@${r.hour_start_unix_s}`, { ...r });
    this.writes++;
    return Promise.resolve(rows.length);
  }
  listPowerPrices(node: string, from: number, to: number): Promise<PowerPriceHour[]> {
    const rows = [...this.powerPrices.values()].filter((r) => r.node === node && r.hour_start_unix_s >= from && r.hour_start_unix_s < to);
    return Promise.resolve(rows.sort((a, b) => a.hour_start_unix_s - b.hour_start_unix_s));
  }
  powerPriceCoverage(): Promise<PowerPriceCoverage[]> {
    const by = new Map<string, PowerPriceCoverage>();
    for (const r of this.powerPrices.values()) {
      const c = by.get(r.node) ?? { node: r.node, first_hour_unix_s: r.hour_start_unix_s, last_hour_unix_s: r.hour_start_unix_s, hours: 0 };
      c.first_hour_unix_s = Math.min(c.first_hour_unix_s, r.hour_start_unix_s);
      c.last_hour_unix_s = Math.max(c.last_hour_unix_s, r.hour_start_unix_s);
      c.hours++;
      by.set(r.node, c);
    }
    return Promise.resolve([...by.values()].sort((a, b) => a.node.localeCompare(b.node)));
  }

  checkpoint: BlockFilesCheckpoint | null = null;
  blockFilesCheckpoint(): Promise<BlockFilesCheckpoint | null> {
    return Promise.resolve(this.checkpoint);
  }
  saveBlockFilesScan(u: BlockFilesScanUpdate): Promise<void> {
    const old = u.reset ? null : this.checkpoint;
    const files = new Map((old?.files ?? []).map((f) => [f.name, f]));
    for (const f of u.files) files.set(f.name, { ...f });
    this.checkpoint = {
      blocks_dir: u.blocks_dir,
      xor_key_hex: u.xor_key_hex,
      magic_hex: u.magic_hex,
      files: [...files.values()].sort((a, b) => a.name.localeCompare(b.name)),
      headers: Buffer.concat([old?.headers ?? new Uint8Array(), u.headers]),
    };
    return Promise.resolve();
  }
  saveFleet(f: StoredFleetSpec): Promise<void> {
    if (this.fleets.has(f.id)) return Promise.reject(new Error(`fleet ${f.id} exists`));
    this.fleets.set(f.id, f);
    return Promise.resolve();
  }
  listFleets(): Promise<StoredFleetSpec[]> {
    return Promise.resolve([...this.fleets.values()].sort((a, b) => a.uploaded_unix_s - b.uploaded_unix_s || a.id.localeCompare(b.id)));
  }
  getFleet(id: string): Promise<StoredFleetSpec | null> {
    return Promise.resolve(this.fleets.get(id) ?? null);
  }
  deleteFleet(id: string): Promise<boolean> {
    return Promise.resolve(this.fleets.delete(id));
  }

  locks = new Map<string, MinerLock>();
  actions: StoredMinerAction[] = [];
  acquireMinerLock(lock: MinerLock, now_unix_s: number): Promise<boolean> {
    const held = this.locks.get(lock.miner);
    if (held && held.expires_unix_s > now_unix_s && held.holder !== lock.holder) return Promise.resolve(false);
    this.locks.set(lock.miner, { ...lock });
    return Promise.resolve(true);
  }
  releaseMinerLock(miner: string, holder: string): Promise<void> {
    if (this.locks.get(miner)?.holder === holder) this.locks.delete(miner);
    return Promise.resolve();
  }
  recordMinerAction(action: MinerActionRecord, release?: string): Promise<number> {
    const id = this.actions.length + 1;
    this.actions.push({ ...action, id });
    if (release !== undefined && this.locks.get(action.miner)?.holder === release) this.locks.delete(action.miner);
    return Promise.resolve(id);
  }
  listMinerActions(since_unix_s?: number): Promise<StoredMinerAction[]> {
    return Promise.resolve(
      this.actions.filter((a) => since_unix_s === undefined || a.time_unix_s >= since_unix_s).sort((a, b) => a.time_unix_s - b.time_unix_s || a.id - b.id),
    );
  }

  migrate(): Promise<void> {
    return Promise.resolve();
  }
  network(): Promise<'main'> {
    return Promise.resolve('main');
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  datasetVersion(): Promise<string | null> {
    return Promise.resolve(null);
  }
  loadDataset(): Promise<void> {
    return Promise.resolve();
  }
  upsertDaily(_origin: string, rows: readonly DailyRow[]): Promise<number> {
    const next = new Map(this.daily);
    for (const r of rows) next.set(r.date, r);
    this.daily = next;
    return Promise.resolve(rows.length);
  }
  listDaily(range: DateRange = {}): Promise<DailyRow[]> {
    return Promise.resolve(
      [...this.daily.values()]
        .filter((r) => (!range.from || r.date >= range.from) && (!range.to || r.date <= range.to))
        .sort((a, b) => a.date.localeCompare(b.date)),
    );
  }
  chainTip(): Promise<ChainTip | null> {
    const last = this.chain[this.chain.length - 1];
    return Promise.resolve(last ? { hash: last.hash, height: last.height } : null);
  }
  blockByHash(hash: string): Promise<BlockRecord | null> {
    return Promise.resolve(this.chain.find((b) => b.hash === hash) ?? null);
  }
  blockAtHeight(height: number): Promise<BlockRecord | null> {
    const first = this.chain[0]?.height ?? 0;
    return Promise.resolve(this.chain[height - first] ?? null);
  }
  replaceChainFrom(forkHeight: number, blocks: readonly BlockRecord[], daily?: DailyRecompute): Promise<number> {
    return Promise.resolve().then(() => {
      const next = this.chain.filter((b) => b.height <= forkHeight);
      const forkBlock = blocks.length > 0 ? this.chain.find((b) => b.height === forkHeight) : undefined;
      const touched = new Set(
        [...this.chain.filter((b) => b.height > forkHeight), ...blocks, ...(forkBlock ? [forkBlock] : [])].map((b) => unixSToDate(b.time_unix_s)),
      );
      for (const b of blocks) {
        const prev = next[next.length - 1];
        if (prev && (b.height !== prev.height + 1 || b.prev_hash !== prev.hash)) throw new Error(`block ${b.height} does not link`);
        next.push(b);
      }
      const days = new Map(this.daily);
      let written = 0;
      if (daily && touched.size > 0) {
        // The same whole-day span the SQL store recomputes: first to last touched day.
        const sorted = [...touched].sort();
        const from = sorted[0] as string;
        const to = sorted[sorted.length - 1] as string;
        const inSpan = (d: string): boolean => d >= from && d <= to;
        for (const d of days.keys()) if (inSpan(d)) days.delete(d);
        const inDays = next.filter((b) => inSpan(unixSToDate(b.time_unix_s)));
        const at = (h: number | undefined): BlockRecord | null => (h === undefined ? null : (next.find((b) => b.height === h) ?? null));
        const rows = daily.aggregate(inDays, {
          before: at(inDays[0] && inDays[0].height - 1),
          after: at(inDays.at(-1) && (inDays.at(-1) as BlockRecord).height + 1),
        });
        for (const r of rows) days.set(r.date, r);
        written = rows.length;
      }
      this.chain = next;
      this.daily = days;
      this.writes++;
      return written;
    });
  }
  listBlocks(range: DateRange = {}): Promise<BlockRecord[]> {
    return Promise.resolve(
      this.chain.filter((b) => {
        const d = unixSToDate(b.time_unix_s);
        return (!range.from || d >= range.from) && (!range.to || d <= range.to);
      }),
    );
  }

  // Live feeds are tested on the SQL stores (test/feeds/); code above the store that reaches these is a test bug.
  writeFeedBatch(): Promise<FeedBatchResult> {
    return Promise.reject(new Error('MemoryStore: live feeds not supported'));
  }
  feedBlocks(): Promise<FeedBlock[]> {
    return Promise.resolve([]);
  }
  lastFeedDay(): Promise<string | null> {
    return Promise.resolve(null);
  }
  acquireLock(): Promise<StoreLockHolder | null> {
    return Promise.resolve(null);
  }
  releaseLock(): Promise<boolean> {
    return Promise.resolve(true);
  }
}
