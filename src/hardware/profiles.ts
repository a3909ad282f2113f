/**
 * Operating profiles from a physical model of a CMOS hashing board, used where no measured
 * profiles are supplied.
 *
 * With x = f / f₀ the chip frequency relative to stock (stock point: hashrate H₀ TH/s, power P₀ W):
 *   hashrate  H(x) = H₀ · x                                   (hashes per clock are fixed)
 *   voltage   v(x) = max(v_floor, 1 + k · (x − 1))            (relative to stock voltage; the
 *                    firmware lowers voltage with frequency down to the chips' stable floor — the knee)
 *   power     P(x) = P₀ · (s + (1 − s) · x · v(x)²)           (dynamic CMOS power ∝ f·V², plus a
 *                    share s of static leakage, fans and PSU overhead that does not scale)
 *   efficiency e(x) = P(x) / H(x) = e₀ · (s / x + (1 − s) · v(x)²)   (J/TH)
 *
 * Defaults: k = 0.5 (voltage falls 5% per 10% of frequency), s = 0.10, v_floor = 0.80 (reached at
 * x = 0.6). With these, a 70% underclock gives ≈ 79% of stock J/TH and a 120% overclock ≈ 117%,
 * in line with what Braiins OS / LuxOS autotuning reports for S19/S21-class machines (−15…−25%
 * J/TH when throttled to 60–70% hashrate). Valid for 0.6 ≤ x ≤ 1.2: below it the voltage floor
 * and fixed power make J/TH worse again, above it thermal limits and chip yield dominate; the
 * functions reject x outside that range. Measured profiles from a user's spec replace the model.
 */
import type { AsicModel, OperatingProfile } from './model.js';

export interface FrequencyModelParams {
  /** Relative voltage change per relative frequency change above the knee. */
  voltage_slope: number;
  /** Share of stock power that does not scale with frequency (static, fans, PSU). */
  static_power_share: number;
  /** Lowest relative voltage the chips run stably at. */
  voltage_floor: number;
}

export const DEFAULT_FREQUENCY_MODEL: FrequencyModelParams = { voltage_slope: 0.5, static_power_share: 0.1, voltage_floor: 0.8 };
export const MIN_RELATIVE_FREQUENCY = 0.6;
export const MAX_RELATIVE_FREQUENCY = 1.2;
/** Relative frequencies the catalog offers as named profiles. */
export const DEFAULT_PROFILE_FREQUENCIES = [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2] as const;

export function profileName(relative_frequency: number): string {
  const pct = Math.round(relative_frequency * 100);
  if (pct === 100) return 'stock';
  return pct < 100 ? `underclock-${pct}` : `overclock-${pct}`;
}

/** The operating point of `model` at relative frequency x (see the module comment for the formula). */
export function modelProfile(
  model: Pick<AsicModel, 'hashrate_ths' | 'power_w'>,
  x: number,
  p: FrequencyModelParams = DEFAULT_FREQUENCY_MODEL,
): OperatingProfile {
  if (!(x >= MIN_RELATIVE_FREQUENCY - 1e-9 && x <= MAX_RELATIVE_FREQUENCY + 1e-9)) {
    throw new RangeError(`relative frequency must be within ${MIN_RELATIVE_FREQUENCY}–${MAX_RELATIVE_FREQUENCY} of stock, got ${x}`);
  }
  const v = Math.max(p.voltage_floor, 1 + p.voltage_slope * (x - 1));
  const hashrate_ths = model.hashrate_ths * x;
  const power_w = model.power_w * (p.static_power_share + (1 - p.static_power_share) * x * v * v);
  return { name: profileName(x), relative_frequency: x, hashrate_ths, power_w, efficiency_jth: power_w / hashrate_ths, origin: 'model' };
}

/**
 * The profiles of a model, ascending by power: its measured profiles when it has any (they override
 * the physical model entirely), else the modelled points at DEFAULT_PROFILE_FREQUENCIES.
 */
export function profilesOf(model: AsicModel, p: FrequencyModelParams = DEFAULT_FREQUENCY_MODEL): OperatingProfile[] {
  const list = model.measured_profiles?.length ? [...model.measured_profiles] : DEFAULT_PROFILE_FREQUENCIES.map((x) => modelProfile(model, x, p));
  return list.sort((a, b) => a.power_w - b.power_w);
}

/** The named profile of a model; undefined when it has none by that name. */
export function findProfile(model: AsicModel, name: string): OperatingProfile | undefined {
  return profilesOf(model).find((pr) => pr.name === name);
}
