import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { parseFleetSpecText } from '../config/fleet-spec.js';
import { parseCatalogCsv } from '../hardware/catalog.js';
import type { HashpriceDay } from '../economics/hashprice-index.js';
import type { HourlyPriceTable } from '../economics/hourly-prices.js';
import { buildDispatchInputs, type DispatchInputOptions } from './dispatch-inputs.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
const spec = parseFleetSpecText(readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8'), catalog);
if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
const fleet = spec.value;

const t0 = Date.UTC(2024, 6, 1) / 1000;
const HOURS = 72; // 2024-07-01 … 2024-07-03
const hubs = ['HB_WEST', 'HB_NORTH', 'HB_SOUTH'];
const table: HourlyPriceTable = {
  start_unix_s: t0,
  columns: hubs,
  values: hubs.map((_, j) => Float64Array.from({ length: HOURS }, (_, i) => 20 + j + (i % 24))),
  line: Int32Array.from({ length: HOURS }, (_, i) => i + 2),
  source: 'hubs.csv',
};
const day = (date: string, hashprice: number | null, price: number | null): HashpriceDay =>
  ({ date, hashprice_usd_per_ph_day: hashprice, price_usd_per_btc: price }) as HashpriceDay;
const base: DispatchInputOptions = { fleet, priceTable: () => ({ table }), hashprice: { kind: 'constant', hashprice_usd_per_ph_day: 50 } };

async function failure(o: Partial<DispatchInputOptions>): Promise<ValidationError> {
  const err: unknown = await buildDispatchInputs({ ...base, ...o }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(err)}`);
  return err;
}

describe('buildDispatchInputs', () => {
  it('plans the hours every series covers, or from/to as whole UTC days, each site at its hub', async () => {
    const all = await buildDispatchInputs(base);
    expect([all.start_unix_s, all.hours, all.problem.hours]).toEqual([t0, HOURS, HOURS]);
    expect(all.prices.map((x) => x.column)).toEqual(['HB_WEST', 'HB_NORTH', 'HB_SOUTH']);
    const one = await buildDispatchInputs({ ...base, from: '2024-07-02', to: '2024-07-02', site_hubs: new Map([['tx-west', 'HB_SOUTH']]) });
    expect([one.start_unix_s, one.end_unix_s]).toEqual([t0 + 86_400, t0 + 2 * 86_400]);
    expect(one.prices[0]!.column).toBe('HB_SOUTH');
    // tx-west resells unused power: the planner values its MWh at HB_SOUTH's $22 less the $2 fee.
    expect(one.problem.sites[0]!.contract?.index_usd_per_mwh?.[0]).toBe(22);
    expect(one.problem.sites[0]!.price_usd_per_mwh[0]).toBe(20);
    expect(one.problem.price_usd_per_btc).toBeUndefined();
  });

  it("takes each UTC day's hashprice and BTC price from the daily index; a constant BTC price wins", async () => {
    const index = () => Promise.resolve([day('2024-07-01', 40, 60_000), day('2024-07-02', 45, 61_000), day('2024-07-03', 50, 62_000)]);
    const r = await buildDispatchInputs({ ...base, from: '2024-07-02', to: '2024-07-03', hashprice: { kind: 'daily', index } });
    expect([r.problem.hashprice_usd_per_ph_day[0], r.problem.hashprice_usd_per_ph_day[24]]).toEqual([45, 50]);
    expect([r.problem.price_usd_per_btc?.[0], r.problem.price_usd_per_btc?.[47]]).toEqual([61_000, 62_000]);
    const fixed = await buildDispatchInputs({ ...base, hashprice: { kind: 'daily', index }, price_usd_per_btc: 70_000 });
    expect(fixed.problem.price_usd_per_btc?.every((x) => x === 70_000)).toBe(true);
  });

  it('cuts an hourly hashprice series to the plan', async () => {
    const series = {
      start_unix_s: t0,
      hashprice_usd_per_ph_day: Float64Array.from({ length: HOURS }, (_, i) => i),
      line: new Int32Array(HOURS),
      source: 'hp.csv',
    };
    const r = await buildDispatchInputs({ ...base, from: '2024-07-03', hashprice: { kind: 'hourly', series } });
    expect([...r.problem.hashprice_usd_per_ph_day.subarray(0, 2)]).toEqual([48, 49]);
  });

  it.each([
    ['from before the prices', { from: '2024-06-30' }, 'from'],
    ['from after them', { from: '2024-07-04' }, 'from'],
    ['to after them', { to: '2024-07-04' }, 'to'],
    ['to before them', { to: '2024-06-30' }, 'to'],
    ['from after to', { from: '2024-07-03', to: '2024-07-02' }, 'from'],
    ['a plan longer than max_days', { max_days: 2 }, 'to'],
    ['a requested hub that does not exist', { site_hubs: new Map([['tx-west', 'HB_EAST']]) }, 'site_hubs.tx-west'],
    ['a requested site that does not exist', { site_hubs: new Map([['tx-east', 'HB_WEST']]) }, 'site_hubs.tx-east'],
    [
      'a day the history has no hashprice for',
      { hashprice: { kind: 'daily', index: () => Promise.resolve([day('2024-07-01', 40, 60_000), day('2024-07-02', null, 61_000)]) } },
      'hashprice',
    ],
    [
      'an hourly hashprice too short',
      {
        hashprice: { kind: 'hourly', series: { start_unix_s: t0, hashprice_usd_per_ph_day: new Float64Array(10), line: new Int32Array(10), source: 'hp.csv' } },
      },
      'hashprice',
    ],
  ] as [string, Partial<DispatchInputOptions>, string][])('names the neutral field on %s', async (_what, o, path) => {
    const e = await failure(o);
    expect(e.code).toBe('VALIDATION');
    expect(e.issues.map((i) => i.path)).toEqual([path]);
  });

  it("names prices when the sites' series share no hour", async () => {
    const later: HourlyPriceTable = { ...table, start_unix_s: t0 + HOURS * 3600 };
    const e = await failure({ priceTable: (s) => ({ table: s.id === 'tx-west' ? later : table }) });
    expect(e.issues[0]?.path).toBe('prices');
  });
});
