/**
 * Composition root: the one place that reads the environment and the clock and wires adapters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DailyRow } from './history/daily-row.js';
import type { FleetControl } from './ports/fleet-control.js';
import type { Store } from './ports/store.js';
import type { Services } from './app/services.js';
import type { EmbeddedDataset } from './adapters/store/embedded-dataset.js';
import { openStore, resolveStoreLocation, type StoreLocation } from './adapters/store/open-store.js';
import type { SqlStoreOptions } from './adapters/store/sql-store.js';
import { createFeedHttp } from './adapters/feeds/http.js';

export interface Environment {
  HASHFLOOR_HOME?: string | undefined;
  XDG_DATA_HOME?: string | undefined;
  /** Default store: a SQLite path, `:memory:` or a postgres:// URL (the `--db` flag wins). */
  HASHFLOOR_DB?: string | undefined;
  HASHFLOOR_API_TOKEN?: string | undefined;
  /** The same token, under the shorter name. */
  HASHFLOOR_TOKEN?: string | undefined;
  /**
   * Tests only: `<op>:<step>[#<n>]` makes the process SIGKILL itself right after statement <step>
   * of the n-th (default first) store write <op> (e.g. `writeFeedBatch:1#2`), to prove a resume
   * ends where a clean run does. Inert unless set.
   */
  HASHFLOOR_TEST_CRASH_AT?: string | undefined;
  /** Feed rate ceilings, e.g. `mempool=5/1,coinbase=10/1` (requests/seconds); per-feed `HASHFLOOR_<FEED>_URL` override base URLs. */
  HASHFLOOR_FEED_RATES?: string | undefined;
}

/** `hashfloor/<version> (+<homepage>)` from package.json, for every feed request. */
export function userAgent(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { version?: string; homepage?: string };
  return `hashfloor/${pkg.version ?? 'unknown'}${pkg.homepage ? ` (+${pkg.homepage})` : ''}`;
}

/** The SqlStore hook behind HASHFLOOR_TEST_CRASH_AT (see Environment). */
function crashHook(spec: string | undefined): SqlStoreOptions {
  const m = spec ? /^(\w+):(\d+)(?:#(\d+))?$/.exec(spec) : null;
  if (!m) return {};
  const [, op, step, nth] = m;
  let calls = 0;
  return {
    afterStatement: (o, s) => {
      if (o !== op) return;
      if (s === 0) calls++;
      if (s === Number(step) && calls === Number(nth ?? 1)) process.kill(process.pid, 'SIGKILL');
    },
  };
}

/** The package's `data/` folder, wherever the code runs from (src/ under tsx, dist/ when built). */
export function embeddedDataDir(): string {
  return fileURLToPath(new URL('../data/', import.meta.url));
}

export function defaultUserDir(env: Environment): string {
  if (env.HASHFLOOR_HOME) return env.HASHFLOOR_HOME;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'hashfloor');
}

/** Name of the embedded daily network history (in data/datasets.json and the store) and its file. */
export const NETWORK_DAILY_DATASET = 'network-daily';
export const NETWORK_DAILY_FILE = 'network_daily.csv';

interface DatasetEntry {
  file: string;
  version: string;
}

/** Datasets shipped in `data/` that every store carries (loaded on first run, re-loaded on a new version). */
export function embeddedDatasets(dataDir: string): EmbeddedDataset[] {
  const index = JSON.parse(readFileSync(join(dataDir, 'datasets.json'), 'utf8')) as Record<string, DatasetEntry>;
  const daily = index[NETWORK_DAILY_DATASET];
  if (!daily) return [];
  return [{ name: NETWORK_DAILY_DATASET, version: daily.version, rows: () => readEmbeddedDaily(join(dataDir, daily.file)) }];
}

/**
 * The embedded daily history file, parsed. The parser (and the store's dataset loader below) are
 * imported on first use: commands that need no history (supply, difficulty …) start without them.
 */
async function readEmbeddedDaily(path: string): Promise<DailyRow[]> {
  const { readNetworkDailyFile } = await import('./adapters/datasets/network-daily-csv.js');
  return readNetworkDailyFile(path, 'embedded');
}

function storeKey(location: StoreLocation): string {
  return location.kind === 'sqlite' ? `sqlite:${location.path}` : location.url;
}

/** What a caller (a test, an embedding program) may supply instead of the built-in adapters and clock. */
export interface ServiceOverrides {
  fleetControl?: FleetControl;
  /** A fixed clock (tests). */
  nowUnixS?: () => number;
}

export function createServices(env: Environment = process.env, overrides: ServiceOverrides = {}): Services {
  const dataDir = embeddedDataDir();
  const userDir = defaultUserDir(env);
  const stores = new Map<string, Promise<Store>>();
  let embedded: Promise<DailyRow[]> | undefined;
  let fleet: Promise<FleetControl> | undefined;
  const ua = userAgent();
  const services: Services = {
    feeds: { http: createFeedHttp({ userAgent: ua }), userAgent: ua, env: (name) => (env as Record<string, string | undefined>)[name] },
    dataDir,
    userDir,
    nowUnixS: overrides.nowUnixS ?? (() => Math.floor(Date.now() / 1000)),
    store(db, create) {
      const location = resolveStoreLocation(db ?? env.HASHFLOOR_DB, userDir);
      const key = storeKey(location);
      let opened = stores.get(key);
      if (!opened) {
        opened = openStore(location, { ...crashHook(env.HASHFLOOR_TEST_CRASH_AT), network: create?.network ?? 'main' }).then(async (store) => {
          try {
            // The embedded history is mainnet's: a store of another network holds its own days only.
            if ((await store.network()) !== 'main') return store;
            const { ensureDataset } = await import('./adapters/store/embedded-dataset.js');
            for (const dataset of embeddedDatasets(dataDir)) await ensureDataset(store, dataset);
            return store;
          } catch (err) {
            await store.close().catch(() => undefined);
            throw err;
          }
        });
        stores.set(key, opened);
        // A store that failed to open (database down) is opened afresh by the next caller.
        opened.catch(() => stores.get(key) === opened && stores.delete(key));
      }
      return opened;
    },
    existingStore(db) {
      const location = resolveStoreLocation(db ?? env.HASHFLOOR_DB, userDir);
      const unopened = !stores.has(storeKey(location));
      if (location.kind === 'sqlite' && unopened && (location.path === ':memory:' || !existsSync(location.path))) return Promise.resolve(null);
      return services.store(db);
    },
    history(db) {
      const location = resolveStoreLocation(db ?? env.HASHFLOOR_DB, userDir);
      // A store that does not exist yet (no SQLite file; an in-memory one this process has not
      // opened) holds no imported days: read the embedded file and create nothing. Through the
      // store and straight from the file cost the same (~0.25 s for `hashprice --json`, BENCHMARKS.md).
      const unopened = !stores.has(storeKey(location));
      if (location.kind === 'sqlite' && unopened && (location.path === ':memory:' || !existsSync(location.path))) {
        embedded ??= readEmbeddedDaily(join(dataDir, NETWORK_DAILY_FILE));
        return embedded;
      }
      // The store merges the embedded dataset with user imports and own-node days by priority.
      return services.store(db).then((store) => store.listDaily());
    },
    async close() {
      const all = [...stores.values()];
      stores.clear();
      await Promise.all(
        all.map((p) =>
          p.then(
            (s) => s.close(),
            () => undefined,
          ),
        ),
      );
    },
    fleetControl() {
      if (overrides.fleetControl) return Promise.resolve(overrides.fleetControl);
      // The cgminer-family drivers (LuxOS, Antminer stock, Avalon), with the catalog for power estimates.
      fleet ??= Promise.all([import('./adapters/miners/fleet-control.js'), import('./adapters/datasets/asic-catalog-file.js')]).then(
        ([{ createFleetControl }, { loadCatalog }]) => createFleetControl({ catalog: loadCatalog(dataDir), now_unix_s: () => services.nowUnixS() }),
      );
      return fleet;
    },
    apiToken: env.HASHFLOOR_API_TOKEN || env.HASHFLOOR_TOKEN || undefined,
    // Loaded on demand: the HTTP stack stays out of every other command's start-up.
    serve: async (options) => (await import('./api/server.js')).startServer(services, options),
  };
  return services;
}
