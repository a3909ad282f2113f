/**
 * What the edges (CLI, API) may ask for. main.ts builds the one implementation, reading the
 * environment and wiring adapters; tests build their own.
 */
import type { DailyRow } from '../history/daily-row.js';
import type { FleetControl } from '../ports/fleet-control.js';
import type { Store, StoreNetwork } from '../ports/store.js';
import type { FeedHttp } from '../adapters/feeds/http.js';

export interface Services {
  /** Folder of the embedded datasets shipped with the package (`data/`). */
  dataDir: string;
  /** Folder for the user's own state (database, imports): $HASHFLOOR_HOME or ~/.local/share/hashfloor. */
  userDir: string;
  /** Current time (unix seconds); the only clock the app reads. */
  nowUnixS(): number;
  /**
   * Daily network history, ascending by date, one row per day: the embedded dataset
   * (`data/network_daily.csv`) merged with the user's imported and own-node days from the store
   * at `db` (as for `store`). When no store exists yet, the embedded file alone (nothing created).
   */
  history(db?: string): Promise<DailyRow[]>;
  /**
   * The store at `db` — a SQLite file path, `:memory:` or a `postgres://` URL; default
   * $HASHFLOOR_DB, else `<userDir>/hashfloor.sqlite`. Opened lazily once per location, migrated,
   * with the embedded datasets loaded when their version differs — mainnet stores only: they are
   * mainnet history. A store that does not exist yet is created for `create.network` (default
   * main); an existing one keeps the network it records (Store.network). Closed by `close()`.
   */
  store(db?: string, create?: { network?: StoreNetwork }): Promise<Store>;
  /**
   * The store at `db` (as for `store`) if it exists already — a SQLite file on disk, an in-memory
   * store this process opened, or any PostgreSQL URL — else null: read-only uses never create one.
   */
  existingStore(db?: string): Promise<Store | null>;
  /**
   * The miner drivers (src/ports/fleet-control.ts) behind `hashfloor miners …`, wired in main.ts;
   * loaded on first use, so the drivers stay out of every other command's start-up.
   */
  fleetControl(): Promise<FleetControl>;
  /** Releases what the services opened (stores); called once at exit. */
  close(): Promise<void>;
  /**
   * Live feeds (`update`, `serve --refresh`): the one HTTP client (User-Agent `hashfloor/<version>`
   * from package.json) and the environment's overrides of feed base URLs and rates
   * (`HASHFLOOR_<FEED>_URL`, `HASHFLOOR_FEED_RATES`).
   */
  feeds: { http: FeedHttp; userAgent: string; env: (name: string) => string | undefined };
  /** Bearer token for the API's write endpoints ($HASHFLOOR_API_TOKEN), if set. */
  apiToken?: string | undefined;
  /**
   * Starts the HTTP API and dashboard on these services. main.ts wires it to the API adapter, so
   * the CLI's `serve` starts a server without importing the API.
   */
  serve(options: ServeOptions): Promise<RunningServer>;
}

export interface ServeOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Bearer token write endpoints require; undefined leaves writes open (loopback only). */
  token?: string | undefined;
  /** Store location (SQLite path or postgres:// URL); default per services. */
  db?: string | undefined;
  /** Host names besides the bound address and localhost that requests may carry. */
  allowedHosts?: readonly string[] | undefined;
  /** `serve --refresh`: run `update` in the background every period_s (off when absent). */
  refresh?: BackgroundRefresh | undefined;
  /** Requests one client may have in flight at once; 0: no limit (src/api/client-limit.ts). */
  maxInFlightPerClient?: number | undefined;
  /** Sustained requests per second one client may send (burst twice that); 0: no limit. */
  ratePerClientPerS?: number | undefined;
  /** Load the data hot reads answer from before listening: the first requests then wait for nothing. */
  warmUp?: boolean | undefined;
}

/**
 * A background update the API runs on a period, one round at a time and never in a request's
 * path. `run` resolves true when it wrote anything (the API then drops its cached answers, so
 * bodies and ETags follow the data); it reports its own failures and never rejects.
 */
export interface BackgroundRefresh {
  period_s: number;
  run(): Promise<boolean>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}
