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
import { readNetworkDailyFile } from './adapters/datasets/network-daily-csv.js';
import { ensureDataset, type EmbeddedDataset } from './adapters/store/embedded-dataset.js';
import { openStore, resolveStoreLocation, type StoreLocation } from './adapters/store/open-store.js';
import { createFleetControl } from './adapters/miners/fleet-control.js';
import { loadCatalog } from './adapters/datasets/asic-catalog-file.js';

export interface Environment {
  HASHFLOOR_HOME?: string | undefined;
  XDG_DATA_HOME?: string | undefined;
  /** Default store: a SQLite path, `:memory:` or a postgres:// URL (the `--db` flag wins). */
  HASHFLOOR_DB?: string | undefined;
  HASHFLOOR_API_TOKEN?: string | undefined;
  /** The same token, under the shorter name. */
  HASHFLOOR_TOKEN?: string | undefined;
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
  return [{ name: NETWORK_DAILY_DATASET, version: daily.version, rows: () => readNetworkDailyFile(join(dataDir, daily.file), 'embedded') }];
}

function storeKey(location: StoreLocation): string {
  return location.kind === 'sqlite' ? `sqlite:${location.path}` : location.url;
}

/** What a caller (a test, an embedding program) may supply instead of the built-in adapters. */
export interface ServiceOverrides {
  fleetControl?: FleetControl;
}

export function createServices(env: Environment = process.env, overrides: ServiceOverrides = {}): Services {
  const dataDir = embeddedDataDir();
  const userDir = defaultUserDir(env);
  const stores = new Map<string, Promise<Store>>();
  let embedded: Promise<DailyRow[]> | undefined;
  let fleet: FleetControl | undefined;
  const services: Services = {
    dataDir,
    userDir,
    nowUnixS: () => Math.floor(Date.now() / 1000),
    store(db) {
      const location = resolveStoreLocation(db ?? env.HASHFLOOR_DB, userDir);
      const key = storeKey(location);
      let opened = stores.get(key);
      if (!opened) {
        opened = openStore(location).then(async (store) => {
          try {
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
    history(db) {
      const location = resolveStoreLocation(db ?? env.HASHFLOOR_DB, userDir);
      // A store that does not exist yet (no SQLite file; an in-memory one this process has not
      // opened) holds no imported days: read the embedded file and create nothing. Through the
      // store and straight from the file cost the same (~0.25 s for `hashprice --json`, BENCHMARKS.md).
      const unopened = !stores.has(storeKey(location));
      if (location.kind === 'sqlite' && unopened && (location.path === ':memory:' || !existsSync(location.path))) {
        embedded ??= readNetworkDailyFile(join(dataDir, NETWORK_DAILY_FILE), 'embedded');
        return embedded;
      }
      // The store merges the embedded dataset with user imports and own-node days by priority.
      return services.store(db).then((store) => store.listDaily());
    },
    async close() {
      const all = [...stores.values()];
      stores.clear();
      await Promise.all(all.map((p) => p.then((s) => s.close(), () => undefined)));
    },
    fleetControl() {
      if (overrides.fleetControl) return overrides.fleetControl;
      // The cgminer-family drivers (LuxOS, Antminer stock, Avalon), with the catalog for power estimates.
      fleet ??= createFleetControl({ catalog: loadCatalog(dataDir), now_unix_s: () => services.nowUnixS() });
      return fleet;
    },
    apiToken: env.HASHFLOOR_API_TOKEN || env.HASHFLOOR_TOKEN || undefined,
    // Loaded on demand: the HTTP stack stays out of every other command's start-up.
    serve: async (options) => (await import('./api/server.js')).startServer(services, options),
  };
  return services;
}
