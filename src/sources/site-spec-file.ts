/**
 * Reads a `hashfloor pivot` site file (YAML or JSON) and validates it with the pure
 * src/config/site-spec.ts; a missing file is a NotFoundError, an invalid one a ValidationError
 * carrying every issue with its field path.
 */
import { readFileSync } from 'node:fs';
import { NotFoundError, ValidationError } from '../errors.js';
import { parseSiteSpecText, type SiteFile } from '../config/site-spec.js';
import type { AsicModel } from '../hardware/model.js';

export function readSiteSpecFile(path: string, catalog: readonly AsicModel[]): SiteFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read site file "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const r = parseSiteSpecText(text, catalog);
  if (!r.ok) throw new ValidationError(r.errors.map((e) => ({ path: `${path}: ${e.path}`, message: e.message })));
  return r.value;
}
