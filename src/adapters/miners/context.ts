/** What every driver is built with: its RPC client, the catalog for estimates, and the clock. */
import type { AsicModel } from '../../hardware/model.js';
import type { MinerCredentials } from '../../ports/fleet-control.js';
import type { CgminerClient } from './cgminer/client.js';

export interface DriverContext {
  client: CgminerClient;
  catalog: readonly AsicModel[] | undefined;
  now_unix_s: () => number;
  credentials: MinerCredentials | undefined;
  /** LuxOS: whether a write may `kill` a session another actor holds. */
  kill_foreign_session: boolean;
}
