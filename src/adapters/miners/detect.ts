/**
 * Which driver speaks to a miner, from unauthenticated reads (PROTOCOLS.md A.1–A.3): `version`
 * carries `LUXminer` on LuxOS (which otherwise imitates Bitmain), `PROD`/`MODEL` naming an Avalon,
 * or `BMMiner`/`Type: Antminer …` on stock Antminer; `devdetails` is asked when `version` says nothing.
 */
import { NotFoundError } from '../../errors.js';
import type { CgminerClient } from './cgminer/client.js';
import { isOk } from './cgminer/client.js';
import { first, str } from './cgminer/fields.js';
import type { JsonObject } from './cgminer/repair.js';
import { addressText } from './cgminer/transport.js';

export type DriverName = 'luxos' | 'avalon' | 'antminer';

export function driverFromVersion(version: JsonObject | undefined): DriverName | undefined {
  if (!version) return undefined;
  if ('LUXminer' in version) return 'luxos';
  const names = [version.PROD, version.MODEL, version.Type].map((v) => str(v) ?? '').join(' ');
  if (/avalon/i.test(names)) return 'avalon';
  if ('BMMiner' in version || /antminer/i.test(names)) return 'antminer';
  return undefined;
}

export async function detectDriver(client: CgminerClient): Promise<DriverName> {
  const version = await client.raw('version');
  const found = isOk(version) ? driverFromVersion(first(version, 'VERSION')) : undefined;
  if (found) return found;
  const dev = await client.raw('devdetails');
  const model = isOk(dev) ? str(first(dev, 'DEVDETAILS')?.Model) : null;
  if (model && /avalon/i.test(model)) return 'avalon';
  if (model && /antminer|bitmain/i.test(model)) return 'antminer';
  throw new NotFoundError(`${addressText(client.address)}: no known firmware answered version or devdetails`, { path: 'driver' });
}
