/**
 * The efficiency frontier: the best J/TH one can buy, from the hardware catalog. Fitted as
 * ln(best efficiency of models released up to year y) = a − g·y by least squares over the years
 * from `fromYear`, so a refresh in month t buys frontier_now · (1 − improvement)^(t/12).
 */
import { hasStatedRelease, type AsicModel } from '../hardware/model.js';
import { ols } from './fit.js';

export interface FrontierFit {
  /** Best efficiency among models released by the start month (J/TH). */
  best_jth: number;
  best_model: string;
  /** Fitted fractional improvement per year, 1 − e^(−g). */
  improvement_annual: number;
  from_year: number;
  to_year: number;
}

export function fitFrontier(catalog: readonly AsicModel[], startMonth: string, fromYear = 2019, cooling: AsicModel['cooling'] = 'air'): FrontierFit {
  const eligible = catalog.filter((m) => m.cooling === cooling && hasStatedRelease(m) && m.released <= startMonth);
  if (eligible.length === 0) throw new RangeError(`no ${cooling}-cooled models released by ${startMonth}`);
  const best = eligible.reduce((a, m) => (m.efficiency_jth < a.efficiency_jth ? m : a));
  const years: number[] = [];
  const lnBest: number[] = [];
  const toYear = Number(startMonth.slice(0, 4));
  for (let y = fromYear; y <= toYear; y++) {
    const upTo = eligible.filter((m) => Number(m.released.slice(0, 4)) <= y);
    if (upTo.length === 0) continue;
    years.push(y);
    lnBest.push(Math.log(Math.min(...upTo.map((m) => m.efficiency_jth))));
  }
  const f = years.length >= 2 ? ols(years, lnBest) : { b: 0 };
  return { best_jth: best.efficiency_jth, best_model: best.model, improvement_annual: 1 - Math.exp(f.b), from_year: years[0] ?? toYear, to_year: toYear };
}

/** Frontier efficiency in each of `steps` months from the start: best · (1 − improvement)^(t/12). */
export function frontierPath(bestJth: number, improvementAnnual: number, steps: number): Float64Array {
  const out = new Float64Array(steps);
  for (let t = 0; t < steps; t++) out[t] = bestJth * Math.pow(1 - improvementAnnual, t / 12);
  return out;
}
