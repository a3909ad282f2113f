/**
 * The LuxOS driver (PROTOCOLS.md A.3): telemetry from `summary`, `power`, `fans` and `stats`;
 * the profile ladder from `profiles`; writes inside a session (session.ts): `profileset` with ATM
 * switched off around it when it is on, `curtail sleep|wakeup`, `rebootdevice`. A power target picks
 * the highest profile at or under it, as LuxOS power targeting's own API is undocumented.
 */
import { ValidationError } from '../../../errors.js';
import type { MinerAction, MinerDriver, MinerIdentity, MinerTelemetry, OperatingRange, OperatingTarget } from '../../../ports/fleet-control.js';
import { entries, first, formatMac, maxOf, num, str } from '../cgminer/fields.js';
import { activePoolUrl } from '../cgminer/pools.js';
import { temps, toThs } from '../cgminer/rates.js';
import type { DriverContext } from '../context.js';
import { STANDBY_POWER_W, telemetry } from '../estimate.js';
import type { LuxSessions } from './session.js';

const SUPPORTS: ReadonlySet<MinerAction> = new Set([
  'identify',
  'telemetry',
  'operating_points',
  'apply_profile',
  'apply_power_target',
  'sleep',
  'wake',
  'reboot',
]);

/** Assumptions (no LuxOS figure published): a profile change retunes in about a minute; wakeup ramps like a boot. */
export const LUXOS_PROFILE_SETTLE_S = 60;
export const LUXOS_WAKE_SETTLE_S = 180;
/** Below this, a LuxOS miner with no hashrate is curtailed rather than starting (sleep turns the PSU off). */
const SLEEP_POWER_CEILING_W = 100;

export class LuxosDriver implements MinerDriver {
  readonly name = 'luxos';
  readonly supports = SUPPORTS;
  constructor(
    private readonly ctx: DriverContext,
    private readonly sessions: LuxSessions,
  ) {}

  async identify(): Promise<MinerIdentity> {
    const r = await this.ctx.client.commands(['version', 'config']);
    const v = first(r.version, 'VERSION');
    const type = str(v?.Type) ?? 'unknown';
    return {
      driver: this.name,
      make: /^antminer/i.test(type) ? 'Bitmain' : 'unknown',
      model: type,
      firmware: `LUXminer ${str(v?.LUXminer) ?? 'unknown'}`,
      mac: formatMac(first(r.config, 'CONFIG')?.MACAddr),
      serial: null,
    };
  }

  async telemetry(): Promise<MinerTelemetry> {
    const r = await this.ctx.client.commands(['summary', 'power', 'fans', 'stats', 'pools']);
    const s = entries(r.stats, 'STATS')[1];
    const chainKeys = Object.keys(s ?? {}).filter((k) => /^temp_chip\d+$/.test(k));
    const hashrate_ths = toThs(num(first(r.summary, 'SUMMARY')?.['GHS 5s']) ?? 0, 'GH/s');
    const power_w = num(first(r.power, 'POWER')?.Watts);
    const state = hashrate_ths > 0 ? 'hashing' : power_w !== null && power_w < SLEEP_POWER_CEILING_W ? 'sleeping' : 'starting';
    return telemetry({
      time_unix_s: this.ctx.now_unix_s(),
      state,
      hashrate_ths,
      power_w,
      power_source: 'measured',
      chip_temp_max_c: maxOf(chainKeys.flatMap((k) => temps(s?.[k]))),
      board_temps_c: chainKeys.map((k) => maxOf(temps(s?.[k.replace('chip', 'pcb')]))).filter((t): t is number => t !== null),
      fan_rpm: entries(r.fans, 'FANS').map((f) => num(f.RPM) ?? 0),
      uptime_s: num(s?.Elapsed),
      pool_url: activePoolUrl(r.pools),
    });
  }

  async operatingPoints(): Promise<OperatingRange> {
    // Field names of `profiles` (Profile Name, Hashrate in TH/s, Watts) are UNCONFIRMED against Luxor's docs.
    const list = entries(await this.ctx.client.command('profiles'), 'PROFILES');
    const profiles = list.flatMap((p) => {
      const id = str(p['Profile Name']);
      const power_w = num(p.Watts);
      const hashrate_ths = num(p.Hashrate);
      return id !== null && power_w !== null && hashrate_ths !== null
        ? [{ kind: 'profile' as const, profile_id: id, power_w, hashrate_ths, reboots: false, settle_s: LUXOS_PROFILE_SETTLE_S }]
        : [];
    });
    return {
      profiles: profiles.sort((a, b) => a.power_w - b.power_w),
      power_target_w: null,
      can_sleep: true,
      sleep: { kind: 'sleep', power_w: STANDBY_POWER_W, reboots: false, settle_s: 0, wake_settle_s: LUXOS_WAKE_SETTLE_S },
    };
  }

  async apply(target: OperatingTarget): Promise<void> {
    if (target.kind === 'sleep') return this.curtail('sleep');
    const profile = target.kind === 'profile' ? target.profile_id : await this.profileAtOrUnder(target.power_w);
    await this.sessions.run(this.ctx, async (sid) => {
      const atmOn = first(await this.ctx.client.command('atm'), 'ATM')?.Enabled === true;
      // LuxOS refuses profile changes while ATM is on (pyasic PR #267): off, change, and back on even if the change failed.
      if (atmOn) await this.ctx.client.command('atmset', `${sid},enabled=false`);
      try {
        await this.ctx.client.command('profileset', `${sid},${profile}`);
      } catch (err) {
        if (atmOn) await this.ctx.client.command('atmset', `${sid},enabled=true`).catch(() => undefined);
        throw err;
      }
      if (atmOn) await this.ctx.client.command('atmset', `${sid},enabled=true`);
    });
  }

  wake(): Promise<void> {
    return this.curtail('wakeup');
  }

  async reboot(): Promise<void> {
    await this.sessions.run(this.ctx, (sid) => this.ctx.client.command('rebootdevice', sid));
  }

  private async curtail(action: 'sleep' | 'wakeup'): Promise<void> {
    await this.sessions.run(this.ctx, (sid) => this.ctx.client.command('curtail', `${sid},${action}`));
  }

  private async profileAtOrUnder(power_w: number): Promise<string> {
    const { profiles } = await this.operatingPoints();
    const pick = profiles.filter((p) => p.power_w <= power_w).at(-1);
    if (!pick) throw ValidationError.field('power_w', `below the lowest LuxOS profile (${profiles[0]?.power_w ?? '?'} W)`);
    return pick.profile_id;
  }
}
