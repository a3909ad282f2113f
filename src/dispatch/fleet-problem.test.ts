import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleetSpecText } from '../config/fleet-spec.js';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { fleetDispatchProblem } from './fleet-problem.js';
import { planDispatch } from './plan.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
const r = parseFleetSpecText(readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8'), catalog);
if (!r.ok) throw new Error(JSON.stringify(r.errors));
const fleet = r.value;

describe('fleetDispatchProblem', () => {
  it('runs the baseline at the nameplate stock profile even where the lot is configured underclocked, and leaves every profile to the planner', () => {
    const hours = 2;
    const p = fleetDispatchProblem(fleet, {
      start_unix_s: 1_704_067_200,
      hours,
      prices_usd_per_mwh: fleet.sites.map(() => new Float64Array(hours).fill(-20)),
      hashprice_usd_per_ph_day: new Float64Array(hours).fill(50),
    });
    const north = p.groups.find((g) => g.id === 'tx-north/antminer-s19j-pro')!;
    expect(fleet.lots[2]!.profile.name).toBe('underclock-90'); // the spec's choice, still used by `fleet report`
    expect(north.profiles.map((x) => x.name)).toEqual([
      'underclock-60',
      'underclock-70',
      'underclock-80',
      'underclock-90',
      'stock',
      'overclock-110',
      'overclock-120',
    ]);
    // Catalog nameplate: Antminer S19j Pro 104 TH/s at 3,068 W.
    expect(north.profiles[north.stock]).toEqual({ name: 'stock', hashrate_ths: 104, power_w: 3068 });
    expect(p.groups.every((g) => g.profiles[g.stock]!.name === 'stock')).toBe(true);
    // tx-north: 60 MW cap, PUE 1.1 → 15,000 × 3,068 W × 1.1 = 50.62 MW at stock, under the cap, so
    // the baseline hashes 15,000 × 104 TH/s = 1.56 EH/s there; at −$20/MWh + $20 hosting power is free,
    // so the planner overclocks as far as the cap allows.
    const plan = planDispatch({ ...p, sites: [p.sites[1]!], groups: [{ ...north, site: 0 }] });
    expect(plan.baseline.hashrate_ths_hours / hours).toBeCloseTo(15_000 * 104, 6);
    expect(plan.totals.hashrate_ths_hours / hours).toBeGreaterThan(15_000 * 104);
  });

  it('charges the default overclock wear unless the spec or the caller sets a rate', () => {
    const inputs = {
      start_unix_s: 0,
      hours: 1,
      prices_usd_per_mwh: fleet.sites.map(() => new Float64Array(1)),
      hashprice_usd_per_ph_day: new Float64Array(1).fill(50),
    };
    expect(fleetDispatchProblem(fleet, inputs).overclock_wear_usd_per_th_hour).toBe(0.0003);
    expect(fleetDispatchProblem({ ...fleet, overclock_wear_usd_per_th_hour: 0.001 }, inputs).overclock_wear_usd_per_th_hour).toBe(0.001);
    expect(
      fleetDispatchProblem({ ...fleet, overclock_wear_usd_per_th_hour: 0.001 }, { ...inputs, overclock_wear_usd_per_th_hour: 0 })
        .overclock_wear_usd_per_th_hour,
    ).toBe(0);
  });

  it("derates a hot site's air-cooled lots by 440/490 above 40 °C and shuts them down above 47 °C; hydro lots keep their hashrate", () => {
    const inputs = {
      start_unix_s: 0,
      hours: 1,
      prices_usd_per_mwh: fleet.sites.map(() => new Float64Array(1)),
      hashprice_usd_per_ph_day: new Float64Array(1).fill(50),
    };
    const at = (c: number) => fleetDispatchProblem({ ...fleet, sites: fleet.sites.map((s) => ({ ...s, ambient_temp_c: c })) }, inputs);
    const stockOf = (p: ReturnType<typeof at>, id: string) => p.groups.find((g) => g.id === id)!.profiles.find((x) => x.name === 'stock')!;
    // Antminer S21 (air) 200 TH/s at 3,500 W; S21 Hydro 335 TH/s.
    expect(stockOf(at(40), 'tx-west/antminer-s21')).toEqual({ name: 'stock', hashrate_ths: 200, power_w: 3500 });
    expect(stockOf(at(45), 'tx-west/antminer-s21').hashrate_ths).toBeCloseTo((200 * 440) / 490, 9); // 179.59 TH/s
    expect(stockOf(at(45), 'tx-west/antminer-s21').power_w).toBe(3500);
    expect(stockOf(at(48), 'tx-west/antminer-s21').hashrate_ths).toBe(0);
    expect(stockOf(at(48), 'tx-south/antminer-s21-hydro').hashrate_ths).toBe(335);
  });
});
