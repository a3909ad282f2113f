/**
 * Hashrate under water: the share of the network's hashrate whose breakeven power price is below
 * the price it pays, for the installed mix (./installed-base.ts) and a distribution of power
 * prices over the hashrate. Pure.
 *
 * With s_m the mix share of model m (Σ s_m = 1), w_b the share of hashrate paying c_b (Σ w_b = 1),
 * the price paid independent of the machine, and b_m(h) the breakeven power price at hashprice h
 * (economics/machine.ts: h · (1 − pool fee) / (0.024 · e_m · PUE)):
 *   under water in bracket b      u_b(h) = Σ_m s_m · [b_m(h) < c_b]
 *   share under water             U(h)   = Σ_b w_b · u_b(h)                  (0..1)
 *   hashrate at risk              the curve h ↦ U(h) over a grid of hashprices; U never rises with h.
 */
import { ValidationError } from '../errors.js';
import type { AsicModel } from '../hardware/model.js';
import { breakevenPowerPriceUsdPerMwh, MAX_POWER_PRICE_USD_PER_MWH, MIN_POWER_PRICE_USD_PER_MWH } from './machine.js';

export interface PowerPriceBracket {
  power_price_usd_per_mwh: number;
  /** Share of network hashrate paying this price, 0..1. */
  hashrate_share: number;
}

export interface PowerPriceDistribution {
  /** Where the brackets come from, for people and documents. */
  source: string;
  brackets: PowerPriceBracket[];
}

/** How far Σ hashrate_share may stray from 1 (rounded shares in a file: 0.33 + 0.33 + 0.34). */
export const SHARE_SUM_TOLERANCE = 0.005;

/**
 * Listed miners' own disclosed power prices (shared data: listed-miners/disclosures.csv, rows not
 * marked low-reliability), each company's latest, weighted by its hashrate of the same or the
 * nearest earlier period. 126.4 EH/s in all, about an eighth of the network in 2025 and likely
 * cheaper power than the rest: the default understates the share under water (docs/network.md).
 */
const DISCLOSED: readonly { company: string; period: string; power_price_usd_per_mwh: number; hashrate_ehs: number }[] = [
  { company: 'Hut 8', period: '2024Q3, hashrate 2024Q2', power_price_usd_per_mwh: 28.83, hashrate_ehs: 4.8 },
  { company: 'Cipher Mining', period: '2025Q2', power_price_usd_per_mwh: 31, hashrate_ehs: 16.8 },
  { company: 'MARA', period: '2025Q3', power_price_usd_per_mwh: 40, hashrate_ehs: 60.4 },
  { company: 'Riot Platforms', period: '2025-09', power_price_usd_per_mwh: 42, hashrate_ehs: 32.2 },
  { company: 'TeraWulf', period: '2025Q3, hashrate 2025Q2', power_price_usd_per_mwh: 47, hashrate_ehs: 12.2 },
];
const DISCLOSED_EHS = DISCLOSED.reduce((s, d) => s + d.hashrate_ehs, 0);

export const DEFAULT_POWER_PRICE_DISTRIBUTION: PowerPriceDistribution = {
  source: `listed miners' disclosed power prices weighted by their hashrate (${DISCLOSED.map((d) => `${d.company} ${d.period}`).join('; ')}): docs/network.md`,
  brackets: DISCLOSED.map((d) => ({ power_price_usd_per_mwh: d.power_price_usd_per_mwh, hashrate_share: d.hashrate_ehs / DISCLOSED_EHS })),
};

/** Hashprices of the default at-risk curve (USD/PH/day), falling. */
export const AT_RISK_HASHPRICES: readonly number[] = [60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10];

/** Throws a ValidationError naming `brackets[i].<field>` unless every bracket is in range and the shares sum to 1. */
export function checkBrackets(brackets: readonly PowerPriceBracket[]): void {
  if (brackets.length === 0) throw ValidationError.field('brackets', 'give at least one power price bracket');
  brackets.forEach((b, i) => {
    const p = b.power_price_usd_per_mwh;
    if (!Number.isFinite(p) || p < MIN_POWER_PRICE_USD_PER_MWH || p > MAX_POWER_PRICE_USD_PER_MWH)
      throw ValidationError.field(
        `brackets[${i}].power_price_usd_per_mwh`,
        `must be a number from ${MIN_POWER_PRICE_USD_PER_MWH} to ${MAX_POWER_PRICE_USD_PER_MWH} (USD/MWh), got ${p}`,
      );
    if (!Number.isFinite(b.hashrate_share) || b.hashrate_share < 0 || b.hashrate_share > 1)
      throw ValidationError.field(`brackets[${i}].hashrate_share`, `must be a share from 0 to 1, got ${b.hashrate_share}`);
  });
  const sum = brackets.reduce((s, b) => s + b.hashrate_share, 0);
  if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) throw ValidationError.field('brackets', `hashrate_share must sum to 1 (±${SHARE_SUM_TOLERANCE}), got ${sum}`);
}

export interface BreakevenParams {
  pool_fee: number;
  /** PUE of the breakeven (the best guess's). */
  pue: number;
}

export interface MixEntry {
  model: AsicModel;
  hashrate_share: number;
}

/** The mix as entries with a share > 0, from installed-base shares aligned with `models`. */
export function mixEntries(models: readonly AsicModel[], shares: Float64Array): MixEntry[] {
  const out: MixEntry[] = [];
  shares.forEach((s, i) => {
    if (s > 0) out.push({ model: models[i] as AsicModel, hashrate_share: s });
  });
  return out;
}

/** b_m(h): the breakeven power price (USD/MWh) of `model` at hashprice h (USD/PH/day). */
export function breakevenOf(model: AsicModel, hashprice_usd_per_ph_day: number, p: BreakevenParams): number {
  return breakevenPowerPriceUsdPerMwh(hashprice_usd_per_ph_day, model.efficiency_jth, p.pool_fee, { pue: p.pue, hosting_fee_usd_per_mwh: 0 });
}

export interface Underwater {
  hashprice_usd_per_ph_day: number;
  /** U(h). */
  underwater_hashrate_share: number;
  /** u_b(h) per bracket, in the brackets' order. */
  by_bracket: (PowerPriceBracket & { underwater_share: number })[];
}

export function underwater(mix: readonly MixEntry[], hashprice_usd_per_ph_day: number, brackets: readonly PowerPriceBracket[], p: BreakevenParams): Underwater {
  const breakevens = mix.map((m) => breakevenOf(m.model, hashprice_usd_per_ph_day, p));
  let total = 0;
  const by_bracket = brackets.map((b) => {
    let u = 0;
    mix.forEach((m, i) => {
      if ((breakevens[i] as number) < b.power_price_usd_per_mwh) u += m.hashrate_share;
    });
    total += b.hashrate_share * u;
    return { ...b, underwater_share: u };
  });
  return { hashprice_usd_per_ph_day, underwater_hashrate_share: total, by_bracket };
}

/** U(h) at each hashprice of `hashprices` (the at-risk curve). */
export function atRiskCurve(
  mix: readonly MixEntry[],
  hashprices: readonly number[],
  brackets: readonly PowerPriceBracket[],
  p: BreakevenParams,
): { hashprice_usd_per_ph_day: number; underwater_hashrate_share: number }[] {
  return hashprices.map((h) => ({ hashprice_usd_per_ph_day: h, underwater_hashrate_share: underwater(mix, h, brackets, p).underwater_hashrate_share }));
}
