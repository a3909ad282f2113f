import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakevenPowerPriceUsdPerMwh, energyHashcostUsdPerPhDay, machineDay, type MachineDayInputs } from './machine.js';
import { meanSubsidyBtc, paybackPath, type PaybackPathInputs } from './payback.js';
import { ValidationError } from '../errors.js';
import { catchAppError } from '../../test/helpers/catch-error.js';

// Antminer S21 XP nameplate: 270 TH/s, 3,645 W → 13.5 J/TH.
const s21xp: MachineDayInputs = {
  hashrate_ths: 270,
  power_w: 3645,
  hashprice_usd_per_ph_day: 35.06,
  price_usd_per_btc: 87_000,
  power_price_usd_per_mwh: 50,
  pool_fee: 0,
  uptime: 1,
  pue: 1,
  hosting_fee_usd_per_mwh: 0,
};

describe('machine economics, worked examples', () => {
  it('13.5 J/TH at $35.06/PH/day, PUE 1, no pool fee breaks even at 35.06 / (0.024 · 13.5) ≈ $108.2/MWh', () => {
    expect(breakevenPowerPriceUsdPerMwh(35.06, 13.5)).toBeCloseTo(35.06 / 0.324, 10); // $108.2099/MWh
    expect(machineDay(s21xp).breakeven_power_price_usd_per_mwh).toBeCloseTo(35.06 / 0.324, 10);
  });

  it('20 J/TH at $0.05/kWh costs 0.024 · 20 · 50 = $24/PH/day in energy', () => {
    expect(energyHashcostUsdPerPhDay(20, 50)).toBeCloseTo(24, 10);
  });

  it('S21 XP at $50/MWh: revenue 0.27 · 35.06 = $9.466, energy 0.08748 MWh · 50 = $4.374, margin $5.092', () => {
    const d = machineDay({ ...s21xp, purchase_price_usd: 5000 });
    expect(d.revenue_usd_per_day).toBeCloseTo(9.4662, 10);
    expect(d.energy_mwh_per_day).toBeCloseTo(0.08748, 6);
    expect(d.energy_cost_usd_per_day).toBeCloseTo(4.374, 6);
    expect(d.margin_usd_per_day).toBeCloseTo(5.0922, 10);
    expect(d.hashcost_energy_usd_per_ph_day).toBeCloseTo(16.2, 10); // 0.024 · 13.5 · 50
    expect(d.breakeven_hashprice_usd_per_ph_day).toBeCloseTo(16.2, 10);
    // energy cost per BTC = 87,000 · 16.2 / 35.06 ≈ $40,200
    expect(d.energy_cost_usd_per_btc).toBeCloseTo((87_000 * 16.2) / 35.06, 6);
    expect(d.payback_days).toBeCloseTo(5000 / 5.0922, 8); // ≈ 982 days; the margin above is exact
  });

  it('a 1.5% pool fee, PUE 1.1 and a $10/MWh hosting fee enter as the formulas say', () => {
    const d = machineDay({ ...s21xp, pool_fee: 0.015, pue: 1.1, hosting_fee_usd_per_mwh: 10 });
    expect(d.breakeven_power_price_usd_per_mwh).toBeCloseTo(((35.06 * 0.985) / 0.324 - 10) / 1.1, 8); // ≈ $87.8/MWh
    expect(d.hashcost_energy_usd_per_ph_day).toBeCloseTo(0.324 * (50 * 1.1 + 10), 10);
    // The pool keeps 1.5% of revenue, so the hashprice that covers the $21.06/PH/day energy hashcost
    // is 21.06 / 0.985 = $21.381 (× 0.985 would give $20.744, a loss at that hashprice).
    expect(d.breakeven_hashprice_usd_per_ph_day).toBeCloseTo(21.06 / 0.985, 10);
    expect(d.breakeven_hashprice_usd_per_ph_day).toBeCloseTo(21.3807, 4); // the figure above, rounded as printed
    expect(d.breakeven_price_usd_per_btc).toBeCloseTo((87_000 * 21.06) / 0.985 / 35.06, 6); // ≈ $53,055
    // At the breakeven hashprice the day's margin is zero.
    const be = machineDay({ ...s21xp, pool_fee: 0.015, pue: 1.1, hosting_fee_usd_per_mwh: 10, hashprice_usd_per_ph_day: d.breakeven_hashprice_usd_per_ph_day });
    expect(be.margin_usd_per_day).toBeCloseTo(0, 12);
  });

  it('uptime scales revenue and cost but no breakeven', () => {
    const full = machineDay(s21xp);
    const half = machineDay({ ...s21xp, uptime: 0.5 });
    expect(half.margin_usd_per_day).toBeCloseTo(full.margin_usd_per_day / 2, 10);
    expect(half.breakeven_power_price_usd_per_mwh).toBeCloseTo(full.breakeven_power_price_usd_per_mwh, 10);
  });

  it('rejects out-of-range inputs, naming the field; accepts each limit itself', () => {
    const bad: [Partial<MachineDayInputs>, string][] = [
      [{ hashrate_ths: 0 }, 'hashrate_ths'],
      [{ power_w: -1 }, 'power_w'],
      [{ hashprice_usd_per_ph_day: -0.01 }, 'hashprice_usd_per_ph_day'],
      [{ price_usd_per_btc: 0 }, 'price_usd_per_btc'],
      [{ pool_fee: -0.01 }, 'pool_fee'],
      [{ pool_fee: 1 }, 'pool_fee'],
      [{ uptime: 1.01 }, 'uptime'],
      [{ pue: 0.9 }, 'pue'],
      [{ hosting_fee_usd_per_mwh: 10_001 }, 'hosting_fee_usd_per_mwh'],
      [{ power_price_usd_per_mwh: 10_001 }, 'power_price_usd_per_mwh'],
      [{ power_price_usd_per_mwh: -1001 }, 'power_price_usd_per_mwh'],
      [{ power_price_usd_per_mwh: NaN }, 'power_price_usd_per_mwh'],
    ];
    for (const [change, path] of bad) {
      const e = catchAppError(() => machineDay({ ...s21xp, ...change }));
      expect(e, path).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues.map((i) => i.path)).toEqual([path]);
    }
    for (const ok of [
      { uptime: 0 },
      { uptime: 1 },
      { pue: 1 },
      { pool_fee: 0.99 },
      { power_price_usd_per_mwh: -1000 },
      { power_price_usd_per_mwh: 10_000 },
      { hashprice_usd_per_ph_day: 0 },
    ])
      expect(() => machineDay({ ...s21xp, ...ok })).not.toThrow();
  });

  it('without a BTC price the BTC figures are null; without revenue the shares are; a loss has no payback', () => {
    const noPrice = machineDay({ ...s21xp, price_usd_per_btc: undefined, purchase_price_usd: 5000 });
    expect([noPrice.btc_per_day, noPrice.breakeven_price_usd_per_btc, noPrice.energy_cost_usd_per_btc]).toEqual([null, null, null]);
    expect(noPrice.payback_days).toBeCloseTo(5000 / 5.0922, 8);
    expect(machineDay(s21xp).btc_per_day).toBeCloseTo(9.4662 / 87_000, 15);
    expect(machineDay(s21xp).margin_share).toBeCloseTo(5.0922 / 9.4662, 12);
    const idle = machineDay({ ...s21xp, uptime: 0, purchase_price_usd: 5000 });
    expect([idle.margin_share, idle.payback_days]).toEqual([null, null]);
    // Hashprice 0: no revenue, the BTC price that would break even is unbounded.
    const zero = machineDay({ ...s21xp, hashprice_usd_per_ph_day: 0 });
    expect([zero.margin_share, zero.breakeven_price_usd_per_btc]).toEqual([null, Infinity]);
    const loss = machineDay({ ...s21xp, power_price_usd_per_mwh: 200, purchase_price_usd: 5000 });
    expect(loss.margin_usd_per_day).toBeLessThan(0);
    expect(loss.payback_days).toBeNull();
    // A margin of exactly 0 (no revenue, free power): no payback either.
    expect(machineDay({ ...s21xp, hashprice_usd_per_ph_day: 0, power_price_usd_per_mwh: 0, purchase_price_usd: 1 }).payback_days).toBeNull();
    expect(machineDay({ ...s21xp, purchase_price_usd: undefined }).payback_days).toBeNull();
  });

  it('property: margin falls as the power price rises; breakeven power price gives zero margin', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 5, max: 100, noNaN: true }),
        (p, dp, hp) => {
          const a = machineDay({ ...s21xp, hashprice_usd_per_ph_day: hp, power_price_usd_per_mwh: p });
          const b = machineDay({ ...s21xp, hashprice_usd_per_ph_day: hp, power_price_usd_per_mwh: p + dp });
          expect(b.margin_usd_per_day).toBeLessThan(a.margin_usd_per_day);
          const be = machineDay({ ...s21xp, hashprice_usd_per_ph_day: hp, power_price_usd_per_mwh: a.breakeven_power_price_usd_per_mwh });
          expect(Math.abs(be.margin_usd_per_day)).toBeLessThan(1e-9);
        },
      ),
    );
  });
});

describe('payback along a projected path', () => {
  // Tip at 2025-11-22-like state: height ~925,000, difficulty 152.3 T, fees ~0.02 BTC/block.
  const base: PaybackPathInputs = {
    hashrate_ths: 270,
    power_w: 3645,
    purchase_price_usd: 5000,
    start_height: 925_000,
    start_hashvalue_btc_per_ph_day: ((144 * 1e15 * 600) / (152.3e12 * 2 ** 32)) * 3.145,
    fees_btc_per_block: 0.02,
    price_usd_per_btc: 87_000,
    power_price_usd_per_mwh: 50,
    pool_fee: 0,
    uptime: 1,
    pue: 1,
    hosting_fee_usd_per_mwh: 0,
    difficulty_growth_per_year: 0,
  };

  it('averages the subsidy exactly over a halving day', () => {
    expect(meanSubsidyBtc(1_050_000 - 44, 144)).toBeCloseTo((44 * 3.125 + 100 * 1.5625) / 144, 12);
    expect(meanSubsidyBtc(840_000, 144)).toBe(3.125);
  });

  it('flat difficulty before any halving matches the snapshot payback', () => {
    const p = paybackPath({ ...base, start_height: 840_000, horizon_days: 2000 });
    expect(base.start_hashvalue_btc_per_ph_day).toBeCloseTo(4.154078e-4, 10); // 1.32088e-4 blocks · 3.145 BTC
    // hashvalue: 144 · 270e12 / (152.3e12 · 2^32 / 600) · 3.145 BTC per day
    const btcDay = ((144 * 270e12 * 600) / (152.3e12 * 2 ** 32)) * 3.145;
    const marginDay = btcDay * 87_000 - 4.374;
    expect(p.first_day_margin_usd).toBeCloseTo(marginDay, 8);
    expect(p.payback_days).toBeCloseTo(5000 / marginDay, 6);
  });

  it('the 2028 halving (height 1,050,000) falls inside the path and delays payback', () => {
    const p = paybackPath(base);
    expect(p.next_halving_height).toBe(1_050_000);
    expect(p.next_halving_day).toBe(Math.floor(125_000 / 144)); // day 868
    const noHalving = paybackPath({ ...base, start_height: 840_000 }); // same hashvalue, halving 1,250 days out
    expect(p.payback_days!).toBeGreaterThan(noHalving.payback_days!);
  });

  it('difficulty growth delays payback and can make it never happen', () => {
    const flat = paybackPath(base);
    const grow = paybackPath({ ...base, difficulty_growth_per_year: 0.4 });
    expect(grow.payback_days ?? Infinity).toBeGreaterThan(flat.payback_days!);
    const steep = paybackPath({ ...base, difficulty_growth_per_year: 1.0, power_price_usd_per_mwh: 80 });
    expect(steep.payback_days).toBeNull();
    expect(steep.margin_negative_from_day).not.toBeNull();
  });

  it('switches the machine off while its margin is negative, and back on when it recovers', () => {
    // The audit's case: S21 XP (270 TH/s, 3,645 W) at $35.06/PH/day, BTC $90,000, $50/MWh, tip 978,384,
    // difficulty +25%/yr. The 2028 halving on day 497 turns the margin negative from day 498 for good.
    const xp: PaybackPathInputs = {
      ...base,
      purchase_price_usd: 4000,
      start_height: 978_384,
      start_hashvalue_btc_per_ph_day: 35.06 / 90_000,
      price_usd_per_btc: 90_000,
      difficulty_growth_per_year: 0.25,
    };
    const p = paybackPath(xp);
    expect(p.margin_negative_from_day).toBe(498);
    expect(p.days_off).toBe(3650 - 498);
    // Running it at a loss cost $7,774 by year 10; switched off, what it earned until day 498 stays.
    const untilOff = paybackPath({ ...xp, horizon_days: 498 });
    expect(p.cumulative_margin_usd_at_horizon).toBe(untilOff.cumulative_margin_usd_at_horizon);
    expect(p.cumulative_margin_usd_at_horizon).toBeCloseTo(1884.83, 2); // to the cent (a sum of 498 daily margins)
    // BTC +40%/yr brings the margin back after each halving: it mines again between them and is
    // off for good only after the 2036 halving (height 1,470,000, day 3,414); off days are counted.
    const back = paybackPath({ ...xp, price_growth_per_year: 0.4 });
    expect(back.margin_negative_from_day).toBe(3414);
    expect(back.days_off).toBeGreaterThan(0);
    expect(back.days_off).toBeLessThan(3650 - 498);
  });
});
