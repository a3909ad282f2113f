/**
 * What the whole network draws, per day, from its hashrate and the installed base's efficiency
 * band (./installed-base.ts). Pure.
 *
 *   power (GW)          = H [EH/s] · 10⁶ TH/EH · e [J/TH = W per TH/s] · PUE / 10⁹ W/GW
 *                       = H · e · PUE / 1,000
 *   energy (TWh/yr)     = power [GW] · 8,766 h / 1,000      (a year of 365.25 days, run flat out)
 * for each of lower (e_lower, PUE_lower), best (e_best, PUE_best) and upper (e_upper, PUE_upper); the
 * PUEs are ordered like the efficiencies, so the power band is ordered too.
 * e.g. 1,000 EH/s at 20 J/TH and PUE 1.1 → 22 GW → 192.9 TWh/yr.
 */
import { TH_PER_EH } from '../units/hashrate.js';
import type { InstalledBase, InstalledBaseDay, PueBand } from './installed-base.js';

/** Hours in the year the annualised energy assumes (365.25 days). */
export const HOURS_PER_YEAR = 8_766;
const W_PER_GW = 1e9;

/** Power (GW) of `hashrate_ehs` at `efficiency_jth` and `pue`. */
export function networkPowerGw(hashrate_ehs: number, efficiency_jth: number, pue: number): number {
  return (hashrate_ehs * TH_PER_EH * efficiency_jth * pue) / W_PER_GW;
}

/** Energy (TWh) a constant `power_gw` uses in a year of HOURS_PER_YEAR. */
export const annualEnergyTwh = (power_gw: number): number => (power_gw * HOURS_PER_YEAR) / 1e3;

/** A day of the installed base (its band, without the mix) with the power and energy it implies. */
export interface NetworkPowerDay extends Omit<InstalledBaseDay, 'shares'> {
  power_lower_gw: number | null;
  power_best_gw: number | null;
  power_upper_gw: number | null;
  energy_lower_twh_per_year: number | null;
  energy_best_twh_per_year: number | null;
  energy_upper_twh_per_year: number | null;
}

export function networkPower(base: InstalledBase, pue: PueBand): NetworkPowerDay[] {
  return base.days.map((d) => {
    const H = d.network_hashrate_ehs;
    const gw = (e: number | null, f: number): number | null => (H === null || e === null ? null : networkPowerGw(H, e, f));
    const lower = gw(d.efficiency_lower_jth, pue.lower);
    const best = gw(d.efficiency_best_jth, pue.best);
    const upper = gw(d.efficiency_upper_jth, pue.upper);
    const twh = (p: number | null): number | null => (p === null ? null : annualEnergyTwh(p));
    const { shares: _, ...band } = d;
    return {
      ...band,
      power_lower_gw: lower,
      power_best_gw: best,
      power_upper_gw: upper,
      energy_lower_twh_per_year: twh(lower),
      energy_best_twh_per_year: twh(best),
      energy_upper_twh_per_year: twh(upper),
    };
  });
}
