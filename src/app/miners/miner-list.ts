/**
 * The miners a command works on: the `miners:` of a fleet spec (inline or an included inventory)
 * or an inventory file on its own, each with its site and lot resolved, and TARGET words
 * (`host[:port]`, a lot id, a site id, `all`) turned into miners.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { NotFoundError, UsageError, ValidationError } from '../../errors.js';
import type { Fleet, Lot, Site } from '../../economics/fleet.js';
import { lotIdsOf } from '../../config/fleet-spec.js';
import { decodeSpecText } from '../../config/spec-text.js';
import { checkMinerRefs, fleetMinersSchema, parseInventoryText, type CredentialsRef, type MinerEntry } from '../../config/miner-inventory.js';
import { readSpecFile } from '../../adapters/specs/spec-file.js';
import { readFleetSpecFile } from '../../adapters/specs/fleet-spec-file.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import type { MinerAddress, MinerCredentials } from '../../ports/fleet-control.js';

export interface ListedMiner {
  /** `host:port`. */
  key: string;
  address: MinerAddress;
  entry: MinerEntry;
  site: Site | null;
  lot: { id: string; lot: Lot } | null;
  /** Folder relative credential files are read from. */
  baseDir: string;
}

export interface MinerList {
  /** Null when the miners came from an inventory alone. */
  fleet: Fleet | null;
  lots: { id: string; lot: Lot }[];
  miners: ListedMiner[];
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new NotFoundError(`cannot read ${what} "${path}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

function readInventory(path: string): MinerEntry[] {
  return readSpecFile(path, 'miner inventory', parseInventoryText).miners;
}

function listed(entries: readonly MinerEntry[], baseDir: string, fleet: Fleet | null, lots: MinerList['lots']): ListedMiner[] {
  return entries.map((entry) => {
    const lot = lots.find((l) => l.id === entry.lot) ?? null;
    const siteId = entry.site ?? lot?.lot.site;
    return {
      key: `${entry.host}:${entry.port}`,
      address: { host: entry.host, port: entry.port },
      entry,
      site: fleet?.sites.find((s) => s.id === siteId) ?? null,
      lot,
      baseDir,
    };
  });
}

/** The miners of an inventory file. */
export function minersFromInventory(path: string): MinerList {
  return { fleet: null, lots: [], miners: listed(readInventory(path), dirname(path), null, []) };
}

/** The fleet spec at `path` and its `miners:` (entries, or the inventory it includes). */
export function minersFromFleet(path: string, dataDir: string): MinerList {
  const fleet = readFleetSpecFile(path, loadCatalog(dataDir));
  // The Fleet type keeps no lot ids or miners (the economics need neither): read them from the same text.
  const decoded = decodeSpecText(readText(path, 'fleet spec'));
  const raw = ((decoded.ok ? decoded.value : null) ?? {}) as { lots?: { id?: string; site: string }[]; miners?: unknown };
  const lots = lotIdsOf(raw.lots ?? []).map((id, i) => ({ id, lot: fleet.lots[i] as Lot }));
  const section = fleetMinersSchema.parse(raw.miners ?? []);
  let entries: MinerEntry[];
  let at = 'miners';
  let baseDir = dirname(path);
  if (Array.isArray(section)) entries = section;
  else {
    const included = isAbsolute(section.include) ? section.include : resolve(dirname(path), section.include);
    const defaults: CredentialsRef | undefined = section.credentials;
    entries = readInventory(included).map((m) => (m.credentials || !defaults ? m : { ...m, credentials: defaults }));
    at = `${included}: miners`;
    baseDir = dirname(included);
  }
  const issues = checkMinerRefs(entries, { siteIds: fleet.sites.map((s) => s.id), lots: lots.map((l) => ({ id: l.id, site: l.lot.site })) }, at);
  if (issues.length) throw new ValidationError(issues.map((i) => ({ ...i, path: `${path}: ${i.path}` })));
  return { fleet, lots, miners: listed(entries, baseDir, fleet, lots) };
}

/**
 * TARGET words → miners, each once, in list order. `all` is every listed miner; a site id or lot
 * id is that site's or lot's listed miners; anything else must be the host (or host:port) of one.
 */
export function resolveTargets(list: MinerList, words: readonly string[]): ListedMiner[] {
  if (words.length === 0) throw new UsageError('name at least one TARGET: host[:port], a lot id, a site id, or all');
  const chosen = new Set<string>();
  for (const w of words) {
    let hit: ListedMiner[];
    if (w === 'all') hit = list.miners;
    else if (list.fleet?.sites.some((s) => s.id === w)) hit = list.miners.filter((m) => m.site?.id === w);
    else if (list.lots.some((l) => l.id === w)) hit = list.miners.filter((m) => m.lot?.id === w);
    else hit = list.miners.filter((m) => m.key === w || m.entry.host === w);
    if (hit.length === 0) {
      const kinds = list.fleet ? 'host[:port] of a listed miner, a lot id, a site id, or all' : 'host[:port] of a listed miner, or all';
      throw new UsageError(`TARGET "${w}" names no listed miner (expected a ${kinds})`);
    }
    for (const m of hit) chosen.add(m.key);
  }
  return list.miners.filter((m) => chosen.has(m.key));
}

/** The credentials a reference points at; `env` is the process environment. A missing secret is a UsageError naming the miner. */
export function resolveCredentials(m: ListedMiner, env: Readonly<Record<string, string | undefined>>): MinerCredentials | undefined {
  const ref = m.entry.credentials;
  if (!ref) return undefined;
  let password: string | undefined;
  if ('env' in ref) {
    password = env[ref.env];
    if (password === undefined) throw new UsageError(`${m.key}: credentials name environment variable ${ref.env}, which is not set`);
  } else {
    const path = isAbsolute(ref.file) ? ref.file : resolve(m.baseDir, ref.file);
    password = readText(path, `credentials file of ${m.key}`).split(/\r?\n/)[0] ?? '';
  }
  return { username: ref.username, password };
}
