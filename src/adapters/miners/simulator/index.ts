/**
 * The miner simulator: N miners on distinct loopback addresses, each speaking its firmware's RPC
 * on port 4028 byte for byte (NUL-terminated replies, close after reply, LuxOS session rules),
 * backed by the catalog's physical model, with the documented malformed replies as quirks and the
 * faults of real fleets on request. For tests, benchmarks and demos without hardware.
 *
 * Scale: one net.Server (one file descriptor) per miner, plus two per connection in flight while
 * polled in the same process; 10,000 miners need `ulimit -n` ≥ 10,000 + 2 × polling concurrency + slack.
 */
import { ValidationError } from '../../../errors.js';
import { loadCatalog } from '../../datasets/asic-catalog-file.js';
import { findModel } from '../../../hardware/catalog.js';
import type { AsicModel } from '../../../hardware/model.js';
import { loopbackAddresses } from './addresses.js';
import { DEFAULT_PHYSICS, type PhysicsOptions } from './physics.js';
import type { SimQuirk } from './quirks.js';
import { MinerServer } from './server.js';
import { SIM_FIRMWARES, type SimFault, type SimFirmwareName, SimMiner } from './sim-miner.js';

export { SIM_FAULTS, SIM_FIRMWARES, type SimFault, type SimFirmwareName, type SimRequest, SimMiner } from './sim-miner.js';
export { SIM_QUIRKS, type SimQuirk } from './quirks.js';

export const DEFAULT_SIM_MODELS: Record<SimFirmwareName, string> = { luxos: 'antminer-s19j-pro', antminer: 'antminer-s19', avalon: 'avalon-a1466' };

export interface MinerSimulatorOptions {
  /** How many of each firmware: `luxos=3,antminer=2,avalon=1` or an object. Default one LuxOS miner. */
  mix?: string | Partial<Record<SimFirmwareName, number>>;
  /** Catalog model id per firmware (DEFAULT_SIM_MODELS otherwise). */
  models?: Partial<Record<SimFirmwareName, string>>;
  /** Defaults to data/asic_models.csv of this package. */
  catalog?: readonly AsicModel[];
  /** First address; the next ones count up from it. Default 127.0.1.1. */
  base_address?: string;
  /** Default 4028, every firmware's RPC port; 0 lets the system pick one per miner. */
  port?: number;
  quirks?: Partial<Record<SimFirmwareName, readonly SimQuirk[]>>;
  /** Faults by position in the inventory. */
  faults?: Readonly<Record<number, SimFault>>;
  physics?: Partial<PhysicsOptions>;
  /** How long a reboot takes the miner off the network. Default 3 s. */
  reboot_ms?: number;
  /** The simulated clock, milliseconds since the epoch. Default Date.now. */
  clock_ms?: () => number;
}

export interface SimInventoryEntry {
  host: string;
  port: number;
  driver: SimFirmwareName;
  model_id: string;
  mac: string;
}

export interface MinerSimulator {
  inventory: SimInventoryEntry[];
  miners: SimMiner[];
  /** The miner at `host`, for its request log and state. */
  miner(host: string): SimMiner;
  close(): Promise<void>;
}

/** Parses `luxos=3,antminer=2,avalon=1`; every name must be a simulated firmware. */
export function parseMix(text: string): Record<SimFirmwareName, number> {
  const out: Record<SimFirmwareName, number> = { luxos: 0, antminer: 0, avalon: 0 };
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [name, count] = part.split('=').map((s) => s.trim());
    const firmware = SIM_FIRMWARES.find((f) => f === name);
    const n = Number(count);
    if (!firmware) throw ValidationError.field('mix', `unknown firmware "${name ?? ''}" — known: ${SIM_FIRMWARES.join(', ')}`);
    if (!Number.isInteger(n) || n < 0) throw ValidationError.field('mix', `count for ${firmware} must be a whole number ≥ 0, got "${count ?? ''}"`);
    out[firmware] += n;
  }
  return out;
}

const macOf = (i: number): string =>
  `02:48:46:${[(i >> 16) & 255, (i >> 8) & 255, i & 255].map((x) => x.toString(16).padStart(2, '0')).join(':')}`.toUpperCase();

export async function startMinerSimulator(options: MinerSimulatorOptions = {}): Promise<MinerSimulator> {
  const counts = typeof options.mix === 'string' ? parseMix(options.mix) : { luxos: 0, antminer: 0, avalon: 0, ...(options.mix ?? { luxos: 1 }) };
  const catalog = options.catalog ?? loadCatalog(new URL('../../../../data/', import.meta.url).pathname);
  const clock_ms = options.clock_ms ?? Date.now;
  const physics = { ...DEFAULT_PHYSICS, ...options.physics };
  const order = SIM_FIRMWARES.flatMap((f) => Array.from({ length: counts[f] }, () => f));
  const hosts = loopbackAddresses(order.length, options.base_address);
  const miners = order.map((firmware, i) => {
    const model = findModel(catalog, options.models?.[firmware] ?? DEFAULT_SIM_MODELS[firmware]);
    return new SimMiner(
      i,
      firmware,
      model,
      hosts[i] as string,
      options.port ?? 4028,
      macOf(i),
      clock_ms,
      physics,
      options.quirks?.[firmware] ?? [],
      options.faults?.[i] ?? null,
    );
  });
  const servers = miners.map((m) => new MinerServer(m, { reboot_ms: options.reboot_ms ?? 3_000 }));
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.close()));
  };
  try {
    // In batches: thousands of simultaneous listen() calls gain nothing over a few hundred.
    for (let i = 0; i < servers.length; i += 500) await Promise.all(servers.slice(i, i + 500).map((s) => s.listen()));
  } catch (err) {
    await close();
    throw err;
  }
  const byHost = new Map(miners.map((m) => [m.host, m]));
  return {
    inventory: miners.map((m) => ({ host: m.host, port: m.port, driver: m.firmware, model_id: m.model.id, mac: m.mac })),
    miners,
    miner: (host) => {
      const m = byHost.get(host);
      if (!m) throw ValidationError.field('host', `no simulated miner at ${host}`);
      return m;
    },
    close,
  };
}
