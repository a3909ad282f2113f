/**
 * `serve --refresh`: the API runs update in the background (src/cli/commands/update.ts
 * refreshOnce) against the local feed world; once a round writes, cached bodies and their ETags
 * change and health reports each feed's last complete day. The --refresh flag's form is checked too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { refreshOnce } from '../../src/cli/commands/update.js';
import { refreshPeriodS } from '../../src/cli/commands/serve.js';
import { createServices } from '../../src/main.js';
import { unixSToDate } from '../../src/units/time.js';
import { catchAppError } from '../helpers/catch-error.js';
import { feedWorld, simChain, startLocalServer, type LocalServer } from '../helpers/feed-server.js';

const now = Math.floor(Date.now() / 1000);
let server: LocalServer;
let dir: string;
beforeAll(async () => {
  server = await startLocalServer(
    feedWorld(
      () => simChain(now - 3 * 86_400, now - 120),
      () => Math.floor(Date.now() / 1000),
    ),
  );
  dir = mkdtempSync(join(tmpdir(), 'hashfloor-refresh-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve --refresh', () => {
  it('updates in the background; cached answers and ETags follow the data; health says how current it is', async () => {
    const db = join(dir, 'r.sqlite');
    const env = {
      HASHFLOOR_HOME: dir,
      HASHFLOOR_MEMPOOL_URL: `${server.url}/mempool/api`,
      HASHFLOOR_COINBASE_URL: `${server.url}/coinbase`,
      HASHFLOOR_KRAKEN_URL: `${server.url}/kraken`,
      HASHFLOOR_FEED_RATES: 'mempool=1000/1,coinbase=1000/1,kraken=1000/1',
    };
    const services = createServices(env);
    const notices: string[] = [];
    const ctx = {
      services,
      progress: () => ({ tick: () => undefined, update: () => undefined, done: () => undefined }),
      machineOutput: true,
      notice: (l: string) => notices.push(l),
    };
    // The stored history ends three days ago (as after an earlier update), so the feeds fetch two days.
    const store = await services.store(db);
    await store.upsertDaily('user-import', [
      {
        date: unixSToDate(now - 3 * 86_400),
        blocks: null,
        difficulty: null,
        hashrate_ehs: null,
        issuance_sat: null,
        fees_sat: null,
        price_usd_per_btc: 1,
        supply_sat: null,
        provenance: {},
      },
    ]);
    // Before any refresh: the embedded history only, long stale.
    const before = createApp(services, { db });
    const h0 = (await (await before.request('/api/v1/health')).json()) as { stale: boolean; data_as_of: Record<string, string | null> };
    expect(h0.stale).toBe(true);
    expect(h0.data_as_of.mempool).toBeNull();
    const e0 = (await before.request('/api/v1/hashprice/latest')).headers.get('etag');

    let rounds = 0;
    const stop = new AbortController();
    let finished!: () => void;
    const firstRound = new Promise<void>((r) => (finished = r));
    const app = createApp(services, {
      db,
      refresh: {
        period_s: 3600,
        signal: stop.signal,
        run: async () => {
          const wrote = await refreshOnce(ctx, db);
          rounds++;
          setTimeout(finished, 0);
          return wrote;
        },
      },
    });
    const e1 = (await app.request('/api/v1/hashprice/latest')).headers.get('etag');
    expect(e1).toBe(e0);
    await firstRound;
    stop.abort();
    const e2 = (await app.request('/api/v1/hashprice/latest')).headers.get('etag');
    expect(e2).not.toBe(e1);
    const h1 = (await (await app.request('/api/v1/health')).json()) as { stale: boolean; data_as_of: Record<string, string | null> };
    expect(h1.data_as_of.coinbase).toBe(unixSToDate(now - 86_400));
    expect(h1.data_as_of.mempool).toBe(unixSToDate(now - 86_400));
    expect(h1.stale).toBe(false);
    expect(rounds).toBe(1);
    expect(notices.filter((l) => l.startsWith('refresh:'))).toEqual([]);
    await services.close();
  });

  it('reads the period as 90s, 10m or 1h, 0 for off, and refuses anything else', () => {
    expect([refreshPeriodS(undefined), refreshPeriodS('0'), refreshPeriodS('90s'), refreshPeriodS('10m'), refreshPeriodS('1h')]).toEqual([0, 0, 90, 600, 3600]);
    for (const bad of ['10', '5s', 'soon', '-1m']) expect(catchAppError(() => refreshPeriodS(bad)).code).toBe('USAGE');
  });
});
