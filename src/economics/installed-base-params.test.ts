/** The installed-base model's parameter checks, and the network power of days it cannot price. */
import { describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/helpers/catch-error.js';
import type { ValidationError } from '../errors.js';
import { checkInstalledBaseParams, DEFAULT_INSTALLED_BASE_PARAMS as P, type InstalledBaseDay, type InstalledBaseParams } from './installed-base.js';
import { networkPower } from './network-power.js';

const pathOf = (change: Partial<InstalledBaseParams>): string | undefined =>
  (catchAppError(() => checkInstalledBaseParams({ ...P, ...change })) as ValidationError).issues[0]?.path;

describe('checkInstalledBaseParams', () => {
  it('accepts the defaults and the edges of each range', () => {
    for (const ok of [
      {},
      { threshold_power_price_usd_per_mwh: 0.01 },
      { pool_fee: 0 },
      { pool_fee: 0.999 },
      { pue: { lower: 1, best: 1, upper: 1 } },
      { hashprice_window_days: 1, growth_window_days: 1, vintage_window_months: 1, retire_after_days: 1 },
      { manufacturer_weights: { Bitmain: 0 }, other_manufacturers_weight: 0 },
    ] satisfies Partial<InstalledBaseParams>[])
      expect(() => checkInstalledBaseParams({ ...P, ...ok }), JSON.stringify(ok)).not.toThrow();
  });

  it('names the first parameter out of its range', () => {
    const cases: [Partial<InstalledBaseParams>, string][] = [
      [{ threshold_power_price_usd_per_mwh: 0 }, 'threshold_power_price_usd_per_mwh'],
      [{ threshold_power_price_usd_per_mwh: Infinity }, 'threshold_power_price_usd_per_mwh'],
      [{ pool_fee: -0.01 }, 'pool_fee'],
      [{ pool_fee: 1 }, 'pool_fee'],
      [{ pool_fee: NaN }, 'pool_fee'],
      [{ pue: { lower: 0.99, best: 1.1, upper: 1.2 } }, 'pue'],
      [{ pue: { lower: 1.2, best: 1.1, upper: 1.3 } }, 'pue'],
      [{ pue: { lower: 1, best: 1.3, upper: 1.2 } }, 'pue'],
      [{ pue: { lower: 1, best: 1.1, upper: Infinity } }, 'pue'],
      [{ hashprice_window_days: 0 }, 'hashprice_window_days'],
      [{ growth_window_days: 1.5 }, 'growth_window_days'],
      [{ vintage_window_months: 0 }, 'vintage_window_months'],
      [{ retire_after_days: -1 }, 'retire_after_days'],
      [{ manufacturer_weights: { Bitmain: 0.6, MicroBT: -0.1 } }, 'manufacturer_weights.MicroBT'],
      [{ manufacturer_weights: { Bitmain: Infinity } }, 'manufacturer_weights.Bitmain'],
      [{ other_manufacturers_weight: -1 }, 'manufacturer_weights.other'],
    ];
    for (const [change, path] of cases) expect(pathOf(change), JSON.stringify(change)).toBe(path);
  });

  it('says what each parameter must be', () => {
    const messageOf = (change: Partial<InstalledBaseParams>): string | undefined =>
      (catchAppError(() => checkInstalledBaseParams({ ...P, ...change })) as ValidationError).issues[0]?.message;
    expect(messageOf({ threshold_power_price_usd_per_mwh: 0 })).toBe('must be a number > 0 (USD/MWh), got 0');
    expect(messageOf({ pool_fee: 1 })).toBe('must be a share ≥ 0 and < 1, got 1');
    expect(messageOf({ pue: { lower: 1, best: 1.3, upper: 1.2 } })).toBe('must be ordered 1 ≤ lower ≤ best ≤ upper, got {"lower":1,"best":1.3,"upper":1.2}');
    expect(messageOf({ retire_after_days: 0 })).toBe('must be a whole number ≥ 1, got 0');
    expect(messageOf({ other_manufacturers_weight: -1 })).toBe('must be a weight ≥ 0, got -1');
  });
});

describe('network power of days the installed base cannot price', () => {
  const day = (network_hashrate_ehs: number | null, e: number | null): InstalledBaseDay => ({
    date: '2024-01-01',
    network_hashrate_ehs,
    hashprice_usd_per_ph_day: null,
    efficiency_lower_jth: e,
    efficiency_best_jth: e,
    efficiency_upper_jth: e,
    lower_model: null,
    upper_model: null,
    shares: null,
  });

  it('no hashrate or no efficiency: no power and no energy; else 1,000 EH/s · 20 J/TH · 1.1 = 22 GW', () => {
    const pue = { lower: 1.1, best: 1.1, upper: 1.1 };
    const [noH, noE, both] = networkPower({ models: [], days: [day(null, 20), day(1000, null), day(1000, 20)] }, pue);
    for (const d of [noH, noE]) expect([d!.power_lower_gw, d!.power_best_gw, d!.power_upper_gw, d!.energy_best_twh_per_year]).toEqual([null, null, null, null]);
    expect(both!.power_best_gw).toBeCloseTo(22, 12);
    expect(both!.energy_best_twh_per_year).toBeCloseTo((22 * 8766) / 1000, 9);
    expect(both).not.toHaveProperty('shares');
  });
});
