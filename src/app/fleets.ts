/**
 * Uploaded fleets, persisted in the store (migration 003) as the text the client sent and parsed
 * again when read (parsed fleets are kept in a small cache). An uploaded spec may not point at
 * files on the server (hourly price CSVs): that would let a client read arbitrary server paths.
 * Hourly prices come in through the dispatch endpoints instead.
 *
 * A fleet's id is derived from its format and text, so uploading the same spec again (a second
 * click, a retry) finds the stored fleet instead of piling up copies.
 */
import { createHash } from 'node:crypto';
import { parseFleetSpec, parseFleetSpecText } from '../config/fleet-spec.js';
import { specBoundsIssue } from '../config/spec-text.js';
import type { Fleet } from '../economics/fleet.js';
import { ConflictError, NotFoundError, ValidationError, type ValidationIssue } from '../errors.js';
import type { Store, StoredFleetSpec } from '../ports/store.js';
import type { AsicModel } from '../hardware/model.js';
import { wToMw } from '../units/energy.js';
import { contractIndex, contractSummary } from '../economics/power-contract.js';
import { thsToEhs } from '../units/hashrate.js';

export interface StoredFleet {
  id: string;
  fleet: Fleet;
  uploaded_unix_s: number;
  /** Values outside their plausible range (config/plausible.ts), with the likely mistake: the spec is kept, the user told. */
  warnings: ValidationIssue[];
}

/** Parses an uploaded spec (YAML text or a decoded JSON value) into a Fleet and its plausibility warnings, or a ValidationError. */
export function parseUploadedFleet(body: unknown, catalog: readonly AsicModel[]): { fleet: Fleet; warnings: ValidationIssue[] } {
  const r = typeof body === 'string' ? parseFleetSpecText(body, catalog) : parseFleetSpec(body, catalog);
  if (!r.ok) throw new ValidationError(r.errors);
  const issues: ValidationIssue[] = [];
  r.value.sites.forEach((s, i) => {
    if (s.price_csv !== undefined)
      issues.push({
        path: `sites[${i}].power_price_csv`,
        message: "an uploaded spec cannot read files on the server; give a contract (its index is read from the store's or the embedded hub prices)",
      });
  });
  if (issues.length) throw new ValidationError(issues);
  return { fleet: r.value, warnings: r.warnings ?? [] };
}

/** The stored id of a spec: 48 bits of SHA-256 over its format and exact text. */
export function fleetIdOf(text: string, format: 'yaml' | 'json'): string {
  return `fleet-${createHash('sha256').update(`${format}\n${text}`).digest('hex').slice(0, 12)}`;
}

/** Fleets a store may hold at once: uploads beyond it are refused (409) until some are deleted. */
export const MAX_STORED_FLEETS = 1000;

export class FleetRepository {
  private readonly parsed = new Map<string, StoredFleet>();
  constructor(
    private readonly store: () => Promise<Store>,
    private readonly catalog: () => readonly AsicModel[],
    private readonly nowUnixS: () => number,
    private readonly maxCached = 50,
  ) {}

  /** Validates and stores an uploaded spec (the text as sent); `created` is false when the same spec was already stored. */
  async add(text: string, format: 'yaml' | 'json'): Promise<StoredFleet & { created: boolean }> {
    let body: unknown = text;
    if (format === 'json') {
      const bounds = specBoundsIssue(text);
      if (bounds) throw new ValidationError([bounds]);
      try {
        body = JSON.parse(text);
      } catch {
        throw ValidationError.field('(body)', 'is not valid JSON (send YAML with content-type application/yaml)');
      }
    }
    const { fleet, warnings } = parseUploadedFleet(body, this.catalog());
    const store = await this.store();
    const id = fleetIdOf(text, format);
    const existing = await store.getFleet(id);
    if (existing) return { ...this.remember({ id, fleet, warnings, uploaded_unix_s: existing.uploaded_unix_s }), created: false };
    if ((await store.listFleets()).length >= MAX_STORED_FLEETS) throw new ConflictError(`${MAX_STORED_FLEETS} fleets are stored; delete some first`);
    const spec: StoredFleetSpec = { id, name: fleet.company.name, spec_format: format, spec_text: text, uploaded_unix_s: this.nowUnixS() };
    await store.saveFleet(spec);
    return { ...this.remember({ id: spec.id, fleet, warnings, uploaded_unix_s: spec.uploaded_unix_s }), created: true };
  }

  async get(id: string): Promise<StoredFleet> {
    const hit = this.parsed.get(id);
    if (hit) return hit;
    const spec = await (await this.store()).getFleet(id);
    if (!spec) throw new NotFoundError(`no uploaded fleet "${id}"`);
    return this.remember(this.fromSpec(spec));
  }

  async list(): Promise<StoredFleet[]> {
    return (await (await this.store()).listFleets()).map((spec) => this.parsed.get(spec.id) ?? this.fromSpec(spec));
  }

  async delete(id: string): Promise<void> {
    this.parsed.delete(id);
    if (!(await (await this.store()).deleteFleet(id))) throw new NotFoundError(`no uploaded fleet "${id}"`);
  }

  private fromSpec(spec: StoredFleetSpec): StoredFleet {
    const body: unknown = spec.spec_format === 'json' ? JSON.parse(spec.spec_text) : spec.spec_text;
    return { id: spec.id, ...parseUploadedFleet(body, this.catalog()), uploaded_unix_s: spec.uploaded_unix_s };
  }

  private remember(f: StoredFleet): StoredFleet {
    this.parsed.set(f.id, f);
    if (this.parsed.size > this.maxCached) {
      const oldest = this.parsed.keys().next().value;
      if (oldest !== undefined) this.parsed.delete(oldest);
    }
    return f;
  }
}

/** A Fleet as JSON: models by id and name rather than whole catalog rows. */
export function fleetSummary(s: StoredFleet) {
  const f = s.fleet;
  const lots = f.lots.map((l) => ({
    site: l.site,
    model_id: l.model.id,
    model: l.model.model,
    profile: l.profile.name,
    count: l.count,
    hashrate_ths: l.profile.hashrate_ths * l.count,
    power_w: l.profile.power_w * l.count,
    efficiency_jth: l.profile.efficiency_jth,
    purchase_price_usd_per_unit: l.purchase_price_usd_per_unit,
    purchase_date: l.purchase_date,
    depreciation_years: l.depreciation_years,
    uptime_pct: l.uptime_pct,
  }));
  return {
    id: s.id,
    uploaded_unix_s: s.uploaded_unix_s,
    company: f.company,
    sites: f.sites.map((s) => ({
      id: s.id,
      name: s.name,
      capacity_mw: s.capacity_mw,
      contract: contractSummary(s.contract),
      // The older fields, kept for clients that read them: a fixed price (null for other contracts) and the index hub.
      power_price_usd_per_mwh: s.contract.kind === 'fixed' ? s.contract.price_usd_per_mwh : null,
      pue: s.pue,
      hosting_fee_usd_per_mwh: s.hosting_fee_usd_per_mwh,
      opex_usd_per_month: s.opex_usd_per_month,
      timezone: s.timezone ?? null,
      price_hub: contractIndex(s.contract)?.hub ?? null,
    })),
    lots,
    totals: {
      machines: lots.reduce((a, l) => a + l.count, 0),
      hashrate_ehs: thsToEhs(lots.reduce((a, l) => a + l.hashrate_ths, 0)),
      power_mw: wToMw(lots.reduce((a, l) => a + l.power_w, 0)),
    },
    warnings: s.warnings,
  };
}

/** A fleet in the list: id, company, upload time and totals. */
export function fleetListItem(s: StoredFleet) {
  const { id, uploaded_unix_s, company, totals } = fleetSummary(s);
  return { id, name: company.name, uploaded_unix_s, totals };
}
