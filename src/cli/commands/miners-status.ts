import { UpstreamError } from '../../errors.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { minersStatus, type StatusGroup } from '../../app/miners/status.js';
import type { CommandSpec, Table } from '../command.js';
import { fixed, loadMiners, READ_OPTIONS, readOpts, SOURCE_OPTIONS, watts } from './miners-options.js';

function groupTable(title: string, rows: StatusGroup[], lots: boolean): Table {
  return {
    title,
    columns: [
      { key: 'id', header: lots ? 'lot' : 'site', align: 'left' },
      { key: 'miners', header: 'listed' },
      ...(lots ? [{ key: 'lot_count', header: 'lot count' }] : []),
      { key: 'answered', header: 'answered' },
      { key: 'hashrate_ths', header: 'TH/s', format: fixed(1) },
      { key: 'nameplate_hashrate_ths', header: 'nameplate TH/s', format: fixed(1) },
      { key: 'measured_vs_nameplate_pct', header: 'vs nameplate %', format: fixed(1) },
      { key: 'power_w', header: 'power W', format: watts },
    ],
    rows: rows.map((r) => ({ ...r })),
  };
}

export const command: CommandSpec = {
  path: ['miners', 'status'],
  summary: 'Read every listed miner: state, hashrate, power, J/TH, temperatures; totals per site and lot vs nameplate',
  options: { ...SOURCE_OPTIONS, ...READ_OPTIONS },
  csv: true,
  help: [
    'Each miner is read on its own with its own deadline (--timeout-ms) and at most --concurrency at once: a miner that',
    'hangs or fails is listed with its error and never holds up the others. Exit 0 when every miner answered, 3 when',
    'any failed (the others are still printed).',
    '',
    'JSON fields: miners[] (miner, site, lot, driver, model, firmware, state, hashrate_ths, power_w, power_source',
    '  measured|estimated, efficiency_jth, chip_temp_max_c, uptime_s, error), sites[] and lots[] (id, miners, answered,',
    '  hashrate_ths, power_w, nameplate_hashrate_ths of the answering miners’ catalog models, measured_vs_nameplate_pct,',
    '  lot_count), answered, failed.',
    'Example: hashfloor miners status --fleet fleet.yaml --json',
  ].join('\n'),
  async run(args, ctx) {
    const list = loadMiners(args, ctx);
    const fc = await ctx.services.fleetControl();
    const bar = ctx.progress('reading', list.miners.length, 'miners');
    const s = await minersStatus(fc, list, loadCatalog(ctx.services.dataDir), { ...readOpts(args), env: process.env, onSettled: () => bar.tick() });
    bar.done();
    const failed = s.miners.filter((m) => m.state === 'unreachable');
    return {
      json: s,
      summary: [`${s.answered} of ${s.miners.length} miner(s) answered`],
      tables: [
        {
          title: 'Miners',
          columns: [
            { key: 'miner', header: 'miner', align: 'left' },
            { key: 'lot', header: 'lot', align: 'left' },
            { key: 'driver', header: 'driver', align: 'left' },
            { key: 'model', header: 'model', align: 'left' },
            { key: 'firmware', header: 'firmware', align: 'left' },
            { key: 'state', header: 'state', align: 'left' },
            { key: 'hashrate_ths', header: 'TH/s', format: fixed(1) },
            { key: 'power_w', header: 'W', format: watts },
            { key: 'power_source', header: 'W from', align: 'left' },
            { key: 'efficiency_jth', header: 'J/TH', format: fixed(1) },
            { key: 'chip_temp_max_c', header: 'chip °C', format: fixed(0) },
            { key: 'uptime_s', header: 'uptime h', format: (v) => (typeof v === 'number' ? (v / 3600).toFixed(1) : '—') },
            { key: 'error', header: 'last error', align: 'left' },
          ],
          rows: s.miners.map((m) => ({ ...m })),
        },
        groupTable('Per site', s.sites, false),
        groupTable('Per lot (nameplate: catalog stock hashrate of the miners that answered)', s.lots, true),
      ],
      failure: failed.length
        ? new UpstreamError(`${failed.length} of ${s.miners.length} miner(s) did not answer: ${failed.map((m) => m.miner).join(', ')}`)
        : null,
    };
  },
};
