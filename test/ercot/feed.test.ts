/**
 * The ERCOT MIS client and the `ercot` update step against a local server (mis-server.ts) in the
 * documented listing shape: annual archives built here from the real HB_WEST 15-minute prices of
 * 2023-11-04/05 (HB_NORTH is HB_WEST − 0.5, made up so two hubs are written), recent interval
 * files, and the faults an update must survive or report (429 with Retry-After, 5xx, a hung
 * server, HTML instead of JSON, bytes that are no zip).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ErcotMisFeed, ARCHIVE_REPORT } from '../../src/adapters/feeds/ercot.js';
import { fetchBytes } from '../../src/adapters/feeds/fetch-bytes.js';
import { openStore } from '../../src/adapters/store/open-store.js';
import { updateErcotPrices } from '../../src/app/ercot-prices.js';
import type { Store } from '../../src/ports/store.js';
import { startMisServer, type MisServer } from './mis-server.js';
import { REPORTS } from './mis-fixtures.js';
import { westHourly } from './real-data.js';

const noBar = () => ({ update: () => undefined, done: () => undefined });
const iso = (t: number): string => new Date(t * 1000).toISOString().replace('.000', '');

/** Asserts `p` rejects with an UpstreamError whose message matches `message`. */
async function upstream(p: Promise<unknown>, message: RegExp): Promise<void> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ code: 'UPSTREAM' });
  expect((err as Error).message).toMatch(message);
}

let server: MisServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await server?.close();
  await store?.close();
  server = store = undefined;
});

/** A feed on the local server whose waits are recorded instead of slept. */
function feedOn(s: MisServer, waits: number[] = [], timeout_ms = 2000, retries = 2): ErcotMisFeed {
  let requests = 0;
  const fetch = fetchBytes({
    feed: 'ercot',
    timeout_ms,
    retries,
    backoff_ms: 100,
    sleep: (ms) => (waits.push(ms), Promise.resolve()),
    onAttempt: () => requests++,
  });
  return new ErcotMisFeed({ base_url: s.url, fetch });
}

describe('ERCOT update from the MIS', () => {
  it('writes hourly means of the latest 2023 archive, equal to the public hourly file, then skips it on a re-run', async () => {
    server = await startMisServer(REPORTS);
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const feed = feedOn(server);
    const range = { from: '2023-11-05', to: '2023-11-05' };
    const first = await updateErcotPrices(store, feed, range, noBar, ['HB_WEST', 'HB_NORTH']);
    expect(first.batches).toEqual([
      { source: 'ercot-archive', document_id: '934466154', year: 2023, documents: 1, hours_written: 48, incomplete_hours: 0, skipped: false },
    ]);
    const hourly = westHourly();
    const west = await store.listPowerPrices('HB_WEST', 0, 2e9);
    expect(west).toHaveLength(24);
    expect(west.every((h) => h.source === 'ercot-archive' && h.document_id === '934466154')).toBe(true);
    for (const h of west) expect(h.power_price_usd_per_mwh.toFixed(4)).toBe(hourly.get(iso(h.hour_start_unix_s)));
    const north = await store.listPowerPrices('HB_NORTH', 0, 2e9);
    expect(north.map((h, i) => Math.round((h.power_price_usd_per_mwh - west[i]!.power_price_usd_per_mwh) * 1e6) / 1e6)).toEqual(new Array(24).fill(-0.5));
    expect(await store.listPowerPrices('LZ_WEST', 0, 2e9)).toEqual([]);
    const downloads = server.seen.filter((p) => p.includes('mirDownload')).length;
    const again = await updateErcotPrices(store, feed, range, noBar, ['HB_WEST', 'HB_NORTH']);
    expect(again.batches[0]).toMatchObject({ skipped: true, hours_written: 0 });
    expect(server.seen.filter((p) => p.includes('mirDownload')).length).toBe(downloads);
    expect(await store.listPowerPrices('HB_WEST', 0, 2e9)).toEqual(west);
  });

  it('reads the recent interval files for days no archive covers: complete hours only, a republished interval wins', async () => {
    server = await startMisServer(REPORTS);
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const r = await updateErcotPrices(store, feedOn(server), { from: '2026-01-10', to: '2026-01-10' }, noBar, ['HB_WEST', 'HB_NORTH']);
    expect(r.batches).toEqual([
      { source: 'ercot-recent', document_id: '1001', year: null, documents: 6, hours_written: 2, incomplete_hours: 2, skipped: false },
    ]);
    expect(await store.listPowerPrices('HB_WEST', 0, 2e9)).toEqual([
      {
        node: 'HB_WEST',
        hour_start_unix_s: Date.parse('2026-01-10T06:00:00Z') / 1000,
        power_price_usd_per_mwh: (10 + 20 - 30 + 44) / 4,
        source: 'ercot-recent',
        document_id: '1001',
      },
    ]);
  });
});

describe('ERCOT MIS faults', () => {
  const LIST = '/misapp/servlets/IceDocListJsonWS';
  it('honours Retry-After on 429 and backs off on 5xx, then succeeds', async () => {
    server = await startMisServer(REPORTS);
    server.fail(LIST, { status: 429, headers: { 'retry-after': '7' } }, { status: 503 });
    const waits: number[] = [];
    const docs = await feedOn(server, waits).listDocuments(ARCHIVE_REPORT);
    expect(docs.map((d) => d.doc_id)).toEqual(['900000001', '934466154', '934466155']);
    expect(waits).toEqual([7000, 200]);
  });

  it('gives up with an UpstreamError naming the feed: after the retries, on a hung server, on HTML, on a 404, on a Retry-After too long', async () => {
    server = await startMisServer(REPORTS);
    const feed = feedOn(server, [], 150, 1);
    server.fail(LIST, { status: 500 }, { status: 502 });
    await upstream(feed.listDocuments(ARCHIVE_REPORT), /^ercot: .*HTTP 502 \(after 2 attempts\)/);
    server.fail(LIST, 'hang', 'hang');
    const t0 = Date.now();
    await upstream(feed.listDocuments(ARCHIVE_REPORT), /^ercot: .*no answer within 0\.15 s/);
    expect(Date.now() - t0).toBeLessThan(2000);
    server.fail(LIST, 'html');
    await upstream(feed.listDocuments(ARCHIVE_REPORT), /^ercot: .*did not answer JSON/);
    const before = server.seen.length;
    server.fail(LIST, { status: 404 });
    await upstream(feed.listDocuments(ARCHIVE_REPORT), /HTTP 404/);
    expect(server.seen.length - before).toBe(1);
    server.fail(LIST, { status: 429, headers: { 'retry-after': '3600' } });
    await upstream(feed.listDocuments(ARCHIVE_REPORT), /wait 3600 s/);
  });

  it('reports a downloaded document that is not an archive as an UpstreamError naming it', async () => {
    server = await startMisServer(REPORTS);
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
    await upstream(updateErcotPrices(store, feedOn(server), { from: '2022-06-01', to: '2022-06-01' }, noBar), /^ercot: document 934466155/);
    expect(await store.powerPriceCoverage()).toEqual([]);
  });
});
