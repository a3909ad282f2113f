/**
 * ASIC model and operating-profile types. A model carries its stock (nameplate) point; profiles
 * are the operating points firmware can run it at (underclocked, stock, overclocked).
 */

export type Cooling = 'air' | 'hydro' | 'immersion';

/**
 * Where a catalog row came from: a `data/SOURCES.md` tag (`sourced`: that file's per-row table, each
 * row naming the page it was read from) or `user` for a spec file's own model.
 */
export type ModelSource = 'nominal' | 'sourced' | 'btcbess-8' | 'mining-data-2020-03' | 'user';

export interface AsicModel {
  /** Stable slug, e.g. `antminer-s21-xp`. */
  id: string;
  manufacturer: string;
  /** Display name, e.g. `Antminer S21 XP`. */
  model: string;
  /** Stock hashrate (TH/s). */
  hashrate_ths: number;
  /** Stock wall power (W). */
  power_w: number;
  /** Stock efficiency (J/TH) = power_w / hashrate_ths. */
  efficiency_jth: number;
  cooling: Cooling;
  /** Year-month of general availability, `YYYY-MM`; RELEASE_UNSTATED when no source states it (models dated by release skip those). */
  released: string;
  source: ModelSource;
  /** Measured operating points that replace the derived ones (from a user's spec). */
  measured_profiles?: OperatingProfile[];
}

export interface OperatingProfile {
  /** `stock`, `underclock-70`, `overclock-110`, or a user's own name. */
  name: string;
  /** Chip frequency relative to stock (1 = stock); null for measured points with no stated frequency. */
  relative_frequency: number | null;
  hashrate_ths: number;
  power_w: number;
  efficiency_jth: number;
  /** `model` when derived from the physical model (profiles.ts), `measured` when supplied by a user. */
  origin: 'model' | 'measured';
}

/** `released` of a model whose release month no source states. */
export const RELEASE_UNSTATED = '0000-00';

/** Whether a model's release month is known: a model of unknown date cannot be placed on a timeline (frontier, installed base). */
export function hasStatedRelease(m: Pick<AsicModel, 'released'>): boolean {
  return m.released !== RELEASE_UNSTATED;
}
