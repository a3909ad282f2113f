import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
// Usage: node scripts/build-asic-catalog.mjs [SHARED_DATA_DIR] — rebuilds data/asic_models.csv (see data/SOURCES.md).
const S = (process.argv[2] ?? '../shared/data').replace(/\/?$/, '/');
const strip = (t) => t.replace(/^\uFEFF/, '');
const norm = (s) => s.toLowerCase().replace(/\+/g, 'plus').replace(/avalonminer /, 'avalon a').replace(/^(bitmain|microbt|canaan)\s+/, '').replace(/antminer|whatsminer|avalonminer|avalon/g, '').replace(/[^a-z0-9]/g, '');
const rows = [];
const seen = new Set();
const slug = (s) => s.toLowerCase().replace(/\+/g, 'plus').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
function add(r) {
  const key = norm(r.model);
  if (seen.has(key)) return;
  const id = slug(r.model);
  if (rows.some((x) => x.id === id)) return;
  seen.add(key);
  rows.push({ id, ...r });
}
for (const line of strip(readFileSync(S + 'asic_models_nominal.csv', 'utf8')).trim().split('\n').slice(1)) {
  const [manufacturer, model, h, p, , cooling, released] = line.split(',');
  add({ manufacturer, model, hashrate_ths: h, power_w: p, cooling, released, source: 'nominal' });
}
const months = (m, d, y) => `20${y}-${String(m).padStart(2, '0')}`;
for (const line of strip(readFileSync(S + 'asic_models_8_with_release_dates.csv', 'utf8')).trim().split('\n').slice(1)) {
  const [name, h, p, , man, rel] = line.split(',');
  const manufacturer = man === 'Whatsminer' ? 'MicroBT' : man;
  let model = name;
  if (manufacturer === 'MicroBT' && !model.startsWith('Whatsminer')) model = 'Whatsminer ' + model;
  if (manufacturer === 'Bitmain' && !model.startsWith('Antminer')) model = 'Antminer ' + model;
  const [m, d, y] = rel.split('/');
  add({ manufacturer, model, hashrate_ths: h, power_w: p, cooling: 'air', released: months(m, d, y), source: 'btcbess-8' });
}
for (const line of strip(readFileSync(S + 'asic_mining_devices_2020-03.csv', 'utf8')).trim().split('\n').slice(1)) {
  const c = line.split(',');
  const man = c[0] === 'Whatsminer' ? 'MicroBT' : c[0] === 'INNOSILICON' ? 'Innosilicon' : c[0];
  const model = c[1].replace(/\s+\)/, ')').replace(/^INNOSILICON /, 'Innosilicon ');
  if (/underclocked/i.test(model)) continue; // an operating profile, not a model
  add({ manufacturer: man, model, hashrate_ths: c[3], power_w: c[4], cooling: /hydro/i.test(model) ? 'hydro' : 'air', released: `${c[11]}-${String(c[12]).padStart(2, '0')}`, source: 'mining-data-2020-03' });
}
const out = ['id,manufacturer,model,hashrate_ths,power_w,efficiency_jth,cooling,released,source'];
for (const r of rows) {
  const e = (Number(r.power_w) / Number(r.hashrate_ths)).toFixed(1);
  out.push([r.id, r.manufacturer, r.model, r.hashrate_ths, r.power_w, e, r.cooling, r.released, r.source].join(','));
}
writeFileSync('data/asic_models.csv', out.join('\n') + '\n');
process.stdout.write(`${rows.length} models\n`);
