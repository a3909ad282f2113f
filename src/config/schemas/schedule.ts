/**
 * The Schedule (src/dispatch/schedule.ts) as a zod schema: what the API documents for the dispatch
 * job's `schedule`, and the source of the golden JSON Schema docs/schemas/schedule.schema.json that
 * a miner driver validates `hashfloor dispatch --schedule` files against (test/schedule-schema.test.ts
 * regenerates it and fails on any difference). Every object is strict, so a field the code emits
 * and the schema lacks fails validation; the type check below keeps the schema and the Schedule
 * type the same shape.
 */
import { z } from 'zod';
import { SCHEDULE_SCHEMA_VERSION, type Schedule } from '../../dispatch/schedule.js';

const count = z.number().int().min(0);

const TotalsSchema = z
  .object({
    energy_mwh: z.number(),
    average_hashrate_phs: z.number(),
    btc: z.number().nullable(),
    revenue_usd: z.number(),
    energy_cost_usd: z.number(),
    margin_usd: z.number(),
    dr_revenue_usd: z.number(),
    switching_cost_usd: z.number(),
    profile_changes: count,
    value_usd: z.number(),
  })
  .strict();

const RunSchema = z
  .object({
    start_hour: count,
    hours: z.number().int().min(1),
    points: z.array(z.object({ profile: z.string(), machines: z.number().int().min(1) }).strict()),
    off: count,
  })
  .strict();

export const ScheduleSchema = z
  .object({
    schema_version: z.literal(SCHEDULE_SCHEMA_VERSION),
    hour_start_utc: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00Z$/),
    hours: z.number().int().min(1),
    method: z.string(),
    sites: z.array(z.object({ site: z.string(), cap_mw: z.number(), pue: z.number(), time_zone: z.string().nullable() }).strict()),
    groups: z.array(
      z
        .object({
          group: z.string(),
          site: z.string(),
          lot: count.nullable(),
          model: z.string().nullable(),
          machines: count,
          baseline_profile: z.string(),
          profiles: z.array(z.object({ profile: z.string(), power_w: z.number(), hashrate_ths: z.number() }).strict()),
          runs: z.array(RunSchema),
        })
        .strict(),
    ),
    totals: z.object({ plan: TotalsSchema, baseline: TotalsSchema }).strict(),
  })
  .strict();

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile when the schema and the Schedule type drift apart. */
export const SCHEDULE_SCHEMA_MATCHES_TYPE: Same<z.infer<typeof ScheduleSchema>, Schedule> = true;
