import { describe, expect, it } from 'vitest';
import { catchAppError } from '../../test/helpers/catch-error.js';
import type { ValidationError } from '../errors.js';
import { estimateHeightAt, HEIGHT_ANCHOR, MAX_START_HEIGHT, paybackPath, type PaybackPathInputs } from './payback.js';

/**
 * A flat path (no growth, no halving within 100 days of height 840,000): every day is day one.
 * 270 TH/s at 0.0004 BTC/PH/day, 1.5% pool fee, 95% uptime, BTC $90,000:
 *   BTC a day = 0.27 · 0.0004 · 0.985 · 0.95 = 1.010610e-4; revenue $9.09549
 * 3,645 W at $50/MWh, PUE 1.1 and a $10/MWh hosting fee, 95% uptime:
 *   energy = 3,645 · 24 · 0.95 / 10⁶ = 0.083106 MWh · (50 · 1.1 + 10) = $5.40189
 * Margin $3.69360 a day: $500 pays back in 135.37 days.
 */
const flat: PaybackPathInputs = {
  hashrate_ths: 270,
  power_w: 3645,
  purchase_price_usd: 500,
  start_height: 840_000,
  start_hashvalue_btc_per_ph_day: 0.0004,
  fees_btc_per_block: 0.02,
  price_usd_per_btc: 90_000,
  power_price_usd_per_mwh: 50,
  pool_fee: 0.015,
  uptime: 0.95,
  pue: 1.1,
  hosting_fee_usd_per_mwh: 10,
  difficulty_growth_per_year: 0,
  horizon_days: 200,
};
const btcDay = 0.27 * 0.0004 * 0.985 * 0.95;
const energyDay = ((3645 * 24 * 0.95) / 1e6) * (50 * 1.1 + 10);
const marginDay = btcDay * 90_000 - energyDay;

describe('payback path with every fee', () => {
  it('pool fee, uptime, PUE and hosting fee enter the daily margin as the formulas say', () => {
    const p = paybackPath(flat);
    expect(marginDay).toBeCloseTo(3.6936, 4);
    expect(p.first_day_margin_usd).toBeCloseTo(marginDay, 10);
    expect(p.payback_days).toBeCloseTo(500 / marginDay, 8); // 135.37 days
    // The payback day's BTC: every whole day up to and including day 136.
    expect(p.btc_mined_to_payback).toBeCloseTo(Math.ceil(500 / marginDay) * btcDay, 12);
    expect(p.cumulative_margin_usd_at_horizon).toBeCloseTo(200 * marginDay, 8);
    expect([p.margin_negative_from_day, p.days_off, p.horizon_days]).toEqual([null, 0, 200]);
  });

  it('a payback landing exactly on a day boundary, and one never reached', () => {
    expect(paybackPath({ ...flat, purchase_price_usd: 10 * marginDay }).payback_days).toBeCloseTo(10, 9);
    const never = paybackPath({ ...flat, purchase_price_usd: 1e6 });
    expect([never.payback_days, never.btc_mined_to_payback]).toEqual([null, null]);
  });

  it('a day whose margin is exactly zero is a day off', () => {
    // Uptime 0: nothing mined, nothing drawn, a margin of exactly $0 every day.
    const idle = paybackPath({ ...flat, uptime: 0, horizon_days: 5 });
    expect([idle.first_day_margin_usd, idle.days_off, idle.margin_negative_from_day, idle.payback_days]).toEqual([0, 5, 0, null]);
  });

  it('the next halving is reported only when the path reaches it', () => {
    // From 1,049,856 the halving at 1,050,000 is 144 blocks, one day, away.
    expect(paybackPath({ ...flat, start_height: 1_049_856, horizon_days: 2 })).toMatchObject({ next_halving_height: 1_050_000, next_halving_day: 1 });
    expect(paybackPath({ ...flat, start_height: 1_049_856, horizon_days: 1 }).next_halving_day).toBeNull();
  });

  it('names a start height or horizon out of range, and accepts their limits', () => {
    const path = (change: Partial<PaybackPathInputs>): string | undefined =>
      (catchAppError(() => paybackPath({ ...flat, ...change })) as ValidationError).issues[0]?.path;
    expect(path({ start_height: -1 })).toBe('start_height');
    expect(path({ start_height: 1.5 })).toBe('start_height');
    expect(path({ start_height: MAX_START_HEIGHT + 1 })).toBe('start_height');
    expect(path({ horizon_days: 0 })).toBe('horizon_days');
    expect(path({ horizon_days: 36_501 })).toBe('horizon_days');
    expect(path({ horizon_days: 2.5 })).toBe('horizon_days');
    expect(paybackPath({ ...flat, start_height: MAX_START_HEIGHT, horizon_days: 1 }).horizon_days).toBe(1);
    expect(paybackPath({ ...flat, start_height: 0, horizon_days: 1 }).next_halving_height).toBe(210_000);
    expect(paybackPath({ ...flat, horizon_days: 36_500 }).horizon_days).toBe(36_500); // a century, the longest horizon
  });
});

describe('estimated chain height', () => {
  it('projects 144 blocks a day from the 2024 halving, never below 0', () => {
    expect(estimateHeightAt(HEIGHT_ANCHOR.date)).toBe(840_000);
    expect(estimateHeightAt('2024-04-21')).toBe(840_144);
    expect(estimateHeightAt('2024-04-19')).toBe(839_856);
    expect(estimateHeightAt('2000-01-01')).toBe(0);
    expect(estimateHeightAt('2025-01-01', { date: '2024-12-31', height: 10 })).toBe(154);
  });
});
