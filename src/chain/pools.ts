/**
 * Attributes a block to a mining pool from its coinbase, with mempool's mining-pools list
 * (data/mining-pools-v2.json): first by payout address (an exact match of any coinbase output
 * address), then by tag (a case-sensitive substring of the coinbase tag text), in list order —
 * the order mempool's own miner detection uses.
 */
import { ValidationError } from '../errors.js';

export interface PoolDef {
  /** mempool's numeric id. */
  unique_id: number;
  /**
   * Stable text id: the name lower-cased with everything but a–z and 0–9 removed ("foundryusa");
   * `-<unique_id>` appended when an earlier pool already has that slug.
   */
  id: string;
  name: string;
  addresses: string[];
  /** Non-empty (parsePoolList drops empty ones): an empty tag would match every coinbase. */
  tags: string[];
  link: string;
}

export function poolSlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Validates the pools-v2 JSON shape: an array of {id, name, addresses[], tags[], link}. */
export function parsePoolList(json: unknown, source = 'pools'): PoolDef[] {
  if (!Array.isArray(json)) throw ValidationError.field(source, 'expected a JSON array of pools');
  const seen = new Set<string>();
  return json.map((raw: unknown, i): PoolDef => {
    const p = raw as Record<string, unknown>;
    const where = `${source}[${i}]`;
    if (typeof p !== 'object' || p === null) throw ValidationError.field(where, 'expected an object');
    if (typeof p.id !== 'number' || !Number.isInteger(p.id)) throw ValidationError.field(`${where}.id`, 'expected an integer');
    if (typeof p.name !== 'string' || p.name === '') throw ValidationError.field(`${where}.name`, 'expected a non-empty string');
    if (!isStringArray(p.addresses)) throw ValidationError.field(`${where}.addresses`, 'expected an array of strings');
    if (!isStringArray(p.tags)) throw ValidationError.field(`${where}.tags`, 'expected an array of strings');
    // Two names can share a slug ("Bitcoin India", "BitcoinIndia"): the later one gets its id appended.
    let id = poolSlug(p.name);
    if (seen.has(id)) id = `${id}-${p.id}`;
    seen.add(id);
    return { unique_id: p.id, id, name: p.name, addresses: p.addresses, tags: p.tags.filter((t) => t !== ''), link: typeof p.link === 'string' ? p.link : '' };
  });
}

export class PoolIndex {
  private readonly byAddress = new Map<string, PoolDef>();
  private readonly byId = new Map<string, PoolDef>();

  constructor(readonly pools: readonly PoolDef[]) {
    for (const p of pools) {
      this.byId.set(p.id, p);
      for (const a of p.addresses) if (!this.byAddress.has(a)) this.byAddress.set(a, p);
    }
  }

  get(id: string): PoolDef | undefined {
    return this.byId.get(id);
  }

  /** The pool that mined a block with this coinbase tag text and payout addresses, or null. */
  attribute(tag: string, payoutAddresses: readonly string[]): PoolDef | null {
    for (const a of payoutAddresses) {
      const p = this.byAddress.get(a);
      if (p) return p;
    }
    for (const p of this.pools) for (const t of p.tags) if (tag.includes(t)) return p;
    return null;
  }
}
