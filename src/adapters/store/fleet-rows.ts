/**
 * Fleet-spec rows (migration 003): checks before writing, so a bad value names its field, and
 * the mapping from a stored row back to a StoredFleetSpec.
 */
import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { StoredFleetSpec } from '../../ports/store.js';
import { toNumber, type SqlRow, type SqlValue } from './driver.js';

export const FLEET_COLUMNS = ['id', 'name', 'spec_format', 'spec_text', 'uploaded_unix_s'] as const;

export function assertFleetSpec(f: StoredFleetSpec): void {
  const issues: ValidationIssue[] = [];
  if (typeof f.id !== 'string' || f.id.length < 1 || f.id.length > 100) issues.push({ path: 'id', message: 'expected 1–100 characters' });
  if (typeof f.name !== 'string') issues.push({ path: 'name', message: 'expected a string' });
  if (f.spec_format !== 'yaml' && f.spec_format !== 'json')
    issues.push({ path: 'spec_format', message: `expected yaml or json, got ${String(f.spec_format)}` });
  if (typeof f.spec_text !== 'string' || f.spec_text.length === 0) issues.push({ path: 'spec_text', message: 'expected the spec text' });
  if (!Number.isSafeInteger(f.uploaded_unix_s) || f.uploaded_unix_s < 0)
    issues.push({ path: 'uploaded_unix_s', message: `expected whole seconds ≥ 0, got ${f.uploaded_unix_s}` });
  if (issues.length) throw new ValidationError(issues);
}

export function fleetParams(f: StoredFleetSpec): SqlValue[] {
  return [f.id, f.name, f.spec_format, f.spec_text, f.uploaded_unix_s];
}

export function rowToFleet(r: SqlRow): StoredFleetSpec {
  return {
    id: String(r.id),
    name: String(r.name),
    spec_format: r.spec_format === 'json' ? 'json' : 'yaml',
    spec_text: String(r.spec_text),
    uploaded_unix_s: toNumber(r.uploaded_unix_s, 'uploaded_unix_s'),
  };
}
