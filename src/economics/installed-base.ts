/**
 * The network's installed base of hardware, day by day, from the catalog alone: the efficiency
 * band of CBECI's threshold method and a vintage model for the best guess. Pure; docs/network.md
 * states every parameter and its sensitivity.
 *
 * A model is available from the first day of its `released` month. On a day, a model of
 * efficiency e (J/TH) breaks even at the power price
 *   b(e) = h̄ · (1 − pool fee) / (0.024 · e · PUE_best)      (USD/MWh; economics/machine.ts)
 * where h̄ is the mean hashprice (USD/PH/day) of the trailing `hashprice_window_days` days (the day
 * included), so one day's fee spike does not look like a profitable quarter. The model is under
 * water at the threshold price p* when b(e) < p*; its streak counts the consecutive days it has
 * been so (a day without a hashprice leaves the streak as it was).
 *
 *   lower bound (J/TH) = min e over the models available that day (the efficient frontier)
 *   upper bound (J/TH) = max e over the models available whose streak is below the retirement
 *                        age (still profitable at p*, with the same grace the vintages get), and
 *                        the frontier models, which never retire
 *   best guess  (J/TH) = Σ_m I_m · e_m / Σ_m I_m, I_m the installed hashrate of model m:
 *     added each day:    g_t = max(0, (H_t − H_{t−w}) / w)   (EH/s per day, w = growth window)
 *                        — on the first day with a model and a hashrate, the whole H_t —
 *                        spread over the models released in the last `vintage_window_months`
 *                        months by manufacturer weight (each manufacturer's weight split evenly
 *                        over its models there; weights of absent manufacturers left out), or, when
 *                        none is eligible, onto the frontier;
 *     retired:           a model whose streak reaches `retire_after_days` loses all its vintages
 *                        and receives no more (permanently); frontier models are exempt.
 * Every vintage of a model shares its breakeven, so vintages retire together: I_m per model is the
 * exact state. Σ I_m is only a composition — network power scales the mix to the day's hashrate.
 *
 * By construction lower ≤ best ≤ upper: every installed model is available (≥ the frontier) and
 * none has reached the retirement age (≤ the upper bound's set).
 */
import { ValidationError } from '../errors.js';
import { hasStatedRelease, type AsicModel } from '../hardware/model.js';
import { dayNumber } from '../units/time.js';
import { breakevenPowerPriceUsdPerMwh } from './machine.js';

export interface NetworkDayInput {
  date: string;
  /** D · 2^32 / 600 s (EH/s); null when the day has no difficulty. */
  network_hashrate_ehs: number | null;
  hashprice_usd_per_ph_day: number | null;
}

export interface PueBand {
  lower: number;
  best: number;
  upper: number;
}

export interface InstalledBaseParams {
  /** p*: a model is profitable on a day when its breakeven power price is at least this (USD/MWh). */
  threshold_power_price_usd_per_mwh: number;
  /** Days of hashprice averaged for the breakeven (trailing, the day included). */
  hashprice_window_days: number;
  /** Share of revenue the pool keeps, in the breakeven. */
  pool_fee: number;
  /** Site power / machine power: `best` in the breakeven and the best guess, the bounds with their own. */
  pue: PueBand;
  /** w: days over which growth is averaged. */
  growth_window_days: number;
  /** Models released this many months back (the release month counts as the first) receive new hashrate. */
  vintage_window_months: number;
  /** Consecutive days under water at p* after which a model's vintages retire. */
  retire_after_days: number;
  /** Share of new hashrate per manufacturer (as the catalog spells it); `other` covers every manufacturer not named. */
  manufacturer_weights: Readonly<Record<string, number>>;
  other_manufacturers_weight: number;
}

export const DEFAULT_INSTALLED_BASE_PARAMS: InstalledBaseParams = {
  threshold_power_price_usd_per_mwh: 50,
  hashprice_window_days: 30,
  pool_fee: 0.02,
  pue: { lower: 1.02, best: 1.1, upper: 1.2 },
  growth_window_days: 30,
  vintage_window_months: 12,
  retire_after_days: 90,
  manufacturer_weights: { Bitmain: 0.6, MicroBT: 0.3, Canaan: 0.05 },
  other_manufacturers_weight: 0.05,
};

export interface InstalledBaseDay {
  date: string;
  network_hashrate_ehs: number | null;
  hashprice_usd_per_ph_day: number | null;
  /** Null before the first catalog model is available. */
  efficiency_lower_jth: number | null;
  /** Null until a day with a model and a hashrate. */
  efficiency_best_jth: number | null;
  efficiency_upper_jth: number | null;
  lower_model: string | null;
  upper_model: string | null;
  /** Installed hashrate share per model, aligned with InstalledBase.models; null while efficiency_best_jth is. */
  shares: Float64Array | null;
}

export interface InstalledBase {
  models: readonly AsicModel[];
  days: InstalledBaseDay[];
}

/** Throws a ValidationError naming the first parameter out of its range. */
export function checkInstalledBaseParams(p: InstalledBaseParams): void {
  const bad = (field: string, rule: string, v: unknown): never => {
    throw ValidationError.field(field, `must be ${rule}, got ${String(v)}`);
  };
  const wholeDays = (field: string, v: number, min: number) => (Number.isSafeInteger(v) && v >= min ? undefined : bad(field, `a whole number ≥ ${min}`, v));
  if (!Number.isFinite(p.threshold_power_price_usd_per_mwh) || p.threshold_power_price_usd_per_mwh <= 0)
    bad('threshold_power_price_usd_per_mwh', 'a number > 0 (USD/MWh)', p.threshold_power_price_usd_per_mwh);
  if (!(p.pool_fee >= 0 && p.pool_fee < 1)) bad('pool_fee', 'a share ≥ 0 and < 1', p.pool_fee);
  if (!(p.pue.lower >= 1 && p.pue.lower <= p.pue.best && p.pue.best <= p.pue.upper && Number.isFinite(p.pue.upper)))
    bad('pue', 'ordered 1 ≤ lower ≤ best ≤ upper', JSON.stringify(p.pue));
  wholeDays('hashprice_window_days', p.hashprice_window_days, 1);
  wholeDays('growth_window_days', p.growth_window_days, 1);
  wholeDays('vintage_window_months', p.vintage_window_months, 1);
  wholeDays('retire_after_days', p.retire_after_days, 1);
  for (const [name, w] of [...Object.entries(p.manufacturer_weights), ['other', p.other_manufacturers_weight] as const])
    if (!(w >= 0 && Number.isFinite(w))) bad(`manufacturer_weights.${name}`, 'a weight ≥ 0', w);
}

const monthIndex = (yyyyMm: string): number => Number(yyyyMm.slice(0, 4)) * 12 + Number(yyyyMm.slice(5, 7)) - 1;

/** Weight of each eligible model (indices into `models`) for new hashrate; sums to 1. */
export function vintageWeights(
  models: readonly AsicModel[],
  eligible: readonly number[],
  p: Pick<InstalledBaseParams, 'manufacturer_weights' | 'other_manufacturers_weight'>,
): Map<number, number> {
  const groups = new Map<string, number[]>();
  for (const i of eligible) {
    const name = (models[i] as AsicModel).manufacturer;
    const key = Object.hasOwn(p.manufacturer_weights, name) ? name : '';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const weightOf = (key: string): number => (key === '' ? p.other_manufacturers_weight : (p.manufacturer_weights[key] as number));
  let total = 0;
  for (const key of groups.keys()) total += weightOf(key);
  const out = new Map<number, number>();
  for (const [key, members] of groups) {
    // All present manufacturers weighted 0: spread evenly rather than divide by zero.
    const w = total > 0 ? weightOf(key) / total : 1 / groups.size;
    for (const i of members) out.set(i, w / members.length);
  }
  return out;
}

/** The installed base on every day of `days` (ascending by date, at most one row per day). */
export function installedBase(
  days: readonly NetworkDayInput[],
  catalog: readonly AsicModel[],
  p: InstalledBaseParams = DEFAULT_INSTALLED_BASE_PARAMS,
): InstalledBase {
  checkInstalledBaseParams(p);
  // A model of unstated release month would sort first and count as available since genesis.
  const models = catalog
    .filter(hasStatedRelease)
    .sort((a, b) => a.released.localeCompare(b.released) || a.efficiency_jth - b.efficiency_jth || a.id.localeCompare(b.id));
  const n = models.length;
  const releasedAt = models.map((m) => monthIndex(m.released));
  const installed = new Float64Array(n);
  const streak = new Int32Array(n);
  const retired = new Uint8Array(n);
  const hashrateByDay = new Map<number, number>();
  const priced: { day: number; hp: number }[] = [];
  let available = 0; // models[0..available) are released by the current day (sorted by release)
  let started = false;
  const out: InstalledBaseDay[] = [];

  for (const d of days) {
    const day = dayNumber(d.date);
    const month = monthIndex(d.date);
    const H = d.network_hashrate_ehs;
    if (H !== null) hashrateByDay.set(day, H);
    while (available < n && (releasedAt[available] as number) <= month) available++;
    const row: InstalledBaseDay = {
      date: d.date,
      network_hashrate_ehs: H,
      hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day,
      efficiency_lower_jth: null,
      efficiency_best_jth: null,
      efficiency_upper_jth: null,
      lower_model: null,
      upper_model: null,
      shares: null,
    };
    out.push(row);
    if (available === 0) continue;

    let frontier = Infinity;
    let lowerAt = 0;
    for (let i = 0; i < available; i++) {
      const e = (models[i] as AsicModel).efficiency_jth;
      if (e < frontier) [frontier, lowerAt] = [e, i];
    }
    if (d.hashprice_usd_per_ph_day !== null) priced.push({ day, hp: d.hashprice_usd_per_ph_day });
    while (priced.length > 0 && (priced[0] as { day: number }).day <= day - p.hashprice_window_days) priced.shift();
    // Summed afresh (≤ window terms): a running sum would carry 2010's ten-digit hashprices into today's.
    const hp = d.hashprice_usd_per_ph_day === null ? null : priced.reduce((s, x) => s + x.hp, 0) / priced.length;
    for (let i = 0; i < available; i++) {
      if (hp === null) break;
      const b = breakevenPowerPriceUsdPerMwh(hp, (models[i] as AsicModel).efficiency_jth, p.pool_fee, { pue: p.pue.best, hosting_fee_usd_per_mwh: 0 });
      streak[i] = b < p.threshold_power_price_usd_per_mwh ? (streak[i] as number) + 1 : 0;
    }
    const isFrontier = (i: number): boolean => (models[i] as AsicModel).efficiency_jth === frontier;
    for (let i = 0; i < available; i++) {
      if ((streak[i] as number) >= p.retire_after_days && !isFrontier(i)) {
        retired[i] = 1;
        installed[i] = 0;
      }
    }

    let added = 0;
    let total = 0;
    for (let i = 0; i < available; i++) total += installed[i] as number;
    if (H !== null && (!started || total === 0)) {
      added = H;
      started = true;
    } else if (H !== null) {
      const before = hashrateByDay.get(day - p.growth_window_days);
      added = before === undefined ? 0 : Math.max(0, (H - before) / p.growth_window_days);
    }
    if (added > 0) {
      const eligible: number[] = [];
      for (let i = 0; i < available; i++) if (!retired[i] && month - (releasedAt[i] as number) < p.vintage_window_months) eligible.push(i);
      if (eligible.length === 0) for (let i = 0; i < available; i++) if (isFrontier(i)) eligible.push(i);
      for (const [i, w] of vintageWeights(models, eligible, p)) installed[i] = (installed[i] as number) + added * w;
      total += added;
    }

    let upper = -Infinity;
    let upperAt = lowerAt;
    for (let i = 0; i < available; i++) {
      const e = (models[i] as AsicModel).efficiency_jth;
      if (((streak[i] as number) < p.retire_after_days || isFrontier(i)) && e > upper) [upper, upperAt] = [e, i];
    }
    row.efficiency_lower_jth = frontier;
    row.efficiency_upper_jth = upper;
    row.lower_model = (models[lowerAt] as AsicModel).id;
    row.upper_model = (models[upperAt] as AsicModel).id;
    if (total > 0) {
      const shares = new Float64Array(n);
      let weighted = 0;
      for (let i = 0; i < available; i++) {
        shares[i] = (installed[i] as number) / total;
        weighted += (installed[i] as number) * (models[i] as AsicModel).efficiency_jth;
      }
      row.shares = shares;
      // A weighted mean lies within its terms; the clamp only absorbs the last bit of rounding.
      row.efficiency_best_jth = Math.min(upper, Math.max(frontier, weighted / total));
    }
  }
  return { models, days: out };
}
