/** What a spec parser returns, and how a zod issue path reads in a message. Shared by the spec parsers of this folder. */
import type { ValidationIssue } from '../errors.js';

/** `warnings`: values that parse but are implausible (./plausible.ts), e.g. a $/kWh power price. */
export type Result<T> = { ok: true; value: T; warnings?: ValidationIssue[] } | { ok: false; errors: ValidationIssue[] };

/** `['lots', 2, 'count']` → `lots[2].count`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(root)';
}
