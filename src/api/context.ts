/**
 * What the route modules receive from createApp (src/api/app.ts): the services plus the app's own
 * state. Its own file so routes depend on the contract, not on the module that registers them.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { FleetRepository } from '../app/fleets.js';
import type { Services } from '../app/services.js';
import type { HashpriceDay } from '../economics/hashprice-index.js';
import type { AsicModel } from '../hardware/model.js';
import type { DailyRow } from '../history/daily-row.js';
import type { Store } from '../ports/store.js';
import type { DataAsOf } from '../app/as-of.js';
import type { NetworkModel } from '../app/network-economics.js';
import type { BackgroundRefresh } from '../app/services.js';
import type { writeGuard } from './auth.js';
import type { BodyCache } from './json.js';
import type { JobManager } from './jobs.js';
import type { DirectGet } from './hit-fast-path.js';

export interface ApiOptions {
  /** Bearer token write endpoints require; when undefined, writes are open (loopback only). */
  token?: string | undefined;
  /** Folder of the built dashboard (web/dist); the dashboard is not served when absent. */
  webDir?: string | undefined;
  /** Largest accepted request body (bytes). */
  maxBodyBytes?: number;
  /** Store location (SQLite path or postgres:// URL) for history and imports; default per services. */
  db?: string | undefined;
  /** Background update (`serve --refresh`), stopped by `signal`. */
  refresh?: (BackgroundRefresh & { signal?: AbortSignal }) | undefined;
  /** The address the server binds, and other names it may be reached by (src/api/request-guard.ts). */
  host?: string | undefined;
  allowedHosts?: readonly string[] | undefined;
  /** Requests one client may have in flight at once (src/api/client-limit.ts); 0: no limit. */
  maxInFlightPerClient?: number | undefined;
  /** Sustained requests per second one client may send (burst twice that); 0: no limit. */
  ratePerClientPerS?: number | undefined;
}

/** What the route modules receive: the services plus the app's own state. */
export interface ApiContext {
  services: Services;
  jobs: JobManager;
  cache: BodyCache;
  /** Middleware guarding write endpoints with the bearer token when one is configured. */
  guardWrite: ReturnType<typeof writeGuard>;
  /** The ASIC catalog, read once. */
  catalog(): AsicModel[];
  /** The latest day's hashprice and BTC price, for defaults; undefined without history. */
  latestMarket(): Promise<LatestMarket | undefined>;
  /** Daily network history (embedded dataset merged with the store's imports), read once. */
  history(): Promise<DailyRow[]>;
  /** The history's last complete day at the services' clock (src/app/as-of.ts); a UsageError without one. */
  asOf(): Promise<DataAsOf>;
  /** The hashprice index over the history, built once. */
  hashpriceIndex(): Promise<HashpriceDay[]>;
  /** The history and the index as far as they are loaded now, for answers that never wait (directGets). */
  loaded(): { history?: DailyRow[] | undefined; hashpriceIndex?: HashpriceDay[] | undefined };
  /** GETs the socket server may answer before Hono, by exact path (hit-fast-path.ts DirectGet). */
  directGets: Map<string, DirectGet>;
  /** The installed base and network power through the as-of day (src/app/network-economics.ts), built once per as-of day. */
  networkModel(): Promise<NetworkModel>;
  /** The store at the server's --db (imports land there). */
  store(): Promise<Store>;
  /** Uploaded fleets (persisted in the store). */
  fleets: FleetRepository;
  /** Forgets cached history, index, network model and bodies (after an import). */
  invalidate(): void;
}

export interface LatestMarket {
  date: string;
  hashprice_usd_per_ph_day: number;
  price_usd_per_btc: number | null;
}

export type ApiApp = OpenAPIHono;
