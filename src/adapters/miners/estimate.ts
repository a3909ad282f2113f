/**
 * What the drivers share besides the RPC: finding a miner's catalog entry from the names its
 * firmware reports, and assembling telemetry with the derived fields (efficiency) done one way.
 */
import { lookupModel } from '../../hardware/catalog.js';
import type { AsicModel } from '../../hardware/model.js';
import type { MinerState, MinerTelemetry, PowerSource } from '../../ports/fleet-control.js';
import { efficiencyJth } from '../../units/energy.js';

/**
 * What a soft-off miner still draws (control board, idle fans). No firmware documents it; a
 * hashfloor assumption, used only to price a sleep operating point.
 */
export const STANDBY_POWER_W = 15;

/** The first of `names` (as firmware reports them: `Antminer S19`, `Avalon A1466`…) the catalog knows. */
export function catalogModel(catalog: readonly AsicModel[] | undefined, names: readonly (string | null | undefined)[]): AsicModel | undefined {
  if (!catalog) return undefined;
  for (const n of names) {
    if (!n) continue;
    const m = lookupModel(catalog, n);
    if (m) return m;
  }
  return undefined;
}

export interface TelemetryParts {
  time_unix_s: number;
  state: MinerState;
  hashrate_ths: number;
  power_w: number | null;
  power_source: PowerSource | null;
  chip_temp_max_c?: number | null;
  board_temps_c?: number[];
  fan_rpm?: number[];
  uptime_s?: number | null;
  pool_url?: string | null;
  errors?: string[];
}

export function telemetry(p: TelemetryParts): MinerTelemetry {
  const efficiency_jth = p.state === 'hashing' && p.power_w !== null && p.hashrate_ths > 0 ? efficiencyJth(p.power_w, p.hashrate_ths) : null;
  return {
    time_unix_s: p.time_unix_s,
    state: p.state,
    hashrate_ths: p.hashrate_ths,
    power_w: p.power_w,
    power_source: p.power_w === null ? null : p.power_source,
    efficiency_jth,
    chip_temp_max_c: p.chip_temp_max_c ?? null,
    board_temps_c: p.board_temps_c ?? [],
    fan_rpm: p.fan_rpm ?? [],
    uptime_s: p.uptime_s ?? null,
    pool_url: p.pool_url ?? null,
    errors: p.errors ?? [],
  };
}
