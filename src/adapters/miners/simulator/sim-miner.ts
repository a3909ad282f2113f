/** One simulated miner: its firmware, its machine, its firmware-side state, faults, quirks and request log. */
import type { AsicModel } from '../../../hardware/model.js';
import { MinerPhysics, type PhysicsOptions } from './physics.js';
import type { SimQuirk } from './quirks.js';

export const SIM_FIRMWARES = ['luxos', 'antminer', 'avalon'] as const;
export type SimFirmwareName = (typeof SIM_FIRMWARES)[number];

/**
 * `hang`: accepts and never answers. `close_mid_reply`: sends half a reply and closes.
 * `wrong_credentials`: refuses the credentials (LuxOS logon) or the privilege (cgminer Code 45).
 * `reboot_mid_change`: the first profile/level change reboots the miner before it answers, and is lost.
 * `session_held`: another actor holds the LuxOS session and keeps it alive.
 */
export const SIM_FAULTS = ['hang', 'close_mid_reply', 'wrong_credentials', 'reboot_mid_change', 'session_held'] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

/** `read` leaves the miner as it was; `session` touches only the LuxOS session; `write` changes how it runs. */
export type RequestKind = 'read' | 'session' | 'write';

export interface SimRequest {
  time_unix_s: number;
  command: string;
  parameter: string | null;
  kind: RequestKind;
  /** Part of a `+`-joined request. */
  joined: boolean;
}

export interface LuxosSession {
  id: string;
  owner: 'client' | 'other';
  last_used_s: number;
}

export class SimMiner {
  readonly log: SimRequest[] = [];
  readonly physics: MinerPhysics;
  readonly quirks: Set<SimQuirk>;
  fault: SimFault | null;
  /** Set while the miner reboots: it does not listen. */
  rebooting = false;
  readonly luxos: { session: LuxosSession | null; atm_enabled: boolean; profile: string; sessions_made: number } = {
    session: null,
    atm_enabled: true,
    profile: 'default',
    sessions_made: 0,
  };
  readonly avalon: { level: number; pending: { action: 'softoff' | 'softon'; at_s: number }[] } = { level: 1, pending: [] };

  constructor(
    readonly index: number,
    readonly firmware: SimFirmwareName,
    readonly model: AsicModel,
    readonly host: string,
    public port: number,
    readonly mac: string,
    private readonly clock_ms: () => number,
    physics: PhysicsOptions,
    quirks: readonly SimQuirk[],
    fault: SimFault | null,
  ) {
    this.physics = new MinerPhysics(model, physics, this.now_s());
    this.quirks = new Set(quirks);
    this.fault = fault;
    if (fault === 'session_held') this.luxos.session = { id: 'heldBy01', owner: 'other', last_used_s: this.now_s() };
  }

  now_s(): number {
    return Math.floor(this.clock_ms() / 1000);
  }

  /** The requests that changed how it runs (what a dry run must leave empty). */
  writes(): SimRequest[] {
    return this.log.filter((r) => r.kind === 'write');
  }
}
