/**
 * Reads a fleet spec file (YAML or JSON) and validates it with the pure src/config/fleet-spec.ts;
 * errors as in readSpecFile. Relative `power_price_csv.path`s are resolved against the spec file's
 * folder, so a spec works from any working directory.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseFleetSpecText } from '../../config/fleet-spec.js';
import type { Fleet } from '../../economics/fleet.js';
import type { AsicModel } from '../../hardware/model.js';
import { readSpecFile } from './spec-file.js';

export function readFleetSpecFile(path: string, catalog: readonly AsicModel[], warn?: (line: string) => void): Fleet {
  const fleet = readSpecFile(path, 'fleet spec', (text) => parseFleetSpecText(text, catalog), warn);
  const base = dirname(path);
  for (const s of fleet.sites) {
    if (s.price_csv !== undefined && !isAbsolute(s.price_csv)) s.price_csv = resolve(base, s.price_csv);
  }
  return fleet;
}
