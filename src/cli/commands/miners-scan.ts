import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { parseIpv4Range, parsePortList, rangeSize } from '../../config/cidr.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { minersFromFleet } from '../../app/miners/miner-list.js';
import { checkScanSize, scanMiners, SCAN_DEFAULTS } from '../../app/miners/scan.js';
import { boolOpt, numberOpt, stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { assertWritableFile } from '../out-file.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const command: CommandSpec = {
  path: ['miners', 'scan'],
  summary: 'Find and identify miners in the IPv4 ranges you name (unauthenticated reads only); write an inventory',
  positionals: [
    { name: 'RANGE…', required: true, description: 'IPv4 ranges (10.0.0.0/24) or single addresses (10.0.0.5); only these are probed', variadic: true },
  ],
  options: {
    ports: { type: 'string', value: 'P[,P…]', description: 'TCP ports to probe on each address (default 4028)' },
    out: { type: 'string', value: 'FILE', description: 'write the inventory (YAML) here; include it in a fleet spec as miners: { include: FILE }' },
    fleet: {
      type: 'string',
      value: 'FILE',
      description: 'fleet spec whose lots identified models are matched to (a model matching exactly one lot gets its lot and site)',
    },
    'allow-large': { type: 'boolean', description: 'allow ranges larger than /16 (65,536 addresses)' },
    concurrency: { type: 'string', value: 'N', description: `connects in flight at once (default ${SCAN_DEFAULTS.concurrency})` },
    'timeout-ms': { type: 'string', value: 'MS', description: `connect and identify deadline per address (default ${SCAN_DEFAULTS.timeout_ms})` },
  },
  help: [
    'Probes each address of the named ranges (network and broadcast addresses of ranges up to /30 are skipped) on each port,',
    'and asks what answers to identify itself without credentials; a refused or silent address is no miner. Nothing outside',
    'the named ranges is ever probed, and no password is ever tried.',
    '',
    'JSON fields: ranges[], ports[], probed, found, unidentified[] (host, port, error), inventory (version, scanned_unix_s,',
    '  ranges[], miners[] with host, port, driver, make, model, firmware, mac, serial, site, lot).',
    'Example: hashfloor miners scan 10.20.0.0/22 10.20.8.17 --out inventory.yaml --fleet fleet.yaml',
  ].join('\n'),
  async run(args, ctx) {
    const ranges = args.positionals.map((p) => parseIpv4Range(p, `RANGE "${p}"`));
    const allowLarge = boolOpt(args, 'allow-large');
    checkScanSize(ranges, allowLarge);
    const portsText = stringOpt(args, 'ports');
    const ports = portsText === undefined ? [4028] : parsePortList(portsText, '--ports');
    const out = stringOpt(args, 'out');
    if (out !== undefined) assertWritableFile(out, '--out');
    const fleetPath = stringOpt(args, 'fleet');
    const lots = fleetPath === undefined ? undefined : minersFromFleet(fleetPath, ctx.services.dataDir).lots;
    const total = ranges.reduce((a, r) => a + rangeSize(r), 0) * ports.length;
    const bar = ctx.progress('scanning', total, 'hosts');
    const r = await scanMiners(await ctx.services.fleetControl(), {
      ranges,
      ports,
      allowLarge,
      concurrency: numberOpt(args, 'concurrency', { integer: true, min: 1, max: 4096 }) ?? SCAN_DEFAULTS.concurrency,
      timeout_ms: numberOpt(args, 'timeout-ms', { integer: true, min: 1, max: 60_000 }) ?? SCAN_DEFAULTS.timeout_ms,
      nowUnixS: ctx.services.nowUnixS(),
      catalog: loadCatalog(ctx.services.dataDir),
      ...(lots ? { lots } : {}),
      onProbed: () => bar.tick(),
    });
    bar.done();
    if (out !== undefined)
      writeFileSync(out, `# hashfloor miner inventory; credentials only by reference ({ env: NAME } or { file: PATH })\n${stringify(r.inventory)}`);
    return {
      json: {
        ranges: ranges.map((x) => x.text),
        ports,
        probed: r.probed,
        found: r.inventory.miners.length,
        unidentified: r.unidentified,
        inventory: r.inventory,
      },
      summary: [
        `probed ${formatEnUs(r.probed)} address:port pairs in ${ranges.map((x) => x.text).join(', ')}: ${r.inventory.miners.length} miner(s) found${out ? `, inventory written to ${out}` : ''}`,
      ],
      tables: [
        {
          title: 'Miners found',
          columns: [
            { key: 'host', header: 'host', align: 'left' },
            // A port is a name, not a quantity: no thousands separator.
            { key: 'port', header: 'port', format: (v) => String(v) },
            { key: 'driver', header: 'driver', align: 'left' },
            { key: 'model', header: 'model', align: 'left' },
            { key: 'firmware', header: 'firmware', align: 'left' },
            { key: 'mac', header: 'MAC', align: 'left' },
            { key: 'lot', header: 'lot', align: 'left' },
          ],
          rows: r.inventory.miners.map((m) => ({ ...m })),
        },
      ],
      notes: r.unidentified.map((u) => `  ${u.host}:${u.port} answered but could not be identified: ${u.error}`),
    };
  },
};
