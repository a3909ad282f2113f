/**
 * The miner inventory: the file a miner scan writes and a fleet spec's `miners:` key
 * holds or includes. One entry per miner (host, port, what identified it, the lot it belongs to).
 * Credentials are only ever a reference — `{ env: NAME }` or `{ file: PATH }`, plus an optional
 * username — so an inventory or a fleet spec uploaded to the API never carries a secret. Pure.
 */
import { z } from 'zod';
import type { ValidationIssue } from '../errors.js';
import { formatPath, type Result } from './result.js';
import { decodeSpecText } from './spec-text.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const username = z.string().min(1).max(64).optional();

/** Where a miner's password is: an environment variable or a file (its first line). Never the password itself. */
export const credentialsRefSchema = z.union([z.object({ env: envName, username }).strict(), z.object({ file: z.string().min(1), username }).strict()]);

export type CredentialsRef = z.output<typeof credentialsRefSchema>;

const hostSchema = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/, 'must be an IPv4 address or a host name');

export const minerEntrySchema = z
  .object({
    host: hostSchema,
    port: z.number().int().min(1).max(65535).default(4028),
    /** The driver that identified it (adapters/miners/<driver>/); absent: detected on connect. */
    driver: z.string().min(1).optional(),
    make: z.string().optional(),
    model: z.string().optional(),
    firmware: z.string().optional(),
    mac: z.string().optional(),
    serial: z.string().optional(),
    /** Site id of the fleet spec; implied by `lot` when that is given. */
    site: z.string().min(1).optional(),
    /** Lot id of the fleet spec (`lots[].id`, default `<site>-<n>`). */
    lot: z.string().min(1).optional(),
    credentials: credentialsRefSchema.optional(),
  })
  .strict();

export type MinerEntry = z.output<typeof minerEntrySchema>;

export const inventorySchema = z
  .object({
    version: z.literal(1),
    scanned_unix_s: z.number().int().nonnegative().optional(),
    /** The ranges the scan covered, as given. */
    ranges: z.array(z.string()).optional(),
    miners: z.array(minerEntrySchema),
  })
  .strict();

export type Inventory = z.output<typeof inventorySchema>;

/**
 * The fleet spec's `miners:` key: the entries themselves, or an inventory file to include (path
 * relative to the spec) with credentials applied to entries that have none.
 */
export const fleetMinersSchema = z.union([
  z.array(minerEntrySchema),
  z.object({ include: z.string().min(1), credentials: credentialsRefSchema.optional() }).strict(),
]);

export type FleetMiners = z.output<typeof fleetMinersSchema>;

/** Duplicate addresses, and sites or lots the fleet does not have; `at` prefixes each path. */
export function checkMinerRefs(
  miners: readonly MinerEntry[],
  fleet: { siteIds: readonly string[]; lots: readonly { id: string; site: string }[] } | null,
  at = 'miners',
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  miners.forEach((m, i) => {
    const key = `${m.host}:${m.port}`;
    if (seen.has(key)) issues.push({ path: `${at}[${i}].host`, message: `${key} is listed twice` });
    seen.add(key);
    if (!fleet) return;
    const lot = m.lot === undefined ? undefined : fleet.lots.find((l) => l.id === m.lot);
    if (m.lot !== undefined && !lot) issues.push({ path: `${at}[${i}].lot`, message: `no lot "${m.lot}" (lots: ${fleet.lots.map((l) => l.id).join(', ')})` });
    if (m.site !== undefined && !fleet.siteIds.includes(m.site))
      issues.push({ path: `${at}[${i}].site`, message: `no site "${m.site}" (sites: ${fleet.siteIds.join(', ')})` });
    if (lot && m.site !== undefined && lot.site !== m.site)
      issues.push({ path: `${at}[${i}].site`, message: `lot "${lot.id}" is at site "${lot.site}", not "${m.site}"` });
  });
  return issues;
}

/** Decodes and validates an inventory file's text (YAML or JSON). */
export function parseInventoryText(text: string): Result<Inventory> {
  const doc = decodeSpecText(text);
  if (!doc.ok) return doc;
  const parsed = inventorySchema.safeParse(doc.value);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((iss) => ({ path: formatPath(iss.path), message: iss.message })) };
  const issues = checkMinerRefs(parsed.data.miners, null);
  return issues.length ? { ok: false, errors: issues } : { ok: true, value: parsed.data };
}
