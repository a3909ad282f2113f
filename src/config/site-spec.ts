/**
 * The site file of `hashfloor pivot`: mining sites that could keep mining or convert (part of)
 * their power to AI/HPC hosting, and the options to value. YAML or JSON; pure parse → normalise →
 * rules returning a result value (reading the file is src/adapters/specs/site-spec-file.ts's job). Every
 * error names its field path (`sites[0].hpc.term_years`). Units are in the field names;
 * percentages are 0–100; months are `YYYY-MM`.
 */
import { z } from 'zod';
import type { ValidationIssue } from '../errors.js';
import { acceptDeprecatedNames } from '../units/renamed-fields.js';
import { lookupModel, closestModelNames } from '../hardware/catalog.js';
import type { AsicModel } from '../hardware/model.js';
import { findProfile } from '../hardware/profiles.js';
import { MAX_POWER_PRICE_USD_PER_MWH } from '../economics/machine.js';
import type { PowerContract } from '../economics/power-contract.js';
import { contractSchema, toContract } from './contract-spec.js';
import { DEAL_IDS, DEALS, DEFAULT_HPC_CAPEX_USD_PER_MW } from '../valuation/deals.js';
import { formatPath, type Result } from './fleet-spec.js';
import type { HpcTerms, MiningTerms, SiteSpec, ValuationOption } from '../valuation/terms.js';
import { plausibilityWarnings } from './plausible.js';
import { decodeSpecText } from './spec-text.js';

/** Longest horizon the fitted drivers are allowed to speak for (they are fitted on ~6 years of months). */
export const MAX_HORIZON_YEARS = 20;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const nonNeg = z.number().finite().nonnegative();
const pct = z.number().finite().min(0, 'must be a percentage 0–100').max(100, 'must be a percentage 0–100');

const machineSchema = z
  .object({ model: z.string().min(1), count: z.number().int('must be a whole number').positive(), profile: z.string().min(1).default('stock') })
  .strict();

const miningSchema = z
  .object({
    pue: z.number().min(1).max(3).default(1.05),
    efficiency_jth: z.number().finite().positive().optional(),
    machines: z.array(machineSchema).min(1).optional(),
    /** Shorthand for contract: { kind: fixed, price_usd_per_mwh }. */
    power_price_usd_per_mwh: nonNeg.max(MAX_POWER_PRICE_USD_PER_MWH).optional(),
    /** What the site pays (src/config/contract-spec.ts, as in the fleet spec); priced over a reference year of its index. */
    contract: contractSchema.optional(),
    power_escalator_pct_per_year: z.number().finite().min(-50).max(50).default(2),
    pool_fee_pct: pct.default(1.5),
    uptime_pct: pct.default(97),
    opex_usd_per_mw_month: nonNeg.default(4000),
    refresh_capex_usd_per_th: nonNeg.default(15),
    refresh_payback_months: z.number().finite().positive().default(24),
    refresh_min_interval_months: z.number().int().nonnegative().default(24),
    frontier_improvement_pct_per_year: z.number().min(0).max(50).optional(),
    terminal_years: nonNeg.max(10).default(2),
  })
  .strict();

const hpcSchema = z
  .object({
    deal: z.enum(DEAL_IDS).default('core-scientific-coreweave'),
    convertible_pct: pct.default(100),
    pue: z.number().min(1).max(3).default(1.3),
    capex_usd_per_mw: nonNeg.default(DEFAULT_HPC_CAPEX_USD_PER_MW),
    build_months: z.number().int().nonnegative().max(60).default(18),
    lease_usd_per_mw_year: nonNeg.optional(),
    lease_usd_per_kw_month: nonNeg.optional(),
    escalator_pct_per_year: z.number().finite().min(-20).max(20).default(3),
    term_years: z
      .number()
      .finite()
      .positive('must be > 0 years')
      .min(1 / 12, 'must be at least one month (1/12 year)')
      .max(30)
      .optional(),
    power_paid_by: z.enum(['tenant', 'landlord']).default('tenant'),
    power_price_usd_per_mwh: nonNeg.max(MAX_POWER_PRICE_USD_PER_MWH).optional(),
    opex_usd_per_mw_year: nonNeg.default(150_000),
    residual_pct_of_capex: pct.default(20),
    default_probability_pct_per_year: pct.default(2),
    backstop_pct: pct.optional(),
    relet_after_months: z.number().int('must be a whole number of months').nonnegative().max(120).default(12),
    relet_haircut_pct: pct.default(30),
  })
  .strict();

const phaseSchema = z.object({ share_pct: pct, start_month: month }).strict();
const optionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keep'), name: z.string().min(1).default('keep mining') }).strict(),
  z.object({ kind: z.literal('convert'), name: z.string().min(1).optional(), share_pct: pct, start_month: month }).strict(),
  z.object({ kind: z.literal('phased'), name: z.string().min(1).optional(), phases: z.array(phaseSchema).min(1) }).strict(),
]);

const siteSchema = z
  .object({
    name: z.string().min(1),
    gross_mw: z.number().finite().positive(),
    tax_rate_pct: pct.default(0),
    mining: miningSchema,
    hpc: hpcSchema.default({}),
    options: z.array(optionSchema).min(1).optional(),
  })
  .strict();

export const siteSpecSchema = z
  .object({
    valuation: z
      .object({
        horizon_years: z
          .number()
          .finite()
          .positive()
          .max(MAX_HORIZON_YEARS, `must be ≤ ${MAX_HORIZON_YEARS}: the drivers are fitted on monthly history since 2020 and say nothing about longer horizons`)
          .default(10),
        discount_rate_pct: z.number().finite().min(0).max(100).default(10),
        start_month: month.optional(),
        start_price_usd_per_btc: z.number().finite().positive().optional(),
        /** The name of start_price_usd_per_btc before 0.2, still read until ALIASES_REMOVED_IN. */
        start_price_usd: z.number().finite().positive().optional(),
        fit_from_month: month.default('2020-01'),
        /** Which BTC drift the valuation uses (src/valuation/drift.ts); `user` is implied by btc_drift_pct_per_year. */
        btc_drift_regime: z.enum(['zero', 'historical', 'risk-neutral', 'user']).optional(),
        btc_drift_pct_per_year: z.number().finite().min(-100).max(200).optional(),
        btc_volatility_pct_per_year: z.number().finite().min(0).max(300).optional(),
      })
      .strict()
      .transform((v, ctx) => {
        const { value, conflicts } = acceptDeprecatedNames(v, ['start_price_usd_per_btc']);
        for (const old of conflicts)
          ctx.addIssue({ code: 'custom', path: [old], message: `give start_price_usd_per_btc or its deprecated name ${old}, not both` });
        const r = value.btc_drift_regime;
        if (r === 'user' && value.btc_drift_pct_per_year === undefined)
          ctx.addIssue({ code: 'custom', path: ['btc_drift_regime'], message: 'the user regime needs btc_drift_pct_per_year' });
        if (r !== undefined && r !== 'user' && value.btc_drift_pct_per_year !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['btc_drift_pct_per_year'],
            message: `give btc_drift_pct_per_year (the user regime) or btc_drift_regime: ${r}, not both`,
          });
        return value;
      })
      .default({}),
    sites: z.array(siteSchema).min(1, 'needs at least one site'),
  })
  .strict();

export type SiteSpecInput = z.input<typeof siteSpecSchema>;
export type ValuationSettings = z.output<typeof siteSpecSchema>['valuation'];

export interface SiteFile {
  valuation: ValuationSettings;
  sites: SiteSpec[];
}

/** The mining's contract: its `contract:`, or `power_price_usd_per_mwh` as a fixed price; exactly one of them. */
function miningContract(
  m: { power_price_usd_per_mwh?: number | undefined; contract?: z.output<typeof contractSchema> | undefined },
  at: string,
  capacity_mw: number,
  errors: ValidationIssue[],
): PowerContract {
  if (m.contract !== undefined && m.power_price_usd_per_mwh !== undefined)
    errors.push({
      path: `${at}.power_price_usd_per_mwh`,
      message: 'give contract or power_price_usd_per_mwh (shorthand for contract: { kind: fixed, price_usd_per_mwh }), not both',
    });
  if (m.contract !== undefined) return toContract(m.contract, `${at}.contract`, capacity_mw, errors);
  if (m.power_price_usd_per_mwh === undefined)
    errors.push({ path: `${at}.power_price_usd_per_mwh`, message: 'give the power price (USD/MWh) or a contract: { kind: fixed | index | hedged, … }' });
  return { kind: 'fixed', price_usd_per_mwh: m.power_price_usd_per_mwh ?? 0, written_as: 'power_price_usd_per_mwh' };
}

function normaliseSite(s: z.output<typeof siteSchema>, at: string, catalog: readonly AsicModel[], errors: ValidationIssue[]): SiteSpec {
  const m = s.mining;
  let it_mw = s.gross_mw / m.pue;
  let efficiency_jth = m.efficiency_jth ?? NaN;
  if ((m.efficiency_jth === undefined) === (m.machines === undefined)) {
    errors.push({ path: `${at}.mining.efficiency_jth`, message: 'give exactly one of efficiency_jth or machines' });
  } else if (m.machines) {
    let power_w = 0;
    let hashrate_ths = 0;
    m.machines.forEach((mc, j) => {
      const model = lookupModel(catalog, mc.model);
      if (!model)
        return errors.push({
          path: `${at}.mining.machines[${j}].model`,
          message: `unknown model "${mc.model}" — closest: ${closestModelNames(catalog, mc.model).join(', ')}`,
        });
      const prof = findProfile(model, mc.profile);
      if (!prof) return errors.push({ path: `${at}.mining.machines[${j}].profile`, message: `model ${model.model} has no profile "${mc.profile}"` });
      power_w += mc.count * prof.power_w;
      hashrate_ths += mc.count * prof.hashrate_ths;
    });
    if (hashrate_ths > 0) {
      efficiency_jth = power_w / hashrate_ths;
      it_mw = power_w / 1e6;
      if (it_mw * m.pue > s.gross_mw * (1 + 1e-9))
        errors.push({ path: `${at}.mining.machines`, message: `machines draw ${(it_mw * m.pue).toFixed(2)} MW with PUE, more than gross_mw ${s.gross_mw}` });
    }
  }
  const contract = miningContract(m, `${at}.mining`, s.gross_mw, errors);
  // A contract that reads an index is priced by the app over a reference year (src/app/pivot-contracts.ts); until then NaN.
  const flatPrice = contract.kind === 'fixed' && !contract.resale ? contract.price_usd_per_mwh : NaN;
  const h = s.hpc;
  const deal = DEALS[h.deal];
  if (h.lease_usd_per_mw_year !== undefined && h.lease_usd_per_kw_month !== undefined) {
    errors.push({ path: `${at}.hpc.lease_usd_per_kw_month`, message: 'give at most one of lease_usd_per_mw_year or lease_usd_per_kw_month' });
  }
  const lease = h.lease_usd_per_mw_year ?? (h.lease_usd_per_kw_month !== undefined ? h.lease_usd_per_kw_month * 1000 * 12 : deal.lease_usd_per_mw_year);
  const hpc: HpcTerms = {
    deal: h.deal,
    convertible_share: h.convertible_pct / 100,
    pue: h.pue,
    capex_usd_per_mw: h.capex_usd_per_mw,
    build_months: h.build_months,
    lease_usd_per_mw_year: lease,
    escalator_annual: h.escalator_pct_per_year / 100,
    term_months: Math.round((h.term_years ?? deal.term_years) * 12),
    power_paid_by: h.power_paid_by,
    power_price_usd_per_mwh: h.power_price_usd_per_mwh ?? flatPrice,
    opex_usd_per_mw_year: h.opex_usd_per_mw_year,
    residual_share_of_capex: h.residual_pct_of_capex / 100,
    default_probability_annual: h.default_probability_pct_per_year / 100,
    backstop_share: h.backstop_pct !== undefined ? h.backstop_pct / 100 : deal.backstop_share,
    relet_after_months: h.relet_after_months,
    relet_share: 1 - h.relet_haircut_pct / 100,
  };
  const options: ValuationOption[] = (s.options ?? [{ kind: 'keep' as const, name: 'keep mining' }]).map((o, j) => {
    if (o.kind === 'keep') return { name: o.name, kind: 'keep', phases: [] };
    const phases =
      o.kind === 'convert'
        ? [{ share: o.share_pct / 100, start_month: o.start_month }]
        : o.phases.map((p) => ({ share: p.share_pct / 100, start_month: p.start_month }));
    const total = phases.reduce((a, p) => a + p.share, 0);
    if (total > hpc.convertible_share + 1e-9) {
      errors.push({
        path: `${at}.options[${j}]${o.kind === 'convert' ? '.share_pct' : '.phases'}`,
        message: `converts ${(total * 100).toFixed(1)}% of the site, more than hpc.convertible_pct ${(hpc.convertible_share * 100).toFixed(1)}%`,
      });
    }
    const name =
      o.name ??
      (o.kind === 'convert'
        ? `convert ${(total * 100).toFixed(0)}% from ${phases[0]!.start_month}`
        : `phased ${phases.map((p) => `${(p.share * 100).toFixed(0)}%@${p.start_month}`).join(' + ')}`);
    return { name, kind: o.kind, phases };
  });
  const mining: MiningTerms = {
    pue: m.pue,
    it_mw,
    efficiency_jth,
    power_price_usd_per_mwh: flatPrice,
    contract,
    power_escalator_annual: m.power_escalator_pct_per_year / 100,
    pool_fee: m.pool_fee_pct / 100,
    uptime: m.uptime_pct / 100,
    opex_usd_per_mw_month: m.opex_usd_per_mw_month,
    refresh_capex_usd_per_th: m.refresh_capex_usd_per_th,
    refresh_payback_months: m.refresh_payback_months,
    refresh_min_interval_months: m.refresh_min_interval_months,
    frontier_improvement_annual: m.frontier_improvement_pct_per_year !== undefined ? m.frontier_improvement_pct_per_year / 100 : undefined,
    terminal_years: m.terminal_years,
  };
  return { name: s.name, gross_mw: s.gross_mw, tax_rate: s.tax_rate_pct / 100, mining, hpc, options };
}

/** Validates an already-decoded site file (from YAML or JSON) against the schema and the rules. */
export function parseSiteSpec(input: unknown, catalog: readonly AsicModel[]): Result<SiteFile> {
  const parsed = siteSpecSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((iss) => ({ path: formatPath(iss.path), message: iss.message === 'Required' ? 'is required' : iss.message })),
    };
  }
  const errors: ValidationIssue[] = [];
  const sites = parsed.data.sites.map((s, i) => normaliseSite(s, `sites[${i}]`, catalog, errors));
  return errors.length ? { ok: false, errors } : { ok: true, value: { valuation: parsed.data.valuation, sites }, warnings: plausibilityWarnings(input) };
}

/** Decodes site-file text (YAML, of which JSON is a subset) and validates it; syntax errors name the line. */
export function parseSiteSpecText(text: string, catalog: readonly AsicModel[]): Result<SiteFile> {
  const doc = decodeSpecText(text);
  if (!doc.ok) return doc;
  return parseSiteSpec(doc.value, catalog);
}
