/**
 * Power, energy and price-of-energy conversions. Names carry units:
 * `power_w`, `power_mw`, `energy_kwh`, `energy_mwh`, `price_usd_per_kwh`, `price_usd_per_mwh`,
 * `efficiency_jth` (J/TH = W per TH/s).
 * Functions, not arrow constants: nothing is built at import time, and each body is mutation-tested.
 */
export const SECONDS_PER_HOUR = 3_600;
export const HOURS_PER_DAY = 24;

export function wToMw(power_w: number): number {
  return power_w / 1e6;
}
export function mwToW(power_mw: number): number {
  return power_mw * 1e6;
}
export function wToKw(power_w: number): number {
  return power_w / 1e3;
}
export function kwToW(power_kw: number): number {
  return power_kw * 1e3;
}
export function usdPerMwhToUsdPerKwh(price_usd_per_mwh: number): number {
  return price_usd_per_mwh / 1e3;
}
export function usdPerKwhToUsdPerMwh(price_usd_per_kwh: number): number {
  return price_usd_per_kwh * 1e3;
}

/** Energy (kWh) drawn at `power_w` for `hours`. */
export function energyKwh(power_w: number, hours: number): number {
  return (power_w * hours) / 1e3;
}
/** Energy (MWh) drawn at `power_w` for `hours`. */
export function energyMwh(power_w: number, hours: number): number {
  return (power_w * hours) / 1e6;
}

/** Efficiency (J/TH) = power (W) / hashrate (TH/s). */
export function efficiencyJth(power_w: number, hashrate_ths: number): number {
  if (!(hashrate_ths > 0)) throw new RangeError(`hashrate_ths must be > 0, got ${hashrate_ths}`);
  return power_w / hashrate_ths;
}

/** Energy per TH/s per day (kWh) = e · 86,400 J / 3.6e6 J/kWh = 0.024 · e. */
export function kwhPerThsDay(efficiency_jth: number): number {
  return efficiency_jth * 0.024;
}
