/**
 * One table of the ranges a value may take (possible: outside is an error) and the ranges people
 * actually use (plausible: outside is a warning naming the likely unit mistake), shared by the CLI
 * flags, the fleet and site specs and the API. A $/kWh figure typed as $/MWh or a fraction typed as
 * a percentage gives costs off by 1000× or 100× without failing, so those get a hint.
 */
import { MAX_POWER_PRICE_USD_PER_MWH, MIN_POWER_PRICE_USD_PER_MWH } from '../economics/machine.js';
import type { ValidationIssue } from '../errors.js';

export interface PlausibleRange {
  possible: readonly [min: number, max: number];
  plausible: readonly [min: number, max: number];
  unit: string;
  /** The likely mistake behind an implausible value, when there is a usual one. */
  hint?: (value: number) => string | null;
}

const fmt = (v: number): string => String(Math.round(v * 1e6) / 1e6);

/** A percentage at or below 1 is most often a fraction: 0.95 where 95 was meant. */
const fractionHint = (v: number): string | null => (v > 0 && v <= 1 ? `a fraction? ${fmt(v)} means ${fmt(v)} % — did you mean ${fmt(v * 100)} %?` : null);

const POWER_PRICE: PlausibleRange = {
  possible: [MIN_POWER_PRICE_USD_PER_MWH, MAX_POWER_PRICE_USD_PER_MWH],
  // Fixed-price contracts run from ~$15 (hydro, stranded gas) to a few hundred $/MWh (retail).
  plausible: [1, 500],
  unit: 'USD/MWh',
  hint: (v) => (v > 0 && v < 1 ? `${fmt(v)} USD/MWh — did you mean ${fmt(v * 1000)} USD/MWh (${fmt(v)} USD/kWh)?` : null),
};

export const PLAUSIBLE: Readonly<Record<string, PlausibleRange>> = {
  power_price_usd_per_mwh: POWER_PRICE,
  /** A contract's fixed price or a hedge's (src/config/contract-spec.ts): the same quantity. */
  price_usd_per_mwh: POWER_PRICE,
  uptime_pct: { possible: [0, 100], plausible: [1.000001, 100], unit: '%', hint: fractionHint },
  pool_fee_pct: { possible: [0, 100], plausible: [0, 10], unit: '%' },
};

/** A warning for a value outside its plausible range (null inside it or for a field not in the table). */
export function plausibilityWarning(field: string, value: number, path: string = field): ValidationIssue | null {
  const r = PLAUSIBLE[field];
  if (!r || !Number.isFinite(value)) return null;
  const [lo, hi] = r.plausible;
  if (value >= lo && value <= hi) return null;
  const why = r.hint?.(value) ?? `${fmt(value)} ${r.unit} is outside the usual ${fmt(lo)}–${fmt(hi)} ${r.unit}`;
  return { path, message: why };
}

/** Every implausible value under a field of the table anywhere in a decoded spec, with its path. */
export function plausibilityWarnings(doc: unknown, at = ''): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...plausibilityWarnings(v, `${at}[${i}]`)));
  else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      const path = at ? `${at}.${k}` : k;
      if (typeof v === 'number') {
        const w = plausibilityWarning(k, v, path);
        if (w) out.push(w);
      } else out.push(...plausibilityWarnings(v, path));
    }
  }
  return out;
}

/** `path: message` lines, as printed on stderr and returned in `warnings` arrays. */
export function warningLines(issues: readonly ValidationIssue[]): string[] {
  return issues.map((w) => `${w.path}: ${w.message}`);
}
