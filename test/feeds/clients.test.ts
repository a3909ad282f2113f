/**
 * Each feed client against a local server answering in its documented shape (FEEDS.md sections
 * named per test; the simulated chain is test/helpers/feed-server.ts): paging, exact amounts, the
 * checks that refuse nonsense.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CoinbaseFeed } from '../../src/adapters/feeds/coinbase.js';
import { CoinMetricsFeed, COINMETRICS_PROVENANCE } from '../../src/adapters/feeds/coinmetrics.js';
import type { FeedDeps } from '../../src/adapters/feeds/feed-base.js';
import { createFeedHttp, rateLimit } from '../../src/adapters/feeds/http.js';
import { KrakenFeed } from '../../src/adapters/feeds/kraken.js';
import { MempoolFeed } from '../../src/adapters/feeds/mempool.js';
import { feedBlockDays } from '../../src/history/block-days.js';
import { unixSToDate } from '../../src/units/time.js';
import { catchRejection } from '../helpers/catch-error.js';
import { feedWorld, sendJson, simChain, simPrice, SIM_SUBSIDY_SAT, startLocalServer, type Handler, type LocalServer } from '../helpers/feed-server.js';

const NOW = Date.UTC(2026, 2, 20, 15, 0) / 1000;
const DAY = 86_400;
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function deps(handler: Handler, path: string, notices: string[] = []): Promise<FeedDeps> {
  server = await startLocalServer(handler);
  return {
    baseUrl: `${server.url}${path}`,
    http: createFeedHttp({ userAgent: 'hashfloor/test' }),
    rate: rateLimit(1000, 1000),
    nowUnixS: () => NOW,
    http_options: { retries: 0, timeout_ms: 2000 },
    notice: (l) => notices.push(l),
  };
}

describe('mempool.space (FEEDS.md C.1)', () => {
  const chain = simChain(NOW - 3 * DAY, NOW - 60);
  const world = feedWorld(
    () => chain,
    () => NOW,
  );

  it('pages blocks 15 at a time from the bottom up and aggregates exact complete days', async () => {
    const feed = new MempoolFeed(await deps(world, '/mempool/api'));
    const tip = await feed.tipHeight();
    expect(tip).toBe(chain.at(-1)?.height);
    const after = (chain[0]?.height ?? 0) + 9;
    const blocks = await feed.blocksRange(after, tip);
    expect(blocks.map((b) => b.height)).toEqual(chain.filter((b) => b.height > after).map((b) => b.height));
    expect(feed.stats().requests).toBe(1 + Math.ceil((tip - after) / 15));
    const rows = feedBlockDays(blocks, 'feed:mempool', 'estimated:feed-partial-day:mempool');
    const full = rows.filter((r) => r.provenance.blocks === 'feed:mempool');
    // Three days of blocks from 15:00: the two whole days between are complete, the edges partial.
    expect(full.map((r) => r.date)).toEqual([unixSToDate(NOW - 2 * DAY), unixSToDate(NOW - DAY)]);
    const day = full[0];
    const inDay = chain.filter((b) => unixSToDate(b.time) === day?.date);
    expect(day?.blocks).toBe(144);
    expect(day?.issuance_sat).toBe(BigInt(SIM_SUBSIDY_SAT) * 144n);
    expect(day?.fees_sat).toBe(inDay.reduce((s, b) => s + BigInt(b.fees), 0n));
    expect(rows.at(-1)?.provenance.blocks).toBe('estimated:feed-partial-day:mempool');
  });

  it('reads the height at a time, closed-day prices and hashrate', async () => {
    const feed = new MempoolFeed(await deps(world, '/mempool/api'));
    expect(await feed.heightAt(chain[10]?.time ?? 0)).toBe(chain[10]?.height);
    const prices = await feed.dailyPrices({ from: unixSToDate(NOW - 5 * DAY), to: unixSToDate(NOW) });
    expect(prices.map((p) => p.date).at(-1)).toBe(unixSToDate(NOW - DAY));
    expect(prices[0]?.price_usd_per_btc).toBe(simPrice(Math.floor(NOW / DAY) - 5) - 1);
    const h = await feed.dailyHashrates({ from: unixSToDate(NOW - 2 * DAY), to: unixSToDate(NOW) });
    expect(h.get(unixSToDate(NOW - DAY))).toBeCloseTo(850, 6);
  });

  it('refuses a block in the future, a difficulty falling beyond ×4 and fees above the reward', async () => {
    const bad =
      (mut: (b: Record<string, unknown>) => void): Handler =>
      (req, url, res) => {
        if (!url.pathname.startsWith('/mempool/api/v1/blocks/')) return world(req, url, res);
        const h = Number(url.pathname.split('/').at(-1));
        const page = chain
          .filter((b) => b.height <= h && b.height > h - 15)
          .reverse()
          .map((b) => ({
            id: 'ab'.repeat(32),
            height: b.height,
            timestamp: b.time,
            difficulty: b.difficulty,
            extras: { reward: SIM_SUBSIDY_SAT + b.fees, totalFees: b.fees },
          }));
        mut(page[3] as Record<string, unknown>);
        sendJson(res, page);
      };
    const cases: [(b: Record<string, unknown>) => void, RegExp][] = [
      [(b) => (b.timestamp = NOW + 3 * DAY), /day in the future/],
      [(b) => (b.difficulty = 1e13), /more than the consensus ×4 bound/],
      [(b) => ((b.extras as Record<string, unknown>).totalFees = 10 ** 12), /exceeds reward/],
      [(b) => ((b.extras as Record<string, unknown>).reward = -5), /extras\.reward: expected whole satoshis/],
    ];
    for (const [mut, message] of cases) {
      const feed = new MempoolFeed(await deps(bad(mut), '/mempool/api'));
      const tip = chain.at(-1)?.height ?? 0;
      const err = await catchRejection(feed.blocksRange(tip - 30, tip));
      expect(err.code).toBe('UPSTREAM');
      expect(err.message).toMatch(/^mempool: /);
      expect(err.message).toMatch(message);
      await server?.close();
    }
  });
});

describe('Coin Metrics community v4 (FEEDS.md C.2)', () => {
  const day = (i: number) => `2026-01-${String(10 + i).padStart(2, '0')}T00:00:00.000000000Z`;
  const rowAt = (i: number) => ({
    asset: 'btc',
    time: day(i),
    PriceUSD: '84017.0340292227',
    DiffMean: '109782075598905.3',
    BlkCnt: '143',
    FeeTotNtv: '3.12345678',
    IssTotNtv: '450.0000000000',
    SplyCur: '19990000.00000001',
  });

  it('follows next_page_url and next_page_token, converting BTC strings to exact sats, marked CC BY-NC', async () => {
    const handler: Handler = (_req, url, res) => {
      const token = url.searchParams.get('next_page_token');
      if (url.searchParams.get('page') === '2') return sendJson(res, { data: [rowAt(2), rowAt(3)], next_page_token: 'tok3' });
      if (token === 'tok3') return sendJson(res, { data: [rowAt(4)] });
      sendJson(res, { data: [rowAt(0), rowAt(1)], next_page_url: `${server?.url}/cm/v4/timeseries/asset-metrics?page=2` });
    };
    const feed = new CoinMetricsFeed(await deps(handler, '/cm/v4'));
    const rows = await feed.dailyRows({ from: '2026-01-10', to: '2026-01-31' });
    expect(rows.map((r) => r.date)).toEqual(['2026-01-10', '2026-01-11', '2026-01-12', '2026-01-13', '2026-01-14']);
    expect(rows[0]?.fees_sat).toBe(312_345_678n);
    expect(rows[0]?.issuance_sat).toBe(45_000_000_000n);
    expect(rows[0]?.supply_sat).toBe(1_999_000_000_000_001n);
    expect(rows[0]?.blocks).toBe(143);
    expect(rows[0]?.provenance.price_usd_per_btc).toBe(COINMETRICS_PROVENANCE);
    expect(COINMETRICS_PROVENANCE).toMatch(/CC-BY-NC-4\.0/);
    expect(feed.stats().requests).toBe(3);
    expect(server?.requests[0]?.path).toMatch(/metrics=PriceUSD,DiffMean,BlkCnt,FeeTotNtv,IssTotNtv,SplyCur&frequency=1d&start_time=2026-01-10/);
  });

  it('drops a metric answering 403 with a notice and loads the rest', async () => {
    const handler: Handler = (_req, url, res) => {
      if ((url.searchParams.get('metrics') ?? '').includes('SplyCur'))
        return sendJson(res, { error: { type: 'forbidden', message: 'Requested metric is not available' } }, 403);
      const { SplyCur: _drop, ...rest } = rowAt(0);
      sendJson(res, { data: [rest] });
    };
    const notices: string[] = [];
    const feed = new CoinMetricsFeed(await deps(handler, '/cm/v4', notices));
    const rows = await feed.dailyRows({ from: '2026-01-10', to: '2026-01-10' });
    expect(feed.dropped).toEqual(['SplyCur']);
    expect(notices[0]).toMatch(/SplyCur answered 403/);
    expect(rows[0]?.supply_sat).toBeNull();
    expect(rows[0]?.fees_sat).toBe(312_345_678n);
  });

  it('refuses sub-satoshi amounts, negative prices and a day in the future', async () => {
    for (const [patch, message] of [
      [{ FeeTotNtv: '0.123456789' }, /at most 8 decimals/],
      [{ PriceUSD: '-3' }, /price on 2026-01-10 is -3/],
      [{ time: '2027-01-01T00:00:00.000000000Z' }, /day in the future/],
    ] as const) {
      const feed = new CoinMetricsFeed(await deps((_req, _url, res) => sendJson(res, { data: [{ ...rowAt(0), ...patch }] }), '/cm/v4'));
      const err = await catchRejection(feed.dailyRows({ from: '2026-01-01', to: '2027-12-31' }));
      expect(err.code).toBe('UPSTREAM');
      expect(err.message).toMatch(/^coinmetrics: /);
      expect(err.message).toMatch(message);
      await server?.close();
    }
  });
});

describe('exchanges (FEEDS.md C.3)', () => {
  const world = feedWorld(
    () => simChain(NOW - DAY, NOW),
    () => NOW,
  );

  it('Coinbase: at most 300 candles a request, closes of closed days only', async () => {
    const feed = new CoinbaseFeed(await deps(world, '/coinbase'));
    const from = unixSToDate(NOW - 400 * DAY);
    const prices = await feed.dailyPrices({ from, to: unixSToDate(NOW) });
    expect(feed.stats().requests).toBe(2);
    expect(prices[0]?.date).toBe(unixSToDate(NOW - 31 * DAY)); // the world's history starts there
    expect(prices.at(-1)?.date).toBe(unixSToDate(NOW - DAY));
    expect(prices.at(-1)?.price_usd_per_btc).toBe(simPrice(Math.floor(NOW / DAY) - 1));
    expect(server?.requests.every((r) => r.path.includes('granularity=86400'))).toBe(true);
  });

  it('Kraken: drops the open candle and answers its error field as an upstream error', async () => {
    const feed = new KrakenFeed(await deps(world, '/kraken'));
    const prices = await feed.dailyPrices({ from: unixSToDate(NOW - 10 * DAY), to: unixSToDate(NOW) });
    expect(prices.length).toBe(10);
    expect(prices.at(-1)?.date).toBe(unixSToDate(NOW - DAY));
    expect(prices[0]?.price_usd_per_btc).toBe(Number((simPrice(Math.floor(NOW / DAY) - 10) + 1).toFixed(1)));
    await server?.close();
    const broken = new KrakenFeed(await deps((_req, _url, res) => sendJson(res, { error: ['EGeneral:Too many requests'], result: {} }), '/kraken'));
    const err = await catchRejection(broken.dailyPrices({ from: '2026-03-01', to: '2026-03-10' }));
    expect(err.code).toBe('UPSTREAM');
    expect(err.message).toMatch(/^kraken: answered error .*Too many requests/);
  });

  it('refuses a zero price', async () => {
    const feed = new CoinbaseFeed(await deps((_req, _url, res) => sendJson(res, [[NOW - 2 * DAY - (NOW % DAY), 1, 2, 3, 0, 5]]), '/coinbase'));
    const err = await catchRejection(feed.dailyPrices({ from: unixSToDate(NOW - 5 * DAY), to: unixSToDate(NOW) }));
    expect(err.message).toMatch(/^coinbase: price on .* is 0 USD\/BTC/);
  });
});
