/**
 * `hashfloor simulate miners`: the miner simulator (src/adapters/miners/simulator/) as a process of
 * its own, serving a demo or test fleet on loopback addresses, and the inventory it serves in the
 * form `hashfloor miners status --inventory` reads. Also the file-descriptor check: every simulated
 * miner holds a listening socket, so a count the process limit cannot hold is refused up front
 * with the figures, rather than failing with EMFILE halfway through start-up.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { UsageError, ValidationError } from '../../errors.js';
import type { Inventory } from '../../config/miner-inventory.js';
import {
  SIM_FAULTS,
  SIM_FIRMWARES,
  SIM_QUIRKS,
  parseMix,
  startMinerSimulator,
  type MinerSimulator,
  type SimFault,
  type SimFirmwareName,
  type SimQuirk,
} from '../../adapters/miners/simulator/index.js';
import { AVALON_FIRMWARE } from '../../adapters/miners/simulator/firmware-cgminer.js';
import { LUXOS_VERSION } from '../../adapters/miners/simulator/firmware-luxos.js';
import { formatEnUs } from '../../units/en-us-number.js';

/**
 * Descriptors beyond one per miner: stdio, the event loop's own, and the accepted connections of
 * a poller (hashfloor's largest default fan-out is the scan's 256, doubled for margin).
 */
export const SIM_FD_HEADROOM = 600;

/** The soft limit on open files of this process (`ulimit -n`), or null when it cannot be read. */
export function openFileLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
    if (soft !== undefined && Number.isFinite(Number(soft))) return Number(soft);
  } catch {
    // Not Linux: ask the shell.
  }
  try {
    const text = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number.isFinite(Number(text)) ? Number(text) : null;
  } catch {
    return null;
  }
}

/** Refuses `count` miners when the process cannot open that many sockets (limit null: not checked). */
export function checkFdLimit(count: number, limit: number | null): void {
  if (limit === null) return;
  const needed = count + SIM_FD_HEADROOM;
  if (needed <= limit) return;
  throw new UsageError(
    `--count ${count} needs about ${formatEnUs(needed)} open files (one listening socket per miner plus ${SIM_FD_HEADROOM} for connections in flight), ` +
      `but ulimit -n is ${formatEnUs(limit)}: raise it (ulimit -n ${needed}) or use --count ${Math.max(0, limit - SIM_FD_HEADROOM)} or fewer`,
  );
}

/**
 * `count` miners split by the weights of `mix` (`luxos=2,antminer=1,avalon=1`), largest
 * remainder first so the parts add up to `count`; no mix is equal thirds.
 */
export function splitCount(count: number, mix: string | undefined): Record<SimFirmwareName, number> {
  const weights = mix === undefined ? { luxos: 1, antminer: 1, avalon: 1 } : parseMix(mix);
  const total = SIM_FIRMWARES.reduce((a, f) => a + weights[f], 0);
  if (total === 0) throw ValidationError.field('mix', 'give at least one firmware a weight above 0');
  const exact = SIM_FIRMWARES.map((f) => ({ f, x: (count * weights[f]) / total }));
  const out = Object.fromEntries(exact.map(({ f, x }) => [f, Math.floor(x)])) as Record<SimFirmwareName, number>;
  let left = count - SIM_FIRMWARES.reduce((a, f) => a + out[f], 0);
  for (const { f } of [...exact].sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)))) {
    if (left-- <= 0) break;
    out[f] += 1;
  }
  return out;
}

/**
 * Faults by inventory position: `3=hang,7=session_held` for single miners, `hang/100` for every
 * 100th miner (positions 99, 199, …), so a large demo fleet can carry a realistic share of them.
 */
export function parseFaults(text: string | undefined, count: number): Record<number, SimFault> {
  const out: Record<number, SimFault> = {};
  for (const part of (text ?? '').split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const every = /^([a-z_]+)\/(\d+)$/.exec(part);
    const single = /^(\d+)=([a-z_]+)$/.exec(part);
    const name = every?.[1] ?? single?.[2];
    const fault = SIM_FAULTS.find((f) => f === name);
    if (!fault || !(every || single))
      throw ValidationError.field('faults', `"${part}": expected INDEX=FAULT or FAULT/N, FAULT one of ${SIM_FAULTS.join(', ')}`);
    if (every) {
      const n = Number(every[2]);
      if (n < 1) throw ValidationError.field('faults', `"${part}": N must be at least 1`);
      for (let i = n - 1; i < count; i += n) out[i] = fault;
    } else {
      const i = Number(single?.[1]);
      if (i >= count) throw ValidationError.field('faults', `"${part}": there are only ${count} miners (positions 0–${count - 1})`);
      out[i] = fault;
    }
  }
  return out;
}

/** Quirks by firmware: `avalon=inf_nan,antminer=missing_comma`. */
export function parseQuirks(text: string | undefined): Partial<Record<SimFirmwareName, SimQuirk[]>> {
  const out: Partial<Record<SimFirmwareName, SimQuirk[]>> = {};
  for (const part of (text ?? '').split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [fw, q] = part.split('=');
    const firmware = SIM_FIRMWARES.find((x) => x === fw);
    const quirk = SIM_QUIRKS.find((x) => x === q);
    if (!firmware || !quirk) throw ValidationError.field('quirks', `"${part}": expected FIRMWARE=QUIRK, QUIRK one of ${SIM_QUIRKS.join(', ')}`);
    (out[firmware] ??= []).push(quirk);
  }
  return out;
}

const FIRMWARE_TEXT: Record<SimFirmwareName, string> = {
  luxos: `LUXminer ${LUXOS_VERSION}`,
  antminer: 'bmminer 1.0.0',
  avalon: AVALON_FIRMWARE,
};

/** The inventory of what `sim` serves, as a scan of it would write it. */
export function simulatorInventory(sim: MinerSimulator, nowUnixS: number): Inventory {
  return {
    version: 1,
    scanned_unix_s: nowUnixS,
    miners: sim.miners.map((m) => ({
      host: m.host,
      port: m.port,
      driver: m.firmware,
      make: m.model.manufacturer,
      model: m.model.model,
      firmware: FIRMWARE_TEXT[m.firmware],
      mac: m.mac,
    })),
  };
}

export interface SimulateOptions {
  count: number;
  mix?: string;
  faults?: string;
  quirks?: string;
  base_address?: string;
  port: number;
}

/** Starts the simulator after checking the descriptor limit; the caller closes it. */
export async function startSimulation(o: SimulateOptions, fdLimit: number | null = openFileLimit()): Promise<MinerSimulator> {
  checkFdLimit(o.count, fdLimit);
  const options = {
    mix: splitCount(o.count, o.mix),
    faults: parseFaults(o.faults, o.count),
    quirks: parseQuirks(o.quirks),
    ...(o.base_address !== undefined ? { base_address: o.base_address } : {}),
    port: o.port,
  };
  try {
    return await startMinerSimulator(options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = (err as { address?: string; port?: number }).address;
    if (code === 'EADDRINUSE') throw new UsageError(`${where ?? 'an address'}:${o.port} is already in use: pick another --base or --port`, { cause: err });
    if (code === 'EMFILE')
      throw new UsageError(`ran out of file descriptors starting ${o.count} miners (ulimit -n ${fdLimit ?? '?'}): lower --count`, { cause: err });
    throw err;
  }
}
