/**
 * Standalone simulator process: `node --import tsx src/adapters/miners/simulator/main.ts
 * [--mix luxos=2,antminer=1,avalon=1] [--base 127.0.1.1] [--port 4028] [--fault INDEX=FAULT …]
 * [--quirk FIRMWARE=QUIRK …]`. Prints the inventory as JSON on stdout and serves until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../../../errors.js';
import { SIM_FAULTS, SIM_FIRMWARES, SIM_QUIRKS, type SimFault, type SimFirmwareName, type SimQuirk, startMinerSimulator } from './index.js';

const { values } = parseArgs({
  options: {
    mix: { type: 'string', default: 'luxos=1,antminer=1,avalon=1' },
    base: { type: 'string', default: '127.0.1.1' },
    port: { type: 'string', default: '4028' },
    fault: { type: 'string', multiple: true, default: [] },
    quirk: { type: 'string', multiple: true, default: [] },
  },
});

const faults: Record<number, SimFault> = {};
for (const f of values.fault) {
  const [index, fault] = f.split('=');
  const known = SIM_FAULTS.find((x) => x === fault);
  if (!known || !Number.isInteger(Number(index))) throw new UsageError(`--fault INDEX=FAULT, FAULT one of ${SIM_FAULTS.join(', ')}`);
  faults[Number(index)] = known;
}
const quirks: Partial<Record<SimFirmwareName, SimQuirk[]>> = {};
for (const q of values.quirk) {
  const [fw, quirk] = q.split('=');
  const firmware = SIM_FIRMWARES.find((x) => x === fw);
  const known = SIM_QUIRKS.find((x) => x === quirk);
  if (!firmware || !known) throw new UsageError(`--quirk FIRMWARE=QUIRK, QUIRK one of ${SIM_QUIRKS.join(', ')}`);
  (quirks[firmware] ??= []).push(known);
}

const sim = await startMinerSimulator({ mix: values.mix, base_address: values.base, port: Number(values.port), faults, quirks });
process.stdout.write(`${JSON.stringify(sim.inventory, null, 2)}\n`);
const stop = (): void => {
  void sim.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
