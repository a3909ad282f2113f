/**
 * The `ercot` update step: ERCOT's real-time hub prices over a range of UTC days into the store's
 * hourly power prices, one transaction per batch (a year's archive, or the recent interval
 * files), so an interrupted update keeps every batch it finished. Resumable and idempotent: an
 * archive whose document already supplies every hour of the range it covers is not downloaded
 * again, and a batch written twice leaves the same rows (upsert by node and hour). The `update`
 * command registers this as its `ercot` source; `hashfloor prices update` runs it alone.
 */
import type { ErcotBatch, ErcotBatchPlan } from '../adapters/feeds/ercot.js';
import { ERCOT_HUBS } from '../adapters/feeds/ercot.js';
import type { FeedRange, FeedStats } from '../ports/feed-source.js';
import type { PowerPriceHour, Store } from '../ports/store.js';
import { dateToUnixS, SECONDS_PER_DAY } from '../units/time.js';

/** What the update needs of the ERCOT feed (adapters/feeds/ercot.ts: ErcotMisFeed). */
export interface ErcotUpdateFeed {
  readonly name: string;
  plan(range: FeedRange): Promise<ErcotBatchPlan[]>;
  fetchBatch(plan: ErcotBatchPlan, nodes: readonly string[], range: FeedRange, onDocument?: () => void): Promise<ErcotBatch>;
  stats(): FeedStats;
}

/** A progress bar as the CLI's ctx.progress makes one (a no-op one for the API or tests). */
export type UpdateProgress = (label: string, total: number, unit?: string) => { update(done: number): void; done(): void };

export interface ErcotBatchSummary {
  source: string;
  document_id: string;
  /** The archive's year, or null for recent interval files. */
  year: number | null;
  documents: number;
  hours_written: number;
  incomplete_hours: number;
  /** Already stored from this document: not downloaded again. */
  skipped: boolean;
}

export interface ErcotUpdateSummary {
  feed: string;
  range: FeedRange;
  nodes: string[];
  batches: ErcotBatchSummary[];
  hours_written: number;
  requests: number;
  retries: number;
}

/** True when every hour of the archive's year inside the range is stored from `doc_id` for every node. */
async function alreadyStored(store: Store, nodes: readonly string[], year: number, doc_id: string, range: FeedRange): Promise<boolean> {
  const lo = Math.max(Date.UTC(year, 0, 1) / 1000, dateToUnixS(range.from));
  const hi = Math.min(Date.UTC(year + 1, 0, 1) / 1000, dateToUnixS(range.to) + SECONDS_PER_DAY);
  for (const node of nodes) {
    const rows = await store.listPowerPrices(node, lo, hi);
    if (rows.length !== (hi - lo) / 3600 || rows.some((r) => r.document_id !== doc_id)) return false;
  }
  return true;
}

export async function updateErcotPrices(
  store: Store,
  feed: ErcotUpdateFeed,
  range: FeedRange,
  progress: UpdateProgress,
  nodes: readonly string[] = ERCOT_HUBS,
): Promise<ErcotUpdateSummary> {
  const plans = await feed.plan(range);
  const batches: ErcotBatchSummary[] = [];
  for (const plan of plans) {
    const year = plan.kind === 'archive' ? plan.year : null;
    const documents = plan.kind === 'archive' ? 1 : plan.docs.length;
    if (plan.kind === 'archive' && (await alreadyStored(store, nodes, plan.year, plan.doc.doc_id, range))) {
      batches.push({ source: 'ercot-archive', document_id: plan.doc.doc_id, year, documents, hours_written: 0, incomplete_hours: 0, skipped: true });
      continue;
    }
    const bar = progress(plan.kind === 'archive' ? `ERCOT archive ${plan.year}` : 'ERCOT recent intervals', documents, 'docs');
    let done = 0;
    const batch = await feed.fetchBatch(plan, nodes, range, () => bar.update(++done));
    bar.done();
    const rows: PowerPriceHour[] = batch.hours.map((h) => ({ ...h, source: batch.source, document_id: batch.document_id }));
    const written = await store.upsertPowerPrices(rows);
    batches.push({
      source: batch.source,
      document_id: batch.document_id,
      year,
      documents,
      hours_written: written,
      incomplete_hours: batch.incomplete_hours,
      skipped: false,
    });
  }
  const stats = feed.stats();
  return {
    feed: feed.name,
    range,
    nodes: [...nodes],
    batches,
    hours_written: batches.reduce((s, b) => s + b.hours_written, 0),
    requests: stats.requests,
    retries: stats.retries,
  };
}
