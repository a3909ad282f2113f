/**
 * The whole network's economics for `network-power`, `underwater` and their API routes: the
 * installed base (src/economics/installed-base.ts) run over the hashprice index through the
 * history's last complete day, its power band (src/economics/network-power.ts) and the hashrate
 * under water (src/economics/underwater.ts). Inputs per day: network hashrate from difficulty
 * (D · 2^32 / 600) and the index's hashprice. docs/network.md explains the model.
 */
import { ValidationError } from '../errors.js';
import type { HashpriceDay } from '../economics/hashprice-index.js';
import { DEFAULT_INSTALLED_BASE_PARAMS, installedBase, type InstalledBase, type InstalledBaseParams } from '../economics/installed-base.js';
import { networkPower, type NetworkPowerDay } from '../economics/network-power.js';
import {
  AT_RISK_HASHPRICES,
  atRiskCurve,
  breakevenOf,
  checkBrackets,
  DEFAULT_POWER_PRICE_DISTRIBUTION,
  mixEntries,
  underwater,
  type PowerPriceDistribution,
  type Underwater,
} from '../economics/underwater.js';
import type { AsicModel } from '../hardware/model.js';
import type { DataAsOf } from './as-of.js';

export interface NetworkModel {
  params: InstalledBaseParams;
  base: InstalledBase;
  power: NetworkPowerDay[];
  /** First day with a catalog model (the series' start). */
  first_date: string | null;
  /** The last complete day the model runs through. */
  last_date: string;
}

/** The model over the index through `asOf`. */
export function runNetworkModel(
  index: readonly HashpriceDay[],
  catalog: readonly AsicModel[],
  asOf: DataAsOf,
  params: InstalledBaseParams = DEFAULT_INSTALLED_BASE_PARAMS,
): NetworkModel {
  const days = index
    .filter((d) => d.date <= asOf.date)
    .map((d) => ({ date: d.date, network_hashrate_ehs: d.network_hashrate_ehs, hashprice_usd_per_ph_day: d.hashprice_usd_per_ph_day }));
  const base = installedBase(days, catalog, params);
  return {
    params,
    base,
    power: networkPower(base, params.pue),
    first_date: base.days.find((d) => d.efficiency_lower_jth !== null)?.date ?? null,
    last_date: asOf.date,
  };
}

function breakevenParams(p: InstalledBaseParams) {
  return { pool_fee: p.pool_fee, pue: p.pue.best };
}

function modelled(model: NetworkModel, field: string): { first: string; last: string } {
  if (model.first_date === null) throw ValidationError.field(field, 'the hardware catalog has no model released by the history’s last complete day');
  return { first: model.first_date, last: model.last_date };
}

function checkDay(date: string, field: string, span: { first: string; last: string }): string {
  if (date < span.first || date > span.last)
    throw ValidationError.field(
      field,
      `${date} is outside the modelled days ${span.first} to ${span.last} (from the catalog’s first release to the last complete day)`,
    );
  return date;
}

export type NetworkPowerRow = NetworkPowerDay & { underwater_hashrate_share: number | null };

export interface NetworkPowerAnswer {
  data_as_of: DataAsOf;
  from: string;
  to: string;
  params: InstalledBaseParams;
  catalog_models: number;
  /** The distribution behind each day's underwater_hashrate_share. */
  distribution: PowerPriceDistribution;
  days: NetworkPowerRow[];
}

/** The band, power and energy per day of `from`..`to` (default: the whole modelled span). */
export function networkPowerAnswer(
  model: NetworkModel,
  asOf: DataAsOf,
  range: { from?: string | undefined; to?: string | undefined },
  distribution: PowerPriceDistribution = DEFAULT_POWER_PRICE_DISTRIBUTION,
): NetworkPowerAnswer {
  const span = modelled(model, 'from');
  const from = range.from === undefined ? span.first : checkDay(range.from, 'from', span);
  const to = range.to === undefined ? span.last : checkDay(range.to, 'to', span);
  if (from > to) throw ValidationError.field('from', `from (${from}) must not be after to (${to})`);
  checkBrackets(distribution.brackets);
  const bp = breakevenParams(model.params);
  const days: NetworkPowerRow[] = [];
  model.power.forEach((d, i) => {
    if (d.date < from || d.date > to) return;
    const shares = model.base.days[i]?.shares ?? null;
    const hp = d.hashprice_usd_per_ph_day;
    const u = shares && hp !== null ? underwater(mixEntries(model.base.models, shares), hp, distribution.brackets, bp).underwater_hashrate_share : null;
    days.push({ ...d, underwater_hashrate_share: u });
  });
  return { data_as_of: asOf, from, to, params: model.params, catalog_models: model.base.models.length, distribution, days };
}

export interface UnderwaterAnswer extends Underwater {
  data_as_of: DataAsOf;
  date: string;
  network_hashrate_ehs: number;
  underwater_hashrate_ehs: number;
  efficiency_best_jth: number;
  distribution: PowerPriceDistribution;
  /** Share under water as a function of hashprice, at the day's mix. */
  at_risk: { hashprice_usd_per_ph_day: number; underwater_hashrate_share: number }[];
  /** The installed mix that day, most efficient first. */
  mix: { model_id: string; model: string; efficiency_jth: number; hashrate_share: number; breakeven_power_price_usd_per_mwh: number }[];
  params: InstalledBaseParams;
}

/** Hashrate under water on `date` (default: the last complete day) at that day's hashprice. */
export function underwaterAnswer(
  model: NetworkModel,
  asOf: DataAsOf,
  date: string | undefined,
  distribution: PowerPriceDistribution = DEFAULT_POWER_PRICE_DISTRIBUTION,
  hashprices: readonly number[] = AT_RISK_HASHPRICES,
): UnderwaterAnswer {
  const day = date === undefined ? model.last_date : checkDay(date, 'date', modelled(model, 'date'));
  const i = model.base.days.findIndex((d) => d.date === day);
  const b = model.base.days[i];
  const H = b?.network_hashrate_ehs ?? null;
  const hp = b?.hashprice_usd_per_ph_day ?? null;
  if (!b || !b.shares || H === null || hp === null || b.efficiency_best_jth === null)
    throw ValidationError.field('date', `${day} has no hashprice or no hashrate in the history (a gap): pick another day`);
  checkBrackets(distribution.brackets);
  const bp = breakevenParams(model.params);
  const mix = mixEntries(model.base.models, b.shares);
  const u = underwater(mix, hp, distribution.brackets, bp);
  return {
    data_as_of: asOf,
    date: day,
    network_hashrate_ehs: H,
    ...u,
    underwater_hashrate_ehs: u.underwater_hashrate_share * H,
    efficiency_best_jth: b.efficiency_best_jth,
    distribution,
    at_risk: atRiskCurve(mix, hashprices, distribution.brackets, bp),
    mix: mix
      .map((m) => ({
        model_id: m.model.id,
        model: m.model.model,
        efficiency_jth: m.model.efficiency_jth,
        hashrate_share: m.hashrate_share,
        breakeven_power_price_usd_per_mwh: breakevenOf(m.model, hp, bp),
      }))
      .sort((x, y) => x.efficiency_jth - y.efficiency_jth || x.model_id.localeCompare(y.model_id)),
    params: model.params,
  };
}
