/**
 * The Avalon driver (PROTOCOLS.md A.1): identity from `version`, telemetry from the `estats`
 * token string, work levels 0–2 as profiles, soft-off/soft-on scheduled a few seconds ahead, `restart`.
 */
import { modelProfile } from '../../../hardware/profiles.js';
import type { AsicModel } from '../../../hardware/model.js';
import type { MinerAction, MinerDriver, MinerIdentity, MinerTelemetry, OperatingRange, OperatingTarget } from '../../../ports/fleet-control.js';
import { ghsToThs } from '../../../units/hashrate.js';
import { failure, statusOf } from '../cgminer/client.js';
import { first, formatMac, maxOf, str } from '../cgminer/fields.js';
import { activePoolUrl } from '../cgminer/pools.js';
import type { JsonObject } from '../cgminer/repair.js';
import type { DriverContext } from '../context.js';
import { UnsupportedActionError } from '../errors.js';
import { STANDBY_POWER_W, catalogModel, telemetry } from '../estimate.js';
import { mmTokensOf, tokenNumber, tokenNumbers } from './estats.js';
import { AVALON_LEVELS, AVALON_LEVEL_SETTLE_S, AVALON_SOFT_DELAY_S, AVALON_WAKE_SETTLE_S, levelOf, levelProfileId } from './levels.js';

const SUPPORTS: ReadonlySet<MinerAction> = new Set(['identify', 'telemetry', 'operating_points', 'apply_profile', 'sleep', 'wake', 'reboot']);

/** Names to try in the catalog: `PROD` ("AvalonMiner 1466-150"), then the model number with and without the A. */
export function avalonNames(version: JsonObject | undefined): string[] {
  const prod = str(version?.PROD);
  const number = (str(version?.MODEL) ?? '').split('-')[0] ?? '';
  return [prod ?? '', `Avalon A${number}`, `Avalon ${number}`];
}

export class AvalonDriver implements MinerDriver {
  readonly name = 'avalon';
  readonly supports = SUPPORTS;
  constructor(private readonly ctx: DriverContext) {}

  async identify(): Promise<MinerIdentity> {
    const v = first(await this.ctx.client.command('version'), 'VERSION');
    return {
      driver: this.name,
      make: 'Canaan',
      // The catalog's name when it knows the machine, so an inventory written from this matches lots and estimates.
      model: catalogModel(this.ctx.catalog, avalonNames(v))?.model ?? str(v?.PROD) ?? str(v?.MODEL) ?? 'Avalon',
      firmware: str(v?.VERSION) ?? 'unknown',
      mac: formatMac(v?.MAC),
      serial: null,
    };
  }

  async telemetry(): Promise<MinerTelemetry> {
    const r = await this.ctx.client.commands(['estats', 'pools']);
    const t = mmTokensOf(first(r.estats, 'STATS'));
    const hashrate_ths = ghsToThs(tokenNumber(t, 'GHSspd') ?? tokenNumber(t, 'GHSavg') ?? 0);
    const softOff = (tokenNumber(t, 'SoftOFF') ?? 0) !== 0;
    const fans = [...t.keys()].filter((k) => /^Fan\d+$/.test(k)).sort();
    return telemetry({
      time_unix_s: this.ctx.now_unix_s(),
      state: softOff ? 'sleeping' : hashrate_ths > 0 ? 'hashing' : 'starting',
      hashrate_ths,
      power_w: tokenNumber(t, 'WALLPOWER'),
      power_source: 'measured',
      chip_temp_max_c: tokenNumber(t, 'TMax') ?? maxOf(tokenNumbers(t, 'MTmax')),
      board_temps_c: tokenNumbers(t, 'MTavg'),
      fan_rpm: fans.map((k) => tokenNumber(t, k) ?? 0),
      uptime_s: tokenNumber(t, 'Elapsed'),
      pool_url: activePoolUrl(r.pools),
      errors: [],
    });
  }

  async operatingPoints(): Promise<OperatingRange> {
    const stock = await this.stockPoint();
    return {
      profiles: AVALON_LEVELS.map((l) => {
        const p = modelProfile(stock, l.relative_frequency);
        return {
          kind: 'profile',
          profile_id: levelProfileId(l.level),
          power_w: p.power_w,
          hashrate_ths: p.hashrate_ths,
          reboots: false,
          settle_s: AVALON_LEVEL_SETTLE_S,
        };
      }),
      power_target_w: null,
      can_sleep: true,
      sleep: { kind: 'sleep', power_w: STANDBY_POWER_W, reboots: false, settle_s: AVALON_SOFT_DELAY_S, wake_settle_s: AVALON_WAKE_SETTLE_S },
    };
  }

  /** The catalog's stock point, else one inferred from the current reading and work level. */
  private async stockPoint(): Promise<Pick<AsicModel, 'hashrate_ths' | 'power_w'>> {
    const r = await this.ctx.client.commands(['version', 'estats']);
    const known = catalogModel(this.ctx.catalog, avalonNames(first(r.version, 'VERSION')));
    if (known) return known;
    const t = mmTokensOf(first(r.estats, 'STATS'));
    const level = AVALON_LEVELS.find((l) => l.level === tokenNumber(t, 'WORKMODE'));
    const power_w = tokenNumber(t, 'WALLPOWER');
    const ghs = tokenNumber(t, 'GHSmm');
    if (!level || power_w === null || ghs === null || !(power_w > 0 && ghs > 0)) {
      throw new UnsupportedActionError(this.name, 'operating_points', 'model not in the catalog and the miner is not hashing at a known work level');
    }
    const ratio = modelProfile({ hashrate_ths: 1, power_w: 1 }, level.relative_frequency);
    return { hashrate_ths: ghsToThs(ghs) / ratio.hashrate_ths, power_w: power_w / ratio.power_w };
  }

  async apply(target: OperatingTarget): Promise<void> {
    if (target.kind === 'sleep') return this.ascset('softoff', `1:${this.ctx.now_unix_s() + AVALON_SOFT_DELAY_S}`);
    if (target.kind === 'power_target') throw new UnsupportedActionError(this.name, 'apply_power_target', 'Avalon offers work levels 0–2, not a power target');
    const level = levelOf(target.profile_id);
    if (level === undefined) throw new UnsupportedActionError(this.name, 'apply_profile', `unknown profile ${target.profile_id}; use worklevel-0…2`);
    const reply = await this.ctx.client.command('ascset', `0,worklevel,set,${level}`);
    if (!/set OK/i.test(statusOf(reply).msg)) throw failure(this.ctx.client.address, 'ascset worklevel', reply);
  }

  wake(): Promise<void> {
    return this.ascset('softon', `1:${this.ctx.now_unix_s() + AVALON_SOFT_DELAY_S}`);
  }

  async reboot(): Promise<void> {
    await this.ctx.client.command('restart');
  }

  /** softoff/softon succeed only when `Msg` says "success" (a refused ascset can still carry status S). */
  private async ascset(action: 'softoff' | 'softon', when: string): Promise<void> {
    const reply = await this.ctx.client.command('ascset', `0,${action},${when}`);
    if (!/success/i.test(statusOf(reply).msg)) throw failure(this.ctx.client.address, `ascset ${action}`, reply);
  }
}
