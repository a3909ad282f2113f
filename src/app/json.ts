/**
 * JSON as both edges write it (CLI `--json`, API bodies).
 */

/** JSON.stringify replacer: bigint as decimal strings (satoshis travel as strings), no NaN/Infinity. */
export function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}
