import { findModel } from '../../hardware/catalog.js';
import { efficiencyCurve, upperConcaveHull } from '../../hardware/curve.js';
import { profilesOf } from '../../hardware/profiles.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { normaliseModelName } from '../../hardware/catalog.js';
import { stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { decimals } from '../cell-format.js';

const num = decimals;

export const command: CommandSpec = {
  path: ['models'],
  summary: 'The ASIC catalog: nameplate hashrate, power, efficiency; with --model, its operating profiles and hull',
  options: {
    search: { type: 'string', value: 'TEXT', description: 'only models whose name contains TEXT (case and punctuation ignored)' },
    model: { type: 'string', value: 'NAME', description: "one model's operating profiles and the upper concave hull of its efficiency curve" },
  },
  csv: true,
  help: [
    'JSON fields (list): models[] with id, manufacturer, model, hashrate_ths, power_w, efficiency_jth, cooling, released (YYYY-MM), source.',
    'JSON fields (--model): model{…}, profiles[] with name, relative_frequency, hashrate_ths, power_w, efficiency_jth, origin (model|measured),',
    '  hull[] with power_w, hashrate_ths, name — ascending, concave, starting at off (0 W, 0 TH/s).',
  ].join('\n'),
  run(args, ctx) {
    const catalog = loadCatalog(ctx.services.dataDir);
    const name = stringOpt(args, 'model');
    if (name !== undefined) {
      const m = findModel(catalog, name);
      const profiles = profilesOf(m);
      const hull = upperConcaveHull(efficiencyCurve(profiles), { includeOff: true });
      return {
        json: { model: m, profiles, hull },
        summary: [
          `${m.model} (${m.manufacturer}, ${m.released}, ${m.cooling}): ${m.hashrate_ths} TH/s, ${m.power_w} W, ${m.efficiency_jth.toFixed(1)} J/TH — source ${m.source}`,
        ],
        tables: [
          {
            title: 'Operating profiles (frequency/voltage model unless measured)',
            columns: [
              { key: 'name', header: 'profile', align: 'left' },
              { key: 'relative_frequency', header: 'f/f0', format: num(2) },
              { key: 'hashrate_ths', header: 'TH/s', format: num(1) },
              { key: 'power_w', header: 'W', format: num(0) },
              { key: 'efficiency_jth', header: 'J/TH', format: num(2) },
              { key: 'origin', header: 'origin', align: 'left' },
            ],
            rows: profiles.map((p) => ({ ...p })),
          },
        ],
        notes: [`Upper concave hull: ${hull.map((p) => `${p.name ?? ''} (${Math.round(p.power_w)} W, ${p.hashrate_ths.toFixed(1)} TH/s)`).join(' → ')}`],
      };
    }
    const search = stringOpt(args, 'search');
    const q = search === undefined ? '' : normaliseModelName(search);
    const models = catalog.filter((m) => normaliseModelName(`${m.manufacturer} ${m.model}`).includes(q));
    return {
      json: { models },
      tables: [
        {
          columns: [
            { key: 'model', header: 'model', align: 'left' },
            { key: 'manufacturer', header: 'maker', align: 'left' },
            { key: 'hashrate_ths', header: 'TH/s' },
            { key: 'power_w', header: 'W' },
            { key: 'efficiency_jth', header: 'J/TH', format: num(1) },
            { key: 'cooling', header: 'cooling', align: 'left' },
            { key: 'released', header: 'released', align: 'left' },
            { key: 'source', header: 'source', align: 'left' },
            { key: 'id', header: 'id', align: 'left' },
          ],
          rows: models.map((m) => ({ ...m })),
        },
      ],
      notes: [`${models.length} models; provenance per row in data/SOURCES.md. Add your own under models: in a fleet spec.`],
    };
  },
};
