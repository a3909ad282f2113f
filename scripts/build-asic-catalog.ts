/**
 * Builds data/asic_models.csv from three public tables and the per-row sourced table of
 * data/SOURCES.md, first table winning on overlap (see data/SOURCES.md); run through `npm run data:build`.
 */
import type { BuildResult, ReadInput } from './data-build/builder.js';
import { tableRows } from './data-build/manifest.js';
import { RELEASE_UNSTATED } from '../src/hardware/model.js';

export const NOMINAL = 'asic_models_nominal.csv';
export const BTCBESS = 'asic_models_8_with_release_dates.csv';
export const MINING_DATA = 'asic_mining_devices_2020-03.csv';

interface Model {
  manufacturer: string;
  model: string;
  hashrate_ths: string;
  power_w: string;
  cooling: string;
  released: string;
  source: string;
}

// Tables spell the same machine differently ("Antminer S19 Pro", "S19 Pro", "Bitmain S19 Pro").
const sameMachineKey = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/avalonminer /, 'avalon a')
    .replace(/^(bitmain|microbt|canaan)\s+/, '')
    .replace(/antminer|whatsminer|avalonminer|avalon/g, '')
    .replace(/[^a-z0-9]/g, '');
const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** Data lines of a CSV, header dropped; a BOM would otherwise glue itself to the first column name only. */
function dataLines(read: ReadInput, name: string): string[] {
  return read(name)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1);
}

/** Cells are taken by position; a short line yields empty cells, as the tables' own gaps do. */
const cell = (cells: string[], i: number): string => cells[i] ?? '';

/** The hand-gathered table of data/SOURCES.md: one model a row, each with where its figures were read. */
export const SOURCED_SECTION = 'asic-sourced';
export const SOURCED_COLUMNS = ['manufacturer', 'model', 'hashrate_ths', 'power_w', 'cooling', 'released', 'kind', 'source', 'read'] as const;
const SOURCE_KINDS = ['manufacturer', 'announcement', 'review', 'listing'];
const COOLINGS = ['air', 'hydro', 'immersion'];

/** Rows of the sourced table as catalog models; a malformed cell fails the build naming its row. */
function sourcedModels(sourcesMd: string): Model[] {
  return tableRows(sourcesMd, SOURCED_SECTION, SOURCED_COLUMNS).map((cells, i) => {
    const [manufacturer = '', model = '', h = '', p = '', cooling = '', released = '', kind = '', source = '', read = ''] = cells;
    const at = `${SOURCED_SECTION} table row ${i + 1} (${model})`;
    if (!(Number(h) > 0) || !(Number(p) > 0)) throw new Error(`${at}: hashrate_ths and power_w must be positive numbers`);
    if (!COOLINGS.includes(cooling)) throw new Error(`${at}: cooling must be one of ${COOLINGS.join(', ')}`);
    if (released !== '—' && !/^\d{4}-\d{2}$/.test(released)) throw new Error(`${at}: released must be YYYY-MM or — (not stated)`);
    if (!SOURCE_KINDS.includes(kind)) throw new Error(`${at}: kind must be one of ${SOURCE_KINDS.join(', ')}`);
    if (source === '' || !/^\d{4}-\d{2}-\d{2}$/.test(read)) throw new Error(`${at}: needs a source and the date it was read (YYYY-MM-DD)`);
    return { manufacturer, model, hashrate_ths: h, power_w: p, cooling, released: released === '—' ? RELEASE_UNSTATED : released, source: 'sourced' };
  });
}

export function buildAsicCatalog(read: ReadInput, sourcesMd: string): BuildResult {
  const rows: (Model & { id: string })[] = [];
  const seen = new Set<string>();
  const add = (r: Model): void => {
    const key = sameMachineKey(r.model);
    if (seen.has(key)) return;
    const id = slug(r.model);
    if (rows.some((x) => x.id === id)) return;
    seen.add(key);
    rows.push({ id, ...r });
  };

  for (const line of dataLines(read, NOMINAL)) {
    const c = line.split(',');
    add({
      manufacturer: cell(c, 0),
      model: cell(c, 1),
      hashrate_ths: cell(c, 2),
      power_w: cell(c, 3),
      cooling: cell(c, 5),
      released: cell(c, 6),
      source: 'nominal',
    });
  }
  for (const m of sourcedModels(sourcesMd)) add(m);
  for (const line of dataLines(read, BTCBESS)) {
    const c = line.split(',');
    const man = cell(c, 4);
    const manufacturer = man === 'Whatsminer' ? 'MicroBT' : man;
    let model = cell(c, 0);
    if (manufacturer === 'MicroBT' && !model.startsWith('Whatsminer')) model = 'Whatsminer ' + model;
    if (manufacturer === 'Bitmain' && !model.startsWith('Antminer')) model = 'Antminer ' + model;
    const [month = '', , year = ''] = cell(c, 5).split('/'); // M/D/YY; the catalog keeps year-month
    add({
      manufacturer,
      model,
      hashrate_ths: cell(c, 1),
      power_w: cell(c, 2),
      cooling: 'air',
      released: `20${year}-${month.padStart(2, '0')}`,
      source: 'btcbess-8',
    });
  }
  for (const line of dataLines(read, MINING_DATA)) {
    const c = line.split(',');
    const company = cell(c, 0);
    const manufacturer = company === 'Whatsminer' ? 'MicroBT' : company === 'INNOSILICON' ? 'Innosilicon' : company;
    const model = cell(c, 1)
      .replace(/\s+\)/, ')')
      .replace(/^INNOSILICON /, 'Innosilicon ');
    if (/underclocked/i.test(model)) continue; // an operating profile, not a model
    add({
      manufacturer,
      model,
      hashrate_ths: cell(c, 3),
      power_w: cell(c, 4),
      cooling: /hydro/i.test(model) ? 'hydro' : 'air',
      released: `${cell(c, 11)}-${cell(c, 12).padStart(2, '0')}`,
      source: 'mining-data-2020-03',
    });
  }

  const out = ['id,manufacturer,model,hashrate_ths,power_w,efficiency_jth,cooling,released,source'];
  for (const r of rows) {
    const efficiency_jth = (Number(r.power_w) / Number(r.hashrate_ths)).toFixed(1);
    out.push([r.id, r.manufacturer, r.model, r.hashrate_ths, r.power_w, efficiency_jth, r.cooling, r.released, r.source].join(','));
  }
  return { files: new Map([['asic_models.csv', out.join('\n') + '\n']]), summary: `${rows.length} models` };
}
