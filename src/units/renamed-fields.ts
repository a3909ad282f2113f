/**
 * Field names renamed by the one-spelling rule (issue #12: snake_case, unit last) and their
 * deprecated aliases. For one minor release, CLI `--json` and API answers carry the old name next
 * to the new one with the same value, and inputs accept either, so scripts written against 0.1
 * keep working while they move. The old names are read from this table only (the network-daily CSV
 * reader's old headers too); the aliases are removed in ALIASES_REMOVED_IN.
 */

export const ALIASES_REMOVED_IN = '0.3.0';

/** New name → the name it had before 0.2. */
export const RENAMED = {
  price_usd_per_btc: 'price_usd',
  start_price_usd_per_btc: 'start_price_usd',
  breakeven_price_usd_per_btc: 'breakeven_btc_price_usd',
  cash_cost_usd_per_btc: 'cash_cost_per_btc_usd',
  all_in_cost_usd_per_btc: 'all_in_cost_per_btc_usd',
  energy_cost_usd_per_btc: 'energy_cost_per_btc_usd',
  prices_usd_per_btc: 'prices_usd',
  power_price_usd_per_mwh: 'power_usd_per_mwh',
} as const;

export type RenamedField = keyof typeof RENAMED;

export function deprecationNote(field: RenamedField): string {
  return `deprecated alias of ${field}; removed in ${ALIASES_REMOVED_IN}`;
}

/**
 * `value` with, in every object at any depth that has one of `fields`, the old name added right
 * after the new one (same value). The fields are named per answer rather than applied everywhere
 * because an old name existed only where the field was renamed: `power_price_usd_per_mwh` was
 * `power_usd_per_mwh` in the machines API alone. Objects without such a field are returned as
 * they are (no copy), so a large answer costs one walk, not a second document.
 */
export function withDeprecatedNames<T>(value: T, fields: readonly RenamedField[]): T {
  return walk(value, new Set<string>(fields)) as T;
}

function walk(v: unknown, fields: ReadonlySet<string>): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      const w: unknown = x !== null && typeof x === 'object' ? walk(x, fields) : x;
      if (w !== x) (out ??= v.slice())[i] = w;
    }
    return out ?? v;
  }
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  const src = v as Record<string, unknown>;
  const keys = Object.keys(src);
  // Copied only from the first key that changes: most objects of a large answer (values, arrays) stay as they are.
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    const x = src[k];
    // Scalars are most of a large answer: not a call each (this runs cold, once per CLI process).
    const w = x !== null && typeof x === 'object' ? walk(x, fields) : x;
    const old = fields.has(k) ? RENAMED[k as RenamedField] : undefined;
    const alias = old !== undefined && !Object.hasOwn(src, old);
    if (out === undefined && (w !== x || alias)) {
      out = {};
      for (let j = 0; j < i; j++) out[keys[j] as string] = src[keys[j] as string];
    }
    if (out !== undefined) {
      out[k] = w;
      if (alias) out[old] = w;
    }
  }
  return out ?? v;
}

/**
 * An input object with any old name moved to its new one. Both given at once is ambiguous, so it
 * is refused with the path of the old name (the caller turns `conflicts` into its own error).
 */
export function acceptDeprecatedNames<T extends Record<string, unknown>>(input: T, fields: readonly RenamedField[]): { value: T; conflicts: string[] } {
  const out: Record<string, unknown> = { ...input };
  const conflicts: string[] = [];
  for (const f of fields) {
    const old = RENAMED[f];
    if (!Object.hasOwn(out, old)) continue;
    if (Object.hasOwn(out, f) && out[f] !== undefined) conflicts.push(old);
    else out[f] = out[old];
    delete out[old];
  }
  return { value: out as T, conflicts };
}
