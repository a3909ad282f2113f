/**
 * The one-hour price thresholds that explain a plan without switching rules, per group and hour,
 * for the plan CSV: `up` is the power price (USD/MWh) below which the group would move one hull
 * profile up from the lowest one it occupies, `down` the price above which it would move one down
 * (switchPrices: r·σ_k·1e6 − adder − DR payment − λ, the cap's shadow price λ held fixed). NaN where
 * there is no profile to move to. Null under switching rules: hours are then coupled and no
 * one-hour threshold explains a choice.
 */
import { groupLevel, switchPrices, type DispatchPlan } from './plan.js';
import { hasSwitching } from './problem.js';

export interface HourStepPrices {
  /** Per group (problem order), USD/MWh; NaN where none. */
  up_below_usd_per_mwh: Float64Array;
  down_above_usd_per_mwh: Float64Array;
}

/** A reader of each hour's thresholds (buffers reused between calls), or null under switching rules. */
export function stepPriceReader(plan: DispatchPlan): ((t: number) => HourStepPrices) | null {
  const p = plan.problem;
  if (hasSwitching(p.switching)) return null;
  const G = p.groups.length;
  const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
  const out: HourStepPrices = { up_below_usd_per_mwh: new Float64Array(G), down_above_usd_per_mwh: new Float64Array(G) };
  return (t) => {
    plan.assignment.counts(t, counts);
    for (let g = 0; g < G; g++) {
      const sp = switchPrices(plan, t, g);
      const level = sp ? groupLevel(plan, counts, g) : 0;
      out.up_below_usd_per_mwh[g] = sp?.[level]?.below_usd_per_mwh ?? NaN;
      out.down_above_usd_per_mwh[g] = sp && level > 0 ? (sp[level - 1]?.below_usd_per_mwh ?? NaN) : NaN;
    }
    return out;
  };
}
