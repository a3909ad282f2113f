/**
 * Local stand-ins for the public feeds, on 127.0.0.1 only: a tiny router over node:http that can
 * also misbehave (hang, stall mid-body, answer HTML, cut JSON short), and a simulated chain served
 * in the documented shapes gathered in the project notes on public feeds (FEEDS.md, outside this repository):
 *   mempool     C.1 — /blocks/tip/height, /v1/blocks/:h (15 blocks down from h, `extras.reward`,
 *                     `extras.totalFees`, `extras.pool.slug`), /v1/mining/blocks/timestamp/:t,
 *                     /v1/historical-price?currency=USD, /v1/mining/hashrate/:period
 *   Coin Metrics C.2 — /v4/timeseries/asset-metrics, string values, next_page_url paging
 *   Coinbase    C.3 — /products/BTC-USD/candles, [time, low, high, open, close, volume], ≤ 300
 *   Kraken      C.3 — /0/public/OHLC, {"error":[],"result":{"XXBTZUSD":[[time,o,h,l,c,vwap,vol,n]],"last":…}}
 * The chain's numbers are synthetic (a block every 600 s, subsidy 3.125 BTC, fees by height), so
 * every daily figure a test expects can be computed exactly from them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Handler = (req: IncomingMessage, url: URL, res: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  url: string;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ path: url.pathname + url.search, headers: req.headers });
    void Promise.resolve(handler(req, url, res)).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, body: unknown, status = 200, gzip = false): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  if (gzip) {
    res.setHeader('content-encoding', 'gzip');
    res.end(gzipSync(text));
  } else res.end(text);
}

export interface SimBlock {
  height: number;
  time: number;
  difficulty: number;
  fees: number;
}

export const SIM_SUBSIDY_SAT = 312_500_000;

/** Blocks every 600 s from `startS` up to `endS`, heights from `firstHeight`; difficulty steps up every 2016. */
export function simChain(startS: number, endS: number, firstHeight = 900_000): SimBlock[] {
  const out: SimBlock[] = [];
  for (let t = startS, h = firstHeight; t <= endS; t += 600, h++)
    out.push({ height: h, time: t, difficulty: 1.2e14 * (1 + Math.floor(h / 2016) * 0.01), fees: 1_000_000 + (h % 97) * 10_000 });
  return out;
}

export function simPrice(day: number): number {
  return 90_000 + (day % 50) * 100 + 0.25;
}

/** The four feeds over one simulated chain and price history, mounted under /mempool/api, /cm/v4, /coinbase, /kraken. */
export function feedWorld(chain: () => SimBlock[], nowS: () => number): Handler {
  return (_req, url, res) => {
    const p = url.pathname;
    const blocks = chain();
    const tip = blocks[blocks.length - 1] as SimBlock;
    const today = Math.floor(nowS() / 86_400);
    const first = Math.floor((blocks[0] as SimBlock).time / 86_400) - 30;
    if (p === '/mempool/api/blocks/tip/height') return sendJson(res, tip.height);
    let m = /^\/mempool\/api\/v1\/blocks\/(\d+)$/.exec(p);
    if (m) {
      const h = Math.min(Number(m[1]), tip.height);
      const base = (blocks[0] as SimBlock).height;
      const page = blocks.slice(Math.max(0, h - 14 - base), Math.max(0, h + 1 - base)).reverse();
      return sendJson(
        res,
        page.map((b) => ({
          id: b.height.toString(16).padStart(64, '0'),
          height: b.height,
          timestamp: b.time,
          difficulty: b.difficulty,
          tx_count: 3000,
          extras: { totalFees: b.fees, reward: SIM_SUBSIDY_SAT + b.fees, pool: { id: 1, name: 'Sim Pool', slug: 'simpool' } },
        })),
      );
    }
    m = /^\/mempool\/api\/v1\/mining\/blocks\/timestamp\/(\d+)$/.exec(p);
    if (m) {
      const at = [...blocks].reverse().find((b) => b.time <= Number(m?.[1])) ?? blocks[0];
      return sendJson(res, { height: at?.height, hash: 'x', timestamp: new Date((at?.time ?? 0) * 1000).toISOString() });
    }
    if (p === '/mempool/api/v1/historical-price') {
      const prices = [];
      for (let d = first; d <= today; d++) prices.push({ time: d * 86_400, USD: simPrice(d) - 1, EUR: 1 });
      return sendJson(res, { prices, exchangeRates: { USDEUR: 0.92 } });
    }
    if (p.startsWith('/mempool/api/v1/mining/hashrate/')) {
      const hashrates = [];
      for (let d = first; d <= today; d++) hashrates.push({ timestamp: d * 86_400, avgHashrate: 8.5e20 + d });
      return sendJson(res, { hashrates, difficulty: [], currentHashrate: 8.6e20, currentDifficulty: tip.difficulty });
    }
    if (p === '/coinbase/products/BTC-USD/candles') {
      const s = Math.floor(Date.parse(url.searchParams.get('start') ?? '') / 86_400_000);
      const e = Math.floor(Date.parse(url.searchParams.get('end') ?? '') / 86_400_000);
      if (e - s + 1 > 300) return sendJson(res, { message: 'granularity too small for the requested time range' }, 400);
      const out = [];
      // Newest first, today's open candle included, as an exchange would.
      for (let d = Math.min(e, today); d >= Math.max(s, first); d--) out.push([d * 86_400, 1, 2, 3, simPrice(d), 1234.5]);
      return sendJson(res, out);
    }
    if (p === '/kraken/0/public/OHLC') {
      const out = [];
      for (let d = Math.max(first, today - 719); d <= today; d++) out.push([d * 86_400, '1.0', '2.0', '0.5', (simPrice(d) + 1).toFixed(1), '1.0', '10.0', 7]);
      return sendJson(res, { error: [], result: { XXBTZUSD: out, last: today * 86_400 } });
    }
    if (p === '/cm/v4/timeseries/asset-metrics') {
      const data = [];
      for (let d = first; d < today; d++)
        data.push({
          asset: 'btc',
          time: `${new Date(d * 86_400_000).toISOString().slice(0, 10)}T00:00:00.000000000Z`,
          PriceUSD: String(simPrice(d) + 2),
          BlkCnt: '144',
          FeeTotNtv: '1.23456789',
        });
      return sendJson(res, { data });
    }
    res.statusCode = 404;
    res.end('not found');
  };
}
