/**
 * Power, energy and price-of-energy conversions. Names carry units:
 * `power_w`, `power_mw`, `energy_kwh`, `energy_mwh`, `price_usd_per_kwh`, `price_usd_per_mwh`,
 * `efficiency_jth` (J/TH = W per TH/s).
 */
export const SECONDS_PER_HOUR = 3_600;
export const HOURS_PER_DAY = 24;

export const wToMw = (power_w: number): number => power_w / 1e6;
export const mwToW = (power_mw: number): number => power_mw * 1e6;
export const wToKw = (power_w: number): number => power_w / 1e3;
export const kwToW = (power_kw: number): number => power_kw * 1e3;
export const usdPerMwhToUsdPerKwh = (price_usd_per_mwh: number): number => price_usd_per_mwh / 1e3;
export const usdPerKwhToUsdPerMwh = (price_usd_per_kwh: number): number => price_usd_per_kwh * 1e3;

/** Energy (kWh) drawn at `power_w` for `hours`. */
export const energyKwh = (power_w: number, hours: number): number => (power_w * hours) / 1e3;
/** Energy (MWh) drawn at `power_w` for `hours`. */
export const energyMwh = (power_w: number, hours: number): number => (power_w * hours) / 1e6;

/** Efficiency (J/TH) = power (W) / hashrate (TH/s). */
export function efficiencyJth(power_w: number, hashrate_ths: number): number {
  if (!(hashrate_ths > 0)) throw new RangeError(`hashrate_ths must be > 0, got ${hashrate_ths}`);
  return power_w / hashrate_ths;
}

/** Energy per TH/s per day (kWh) = e · 86,400 J / 3.6e6 J/kWh = 0.024 · e. */
export const kwhPerThsDay = (efficiency_jth: number): number => efficiency_jth * 0.024;
