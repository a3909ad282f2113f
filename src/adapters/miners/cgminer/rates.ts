/** Hashrates as firmware reports them, with a `rate_unit` or a unit in the key name, to TH/s. */
import { ghsToThs, mhsToThs } from '../../../units/hashrate.js';

/** `rate_unit` as bmminer and LuxOS write it (`GH/s`, `MH/s`, `TH/s`); GH/s when absent, the cgminer default. */
export function toThs(value: number, rate_unit: unknown): number {
  const unit = typeof rate_unit === 'string' ? rate_unit.trim().toUpperCase() : 'GH/S';
  if (unit === 'TH/S') return value;
  if (unit === 'MH/S') return mhsToThs(value);
  return ghsToThs(value);
}

/** `"a-b-c-d"` temperature strings (LuxOS `temp_chip{n}`) or arrays (bmminer `temp_chip[]`) to numbers. */
export function temps(v: unknown): number[] {
  const parts: unknown[] = Array.isArray(v) ? v : typeof v === 'string' ? v.split('-') : typeof v === 'number' ? [v] : [];
  return parts.map((p) => (typeof p === 'number' ? p : Number(p))).filter((n) => Number.isFinite(n) && n > 0);
}
