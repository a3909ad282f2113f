/**
 * The one rule for a number typed as text (a CLI flag, a query parameter): a plain decimal as in
 * the CSV files (`Number()` alone would also take `0x10`, `0b1` or `Infinity`), finite, and
 * within the rule's bounds. Each edge words the failure with its own name for the field.
 */
import { parseDecimal } from './csv-cells.js';

export interface NumberRule {
  min?: number;
  max?: number;
  /** Lower bound excluded (e.g. a price must be > 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
  /** Example shown in the message, in the edge's own words (`--height 840000`, `840000`). */
  example?: string;
}

/** `a whole number ≥ 0 and ≤ 100`: what the rule accepts. */
export function describeNumberRule(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`≤ ${rule.max}`);
  return [kind, parts.join(' and ')].filter(Boolean).join(' ');
}

/** The number `text` denotes when it meets `rule`; undefined otherwise. */
export function numberFromText(text: string, rule: NumberRule = {}): number | undefined {
  const n = parseDecimal(text.trim());
  if (n === undefined) return undefined;
  const ok =
    (!rule.integer || Number.isSafeInteger(n)) &&
    (rule.min === undefined || (rule.exclusiveMin ? n > rule.min : n >= rule.min)) &&
    (rule.max === undefined || n <= rule.max);
  return ok ? n : undefined;
}

/** `LABEL must be a number ≥ 0 (e.g. 50), got "abc"`, with the edge's name for the field as LABEL. */
export function numberTextMessage(text: string, label: string, rule: NumberRule = {}): string {
  const eg = rule.example ? ` (e.g. ${rule.example})` : '';
  return `${label} must be ${describeNumberRule(rule)}${eg}, got "${text}"`;
}
