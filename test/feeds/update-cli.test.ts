/**
 * `hashfloor update` in-process against the local feed world (test/helpers/feed-server.ts): the
 * JSON summary, idempotence, one transaction per source (a failing feed leaves only its own batch
 * unwritten), the write lock, the licence notice and bad flags.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store/open-store.js';
import { WRITE_LOCK } from '../../src/app/update/update-lock.js';
import { unixSToDate } from '../../src/units/time.js';
import { cli } from '../helpers/cli.js';
import { createApp } from '../../src/api/app.js';
import { createServices } from '../../src/main.js';
import { feedWorld, sendJson, simChain, simPrice, SIM_SUBSIDY_SAT, startLocalServer, type LocalServer } from '../helpers/feed-server.js';

const DAY = 86_400;
const now = Math.floor(Date.now() / 1000);
const chain = simChain(now - 4 * DAY, now - 120);
let server: LocalServer;
let dir: string;
let brokenKraken = false;

beforeAll(async () => {
  const world = feedWorld(
    () => chain,
    () => Math.floor(Date.now() / 1000),
  );
  server = await startLocalServer((req, url, res) => {
    if (brokenKraken && url.pathname.startsWith('/kraken')) {
      res.setHeader('content-type', 'text/html');
      return void res.end('<html>maintenance</html>');
    }
    if (url.pathname === '/cm-403/v4/timeseries/asset-metrics') return sendJson(res, { error: 'forbidden' }, 403);
    return world(req, url, res);
  });
  dir = mkdtempSync(join(tmpdir(), 'hashfloor-update-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const from = unixSToDate(now - 3 * DAY);
function flags(db: string, extra: string[] = []): string[] {
  return [
    'update',
    '--db',
    db,
    '--from',
    from,
    '--mempool-url',
    `${server.url}/mempool/api`,
    '--coinbase-url',
    `${server.url}/coinbase`,
    '--kraken-url',
    `${server.url}/kraken`,
    '--coinmetrics-url',
    `${server.url}/cm/v4`,
    '--rate',
    'mempool=1000/1,coinbase=1000/1,kraken=1000/1,coinmetrics=1000/1',
    ...extra,
  ];
}
const env = { HASHFLOOR_HOME: '/nonexistent/hashfloor-test' };

interface Summary {
  source: string;
  ok: boolean;
  days_added: number;
  days_revised: number;
  blocks_written: number;
  requests: number;
  licence: string;
  first_date: string | null;
  last_date: string | null;
}

describe('hashfloor update', () => {
  it('adds days from each default source, then a second run writes nothing', async () => {
    const db = join(dir, 'a.sqlite');
    const first = await cli([...flags(db), '--json'], env);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout) as { sources: Summary[]; notes: string[] };
    expect(out.notes.join('\n')).toMatch(/Coin Metrics not used/);
    expect(out.sources.map((s) => s.source)).toEqual(['mempool', 'coinbase', 'kraken']);
    const mempool = out.sources[0] as Summary;
    expect(mempool.blocks_written).toBeGreaterThan(3 * 144);
    expect(mempool.days_added).toBe(4); // from, two more whole days, and the open day (partial)
    expect(mempool.last_date).toBe(unixSToDate(now - 120));
    expect(out.sources[1]?.days_added).toBe(3);
    expect(out.sources[1]?.last_date).toBe(unixSToDate(now - DAY));
    const again = JSON.parse((await cli([...flags(db), '--json'], env)).stdout) as { sources: Summary[] };
    for (const s of again.sources) expect([s.source, s.days_added, s.days_revised, s.blocks_written]).toEqual([s.source, 0, 0, 0]);

    const store = await openStore({ kind: 'sqlite', path: db });
    const days = await store.listDaily({ from });
    await store.close();
    // Exchange close outranks mempool's reference price; blocks and fees come from mempool, exact.
    expect(days[0]?.provenance.price_usd_per_btc).toBe('feed:coinbase');
    expect(days[1]?.provenance.blocks).toBe('feed:mempool');
    expect(days[1]?.blocks).toBe(144);
    expect(days.at(-1)?.provenance.blocks).toBe('estimated:feed-partial-day:mempool');
  });

  it('hashprice --now and GET /api/v1/hashprice/now read the tip from the fed blocks', async () => {
    const db = join(dir, 'a.sqlite');
    const r = await cli(['hashprice', '--now', '--json', '--db', db], env);
    expect(r.code).toBe(0);
    const now1 = JSON.parse(r.stdout) as Record<string, unknown>;
    const tip = chain.at(-1) as (typeof chain)[number];
    const last144 = chain.slice(-144);
    const fees = last144.reduce((s, b) => s + b.fees, 0) / 144;
    const price = simPrice(Math.floor(now / DAY) - 1);
    expect(now1).toMatchObject({
      height: tip.height,
      blocks_source: 'feed:mempool',
      difficulty: tip.difficulty,
      fee_window_blocks: 144,
      subsidy_sat_per_block: SIM_SUBSIDY_SAT,
      price_usd_per_btc: price,
      price_source: 'feed:coinbase',
      open_day: unixSToDate(tip.time),
      open_day_partial: true,
    });
    expect(now1.fees_sat_per_block).toBeCloseTo(fees, 6);
    const want = ((((86_400 * 1e15) / (tip.difficulty * 2 ** 32)) * (SIM_SUBSIDY_SAT + fees)) / 1e8) * price;
    expect(now1.hashprice_usd_per_ph_day).toBeCloseTo(want, 9);
    const services = createServices(env);
    const got = await createApp(services, { db }).request('/api/v1/hashprice/now');
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(now1);
    await services.close();
    const empty = await cli(['hashprice', '--now', '--db', join(dir, 'empty.sqlite')], env);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no stored blocks/);
  });

  it('a feed failing half-way leaves its batch unwritten and the others commit (exit 3)', async () => {
    const db = join(dir, 'b.sqlite');
    brokenKraken = true;
    try {
      const r = await cli(flags(db), env);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/kraken: .*expected JSON, got HTML/);
      expect(r.stderr).toMatch(/written: mempool, coinbase/);
    } finally {
      brokenKraken = false;
    }
    const store = await openStore({ kind: 'sqlite', path: db });
    expect(await store.lastFeedDay('kraken')).toBeNull();
    expect(await store.lastFeedDay('coinbase')).toBe(unixSToDate(now - DAY));
    await store.close();
  });

  it('names a TLS failure of a feed (https to a plain-HTTP port) with exit 3 and writes nothing', async () => {
    const db = join(dir, 'tls.sqlite');
    const r = await cli(
      ['update', '--db', db, '--from', from, '--sources', 'mempool', '--mempool-url', `${server.url.replace('http:', 'https:')}/mempool/api`],
      env,
    );
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/mempool: https:\/\/127\.0\.0\.1:\d+\/mempool\/api\/.*TLS failure \(ERR_SSL_/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const store = await openStore({ kind: 'sqlite', path: db });
    expect(await store.lastFeedDay('mempool')).toBeNull();
    await store.close();
  });

  it('says Coin Metrics is CC BY-NC when it is used, and loads it', async () => {
    const r = await cli([...flags(join(dir, 'c.sqlite'), ['--sources', 'coinmetrics']), '--json'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { sources: Summary[]; licence_notices: string[] };
    expect(out.licence_notices[0]).toMatch(/CC BY-NC 4\.0/);
    expect(out.sources[0]?.licence).toBe('CC-BY-NC-4.0');
    expect(out.sources[0]?.days_added).toBe(3);
  });

  it('exits 2 naming the holder while another writer holds the lock', async () => {
    const db = join(dir, 'd.sqlite');
    const store = await openStore({ kind: 'sqlite', path: db });
    await store.acquireLock(WRITE_LOCK, `serve --refresh pid=${process.pid} host=${hostname()}`, now, 600);
    await store.close();
    const r = await cli([...flags(db), '--lock-wait', '0'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/being written by serve --refresh pid=\d+/);
  });

  it('refuses bad flags with exit 2 and one line naming the flag', async () => {
    const db = join(dir, 'e.sqlite');
    for (const [extra, message] of [
      [['--sources', 'mempool,bitstamp'], /--sources: unknown source "bitstamp"/],
      [['--mempool-url', 'ftp://x'], /--mempool-url: expected an http/],
      [['--rate', 'mempool=fast'], /--rate: expected NAME=REQUESTS\/SECONDS/],
      [['--from', '2999-01-01'], /--from: expected a day from 2009-01-03 to today/],
    ] as const) {
      const r = await cli(flags(db, [...extra]), env);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
