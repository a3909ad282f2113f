/**
 * The fleet-control port: reading and commanding one miner over its firmware's own protocol
 * (cgminer-style RPC on TCP 4028, LuxOS, Braiins OS, Whatsminer, …). One driver per firmware in
 * adapters/miners/<firmware>/ implements MinerDriver and states what it supports; an action it
 * does not support is a typed error, never a silent no-op. Units are in the names; each driver
 * converts its firmware's units (GH/s, MH/s, mV, …) at its edge. Interfaces only.
 */

/** Where a miner listens. */
export interface MinerAddress {
  host: string;
  port: number;
}

export interface MinerIdentity {
  /** The driver that speaks to it, e.g. `luxos`, `antminer`, `avalon`. */
  driver: string;
  make: string;
  model: string;
  firmware: string;
  mac: string | null;
  serial: string | null;
}

/**
 * `measured`: the firmware reports it (its own meter or its own model of the PSU, e.g. LuxOS `power`);
 * `estimated`: hashfloor's figure from the catalog profile the miner runs, for firmware that reports none.
 */
export type PowerSource = 'measured' | 'estimated';

export type MinerState = 'hashing' | 'starting' | 'sleeping' | 'error';

export interface MinerTelemetry {
  time_unix_s: number;
  state: MinerState;
  hashrate_ths: number;
  /** Null when the firmware reports none and no estimate can be made. */
  power_w: number | null;
  power_source: PowerSource | null;
  /** power_w / hashrate_ths; null when either is missing or the miner is not hashing. */
  efficiency_jth: number | null;
  chip_temp_max_c: number | null;
  board_temps_c: number[];
  fan_rpm: number[];
  uptime_s: number | null;
  pool_url: string | null;
  /** Firmware error or warning texts, as reported. */
  errors: string[];
}

/** A point the miner can be set to. */
export type OperatingPoint =
  | { kind: 'profile'; profile_id: string; power_w: number; hashrate_ths: number; reboots: boolean; settle_s: number }
  | { kind: 'power_target'; power_w: number; hashrate_ths: number | null; reboots: boolean; settle_s: number }
  | { kind: 'sleep'; power_w: number; reboots: boolean; settle_s: number };

/** The sleep point, with the seconds a wake takes to reach full hashrate again. */
export type SleepPoint = Extract<OperatingPoint, { kind: 'sleep' }> & { wake_settle_s: number };

/** What a miner offers: named profiles, and/or a continuous power-target range, and/or sleep. */
export interface OperatingRange {
  profiles: Extract<OperatingPoint, { kind: 'profile' }>[];
  power_target_w: { min_w: number; max_w: number; step_w: number } | null;
  /** Same as `sleep !== null`. */
  can_sleep: boolean;
  sleep: SleepPoint | null;
}

export type MinerAction = 'identify' | 'telemetry' | 'operating_points' | 'apply_profile' | 'apply_power_target' | 'sleep' | 'wake' | 'reboot';

/** A change to request: a profile by id, a power target, or sleep. */
export type OperatingTarget = { kind: 'profile'; profile_id: string } | { kind: 'power_target'; power_w: number } | { kind: 'sleep' };

export interface MinerDriver {
  readonly name: string;
  readonly supports: ReadonlySet<MinerAction>;
  identify(): Promise<MinerIdentity>;
  telemetry(): Promise<MinerTelemetry>;
  operatingPoints(): Promise<OperatingRange>;
  /** Applies `target`; resolves once the firmware accepted it (callers verify by reading back). */
  apply(target: OperatingTarget): Promise<void>;
  wake(): Promise<void>;
  reboot(): Promise<void>;
}

/** Credentials a driver may need (LuxOS sessions, Whatsminer tokens): by reference, never inline. */
export interface MinerCredentials {
  username?: string | undefined;
  password?: string | undefined;
}

export interface FleetControl {
  /** The drivers known, by name. */
  drivers(): string[];
  /** A driver for the miner at `address`; `driver` names it, else it is detected with unauthenticated reads. */
  connect(address: MinerAddress, options?: ConnectOptions): Promise<MinerDriver>;
}

export interface ConnectOptions {
  driver?: string;
  credentials?: MinerCredentials;
  /** Per request, overriding the fleet control's defaults. */
  timeout_ms?: number;
  connect_timeout_ms?: number;
  /**
   * LuxOS allows one write session per miner. When another actor holds it, writes fail with a
   * ConflictError unless this is true, in which case the driver `kill`s that session first.
   */
  kill_foreign_session?: boolean;
}
