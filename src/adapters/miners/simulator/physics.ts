/**
 * The simulated machine behind a simulated firmware: it runs at an operating point from the
 * catalog's physical model (src/hardware/profiles.ts), ramps linearly to it after a wake or a boot,
 * draws standby power asleep, and its temperatures follow its power with a first-order lag.
 */
import type { AsicModel } from '../../../hardware/model.js';
import { modelProfile } from '../../../hardware/profiles.js';
import { STANDBY_POWER_W } from '../estimate.js';

export interface PhysicsOptions {
  /** Seconds from a wake or a boot to full hashrate. */
  ramp_s: number;
  ambient_c: number;
  /** Time constant of the temperature lag, seconds. */
  thermal_tau_s: number;
}

export const DEFAULT_PHYSICS: PhysicsOptions = { ramp_s: 60, ambient_c: 25, thermal_tau_s: 120 };

/** Chip temperature rise over ambient at stock power; boards run cooler. */
const CHIP_RISE_AT_STOCK_C = 50;
const BOARD_SHARE_OF_RISE = 0.8;

export interface PhysicsReading {
  hashrate_ths: number;
  power_w: number;
  chip_temp_c: number;
  board_temp_c: number;
  fan_rpm: number;
  uptime_s: number;
}

export class MinerPhysics {
  private relative_frequency = 1;
  private asleep = false;
  private rampFrom_s: number;
  private boot_s: number;
  private temp_c: number;
  private tempAt_s: number;

  constructor(
    readonly model: AsicModel,
    private readonly opts: PhysicsOptions,
    now_s: number,
  ) {
    // Start as a miner that has been running for a while: warm and at full rate.
    this.boot_s = now_s - 3_600;
    this.rampFrom_s = this.boot_s;
    this.temp_c = opts.ambient_c + CHIP_RISE_AT_STOCK_C;
    this.tempAt_s = now_s;
  }

  get frequency(): number {
    return this.relative_frequency;
  }
  get sleeping(): boolean {
    return this.asleep;
  }

  /** The point the model gives at relative frequency x (0.6–1.2). */
  pointAt(x: number): { hashrate_ths: number; power_w: number } {
    return modelProfile(this.model, x);
  }

  setFrequency(x: number, now_s: number): void {
    this.settleTemp(now_s);
    this.relative_frequency = x;
  }

  sleep(now_s: number): void {
    this.settleTemp(now_s);
    this.asleep = true;
  }

  wake(now_s: number): void {
    if (!this.asleep) return;
    this.settleTemp(now_s);
    this.asleep = false;
    this.rampFrom_s = now_s;
  }

  boot(now_s: number): void {
    this.settleTemp(now_s);
    this.boot_s = now_s;
    this.rampFrom_s = now_s;
  }

  read(now_s: number): PhysicsReading {
    this.settleTemp(now_s);
    const power_w = this.powerAt(now_s);
    const load = power_w / this.model.power_w;
    return {
      hashrate_ths: this.asleep ? 0 : this.pointAt(this.relative_frequency).hashrate_ths * this.rampShare(now_s),
      power_w,
      chip_temp_c: this.temp_c,
      board_temp_c: this.opts.ambient_c + (this.temp_c - this.opts.ambient_c) * BOARD_SHARE_OF_RISE,
      fan_rpm: this.asleep ? 0 : Math.round(2_000 + 4_000 * Math.min(1.2, load)),
      uptime_s: Math.max(0, now_s - this.boot_s),
    };
  }

  private rampShare(now_s: number): number {
    return this.opts.ramp_s <= 0 ? 1 : Math.min(1, Math.max(0, (now_s - this.rampFrom_s) / this.opts.ramp_s));
  }

  private powerAt(now_s: number): number {
    if (this.asleep) return STANDBY_POWER_W;
    const full = this.pointAt(this.relative_frequency).power_w;
    return STANDBY_POWER_W + (full - STANDBY_POWER_W) * this.rampShare(now_s);
  }

  /** Moves the temperature toward the equilibrium of the power drawn since the last update. */
  private settleTemp(now_s: number): void {
    const dt = now_s - this.tempAt_s;
    if (dt <= 0) return;
    const target = this.opts.ambient_c + (CHIP_RISE_AT_STOCK_C * this.powerAt(this.tempAt_s)) / this.model.power_w;
    this.temp_c = target + (this.temp_c - target) * Math.exp(-dt / this.opts.thermal_tau_s);
    this.tempAt_s = now_s;
  }
}
