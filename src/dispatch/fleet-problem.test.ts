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
});
