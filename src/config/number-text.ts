/**
 * Numbers typed by people (a CLI flag, a query parameter): plain decimals only, as in the data
 * files, checked against a range. Both edges parse with it so `0x10`, `Infinity` or `1e999` mean
 * the same (nothing) everywhere. Failures are UsageErrors naming `label` (the edge's own word for
 * the field: `--height`, `height`).
 */
import { UsageError } from '../errors.js';
import { parseDecimal } from './csv-cells.js';

export interface NumberRule {
  min?: number;
  max?: number;
  /** Lower bound excluded (e.g. a price must be > 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
  /** Example shown in the message, e.g. `--height 840000`. */
  example?: string;
}

function describe(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  return [kind, parts.join(' and ')].filter(Boolean).join(' ');
}

/** Parses a numeric text against `rule`; `label` names the field in the message (e.g. `--height`). */
export function parseNumberText(text: string, label: string, rule: NumberRule = {}): number {
  const trimmed = text.trim();
  // Plain decimals only, as in the CSV files: Number() would also take 0x10, 0b1 or Infinity.
  const n = parseDecimal(trimmed) ?? NaN;
  const ok =
    Number.isFinite(n) &&
    (!rule.integer || Number.isSafeInteger(n)) &&
    (rule.min === undefined || (rule.exclusiveMin ? n > rule.min : n >= rule.min)) &&
    (rule.max === undefined || n <= rule.max);
  if (!ok) {
    const eg = rule.example ? ` (e.g. ${rule.example})` : '';
    throw new UsageError(`${label} must be ${describe(rule)}${eg}, got "${text}"`);
  }
  return n;
}
