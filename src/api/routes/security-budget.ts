/**
 * The long run of the security budget over HTTP: the exact subsidy schedule to its end (height
 * 6,929,999, ~2140) and, per halving era and scenario, the fees per block needed to hold today's
 * hashprice — src/valuation/security-budget.ts from the server's history (embedded + imports),
 * with the same options as `hashfloor security-budget`.
 */
import { historyThrough } from '../../app/as-of.js';
import { createRoute, z } from '@hono/zod-openapi';
import { ValidationError } from '../../errors.js';
import { budgetTodayFromHistory } from '../../valuation/budget-today.js';
import { fitFrontier } from '../../valuation/frontier.js';
import { defaultScenarios, securityBudget } from '../../valuation/security-budget.js';
import type { ApiApp, ApiContext } from '../context.js';
import { cachedJson } from '../json.js';
import { withDeprecatedNames, type RenamedField } from '../../units/renamed-fields.js';
import { DataAsOfSchema, errorResponses, notModifiedResponse, numberQuery, withDeprecatedFields } from '../schemas.js';

/** Renamed in 0.2; answered under both names until the aliases go (units/renamed-fields.ts). */
const RENAMED_HERE: readonly RenamedField[] = ['price_usd_per_btc'];

const ScenarioSchema = z.object({
  name: z.string(),
  description: z.string(),
  price_growth_annual: z.number(),
  hashrate_growth_annual: z.number(),
  growth_years: z.number().nullable().openapi({ description: 'years the growth lasts; null: forever' }),
});

const RowSchema = withDeprecatedFields(
  z.object({
    scenario: z.string(),
    era: z.number().int(),
    height: z.number().int(),
    date: z.string().openapi({ description: 'projected at one block per 600 s' }),
    years_from_now: z.number(),
    subsidy_btc: z.number(),
    price_usd_per_btc: z.number(),
    hashrate_ehs: z.number(),
    fees_needed_btc_per_block: z.number(),
    fees_needed_usd_per_day: z.number(),
    fees_multiple_of_today: z.number().nullable().openapi({ description: 'null when today’s fees are zero' }),
    fees_for_todays_budget_usd_per_day: z.number(),
  }),
  RENAMED_HERE,
);

const BudgetSchema = z
  .object({
    today: withDeprecatedFields(
      z.object({
        date: z.string(),
        height: z.number().int(),
        price_usd_per_btc: z.number(),
        difficulty: z.number(),
        hashrate_ehs: z.number(),
        fees_btc_per_block: z.number(),
        day_fees_btc_per_block: z.number().optional().openapi({ description: 'the day’s own fees per block (BTC), as the hashprice index prices the day' }),
        subsidy_btc: z.number(),
        hashprice_usd_per_ph_day: z.number(),
        revenue_usd_per_day: z.number(),
        fee_share: z.number(),
      }),
      RENAMED_HERE,
    ),
    fees_window_days: z.number().int(),
    last_subsidy_height: z.number().int(),
    last_subsidy_date: z.string(),
    data_as_of: DataAsOfSchema,
    scenarios: z.array(ScenarioSchema),
    rows: z.array(RowSchema),
  })
  .openapi('SecurityBudget');

const Query = z.object({
  price_growth_pct: numberQuery('price_growth_pct', { min: -50, max: 100, example: 5 }).optional(),
  hashrate_growth_pct: numberQuery('hashrate_growth_pct', { min: -50, max: 100, example: 5 }).optional(),
  growth_years: numberQuery('growth_years', { min: 0, max: 200, example: 30 }).optional(),
  fee_window_days: numberQuery('fee_window_days', { integer: true, min: 1, max: 3650, example: 30 }).optional(),
});

export function registerSecurityBudgetRoutes(app: ApiApp, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/security-budget',
      tags: ['valuation'],
      summary:
        'Subsidy to zero (~2140, exact schedule) and the fees needed per halving era to hold today’s hashprice, per scenario (flat, efficiency, and a custom one when a growth rate is given)',
      request: { query: Query },
      responses: {
        200: { description: 'Today’s figures and one row per scenario × halving era', content: { 'application/json': { schema: BudgetSchema } } },
        ...notModifiedResponse,
        ...errorResponses,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const customGiven = q.price_growth_pct !== undefined || q.hashrate_growth_pct !== undefined;
      if (q.growth_years !== undefined && !customGiven)
        throw ValidationError.field('growth_years', 'growth_years applies to a custom scenario: give price_growth_pct or hashrate_growth_pct too');
      const window = q.fee_window_days ?? 30;
      const asOf = await ctx.asOf();
      const key = `security-budget:${q.price_growth_pct}:${q.hashrate_growth_pct}:${q.growth_years}:${window}:${asOf.date}:${asOf.age_days}`;
      const text = await ctx.cache.getAsync(key, async () => {
        // "Today" is the last complete day of the history, as for `hashfloor security-budget`.
        const { today, fee_window_days } = budgetTodayFromHistory(historyThrough(await ctx.history(), asOf), window);
        const frontier = fitFrontier(ctx.catalog(), today.date.slice(0, 7));
        const custom = customGiven
          ? {
              price_growth_annual: (q.price_growth_pct ?? 0) / 100,
              hashrate_growth_annual: (q.hashrate_growth_pct ?? 0) / 100,
              growth_years: q.growth_years ?? Infinity,
            }
          : undefined;
        const scenarios = defaultScenarios(frontier.improvement_annual, custom);
        const res = securityBudget(today, scenarios);
        // JSON has no Infinity: an unbounded growth period and an infinite multiple travel as null.
        return withDeprecatedNames({ data_as_of: asOf, ...res, fees_window_days: fee_window_days, scenarios }, RENAMED_HERE);
      });
      return cachedJson<z.infer<typeof BudgetSchema>>(c, text);
    },
  );
}
