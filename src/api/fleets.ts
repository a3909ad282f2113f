/**
 * Uploaded fleets, kept in memory for the life of the server (bounded; oldest evicted). An
 * uploaded spec may not point at files on the server (hourly price CSVs): that would let a client
 * read arbitrary server paths. Hourly prices come in through the dispatch endpoints instead.
 */
import { parseFleetSpec, parseFleetSpecText, type Fleet } from '../config/fleet-spec.js';
import { NotFoundError, ValidationError, type ValidationIssue } from '../errors.js';
import type { AsicModel } from '../hardware/model.js';
import { wToMw } from '../units/energy.js';
import { thsToEhs } from '../units/hashrate.js';

export interface StoredFleet {
  id: string;
  fleet: Fleet;
  uploaded_unix_s: number;
}

/** Parses an uploaded spec (YAML text or a decoded JSON value) into a Fleet or a ValidationError. */
export function parseUploadedFleet(body: unknown, catalog: readonly AsicModel[]): Fleet {
  const r = typeof body === 'string' ? parseFleetSpecText(body, catalog) : parseFleetSpec(body, catalog);
  if (!r.ok) throw new ValidationError(r.errors);
  const issues: ValidationIssue[] = [];
  r.value.sites.forEach((s, i) => {
    if (s.power_price.kind === 'hourly_csv') issues.push({ path: `sites[${i}].power_price_csv`, message: 'an uploaded spec cannot read files on the server; give power_price_usd_per_mwh' });
  });
  if (issues.length) throw new ValidationError(issues);
  return r.value;
}

export class FleetRegistry {
  private readonly fleets = new Map<string, StoredFleet>();
  private seq = 0;
  constructor(
    private readonly nowUnixS: () => number,
    private readonly maxKept = 50,
  ) {}

  add(fleet: Fleet): StoredFleet {
    this.seq += 1;
    const stored = { id: `fleet-${this.seq}`, fleet, uploaded_unix_s: this.nowUnixS() };
    this.fleets.set(stored.id, stored);
    if (this.fleets.size > this.maxKept) {
      const oldest = this.fleets.keys().next().value;
      if (oldest !== undefined) this.fleets.delete(oldest);
    }
    return stored;
  }

  get(id: string): StoredFleet {
    const f = this.fleets.get(id);
    if (!f) throw new NotFoundError(`no uploaded fleet "${id}" (fleets live in memory until the server restarts)`);
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
    sites: f.sites,
    lots,
    totals: {
      machines: lots.reduce((a, l) => a + l.count, 0),
      hashrate_ehs: thsToEhs(lots.reduce((a, l) => a + l.hashrate_ths, 0)),
      power_mw: wToMw(lots.reduce((a, l) => a + l.power_w, 0)),
    },
  };
}
