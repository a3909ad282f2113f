/**
 * Miner lock and audit rows (migration 006): checks before writing, so a bad value names its field,
 * and the mapping from a stored row back to a StoredMinerAction.
 */
import { ValidationError, type ValidationIssue } from '../../errors.js';
import type { MinerActionRecord, MinerActionResult, MinerLock, StoredMinerAction } from '../../ports/store.js';
import { toNumber, type SqlRow, type SqlValue } from './driver.js';

export const ACTION_COLUMNS = ['time_unix_s', 'miner', 'from_state', 'to_target', 'result', 'verification', 'actor', 'command'] as const;
const RESULTS: readonly MinerActionResult[] = ['applied', 'failed', 'refused', 'busy', 'skipped'];

const wholeSeconds = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;

export function assertMinerLock(l: MinerLock, now_unix_s: number): void {
  const issues: ValidationIssue[] = [];
  if (typeof l.miner !== 'string' || l.miner.length < 1 || l.miner.length > 300) issues.push({ path: 'miner', message: 'expected host:port' });
  if (typeof l.holder !== 'string' || l.holder.length === 0) issues.push({ path: 'holder', message: 'expected a holder id' });
  if (!wholeSeconds(l.expires_unix_s)) issues.push({ path: 'expires_unix_s', message: `expected whole seconds ≥ 0, got ${l.expires_unix_s}` });
  if (!wholeSeconds(now_unix_s)) issues.push({ path: 'now_unix_s', message: `expected whole seconds ≥ 0, got ${now_unix_s}` });
  if (issues.length) throw new ValidationError(issues);
}

export function assertMinerAction(a: MinerActionRecord): void {
  const issues: ValidationIssue[] = [];
  if (!wholeSeconds(a.time_unix_s)) issues.push({ path: 'time_unix_s', message: `expected whole seconds ≥ 0, got ${a.time_unix_s}` });
  if (typeof a.miner !== 'string' || a.miner.length === 0) issues.push({ path: 'miner', message: 'expected host:port' });
  if (!RESULTS.includes(a.result)) issues.push({ path: 'result', message: `expected one of ${RESULTS.join(', ')}, got ${String(a.result)}` });
  for (const key of ['from_state', 'to_target', 'verification', 'actor', 'command'] as const) {
    if (typeof a[key] !== 'string') issues.push({ path: key, message: 'expected a string' });
  }
  if (issues.length) throw new ValidationError(issues);
}

export function actionParams(a: MinerActionRecord): SqlValue[] {
  return ACTION_COLUMNS.map((c) => a[c]);
}

export function rowToAction(r: SqlRow): StoredMinerAction {
  return {
    id: toNumber(r.id, 'id'),
    time_unix_s: toNumber(r.time_unix_s, 'time_unix_s'),
    miner: String(r.miner),
    from_state: String(r.from_state),
    to_target: String(r.to_target),
    result: String(r.result) as MinerActionResult,
    verification: String(r.verification),
    actor: String(r.actor),
    command: String(r.command),
  };
}
