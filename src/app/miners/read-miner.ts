/** One bounded read of one listed miner: connect with its driver and credentials, then read what the command needs. */
import { UpstreamError } from '../../errors.js';
import type { FleetControl, MinerDriver, MinerIdentity, MinerTelemetry, OperatingRange } from '../../ports/fleet-control.js';
import { withDeadline } from './bounded.js';
import { resolveCredentials, type ListedMiner } from './miner-list.js';

export interface MinerReading {
  driver: MinerDriver;
  identity: MinerIdentity | null;
  telemetry: MinerTelemetry;
  range: OperatingRange | null;
}

export interface ReadOptions {
  /** Deadline for the whole read of one miner (connect and every call). */
  timeout_ms: number;
  /** The process environment, for `{ env: NAME }` credentials. */
  env: Readonly<Record<string, string | undefined>>;
  identify?: boolean;
  operatingPoints?: boolean;
}

/** Connects to `m` and reads it; rejects with an UpstreamError naming the miner (or a UsageError for missing credentials). */
export async function readMiner(fc: FleetControl, m: ListedMiner, o: ReadOptions): Promise<MinerReading> {
  const credentials = resolveCredentials(m, o.env);
  const work = async (): Promise<MinerReading> => {
    const driver = await fc.connect(m.address, {
      ...(m.entry.driver ? { driver: m.entry.driver } : {}),
      ...(credentials ? { credentials } : {}),
      timeout_ms: o.timeout_ms,
    });
    const identity = o.identify ? await driver.identify() : null;
    const telemetry = await driver.telemetry();
    const range = o.operatingPoints ? await driver.operatingPoints() : null;
    return { driver, identity, telemetry, range };
  };
  try {
    return await withDeadline(work(), o.timeout_ms, m.key);
  } catch (err) {
    if (err instanceof UpstreamError && err.message.startsWith(m.key)) throw err;
    if (err instanceof Error && 'code' in err && err.code === 'USAGE') throw err;
    throw new UpstreamError(`${m.key}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
