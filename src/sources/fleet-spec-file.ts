/**
 * Reads a fleet spec file (YAML or JSON) and validates it with the pure src/config/fleet-spec.ts;
 * a missing file is a NotFoundError, an invalid spec a ValidationError carrying every issue.
 * Relative `power_price_csv.path`s are resolved against the spec file's folder.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { NotFoundError, ValidationError } from '../errors.js';
import { parseFleetSpecText, type Fleet } from '../config/fleet-spec.js';
import type { AsicModel } from '../hardware/model.js';

export function readFleetSpecFile(path: string, catalog: readonly AsicModel[]): Fleet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read fleet spec "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const r = parseFleetSpecText(text, catalog);
  if (!r.ok) throw new ValidationError(r.errors.map((e) => ({ path: `${path}: ${e.path}`, message: e.message })));
  const base = dirname(path);
  for (const s of r.value.sites) {
    if (s.power_price.kind === 'hourly_csv' && !isAbsolute(s.power_price.path)) s.power_price.path = resolve(base, s.power_price.path);
  }
  return r.value;
}
