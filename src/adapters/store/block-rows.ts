/**
 * BlockRecord ⇄ table row and the checks a chain segment must pass before it is stored:
 * consecutive heights from the fork point, each block linking to the one before.
 */
import type { BlockRecord } from '../../chain/block-record.js';
import { ValidationError, type ValidationIssue } from '../../errors.js';
import { isSat } from '../../units/sat.js';
import { describeValue, toBigInt, toNumber, toStringOrNull, type SqlRow, type SqlValue } from './driver.js';

export const BLOCK_COLUMNS = [
  'hash',
  'prev_hash',
  'height',
  'version',
  'time_unix_s',
  'bits',
  'coinbase_value_sat',
  'subsidy_sat',
  'fees_sat',
  'under_claimed',
  'coinbase_tag',
  'payout_addresses',
  'pool_id',
] as const;

const HASH_RE = /^[0-9a-f]{64}$/;

function blockIssues(b: BlockRecord, at: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const bad = (f: string, message: string) => issues.push({ path: `${at}.${f}`, message });
  if (typeof b.hash !== 'string' || !HASH_RE.test(b.hash)) bad('hash', 'expected 64 lowercase hex digits');
  if (typeof b.prev_hash !== 'string' || !HASH_RE.test(b.prev_hash)) bad('prev_hash', 'expected 64 lowercase hex digits');
  if (!Number.isSafeInteger(b.version) || b.version < -(2 ** 31) || b.version >= 2 ** 32) bad('version', 'expected a 32-bit integer');
  if (!Number.isSafeInteger(b.time_unix_s) || b.time_unix_s < 0) bad('time_unix_s', 'expected whole unix seconds ≥ 0');
  if (!Number.isSafeInteger(b.bits) || b.bits < 0 || b.bits >= 2 ** 32) bad('bits', 'expected an unsigned 32-bit integer');
  for (const f of ['coinbase_value_sat', 'subsidy_sat', 'fees_sat'] as const) {
    if (!isSat(b[f])) bad(f, `expected a bigint of satoshis in [0, 21M BTC], got ${describeValue(b[f])}`);
  }
  if (typeof b.under_claimed !== 'boolean') bad('under_claimed', 'expected true or false');
  if (typeof b.coinbase_tag !== 'string') bad('coinbase_tag', 'expected a string');
  if (!Array.isArray(b.payout_addresses) || b.payout_addresses.some((a) => typeof a !== 'string')) bad('payout_addresses', 'expected an array of strings');
  if (b.pool_id !== null && typeof b.pool_id !== 'string') bad('pool_id', 'expected a string or null');
  return issues;
}

/** Throws a ValidationError unless `blocks` are well-formed heights forkHeight+1, +2, … each linking to the previous. */
export function assertChainSegment(forkHeight: number, blocks: readonly BlockRecord[]): void {
  if (!Number.isSafeInteger(forkHeight) || forkHeight < -1) throw ValidationError.field('forkHeight', `expected a whole number ≥ -1, got ${forkHeight}`);
  const issues: ValidationIssue[] = [];
  blocks.forEach((b, i) => {
    const at = `blocks[${i}]`;
    issues.push(...blockIssues(b, at));
    if (b.height !== forkHeight + 1 + i)
      issues.push({ path: `${at}.height`, message: `expected ${forkHeight + 1 + i} (consecutive from the fork point), got ${b.height}` });
    const prev = blocks[i - 1];
    if (prev && b.prev_hash !== prev.hash) issues.push({ path: `${at}.prev_hash`, message: `does not link to blocks[${i - 1}].hash ${prev.hash}` });
  });
  if (issues.length > 0) throw new ValidationError(issues.slice(0, 20));
}

export function blockParams(b: BlockRecord): SqlValue[] {
  return [
    b.hash,
    b.prev_hash,
    b.height,
    b.version,
    b.time_unix_s,
    b.bits,
    b.coinbase_value_sat,
    b.subsidy_sat,
    b.fees_sat,
    b.under_claimed ? 1 : 0,
    b.coinbase_tag,
    JSON.stringify(b.payout_addresses),
    b.pool_id,
  ];
}

export function rowToBlock(r: SqlRow): BlockRecord {
  return {
    hash: String(r.hash),
    prev_hash: String(r.prev_hash),
    height: toNumber(r.height, 'height'),
    version: toNumber(r.version, 'version'),
    time_unix_s: toNumber(r.time_unix_s, 'time_unix_s'),
    bits: toNumber(r.bits, 'bits'),
    coinbase_value_sat: toBigInt(r.coinbase_value_sat, 'coinbase_value_sat'),
    subsidy_sat: toBigInt(r.subsidy_sat, 'subsidy_sat'),
    fees_sat: toBigInt(r.fees_sat, 'fees_sat'),
    under_claimed: toNumber(r.under_claimed, 'under_claimed') === 1,
    coinbase_tag: String(r.coinbase_tag),
    payout_addresses: JSON.parse(String(r.payout_addresses)) as string[],
    pool_id: toStringOrNull(r.pool_id),
  };
}
