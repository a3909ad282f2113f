import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePowerPriceTable } from '../src/adapters/datasets/power-prices-csv.js';
import { buildDispatchInputs } from '../src/app/dispatch-inputs.js';
import { EMBEDDED_DEFAULT_HUB, EMBEDDED_PRICES_FILE } from '../src/app/site-prices.js';
import { parseFleetSpecText } from '../src/config/fleet-spec.js';
import { ScheduleSchema } from '../src/config/schemas/schedule.js';
import { planDispatch } from '../src/dispatch/plan.js';
import { planSchedule, type Schedule } from '../src/dispatch/schedule.js';
import { parseCatalogCsv } from '../src/hardware/catalog.js';
import { randomProblem } from './helpers/dispatch-instances.js';
import { generatedScheduleSchema, GOLDEN_HEADER, GOLDEN_SCHEDULE_SCHEMA, goldenScheduleSchema, scheduleProblems } from './helpers/schedule-schema.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../data/asic_models.csv', import.meta.url), 'utf8'));
const spec = parseFleetSpecText(readFileSync(new URL('../examples/fleet.yaml', import.meta.url), 'utf8'), catalog);
if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
const fleet = spec.value;
const table = parsePowerPriceTable(readFileSync(new URL(`../data/${EMBEDDED_PRICES_FILE}`, import.meta.url), 'utf8'), EMBEDDED_PRICES_FILE);

async function exampleSchedule(switching?: { lost_minutes_per_change: number; min_dwell_hours: number }): Promise<Schedule> {
  const inputs = await buildDispatchInputs({
    fleet,
    priceTable: () => ({ table, fallback: EMBEDDED_DEFAULT_HUB }),
    // Two August days with price spikes, so the plan changes profiles.
    from: '2024-08-19',
    to: '2024-08-20',
    hashprice: { kind: 'constant', hashprice_usd_per_ph_day: 49.5 },
    price_usd_per_btc: 60_000,
    switching,
  });
  return planSchedule(planDispatch(inputs.problem));
}

/** Every object schema in `s`, with its JSON pointer. */
function objects(s: unknown, at = '#'): [string, Record<string, unknown>][] {
  if (s === null || typeof s !== 'object') return [];
  const o = s as Record<string, unknown>;
  const here: [string, Record<string, unknown>][] = o.type === 'object' ? [[at, o]] : [];
  return [...here, ...Object.entries(o).flatMap(([k, v]) => objects(v, `${at}/${k}`))];
}

describe('the Schedule JSON Schema (docs/schemas/schedule.schema.json)', () => {
  it('is the schema generated from src/config/schemas/schedule.ts (HASHFLOOR_UPDATE_GOLDEN=1 rewrites it)', () => {
    const generated = { ...GOLDEN_HEADER, ...generatedScheduleSchema() };
    if (process.env.HASHFLOOR_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN_SCHEDULE_SCHEMA, `${JSON.stringify(generated, null, 2)}\n`);
    expect(goldenScheduleSchema()).toEqual(generated);
  });

  it('closes every object: each lists its fields as required and refuses any other', () => {
    const all = objects(goldenScheduleSchema());
    expect(all.length).toBeGreaterThanOrEqual(9);
    for (const [at, o] of all) {
      expect({ at, additionalProperties: o.additionalProperties }).toEqual({ at, additionalProperties: false });
      expect({ at, required: [...((o.required as string[] | undefined) ?? [])].sort() }).toEqual({ at, required: Object.keys(o.properties as object).sort() });
    }
  });

  it("validates the example fleet's schedule, with and without switching rules; group ids resolve to the spec's lots", async () => {
    for (const s of [await exampleSchedule(), await exampleSchedule({ lost_minutes_per_change: 10, min_dwell_hours: 4 })]) {
      expect(scheduleProblems(s)).toEqual([]);
      expect(ScheduleSchema.safeParse(s).success).toBe(true);
      expect(s.hours).toBe(48);
      expect(s.groups.map((g) => g.lot)).toEqual(fleet.lots.map((_, i) => i));
      for (const g of s.groups) {
        const lot = fleet.lots[g.lot!]!;
        expect([g.group, g.site, g.model, g.machines]).toEqual([`${lot.site}/${lot.model.id}`, lot.site, lot.model.id, lot.count]);
      }
      expect(s.groups.some((g) => g.runs.length > 1)).toBe(true);
    }
  });

  it('validates schedules of random problems (lot and model null), and refuses a field too many, one missing or a bad hour', async () => {
    const s = planSchedule(planDispatch(randomProblem(11, { hours: 20, groups: 3, profiles: 4, sites: 2, events: 2 })));
    expect(scheduleProblems(s)).toEqual([]);
    const ok = await exampleSchedule();
    const extra = { ...ok, groups: ok.groups.map((g, i) => (i === 0 ? { ...g, runs: g.runs.map((r) => ({ ...r, lost_usd: 0 })) } : g)) };
    expect(scheduleProblems(extra).join()).toContain('must NOT have additional properties');
    const { totals: _totals, ...missing } = ok;
    expect(scheduleProblems(missing).join()).toContain("must have required property 'totals'");
    expect(scheduleProblems({ ...ok, hour_start_utc: '2024-07-01T00:30Z' })).not.toEqual([]);
    expect(scheduleProblems({ ...ok, schema_version: 2 })).not.toEqual([]);
  });
});
