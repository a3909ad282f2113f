/**
 * The Antminer stock-firmware driver over the cgminer RPC (PROTOCOLS.md A.2): identity from
 * `version`, telemetry from `stats` (`STATS[0].chain[]`, `STATS[1]` fans and uptime). Stock firmware
 * reports no power, so power is the catalog's estimate for the model. Control on stock firmware goes
 * through its Digest-auth web API, which this RPC driver does not speak: every write is an
 * UnsupportedActionError.
 */
import type { MinerAction, MinerDriver, MinerIdentity, MinerTelemetry, OperatingRange } from '../../../ports/fleet-control.js';
import { entries, first, maxOf, num, str } from '../cgminer/fields.js';
import { activePoolUrl } from '../cgminer/pools.js';
import { temps, toThs } from '../cgminer/rates.js';
import type { JsonObject } from '../cgminer/repair.js';
import type { DriverContext } from '../context.js';
import { UnsupportedActionError } from '../errors.js';
import { catalogModel, telemetry } from '../estimate.js';

const SUPPORTS: ReadonlySet<MinerAction> = new Set(['identify', 'telemetry', 'operating_points']);
const NO_RPC_CONTROL = 'stock firmware takes control only through its web API (miner-mode), not the 4028 RPC';

/** Every STATS entry's fields in one view: the chain array sits in one entry, fans and Elapsed in another. */
function statsFields(reply: JsonObject | undefined): JsonObject {
  return Object.assign({}, ...entries(reply, 'STATS').reverse()) as JsonObject;
}

export class AntminerDriver implements MinerDriver {
  readonly name = 'antminer';
  readonly supports = SUPPORTS;
  constructor(private readonly ctx: DriverContext) {}

  async identify(): Promise<MinerIdentity> {
    const v = first(await this.ctx.client.command('version'), 'VERSION');
    const bmminer = str(v?.BMMiner) ?? str(v?.CGMiner);
    return {
      driver: this.name,
      make: 'Bitmain',
      model: str(v?.Type) ?? 'Antminer',
      firmware: bmminer ? `bmminer ${bmminer}` : 'unknown',
      mac: null,
      serial: null,
    };
  }

  async telemetry(): Promise<MinerTelemetry> {
    const r = await this.ctx.client.commands(['version', 'stats', 'pools']);
    const s = statsFields(r.stats);
    const chains = Array.isArray(s.chain) ? s.chain.filter((c): c is JsonObject => c !== null && typeof c === 'object') : [];
    const hashrate_ths = chains.reduce((sum, c) => sum + toThs(num(c.rate_real) ?? 0, s.rate_unit), 0);
    const state = hashrate_ths > 0 ? 'hashing' : 'starting';
    const model = catalogModel(this.ctx.catalog, [str(first(r.version, 'VERSION')?.Type)]);
    const fanKeys = Object.keys(s)
      .filter((k) => /^fan\d+$/.test(k))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
    return telemetry({
      time_unix_s: this.ctx.now_unix_s(),
      state,
      hashrate_ths,
      // No power in stock telemetry: the catalog's nameplate watts, labelled as an estimate, and only while it hashes.
      power_w: state === 'hashing' && model ? model.power_w : null,
      power_source: 'estimated',
      chip_temp_max_c: maxOf(chains.flatMap((c) => temps(c.temp_chip))),
      board_temps_c: chains.map((c) => maxOf(temps(c.temp_pcb))).filter((t): t is number => t !== null),
      fan_rpm: fanKeys.map((k) => num(s[k]) ?? 0).filter((rpm) => rpm > 0),
      uptime_s: num(s.Elapsed),
      pool_url: activePoolUrl(r.pools),
    });
  }

  async operatingPoints(): Promise<OperatingRange> {
    const model = catalogModel(this.ctx.catalog, [str(first(await this.ctx.client.command('version'), 'VERSION')?.Type)]);
    return {
      profiles: model ? [{ kind: 'profile', profile_id: 'stock', power_w: model.power_w, hashrate_ths: model.hashrate_ths, reboots: false, settle_s: 0 }] : [],
      power_target_w: null,
      can_sleep: false,
      sleep: null,
    };
  }

  apply(target: { kind: string }): Promise<void> {
    const action: MinerAction = target.kind === 'sleep' ? 'sleep' : target.kind === 'power_target' ? 'apply_power_target' : 'apply_profile';
    return Promise.reject(new UnsupportedActionError(this.name, action, NO_RPC_CONTROL));
  }

  wake(): Promise<void> {
    return Promise.reject(new UnsupportedActionError(this.name, 'wake', NO_RPC_CONTROL));
  }

  reboot(): Promise<void> {
    return Promise.reject(new UnsupportedActionError(this.name, 'reboot', NO_RPC_CONTROL));
  }
}
