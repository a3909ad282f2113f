/**
 * The FleetControl port over the cgminer-family drivers: `connect` names a driver or detects one,
 * with the caller's credentials (never read from the environment here) and timeouts.
 */
import { NotFoundError } from '../../errors.js';
import type { AsicModel } from '../../hardware/model.js';
import type { ConnectOptions, FleetControl, MinerAddress, MinerDriver } from '../../ports/fleet-control.js';
import { AntminerDriver } from './antminer/driver.js';
import { AvalonDriver } from './avalon/driver.js';
import { CgminerClient } from './cgminer/client.js';
import { DEFAULT_RPC_TIMEOUTS, type RpcTimeouts } from './cgminer/transport.js';
import type { DriverContext } from './context.js';
import { type DriverName, detectDriver } from './detect.js';
import { LuxosDriver } from './luxos/driver.js';
import { LuxSessions } from './luxos/session.js';

export interface FleetControlOptions {
  /** For estimates where firmware reports no power, and for operating points the firmware does not list. */
  catalog?: readonly AsicModel[];
  timeouts?: Partial<RpcTimeouts>;
  /** Defaults to the system clock. */
  now_unix_s?: () => number;
}

const DRIVERS: readonly DriverName[] = ['antminer', 'avalon', 'luxos'];

export function createFleetControl(options: FleetControlOptions = {}): FleetControl {
  const sessions = new LuxSessions();
  const now_unix_s = options.now_unix_s ?? ((): number => Math.floor(Date.now() / 1000));
  const build = (name: DriverName, ctx: DriverContext): MinerDriver =>
    name === 'luxos' ? new LuxosDriver(ctx, sessions) : name === 'avalon' ? new AvalonDriver(ctx) : new AntminerDriver(ctx);
  return {
    drivers: () => [...DRIVERS],
    async connect(address: MinerAddress, opts: ConnectOptions = {}): Promise<MinerDriver> {
      const timeouts: RpcTimeouts = {
        connect_timeout_ms: opts.connect_timeout_ms ?? options.timeouts?.connect_timeout_ms ?? DEFAULT_RPC_TIMEOUTS.connect_timeout_ms,
        timeout_ms: opts.timeout_ms ?? options.timeouts?.timeout_ms ?? DEFAULT_RPC_TIMEOUTS.timeout_ms,
      };
      const client = new CgminerClient(address, timeouts);
      const ctx: DriverContext = {
        client,
        catalog: options.catalog,
        now_unix_s,
        credentials: opts.credentials,
        kill_foreign_session: opts.kill_foreign_session ?? false,
      };
      if (opts.driver === undefined) return build(await detectDriver(client), ctx);
      const name = DRIVERS.find((d) => d === opts.driver);
      if (!name) throw new NotFoundError(`unknown driver "${opts.driver}" — known: ${DRIVERS.join(', ')}`, { path: 'driver' });
      return build(name, ctx);
    },
  };
}
