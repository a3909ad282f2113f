import { describe, expect, it } from 'vitest';
import {
  efficiencyJth,
  energyKwh,
  energyMwh,
  HOURS_PER_DAY,
  kwhPerThsDay,
  kwToW,
  mwToW,
  SECONDS_PER_HOUR,
  usdPerKwhToUsdPerMwh,
  usdPerMwhToUsdPerKwh,
  wToKw,
  wToMw,
} from './energy.js';
import * as H from './hashrate.js';

describe('energy and power', () => {
  it('converts W, kW, MW and USD per kWh/MWh by powers of ten', () => {
    expect([wToMw(3_645_000), mwToW(2.5), wToKw(3645), kwToW(3.645)]).toEqual([3.645, 2_500_000, 3.645, 3645]);
    expect([usdPerMwhToUsdPerKwh(50), usdPerKwhToUsdPerMwh(0.05)]).toEqual([0.05, 50]);
    expect([SECONDS_PER_HOUR, HOURS_PER_DAY]).toEqual([3600, 24]);
  });

  it('an S21 XP (3,645 W, 270 TH/s) uses 87.48 kWh a day: 13.5 J/TH · 0.024 · 270', () => {
    expect(energyKwh(3645, 24)).toBeCloseTo(87.48, 12);
    expect(energyMwh(3645, 24)).toBeCloseTo(0.08748, 14);
    expect(efficiencyJth(3645, 270)).toBe(13.5);
    expect(kwhPerThsDay(13.5)).toBeCloseTo(0.324, 14);
    expect(kwhPerThsDay(13.5) * 270).toBeCloseTo(energyKwh(3645, 24), 12);
    for (const bad of [0, -1, NaN]) expect(() => efficiencyJth(3645, bad)).toThrow(RangeError);
  });
});

describe('hashrate units', () => {
  it('TH, PH and EH are 10¹², 10¹⁵ and 10¹⁸ H/s; firmware GH/s and MH/s are 10⁻³ and 10⁻⁶ TH/s', () => {
    expect([H.H_PER_TH, H.TH_PER_PH, H.TH_PER_EH, H.GH_PER_TH, H.MH_PER_TH]).toEqual([1e12, 1e3, 1e6, 1e3, 1e6]);
    // 1,090 EH/s, the network at 152.27 T, in every unit.
    expect(H.ehsToHs(1090)).toBe(1.09e21);
    expect(H.hsToEhs(1.09e21)).toBe(1090);
    expect(H.ehsToThs(1090)).toBe(1.09e9);
    expect(H.thsToEhs(1.09e9)).toBe(1090);
    expect(H.ehsToPhs(1090)).toBe(1.09e6);
    expect(H.hsToThs(2.7e14)).toBe(270);
    expect(H.thsToHs(270)).toBe(2.7e14);
    expect(H.thsToPhs(270)).toBe(0.27);
    expect(H.phsToThs(0.27)).toBe(270);
    expect(H.ghsToThs(270_000)).toBe(270);
    expect(H.thsToGhs(270)).toBe(270_000);
    expect(H.mhsToThs(270_000_000)).toBe(270);
    expect(H.thsToMhs(270)).toBe(270_000_000);
  });
});
