/**
 * `hashfloor miners scan`: probes every address of the ranges the user named — and nothing else —
 * on the given ports, and identifies what answers with unauthenticated reads (no credentials are
 * ever passed). A host that refuses or times out is simply no miner. Concurrency and the connect
 * timeout are bounded; ranges larger than /16 are refused unless asked for.
 */
import { UsageError } from '../../errors.js';
import type { Lot } from '../../economics/fleet.js';
import { lookupModel } from '../../hardware/catalog.js';
import type { AsicModel } from '../../hardware/model.js';
import { addressesOf, rangeSize, type Ipv4Range } from '../../config/cidr.js';
import type { Inventory, MinerEntry } from '../../config/miner-inventory.js';
import type { FleetControl, MinerIdentity } from '../../ports/fleet-control.js';
import { settleEach, withDeadline } from './bounded.js';
import { formatEnUs } from '../../units/en-us-number.js';

export const SCAN_DEFAULTS = { concurrency: 256, timeout_ms: 1000, max_prefix_without_allow: 16 } as const;

export interface ScanOptions {
  ranges: readonly Ipv4Range[];
  ports: readonly number[];
  concurrency: number;
  timeout_ms: number;
  allowLarge: boolean;
  nowUnixS: number;
  /** Lots of a fleet spec to match identified models against (a model matching exactly one lot gets it). */
  lots?: readonly { id: string; lot: Lot }[];
  catalog: readonly AsicModel[];
  /** Called once per address:port probed, when it settles. */
  onProbed?: () => void;
}

export interface ScanResult {
  inventory: Inventory;
  probed: number;
  /** Hosts that accepted a connection but could not be identified. */
  unidentified: { host: string; port: number; error: string }[];
}

/** Refuses ranges larger than /16 without `allowLarge` (each range named). */
export function checkScanSize(ranges: readonly Ipv4Range[], allowLarge: boolean): void {
  const large = ranges.filter((r) => r.prefix < SCAN_DEFAULTS.max_prefix_without_allow);
  if (large.length && !allowLarge) {
    throw new UsageError(
      `${large.map((r) => `${r.text} (${formatEnUs(rangeSize(r))} addresses)`).join(', ')}: larger than /16; add --allow-large if you mean it`,
    );
  }
}

function matchLot(identity: MinerIdentity, lots: ScanOptions['lots'], catalog: readonly AsicModel[]): { id: string; site: string } | undefined {
  const model = lookupModel(catalog, identity.model);
  if (!model || !lots) return undefined;
  const hits = lots.filter((l) => l.lot.model.id === model.id);
  return hits.length === 1 && hits[0] ? { id: hits[0].id, site: hits[0].lot.site } : undefined;
}

export async function scanMiners(fc: FleetControl, o: ScanOptions): Promise<ScanResult> {
  checkScanSize(o.ranges, o.allowLarge);
  const targets = addressesOf(o.ranges).flatMap((host) => o.ports.map((port) => ({ host, port })));
  type Probe = { kind: 'none' } | { kind: 'miner'; identity: MinerIdentity } | { kind: 'unidentified'; error: string };
  const settled = await settleEach(targets, o.concurrency, async (address): Promise<Probe> => {
    try {
      let driver;
      try {
        driver = await withDeadline(fc.connect(address, { timeout_ms: o.timeout_ms }), o.timeout_ms, `${address.host}:${address.port}`);
      } catch {
        return { kind: 'none' };
      }
      try {
        return { kind: 'miner', identity: await withDeadline(driver.identify(), o.timeout_ms, `${address.host}:${address.port}`) };
      } catch (err) {
        return { kind: 'unidentified', error: err instanceof Error ? err.message : String(err) };
      }
    } finally {
      o.onProbed?.();
    }
  });
  const miners: MinerEntry[] = [];
  const unidentified: ScanResult['unidentified'] = [];
  targets.forEach((t, i) => {
    const s = settled[i];
    const p = s?.ok ? s.value : undefined;
    if (p?.kind === 'unidentified') unidentified.push({ ...t, error: p.error });
    if (p?.kind !== 'miner') return;
    const id = p.identity;
    const lot = matchLot(id, o.lots, o.catalog);
    miners.push({
      host: t.host,
      port: t.port,
      driver: id.driver,
      make: id.make,
      model: id.model,
      firmware: id.firmware,
      ...(id.mac ? { mac: id.mac } : {}),
      ...(id.serial ? { serial: id.serial } : {}),
      ...(lot ? { site: lot.site, lot: lot.id } : {}),
    });
  });
  return { inventory: { version: 1, scanned_unix_s: o.nowUnixS, ranges: o.ranges.map((r) => r.text), miners }, probed: targets.length, unidentified };
}
