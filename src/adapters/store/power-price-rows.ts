/**
 * Power-price rows (migration 008): checks before writing, so a bad value names its row and field
 * and nothing is written, and the mapping from stored rows back to PowerPriceHours.
 */
import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { PowerPriceCoverage, PowerPriceHour } from '../../ports/store.js';
import { toNumber, toStringOrNull, type SqlValue } from './driver.js';

export const POWER_PRICE_COLUMNS = ['node', 'hour_start_unix_s', 'power_price_usd_per_mwh', 'source', 'document_id'] as const;

const text = (v: unknown, max: number): boolean => typeof v === 'string' && v.length >= 1 && v.length <= max;

export function assertPowerPriceRows(rows: readonly PowerPriceHour[]): void {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const at = `rows[${i}]`;
    if (!text(r.node, 100)) issues.push({ path: `${at}.node`, message: 'expected a node name of 1–100 characters' });
    if (!Number.isSafeInteger(r.hour_start_unix_s) || r.hour_start_unix_s % 3600 !== 0)
      issues.push({ path: `${at}.hour_start_unix_s`, message: `expected the start of a UTC hour (a multiple of 3600 s), got ${r.hour_start_unix_s}` });
    if (typeof r.power_price_usd_per_mwh !== 'number' || !Number.isFinite(r.power_price_usd_per_mwh))
      issues.push({ path: `${at}.power_price_usd_per_mwh`, message: `expected a finite price in USD/MWh, got ${String(r.power_price_usd_per_mwh)}` });
    if (!text(r.source, 100)) issues.push({ path: `${at}.source`, message: 'expected a source name of 1–100 characters' });
    if (r.document_id !== null && typeof r.document_id !== 'string') issues.push({ path: `${at}.document_id`, message: 'expected a string or null' });
    const key = `${r.node}@${r.hour_start_unix_s}`;
    if (seen.has(key)) issues.push({ path: `${at}.hour_start_unix_s`, message: `node ${r.node} has this hour twice in one write` });
    seen.add(key);
  });
  if (issues.length) throw new ValidationError(issues.slice(0, 20));
}

export function powerPriceParams(r: PowerPriceHour): SqlValue[] {
  return [r.node, r.hour_start_unix_s, r.power_price_usd_per_mwh, r.source, r.document_id];
}

export function arrayToPowerPrice(r: unknown[]): PowerPriceHour {
  return {
    node: String(r[0]),
    hour_start_unix_s: toNumber(r[1], 'hour_start_unix_s'),
    power_price_usd_per_mwh: Number(r[2]),
    source: String(r[3]),
    document_id: toStringOrNull(r[4]),
  };
}

export function arrayToCoverage(r: unknown[]): PowerPriceCoverage {
  return { node: String(r[0]), first_hour_unix_s: toNumber(r[1], 'first'), last_hour_unix_s: toNumber(r[2], 'last'), hours: toNumber(r[3], 'hours') };
}
