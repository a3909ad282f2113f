/**
 * From a validated fleet (src/config/fleet-spec.ts) to a DispatchProblem: one machine group per
 * lot, in lot order (group g is `lots[g]`, recorded as `lot`), its id `site/model-id` (`#2`, `#3`…
 * for further lots of the same model at the same site), its profiles those of the lot's model
 * (src/hardware/profiles.ts). The baseline runs every lot
 * at the model's nameplate `stock` profile whatever profile the lot's spec names (issue #4: "stock
 * 24/7 up to the cap"; the spec's profile is what `fleet report` prices): a model whose measured
 * profiles include no `stock` gets its catalog nameplate point added as `stock`. The planner may
 * choose any profile. Overclock wear: the caller's rate, else the spec's, else
 * DEFAULT_OVERCLOCK_WEAR_USD_PER_TH_HOUR (problem.ts), so a fleet's overclock is never free unless
 * a rate of 0 says so. A site's `ambient_temp_c` derates its air-cooled lots' hashrate at every
 * profile (src/hardware/ambient.ts). Pure: prices, hashprice and events arrive as arrays already
 * aligned to the problem's hours. Each site's hourly price is its contract's marginal price
 * (src/economics/power-contract.ts: marginalPrices): a fixed price without resale every hour, the
 * index less the resale fee with resale, the index plus adders for an index contract, the hedge
 * mix for a hedged one; the planner bills plan and baseline under the contract itself.
 */
import type { Fleet } from '../economics/fleet.js';
import { contractIndex, marginalPrices } from '../economics/power-contract.js';
import { ambientDerate } from '../hardware/ambient.js';
import { profilesOf } from '../hardware/profiles.js';
import { DEFAULT_OVERCLOCK_WEAR_USD_PER_TH_HOUR, type DemandResponseEvent, type DispatchProblem, type SwitchingRules } from './problem.js';

export interface FleetProblemInputs {
  start_unix_s: number;
  hours: number;
  /** Hourly index price per site, in the fleet's site order (USD/MWh); not read for a site whose contract reads no index. */
  prices_usd_per_mwh: readonly Float64Array[];
  hashprice_usd_per_ph_day: Float64Array;
  price_usd_per_btc?: Float64Array | undefined;
  events?: readonly DemandResponseEvent[];
  /** Overrides the spec's `switching` field by field (a flag or an API field beats the spec). */
  switching?: Partial<SwitchingRules> | undefined;
  /** Overrides the spec's overclock_wear_usd_per_th_hour (USD per TH/s·h over stock). */
  overclock_wear_usd_per_th_hour?: number | undefined;
}

/** The spec's switching rules with the caller's overrides; undefined when neither sets any. */
export function switchingRules(fromSpec: Fleet['switching'], overrides: Partial<SwitchingRules> | undefined): SwitchingRules | undefined {
  const set = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined)) as Partial<SwitchingRules>;
  if (!fromSpec && Object.keys(set).length === 0) return undefined;
  return { cost_usd_per_change: 0, ...fromSpec, ...set };
}

export function fleetDispatchProblem(fleet: Fleet, inp: FleetProblemInputs): DispatchProblem {
  const siteIndex = new Map(fleet.sites.map((s, i) => [s.id, i]));
  const seen = new Map<string, number>();
  const groups = fleet.lots.map((lot, lotIndex) => {
    // A hot site's air-cooled machines hash less at every profile (src/hardware/ambient.ts).
    const d = ambientDerate(lot.model.cooling, fleet.sites.find((s) => s.id === lot.site)?.ambient_temp_c);
    const profiles = profilesOf(lot.model).map((p) => ({ name: p.name, hashrate_ths: d * p.hashrate_ths, power_w: p.power_w }));
    let stock = profiles.findIndex((p) => p.name === 'stock');
    if (stock < 0) {
      profiles.push({ name: 'stock', hashrate_ths: d * lot.model.hashrate_ths, power_w: lot.model.power_w });
      stock = profiles.length - 1;
    }
    const base = `${lot.site}/${lot.model.id}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { id: n > 1 ? `${base}#${n}` : base, lot: lotIndex, model: lot.model.id, site: siteIndex.get(lot.site) ?? -1, machines: lot.count, profiles, stock };
  });
  return {
    start_unix_s: inp.start_unix_s,
    hours: inp.hours,
    hashprice_usd_per_ph_day: inp.hashprice_usd_per_ph_day,
    pool_fee: fleet.company.pool_fee_pct / 100,
    price_usd_per_btc: inp.price_usd_per_btc,
    sites: fleet.sites.map((s, i) => {
      const index = contractIndex(s.contract) ? (inp.prices_usd_per_mwh[i] ?? new Float64Array(0)) : undefined;
      return {
        id: s.id,
        cap_mw: s.capacity_mw,
        pue: s.pue,
        price_usd_per_mwh: marginalPrices(s.contract, { start_unix_s: inp.start_unix_s, hours: inp.hours, index_usd_per_mwh: index, time_zone: s.timezone }),
        adder_usd_per_mwh: s.hosting_fee_usd_per_mwh,
        time_zone: s.timezone,
        contract: { contract: s.contract, index_usd_per_mwh: index },
      };
    }),
    groups,
    events: inp.events ?? [],
    switching: switchingRules(fleet.switching, inp.switching),
    overclock_wear_usd_per_th_hour: inp.overclock_wear_usd_per_th_hour ?? fleet.overclock_wear_usd_per_th_hour ?? DEFAULT_OVERCLOCK_WEAR_USD_PER_TH_HOUR,
  };
}
