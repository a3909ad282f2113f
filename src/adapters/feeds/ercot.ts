/**
 * ERCOT real-time settlement point prices from the public MIS (no login; facts from
 * the project reference FEEDS.md, section C.4). Two reports, both listed by
 * `/misapp/servlets/IceDocListJsonWS?reportTypeId=N` as
 * `{ListDocsByRptTypeRes: {DocumentList: [{Document: {DocID, FriendlyName, PublishDate}}]}}` and
 * downloaded from `/misdownload/servlets/mirDownload?doclookupId=<DocID>`:
 * - 13061, NP6-785-ER: one zip per year (an xlsx of monthly sheets of hub and load-zone prices);
 *   its year is the 20YY in FriendlyName; the latest published document of a year wins.
 * - 12301, NP6-905-CD: one zipped CSV per 15-minute interval, recent days only; used for the days
 *   no annual archive covers. A republished interval (`_retry_`) is read after the first and wins.
 * The MIS listing documents no paging: one answer lists every document it keeps.
 */
import { ParseError, UpstreamError } from '../../errors.js';
import { hourlyMeans, type HourlyMean, type IntervalPrice } from '../../economics/interval-prices.js';
import type { FeedRange, FeedStats } from '../../ports/feed-source.js';
import type { NodeHourlyPrices, PowerPriceFeed } from '../../ports/power-price-feed.js';
import { addDays, dateToUnixS, SECONDS_PER_DAY, unixSToDate } from '../../units/time.js';
import { decodeArchive, decodeIntervalDocument } from './ercot-records.js';
import { fetchBytes, type FetchBytes } from './fetch-bytes.js';

export const ERCOT_MIS_URL = 'https://www.ercot.com';
export const ARCHIVE_REPORT = 13061;
export const RECENT_REPORT = 12301;
/** The trading hubs the archive and the interval files carry (the embedded file's columns). */
export const ERCOT_HUBS = ['HB_WEST', 'HB_NORTH', 'HB_SOUTH', 'HB_HOUSTON', 'HB_PAN', 'HB_HUBAVG', 'HB_BUSAVG'] as const;

export interface ErcotDocument {
  doc_id: string;
  friendly_name: string;
  /** As listed (ISO-8601 with offset). */
  publish_date: string;
}

/** One unit of work for an update: an annual archive, or the recent interval files of the range. */
export type ErcotBatchPlan = { kind: 'archive'; year: number; doc: ErcotDocument } | { kind: 'recent'; docs: ErcotDocument[] };

export interface ErcotBatch {
  source: 'ercot-archive' | 'ercot-recent';
  /** The DocID of the archive, or of the first interval file of the batch. */
  document_id: string;
  hours: HourlyMean[];
  incomplete_hours: number;
}

export interface ErcotFeedOptions {
  base_url?: string;
  fetch?: FetchBytes;
}

const asText = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export class ErcotMisFeed implements PowerPriceFeed {
  readonly name = 'ercot';
  readonly licence = 'ERCOT public market information';
  readonly #base: string;
  readonly #fetch: FetchBytes;
  readonly #stats: FeedStats = { requests: 0, retries: 0 };

  constructor(o: ErcotFeedOptions = {}) {
    this.#base = (o.base_url ?? ERCOT_MIS_URL).replace(/\/+$/, '');
    this.#fetch = o.fetch ?? fetchBytes({ feed: this.name, user_agent: 'hashfloor (+https://github.com/hashfloor)', onAttempt: (retry) => this.#count(retry) });
  }

  #count(retry: boolean): void {
    this.#stats.requests++;
    if (retry) this.#stats.retries++;
  }

  stats(): FeedStats {
    return { ...this.#stats };
  }

  nodes(): Promise<string[]> {
    return Promise.resolve([...ERCOT_HUBS]);
  }

  /** Every document the MIS lists for a report type. */
  async listDocuments(reportTypeId: number): Promise<ErcotDocument[]> {
    const url = `${this.#base}/misapp/servlets/IceDocListJsonWS?reportTypeId=${reportTypeId}`;
    const text = Buffer.from(await this.#fetch(url)).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new UpstreamError(
        `ercot: ${url} did not answer JSON (starts "${text.slice(0, 40).replace(/\s+/g, ' ')}"); expected {ListDocsByRptTypeRes: {DocumentList: […]}}`,
      );
    }
    const list = (body as { ListDocsByRptTypeRes?: { DocumentList?: unknown } } | null)?.ListDocsByRptTypeRes?.DocumentList;
    if (!Array.isArray(list)) throw new UpstreamError(`ercot: ${url} answered JSON without ListDocsByRptTypeRes.DocumentList`);
    return list.map((entry: unknown, i) => {
      const d = (entry as { Document?: Record<string, unknown> } | null)?.Document;
      const id = d?.DocID;
      if (!d || (typeof id !== 'string' && typeof id !== 'number')) throw new UpstreamError(`ercot: ${url} DocumentList[${i}] has no Document.DocID`);
      return { doc_id: String(id), friendly_name: asText(d.FriendlyName), publish_date: asText(d.PublishDate) };
    });
  }

  /** The batches that cover `range`: each year's archive where one is listed, the recent files for the rest. */
  async plan(range: FeedRange): Promise<ErcotBatchPlan[]> {
    const first = Number(range.from.slice(0, 4));
    const last = Number(range.to.slice(0, 4));
    const newest = new Map<number, ErcotDocument>();
    for (const doc of await this.listDocuments(ARCHIVE_REPORT)) {
      const year = Number(/20\d\d/.exec(doc.friendly_name)?.[0]);
      if (year < first || year > last) continue;
      const had = newest.get(year);
      if (!had || doc.publish_date > had.publish_date) newest.set(year, doc);
    }
    const plans: ErcotBatchPlan[] = [...newest].sort(([a], [b]) => a - b).map(([year, doc]) => ({ kind: 'archive', year, doc }));
    const uncovered: string[] = [];
    for (let d = range.from; d <= range.to; d = addDays(d, 1)) if (!newest.has(Number(d.slice(0, 4)))) uncovered.push(d);
    if (uncovered.length === 0) return plans;
    // An interval's file is published minutes after it ends: keep files published from the first
    // uncovered day up to a day after the last (UTC), then cut the intervals to the range.
    const lo = uncovered[0] as string;
    const hi = addDays(uncovered[uncovered.length - 1] as string, 1);
    const recent = (await this.listDocuments(RECENT_REPORT))
      .filter((doc) => {
        const t = Date.parse(doc.publish_date);
        const day = Number.isNaN(t) ? '' : unixSToDate(Math.floor(t / 1000));
        return day >= lo && day <= hi;
      })
      .sort(
        (a, b) => Date.parse(a.publish_date) - Date.parse(b.publish_date) || Number(/retry/i.test(a.friendly_name)) - Number(/retry/i.test(b.friendly_name)),
      );
    if (recent.length) plans.push({ kind: 'recent', docs: recent });
    return plans;
  }

  async #download(doc: ErcotDocument): Promise<Uint8Array> {
    return this.#fetch(`${this.#base}/misdownload/servlets/mirDownload?doclookupId=${encodeURIComponent(doc.doc_id)}`);
  }

  /** Downloads and decodes one planned batch: hourly means of `nodes` inside `range`. */
  async fetchBatch(plan: ErcotBatchPlan, nodes: readonly string[], range: FeedRange, onDocument?: () => void): Promise<ErcotBatch> {
    const keep = new Set(nodes);
    const lo = dateToUnixS(range.from);
    const hi = dateToUnixS(range.to) + SECONDS_PER_DAY;
    const intervals: IntervalPrice[] = [];
    const docs = plan.kind === 'archive' ? [plan.doc] : plan.docs;
    for (const doc of docs) {
      const bytes = await this.#download(doc);
      try {
        const got =
          plan.kind === 'archive'
            ? decodeArchive(bytes, `document ${doc.doc_id}`, (n) => keep.has(n))
            : decodeIntervalDocument(bytes, `document ${doc.doc_id}`, (n) => keep.has(n));
        for (const x of got) if (x.interval_start_unix_s >= lo && x.interval_start_unix_s < hi) intervals.push(x);
      } catch (err) {
        // Bytes that do not decode are the upstream's fault, not the user's input.
        if (err instanceof ParseError)
          throw new UpstreamError(`ercot: document ${doc.doc_id} (${doc.friendly_name}) is not a settlement point price file: ${err.message}`, { cause: err });
        throw err;
      }
      onDocument?.();
    }
    const means = hourlyMeans(intervals);
    return {
      source: plan.kind === 'archive' ? 'ercot-archive' : 'ercot-recent',
      document_id: (docs[0] as ErcotDocument).doc_id,
      hours: means.hours,
      incomplete_hours: means.incomplete_hours,
    };
  }

  /** PowerPriceFeed: every hour of the range, or an UpstreamError naming the first hour ERCOT does not cover. */
  async hourlyPrices(range: FeedRange, nodes: readonly string[]): Promise<NodeHourlyPrices[]> {
    const hours: HourlyMean[] = [];
    for (const p of await this.plan(range)) hours.push(...(await this.fetchBatch(p, nodes, range)).hours);
    const start = dateToUnixS(range.from);
    const n = (dateToUnixS(range.to) + SECONDS_PER_DAY - start) / 3600;
    return nodes.map((node) => {
      const values = new Float64Array(n).fill(Number.NaN);
      for (const h of hours) if (h.node === node) values[(h.hour_start_unix_s - start) / 3600] = h.power_price_usd_per_mwh;
      const gap = values.findIndex(Number.isNaN);
      if (gap >= 0) throw new UpstreamError(`ercot: no complete price for ${node} in the hour starting ${new Date((start + 3600 * gap) * 1000).toISOString()}`);
      return { node, start_unix_s: start, power_price_usd_per_mwh: values };
    });
  }
}
