/**
 * The hardware catalog: parses the embedded `data/asic_models.csv` text (pure; the file is read by
 * src/adapters/datasets/asic-catalog-file.ts) and resolves a user's model name to a catalog entry, suggesting
 * the closest names when none matches.
 */
import { NotFoundError, ParseError } from '../errors.js';
import type { AsicModel, Cooling, ModelSource } from './model.js';

export const CATALOG_COLUMNS = ['id', 'manufacturer', 'model', 'hashrate_ths', 'power_w', 'efficiency_jth', 'cooling', 'released', 'source'] as const;
const COOLINGS: readonly Cooling[] = ['air', 'hydro', 'immersion'];
const SOURCES: readonly ModelSource[] = ['nominal', 'sourced', 'btcbess-8', 'mining-data-2020-03', 'user'];

/** Parses the catalog CSV; every malformed row is a ParseError naming the line. */
export function parseCatalogCsv(text: string, source = 'asic_models.csv'): AsicModel[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] as string).split(','); // split gives at least one line
  if (header.join(',') !== CATALOG_COLUMNS.join(',')) {
    throw new ParseError(`expected header ${CATALOG_COLUMNS.join(',')}`, { line: 1, source });
  }
  const out: AsicModel[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const c = line.split(',');
    const at = { line: i + 1, source };
    if (c.length !== CATALOG_COLUMNS.length) throw new ParseError(`expected ${CATALOG_COLUMNS.length} fields, got ${c.length}`, at);
    const [id, manufacturer, model, h, p, , cooling, released, src] = c as [string, string, string, string, string, string, string, string, string];
    const hashrate_ths = Number(h);
    const power_w = Number(p);
    if (!(hashrate_ths > 0) || !(power_w > 0)) throw new ParseError('hashrate_ths and power_w must be positive numbers', at);
    if (!COOLINGS.includes(cooling as Cooling)) throw new ParseError(`cooling must be one of ${COOLINGS.join(', ')}`, at);
    if (!SOURCES.includes(src as ModelSource)) throw new ParseError(`source must be one of ${SOURCES.join(', ')}`, at);
    if (!/^\d{4}-\d{2}$/.test(released)) throw new ParseError('released must be YYYY-MM', at);
    out.push({
      id,
      manufacturer,
      model,
      hashrate_ths,
      power_w,
      efficiency_jth: power_w / hashrate_ths,
      cooling: cooling as Cooling,
      released,
      source: src as ModelSource,
    });
  }
  return out;
}

/** Lower-case alphanumerics with `+` spelled out, so `S19 XP`, `s19xp` and `antminer-s19-xp` meet. */
export function normaliseModelName(name: string): string {
  return name
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/[^a-z0-9]/g, '');
}

/** The names a model answers to: id, display name, and the display name without the brand word. */
function aliases(m: AsicModel): string[] {
  const bare = m.model.replace(/^(Antminer|Whatsminer|AvalonMiner|Avalon|SealMiner)\s+/i, '');
  return [m.id, m.model, bare, `${m.manufacturer} ${m.model}`].map(normaliseModelName);
}

/** Levenshtein edit distance: the fewest one-character insertions, deletions and substitutions turning `a` into `b`. */
export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** Up to `n` catalog names closest to `query` (edit distance over normalised aliases). */
export function closestModelNames(catalog: readonly AsicModel[], query: string, n = 3): string[] {
  const q = normaliseModelName(query);
  return catalog
    .map((m) => ({ name: m.model, d: Math.min(...aliases(m).map((a) => (a.includes(q) && q.length >= 2 ? 0.5 : levenshtein(q, a)))) }))
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name))
    .slice(0, n)
    .map((x) => x.name);
}

/** The model named `query`, or undefined. Matches id, display name or brand-less name, ignoring case and punctuation. */
export function lookupModel(catalog: readonly AsicModel[], query: string): AsicModel | undefined {
  const q = normaliseModelName(query);
  return catalog.find((m) => aliases(m).includes(q));
}

/** Like lookupModel, but a miss is a NotFoundError (path `model`) that suggests the closest names. */
export function findModel(catalog: readonly AsicModel[], query: string): AsicModel {
  const m = lookupModel(catalog, query);
  if (m) return m;
  const near = closestModelNames(catalog, query);
  throw new NotFoundError(`unknown model "${query}" — closest: ${near.join(', ')}`, { path: 'model' });
}
