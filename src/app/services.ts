/**
 * What the edges (CLI, API) may ask for. main.ts builds the one implementation, reading the
 * environment and wiring adapters; tests build their own.
 */
import type { DailyRow } from '../history/daily-row.js';
import type { FleetControl } from '../ports/fleet-control.js';
import type { Store } from '../ports/store.js';

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
   * with the embedded datasets loaded when their version differs. Closed by `close()`.
   */
  store(db?: string): Promise<Store>;
  /**
   * The miner drivers (src/ports/fleet-control.ts) behind `hashfloor miners …`. Throws a
   * UsageError while none are wired into main.ts.
   */
  fleetControl(): FleetControl;
  /** Releases what the services opened (stores); called once at exit. */
  close(): Promise<void>;
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
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}
