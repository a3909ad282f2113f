/**
 * JSON as both edges write it (CLI `--json`, API bodies).
 */

/** JSON.stringify replacer: bigint as decimal strings (satoshis travel as strings), no NaN/Infinity. */
export function jsonReplacer(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/**
 * JSON with bigint as decimal strings and no NaN/Infinity. JSON.stringify already writes
 * non-finite numbers as null, and a replacer function makes V8 leave its fast path (several
 * times slower on large documents): so without it first, and again with it when a bigint made
 * the first attempt throw.
 */
export function stringifyJson(value: unknown, indent?: number): string {
  try {
    return JSON.stringify(value, null, indent);
  } catch (err) {
    if (err instanceof TypeError && /BigInt/i.test(err.message)) return JSON.stringify(value, jsonReplacer, indent);
    throw err;
  }
}
