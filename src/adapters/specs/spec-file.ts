/**
 * Reads a spec file (YAML or JSON) and validates it with a pure parser from src/config/: a missing
 * file is a NotFoundError, an invalid spec a ValidationError carrying every issue, each prefixed
 * with the file name so the user sees where to look.
 */
import { readFileSync } from 'node:fs';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Result } from '../../config/fleet-spec.js';

/** `warn` receives each implausible value as one line naming the file and the field. */
export function readSpecFile<T>(path: string, what: string, parse: (text: string) => Result<T>, warn?: (line: string) => void): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read ${what} "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const r = parse(text);
  if (!r.ok) throw new ValidationError(r.errors.map((e) => ({ path: `${path}: ${e.path}`, message: e.message })));
  for (const w of r.warnings ?? []) warn?.(`${path}: ${w.path}: ${w.message}`);
  return r.value;
}
