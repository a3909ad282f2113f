/**
 * Response schemas of the fleet and job endpoints, field by field (units in the names), so
 * /openapi.json describes exactly what the handlers send (test/api/openapi-conformance.test.ts
 * checks real answers against it).
 */
import { z } from '@hono/zod-openapi';
import type { RenamedField } from '../units/renamed-fields.js';
import { DataAsOfSchema, orNull, ProblemSchema, WarningsSchema, withDeprecatedFields } from './schemas.js';
import { ScheduleSchema } from '../config/schemas/schedule.js';

/** Renamed in 0.2; answered under both names until the aliases go (units/renamed-fields.ts). */
export const FLEET_PERIOD_RENAMED: readonly RenamedField[] = ['cash_cost_usd_per_btc', 'all_in_cost_usd_per_btc', 'price_usd_per_btc'];
export const PIVOT_RESULT_RENAMED: readonly RenamedField[] = ['price_usd_per_btc', 'breakeven_price_usd_per_btc'];

const num = z.number();
const numOrNull = z.number().nullable();

export const FleetTotalsSchema = z.object({ machines: z.number().int(), hashrate_ehs: num, power_mw: num });

/** A site's power contract as outputs name it (src/economics/power-contract.ts: contractSummary). */
export const ContractSummarySchema = z
  .object({
    kind: z.enum(['fixed', 'index', 'hedged']),
    description: z.string().openapi({ example: 'fixed $38/MWh, unused capacity resold at HB_WEST real-time less $2/MWh' }),
    hub: z.string().nullable().openapi({ description: 'the index it reads (null: a fixed price without resale)' }),
    market: z.enum(['real-time', 'day-ahead']).nullable(),
    written_as: z
      .enum(['contract', 'power_price_usd_per_mwh', 'price_hub', 'power_price_csv'])
      .openapi({ description: "the spec's contract, or the older site field it was mapped from" }),
    four_cp_intervals_utc: z.array(z.string()),
  })
  .openapi('PowerContract');

/** A bill under a contract over some hours (USD unless named; power-contract.ts: ContractBill). */
export const ContractBillSchema = z
  .object({
    energy_mwh: num,
    energy_usd: num,
    resale_credit_usd: num.openapi({ description: 'earned reselling unused capacity at the index, net of the fixed price and fee; subtracted' }),
    fees_usd: num,
    take_or_pay_usd: num,
    transmission_usd: num,
    cost_usd: num.openapi({ description: 'energy − resale credit + fees + take-or-pay + transmission' }),
    dr_availability_usd: num.openapi({ description: 'demand-response availability payments (revenue, not in cost_usd)' }),
  })
  .openapi('ContractBill');

/** The contract that priced a site, the index series it read, and (for a report) its bill. */
export const SiteContractSchema = z.object({
  site: z.string(),
  contract: ContractSummarySchema,
  prices: z.object({ column: z.string(), source: z.string() }).nullable(),
  bill: ContractBillSchema.optional(),
});

export const FleetSchema = z
  .object({
    id: z.string(),
    uploaded_unix_s: z.number().int(),
    company: z.object({
      name: z.string(),
      sga_usd_per_month: num,
      pool_fee_pct: num,
      debt: z.array(
        z.object({
          name: z.string(),
          principal_usd: num,
          rate_pct: num,
          start_date: z.string(),
          term_months: z.number().int(),
          amortisation: z.enum(['bullet', 'linear']),
        }),
      ),
    }),
    sites: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        capacity_mw: num,
        contract: ContractSummarySchema,
        power_price_usd_per_mwh: numOrNull.openapi({ description: 'the fixed price of a fixed contract, else null (the older field; see contract)' }),
        pue: num,
        hosting_fee_usd_per_mwh: num,
        opex_usd_per_month: num,
        timezone: z.string().nullable(),
        price_hub: z
          .string()
          .nullable()
          .openapi({ description: "the hub of the contract's index (null: a fixed price without resale, or a prices file's only column)" }),
      }),
    ),
    lots: z.array(
      z.object({
        site: z.string(),
        model_id: z.string(),
        model: z.string(),
        profile: z.string(),
        count: z.number().int(),
        hashrate_ths: num.openapi({ description: 'whole lot' }),
        power_w: num.openapi({ description: 'whole lot' }),
        efficiency_jth: num,
        purchase_price_usd_per_unit: num,
        purchase_date: z.string(),
        depreciation_years: num,
        uptime_pct: num,
      }),
    ),
    totals: FleetTotalsSchema,
    warnings: WarningsSchema,
  })
  .openapi('Fleet');

export const FleetListItemSchema = z
  .object({ id: z.string(), name: z.string(), uploaded_unix_s: z.number().int(), totals: FleetTotalsSchema })
  .openapi('FleetListItem');

export const FleetPeriodSchema = withDeprecatedFields(
  z.object({
    period: z.string().openapi({ example: '2025-Q1' }),
    from: z.string(),
    to: z.string(),
    days: z.number().int(),
    days_without_data: z.number().int(),
    installed_hashrate_ehs: num,
    btc_mined: num,
    revenue_usd: num,
    energy_mwh: num,
    energy_cost_usd: num.openapi({ description: "Σ sites' bills under their contracts (power-contract.ts)" }),
    dr_revenue_usd: num.openapi({ description: 'demand-response availability payments of the contracts' }),
    direct_opex_usd: num,
    cash_cost_usd: num,
    sga_usd: num,
    depreciation_usd: num,
    interest_usd: num,
    all_in_cost_usd: num,
    cash_cost_usd_per_btc: numOrNull,
    all_in_cost_usd_per_btc: numOrNull,
    price_usd_per_btc: numOrNull,
    hashprice_usd_per_ph_day: numOrNull,
    realised_hashprice_usd_per_ph_day: numOrNull,
    hashcost_energy_usd_per_ph_day: numOrNull,
    hashcost_cash_usd_per_ph_day: numOrNull,
    hashcost_all_in_usd_per_ph_day: numOrNull,
    cash_margin_usd: num,
    all_in_margin_usd: num,
  }),
  FLEET_PERIOD_RENAMED,
).openapi('FleetPeriod');

const DispatchTotalsSchema = z.object({
  energy_mwh: num,
  average_hashrate_phs: num,
  btc: numOrNull,
  revenue_usd: num,
  energy_cost_usd: num,
  margin_usd: num,
  dr_revenue_usd: num,
  switching_cost_usd: num,
  profile_changes: z.number().int(),
  value_usd: num,
});

export const DispatchResultSchema = z
  .object({
    // The history each day's hashprice and BTC price come from ends here; null when the request gives hashprice_usd_per_ph_day.
    data_as_of: DataAsOfSchema.nullable(),
    fleet_id: z.string(),
    from: z.string(),
    to: z.string(),
    hours: z.number().int(),
    prices_source: z.string(),
    price_hubs: z.record(z.string(), z.string()).openapi({ description: 'the price column (hub) each site read, by site id' }),
    contracts: z
      .array(z.object({ site: z.string(), contract: ContractSummarySchema, plan: ContractBillSchema, baseline: ContractBillSchema }))
      .openapi({ description: 'the contract that priced each site, and its bill for the plan and the baseline' }),
    method: z.string(),
    plan: DispatchTotalsSchema,
    baseline: DispatchTotalsSchema,
    savings_usd: num,
    hashrate_given_up_pct_of_stock: num,
    heatmap: z.object({
      dates: z.array(z.string()),
      power_mw: z.array(z.array(num)).openapi({ description: 'fleet grid power, [day][hour UTC]' }),
      price_usd_per_mwh: z.array(z.array(num)).openapi({ description: "power price of the first site's hub, [day][hour UTC]" }),
    }),
    schedule: ScheduleSchema.openapi('Schedule', {
      description: 'the plan as a miner driver applies it (docs/dispatch.md, "The Schedule"; docs/schemas/schedule.schema.json)',
    }),
  })
  .openapi('DispatchResult');

const DistributionSchema = z.object({ mean: num, p5: num, p50: num, p95: num });

export const PivotResultSchema = z
  .object({
    data_as_of: DataAsOfSchema.openapi({ description: 'the history the drivers are fitted on ends here; the simulation starts the month after it' }),
    warnings: WarningsSchema,
    contracts: z
      .array(
        z.object({
          site: z.string(),
          kind: z.enum(['fixed', 'index', 'hedged']),
          contract: z.string(),
          effective_power_price_usd_per_mwh: num,
          reference: z
            .object({
              hub: z.string(),
              from_unix_s: z.number().int(),
              to_unix_s: z.number().int(),
              from: z.string(),
              to: z.string(),
              hours: z.number().int(),
              source: z.string(),
            })
            .nullable(),
        }),
      )
      .openapi({
        description: "what priced each site's power: its contract, the effective USD/MWh for the fleet's flat load (then escalated), and the index hours read",
      }),
    start: withDeprecatedFields(z.object({ month: z.string(), price_usd_per_btc: num, hashrate_ehs: num }), PIVOT_RESULT_RENAMED),
    paths: z.number().int(),
    seed: z.number().int(),
    btc_drift_regime: z.enum(['zero', 'historical', 'risk-neutral', 'user']),
    btc_drift_pct_per_year: num.openapi({ description: 'annual log drift of the BTC price in force (12·μ)' }),
    btc_expected_growth_pct_per_year: num,
    horizon_years: num,
    discount_rate_pct: num,
    sites: z.array(
      z.object({
        name: z.string(),
        options: z.array(
          withDeprecatedFields(
            z.object({
              name: z.string(),
              kind: z.enum(['keep', 'convert', 'phased']),
              npv_usd: DistributionSchema,
              prob_best: num,
              irr_vs_keep_pct: numOrNull,
              breakeven_lease_usd_per_mw_year: numOrNull,
              breakeven_price_usd_per_btc: numOrNull,
              breakeven_price_reason: z.string().nullable().openapi({ description: 'why there is no breakeven BTC price' }),
            }),
            PIVOT_RESULT_RENAMED,
          ),
        ),
        decision: z
          .object({
            option: z.string().openapi({ description: 'the option with the highest mean NPV' }),
            conversion: z.string().openapi({ description: 'the best conversion, compared with keeping the mine' }),
            base_usd: num.openapi({ description: 'E[NPV conversion] − E[NPV keep], the difference of the means shown' }),
            tornado: z.array(z.object({ driver: z.string(), low_label: z.string(), high_label: z.string(), low_usd: num, high_usd: num, swing_usd: num })),
          })
          .nullable(),
        by_drift_regime: z.array(
          z.object({
            regime: z.enum(['zero', 'historical', 'risk-neutral', 'user']),
            btc_drift_pct_per_year: num,
            btc_expected_growth_pct_per_year: num,
            option: z.string(),
            conversion_advantage_usd: numOrNull,
            paths: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .openapi('PivotResult');

const jobFields = {
  id: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  progress: z.object({
    done: num.openapi({ description: 'units of work done' }),
    total: num,
    unit: z.string().openapi({ example: 'paths' }),
    fraction: z.number().min(0).max(1).openapi({ description: 'done ÷ total, never decreasing' }),
    elapsed_s: num,
    rate_per_s: numOrNull.openapi({ description: 'units per second so far' }),
    eta_s: numOrNull.openapi({ description: 'seconds left at the rate so far' }),
  }),
  created_unix_s: z.number().int(),
  finished_unix_s: z.number().int().nullable(),
  error: orNull(ProblemSchema),
};

/** A job: its kind decides the shape of `result` (null until it succeeded, and in job lists). */
export const JobSchema = z
  .union([
    z.object({ ...jobFields, kind: z.literal('dispatch'), result: orNull(DispatchResultSchema) }),
    z.object({ ...jobFields, kind: z.literal('pivot'), result: orNull(PivotResultSchema) }),
  ])
  .openapi('Job');
