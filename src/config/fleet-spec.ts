/**
 * The fleet spec: a company, its sites and its machine lots, written as YAML or JSON. Pure
 * parse → normalise → rules, returning a result value; reading the file and its hourly price CSVs
 * is src/adapters/specs/fleet-spec-file.ts's job. Every error names its field path (`lots[2].count`).
 *
 * Units are in the field names: `capacity_mw`, `contract.price_usd_per_mwh`, `sga_usd_per_month`,
 * `rate_pct` (annual, simple), `pool_fee_pct`, `uptime_pct`, `purchase_price_usd_per_unit`,
 * `switching.lost_minutes_per_change`, `switching.min_dwell_hours`.
 */
import { z } from 'zod';
import type { ValidationIssue } from '../errors.js';
import { closestModelNames, lookupModel } from '../hardware/catalog.js';
import { RELEASE_UNSTATED, type AsicModel, type OperatingProfile } from '../hardware/model.js';
import type { Company, DebtFacility, Fleet, FleetSwitching, Lot, Site } from '../economics/fleet.js';
import { contractIndex, type PowerContract } from '../economics/power-contract.js';
import { contractSchema, hubName, legacyContract, toContract } from './contract-spec.js';
import { findProfile, profilesOf } from '../hardware/profiles.js';
import { MAX_POWER_PRICE_USD_PER_MWH, MIN_POWER_PRICE_USD_PER_MWH } from '../economics/machine.js';
import { plausibilityWarnings } from './plausible.js';
import { isIsoDate } from '../units/time.js';
import { fleetMinersSchema } from './miner-inventory.js';
import { formatPath, type Result } from './result.js';
import { decodeSpecText } from './spec-text.js';

const isoDate = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const nonNeg = z.number().finite().nonnegative();
const pct = z.number().finite().min(0).max(100);

const measuredProfileSchema = z
  .object({ name: z.string().min(1), hashrate_ths: z.number().finite().positive(), power_w: z.number().finite().positive() })
  .strict();

const userModelSchema = z
  .object({
    model: z.string().min(1),
    manufacturer: z.string().default('custom'),
    hashrate_ths: z.number().finite().positive(),
    power_w: z.number().finite().positive(),
    cooling: z.enum(['air', 'hydro', 'immersion']).default('air'),
    released: z
      .string()
      .regex(/^\d{4}-\d{2}$/, 'must be YYYY-MM')
      .default(RELEASE_UNSTATED),
    /** Measured operating points; when given they replace the modelled profiles. */
    profiles: z.array(measuredProfileSchema).default([]),
  })
  .strict();

const debtSchema = z
  .object({
    name: z.string().min(1),
    principal_usd: nonNeg,
    rate_pct: pct,
    start_date: isoDate,
    term_months: z.number().int().positive(),
    /** bullet: principal repaid at maturity; linear: equal monthly principal repayments. */
    amortisation: z.enum(['bullet', 'linear']).default('bullet'),
  })
  .strict();

const companySchema = z
  .object({
    name: z.string().min(1),
    sga_usd_per_month: nonNeg.default(0),
    pool_fee_pct: pct.default(0),
    debt: z.array(debtSchema).default([]),
  })
  .strict();

const siteSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _'),
    name: z.string().optional(),
    capacity_mw: z.number().finite().positive(),
    /** What the site pays for power (src/config/contract-spec.ts); instead of power_price_usd_per_mwh / price_hub. */
    contract: contractSchema.optional(),
    /** The older form of a fixed price: the same as `contract: { kind: fixed, price_usd_per_mwh: … }`. */
    power_price_usd_per_mwh: z.number().finite().min(MIN_POWER_PRICE_USD_PER_MWH).max(MAX_POWER_PRICE_USD_PER_MWH).optional(),
    /**
     * Hourly prices of the site's index: a CSV with `hour_start_utc` and `price_usd_per_mwh`, or one
     * column per hub (src/adapters/datasets/power-prices-csv.ts); path relative to the spec file.
     * Without a contract, the site pays it (index real-time).
     */
    power_price_csv: z
      .object({ path: z.string().min(1) })
      .strict()
      .optional(),
    /** The older form of an index site: the hub whose real-time price it pays, e.g. `HB_WEST` (contract: { kind: index, hub: … }). */
    price_hub: hubName.optional(),
    pue: z.number().min(1).max(3).default(1),
    hosting_fee_usd_per_mwh: nonNeg.default(0),
    opex_usd_per_month: nonNeg.default(0),
    timezone: z.string().optional(),
    /** Inlet air temperature (°C) the dispatch planner derates air-cooled machines at (src/hardware/ambient.ts). */
    ambient_temp_c: z.number().finite().min(-60).max(70).optional(),
  })
  .strict();

const lotSchema = z
  .object({
    /** Names the lot for `miners:` entries and miner targets; default `<site>-<n>`, n counting the site's lots from 1. */
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _')
      .optional(),
    site: z.string().min(1),
    model: z.string().min(1),
    count: z.number().int('must be a whole number').nonnegative(),
    profile: z.string().min(1).default('stock'),
    purchase_price_usd_per_unit: nonNeg,
    purchase_date: isoDate,
    depreciation_years: z.number().finite().positive().max(20).default(3),
    uptime_pct: pct.default(97),
  })
  .strict();

/** What a profile change costs the dispatch planner (src/dispatch/problem.ts: SwitchingRules). */
const switchingSchema = z
  .object({
    cost_usd_per_change: nonNeg.default(0),
    /** Hashing lost while the firmware retunes, priced at the destination profile's hashrate; ≤ 60 (see docs/dispatch.md). */
    lost_minutes_per_change: z.number().finite().min(0).max(60, 'must be at most 60 minutes').default(0),
    min_dwell_hours: z.number().int('must be a whole number of hours').min(1).max(168).default(1),
  })
  .strict();

export const fleetSpecSchema = z
  .object({
    company: companySchema,
    sites: z.array(siteSchema).min(1, 'needs at least one site'),
    lots: z.array(lotSchema).min(1, 'needs at least one lot'),
    models: z.array(userModelSchema).default([]),
    switching: switchingSchema.optional(),
    /** Wear charged per TH/s·h run above stock by the dispatch planner (USD); default DEFAULT_OVERCLOCK_WEAR_USD_PER_TH_HOUR (docs/dispatch.md). */
    overclock_wear_usd_per_th_hour: nonNeg.optional(),
    /** The machines to read and command: entries, or `{ include: inventory.yaml }`. */
    miners: fleetMinersSchema.optional(),
  })
  .strict();

export type FleetSpecInput = z.input<typeof fleetSpecSchema>;
// The schema's output must be the core's types: a spec field the core does not know fails to compile here.
type Assert<T extends true> = T;
export type SchemaMatchesCore = Assert<
  z.output<typeof debtSchema> extends DebtFacility
    ? z.output<typeof companySchema> extends Company
      ? z.output<typeof switchingSchema> extends FleetSwitching
        ? true
        : false
      : false
    : false
>;

export { formatPath, type Result } from './result.js';

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/\+/g, 'plus')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function toUserModel(m: z.output<typeof userModelSchema>): AsicModel {
  const measured: OperatingProfile[] = m.profiles.map((p) => ({
    ...p,
    relative_frequency: null,
    efficiency_jth: p.power_w / p.hashrate_ths,
    origin: 'measured',
  }));
  if (measured.length && !measured.some((p) => p.name === 'stock')) {
    measured.push({
      name: 'stock',
      relative_frequency: 1,
      hashrate_ths: m.hashrate_ths,
      power_w: m.power_w,
      efficiency_jth: m.power_w / m.hashrate_ths,
      origin: 'measured',
    });
  }
  return {
    id: slug(m.model),
    manufacturer: m.manufacturer,
    model: m.model,
    hashrate_ths: m.hashrate_ths,
    power_w: m.power_w,
    efficiency_jth: m.power_w / m.hashrate_ths,
    cooling: m.cooling,
    released: m.released,
    source: 'user',
    ...(measured.length ? { measured_profiles: measured } : {}),
  };
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A site's contract: its `contract:`, else the one its older price fields stand for (src/config/contract-spec.ts). */
function siteContract(s: z.output<typeof siteSchema>, at: string, errors: ValidationIssue[], warnings: ValidationIssue[]): PowerContract {
  const fixed = s.power_price_usd_per_mwh;
  const csv = s.power_price_csv;
  if (s.contract) {
    for (const k of ['power_price_usd_per_mwh', 'price_hub'] as const)
      if (s[k] !== undefined)
        errors.push({ path: `${at}.${k}`, message: 'give the contract or the older price fields, not both (the contract names its price and hub)' });
    const c = toContract(s.contract, `${at}.contract`, s.capacity_mw, errors);
    if (csv && contractIndex(c) === null)
      errors.push({
        path: `${at}.power_price_csv`,
        message: 'a fixed contract without resale reads no index prices; drop power_price_csv or resell unused power at the index',
      });
    return c;
  }
  if (fixed !== undefined && csv !== undefined)
    errors.push({ path: `${at}.power_price_usd_per_mwh`, message: 'give exactly one of power_price_usd_per_mwh or power_price_csv' });
  else if (fixed === undefined && csv === undefined && s.price_hub === undefined)
    errors.push({ path: `${at}.contract`, message: 'give the site a contract (or the older power_price_usd_per_mwh, price_hub or power_price_csv)' });
  return legacyContract(s, at, warnings);
}

/** Cross-field rules on a schema-valid spec; returns the normalised fleet or every issue found. */
function applyRules(spec: z.output<typeof fleetSpecSchema>, catalog: readonly AsicModel[]): Result<Fleet> {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const userModels = spec.models.map(toUserModel);
  // User models come first so a user may override a catalog entry of the same name with measured profiles.
  const allModels = [...userModels, ...catalog];
  const siteIds = new Set<string>();
  const sites: Site[] = [];
  spec.sites.forEach((s, i) => {
    const at = `sites[${i}]`;
    if (siteIds.has(s.id)) errors.push({ path: `${at}.id`, message: `duplicate site id "${s.id}"` });
    siteIds.add(s.id);
    if (s.timezone !== undefined && !validTimeZone(s.timezone))
      errors.push({ path: `${at}.timezone`, message: `unknown IANA time zone "${s.timezone}" (e.g. America/Chicago)` });
    sites.push({
      id: s.id,
      name: s.name ?? s.id,
      capacity_mw: s.capacity_mw,
      contract: siteContract(s, at, errors, warnings),
      price_csv: s.power_price_csv?.path,
      pue: s.pue,
      hosting_fee_usd_per_mwh: s.hosting_fee_usd_per_mwh,
      opex_usd_per_month: s.opex_usd_per_month,
      timezone: s.timezone,
      ambient_temp_c: s.ambient_temp_c,
    });
  });
  const lotIds = lotIdsOf(spec.lots);
  lotIds.forEach((id, i) => {
    if (lotIds.indexOf(id) !== i) errors.push({ path: `lots[${i}].id`, message: `duplicate lot id "${id}"` });
    else if (siteIds.has(id)) errors.push({ path: `lots[${i}].id`, message: `lot id "${id}" is also a site id; a target must name one thing` });
  });
  const lots: Lot[] = [];
  const siteLoadMw = new Map<string, number>();
  spec.lots.forEach((l, i) => {
    const at = `lots[${i}]`;
    if (!siteIds.has(l.site)) errors.push({ path: `${at}.site`, message: `no site with id "${l.site}" (sites: ${[...siteIds].join(', ')})` });
    const model = lookupModel(allModels, l.model);
    if (!model) {
      errors.push({
        path: `${at}.model`,
        message: `unknown model "${l.model}" — closest: ${closestModelNames(allModels, l.model).join(', ')}; or define it under models:`,
      });
      return;
    }
    const profile = findProfile(model, l.profile);
    if (!profile) {
      errors.push({
        path: `${at}.profile`,
        message: `model ${model.model} has no profile "${l.profile}" (profiles: ${profilesOf(model)
          .map((p) => p.name)
          .join(', ')})`,
      });
      return;
    }
    const site = sites.find((s) => s.id === l.site);
    siteLoadMw.set(l.site, (siteLoadMw.get(l.site) ?? 0) + (l.count * profile.power_w * (site?.pue ?? 1)) / 1e6);
    const { id: _id, ...lot } = l;
    lots.push({ ...lot, model, profile });
  });
  sites.forEach((s, i) => {
    const load = siteLoadMw.get(s.id) ?? 0;
    if (load > s.capacity_mw * (1 + 1e-9)) {
      errors.push({
        path: `sites[${i}].capacity_mw`,
        message: `lots at site "${s.id}" draw ${load.toFixed(2)} MW including PUE, more than its ${s.capacity_mw} MW`,
      });
    }
  });
  return errors.length
    ? { ok: false, errors }
    : {
        ok: true,
        value: {
          company: spec.company,
          sites,
          lots,
          models: userModels,
          switching: spec.switching,
          overclock_wear_usd_per_th_hour: spec.overclock_wear_usd_per_th_hour,
        },
        warnings,
      };
}

/** Each lot's id, in spec order: its own, else `<site>-<n>` with n counting that site's lots from 1. */
export function lotIdsOf(lots: readonly { id?: string | undefined; site: string }[]): string[] {
  const n = new Map<string, number>();
  return lots.map((l) => {
    const k = (n.get(l.site) ?? 0) + 1;
    n.set(l.site, k);
    return l.id ?? `${l.site}-${k}`;
  });
}

/** Validates an already-decoded spec object (from YAML or JSON) against the schema and the rules. */
export function parseFleetSpec(input: unknown, catalog: readonly AsicModel[]): Result<Fleet> {
  const parsed = fleetSpecSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((iss) => ({ path: formatPath(iss.path), message: iss.message })) };
  }
  const r = applyRules(parsed.data, catalog);
  return r.ok ? { ...r, warnings: [...(r.warnings ?? []), ...plausibilityWarnings(input)] } : r;
}

/** Decodes spec text (YAML, of which JSON is a subset) and validates it; syntax errors name the line. */
export function parseFleetSpecText(text: string, catalog: readonly AsicModel[]): Result<Fleet> {
  const doc = decodeSpecText(text);
  if (!doc.ok) return doc;
  return parseFleetSpec(doc.value, catalog);
}
