/**
 * `hashfloor simulate miners`: this process becomes a simulated fleet on loopback addresses
 * (LuxOS, stock Antminer, Avalon, each on its firmware's RPC) for demos and trials of the
 * `miners` commands without hardware. Prints the inventory it serves, then runs until
 * SIGINT/SIGTERM, like `serve`.
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { UsageError } from '../../errors.js';
import { simulatorInventory, startSimulation } from '../../app/miners/simulate.js';
import { numberOpt, stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { assertWritableFile } from '../out-file.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const command: CommandSpec = {
  path: ['simulate', 'miners'],
  summary: 'Serve N simulated miners (LuxOS, Antminer, Avalon) on loopback addresses until stopped; print their inventory',
  options: {
    count: { type: 'string', value: 'N', description: 'how many miners (required)' },
    mix: { type: 'string', value: 'luxos=W,antminer=W,avalon=W', description: 'share of each firmware, as weights (default equal thirds)' },
    faults: {
      type: 'string',
      value: 'I=FAULT,…|FAULT/N',
      description:
        'faults by inventory position (3=hang) or every Nth miner (hang/100): hang, close_mid_reply, wrong_credentials, reboot_mid_change, session_held',
    },
    quirks: { type: 'string', value: 'FW=QUIRK,…', description: 'malformed replies real firmware sends, per firmware (avalon=inf_nan)' },
    base: { type: 'string', value: '127.X.Y.Z', description: 'first miner address; the next ones count up (default 127.0.1.1; loopback only)' },
    port: { type: 'string', value: 'P', description: 'RPC port of every miner (default 4028; 0: a free port each)' },
    out: { type: 'string', value: 'FILE', description: 'write the inventory (YAML) here instead of printing it' },
  },
  help: [
    'Each miner listens on its own 127.x.y.z address and answers its firmware’s RPC byte for byte (NUL-terminated',
    'replies, one request per connection, LuxOS sessions), backed by the catalog’s physical model. One listening socket',
    'per miner: a --count that `ulimit -n` cannot hold is refused (exit 2) with the limit needed.',
    '',
    'Prints the inventory (the YAML `hashfloor miners status --inventory FILE` reads; `# ` lines are comments) or writes',
    'it to --out, then serves until SIGINT or SIGTERM. With --json the inventory is printed as one JSON line when ready,',
    'and a JSON document (miners, requests, writes) when stopped.',
    '',
    'Example: hashfloor simulate miners --count 30 --mix luxos=2,antminer=1,avalon=1 --faults hang/10 --out sim.yaml',
  ].join('\n'),
  async run(args, ctx) {
    const count = numberOpt(args, 'count', { integer: true, min: 1, max: 1_000_000, example: '--count 30' });
    if (count === undefined) throw new UsageError('--count N is required: how many miners to simulate');
    const port = numberOpt(args, 'port', { integer: true, min: 0, max: 65535, example: '--port 4028' }) ?? 4028;
    const out = stringOpt(args, 'out');
    if (out !== undefined) assertWritableFile(out, '--out');
    const base = stringOpt(args, 'base');
    const mix = stringOpt(args, 'mix');
    const faults = stringOpt(args, 'faults');
    const quirks = stringOpt(args, 'quirks');
    const sim = await startSimulation({
      count,
      port,
      ...(base !== undefined ? { base_address: base } : {}),
      ...(mix !== undefined ? { mix } : {}),
      ...(faults !== undefined ? { faults } : {}),
      ...(quirks !== undefined ? { quirks } : {}),
    });
    const inventory = simulatorInventory(sim, ctx.services.nowUnixS());
    const first = inventory.miners[0];
    const last = inventory.miners.at(-1);
    const where = `${count} simulated miner(s) on ${first?.host ?? '?'} … ${last?.host ?? '?'} port ${port === 0 ? '(one free port each)' : port}`;
    const yaml = `# hashfloor miner inventory of ${where}\n${stringify(inventory)}`;
    if (out !== undefined) writeFileSync(out, yaml);
    // A server has to say what it serves while it runs, not when it returns: print now.
    if (ctx.machineOutput) process.stdout.write(`${JSON.stringify({ ready: true, inventory })}\n`);
    else process.stdout.write(out !== undefined ? `# ${where}; inventory written to ${out}\n` : yaml);
    process.stdout.write(ctx.machineOutput ? '' : '# serving until SIGINT or SIGTERM\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.close();
    const requests = sim.miners.reduce((a, m) => a + m.log.length, 0);
    const writes = sim.miners.reduce((a, m) => a + m.writes().length, 0);
    return {
      json: { stopped: true, miners: count, requests, writes },
      // A comment line, so `hashfloor simulate miners … > inventory.yaml` stays valid YAML.
      summary: [`# stopped: ${formatEnUs(requests)} request(s) served, ${writes} of them writes`],
    };
  },
};
