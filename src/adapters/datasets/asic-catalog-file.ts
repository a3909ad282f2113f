/** Reads the embedded hardware catalog, `data/asic_models.csv` (see data/SOURCES.md). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalogCsv } from '../../hardware/catalog.js';
import type { AsicModel } from '../../hardware/model.js';

export function loadCatalog(dataDir: string): AsicModel[] {
  const path = join(dataDir, 'asic_models.csv');
  return parseCatalogCsv(readFileSync(path, 'utf8'), path);
}
