/**
 * Reads a `hashfloor pivot` site file (YAML or JSON) and validates it with the pure
 * src/config/site-spec.ts; errors as in readSpecFile.
 */
import { parseSiteSpecText, type SiteFile } from '../../config/site-spec.js';
import type { AsicModel } from '../../hardware/model.js';
import { readSpecFile } from './spec-file.js';

export function readSiteSpecFile(path: string, catalog: readonly AsicModel[], warn?: (line: string) => void): SiteFile {
  return readSpecFile(path, 'site file', (text) => parseSiteSpecText(text, catalog), warn);
}
