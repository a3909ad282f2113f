import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.js';
import { hubField, type Site } from './fleet.js';
import { checkHubSites, flatPriceTable, hourIso, priceColumn, sitePriceSeries, sliceHours, type HourlyPriceTable, type HourlySeries } from './hourly-prices.js';
import { catchAppError } from '../../test/helpers/catch-error.js';

const t0 = Date.UTC(2024, 0, 1) / 1000;
const table = (columns: string[], values: number[][], source: string): HourlyPriceTable => ({
  start_unix_s: t0,
  columns,
  values: values.map((v) => Float64Array.from(v)),
  line: Int32Array.from(values[0]!, (_, i) => i + 2),
  source,
});
// As parsePowerPriceTable reads `hour_start_utc,hour_start_central,HB_WEST,HB_NORTH,HB_SOUTH` with two hours.
const t = table(
  ['HB_WEST', 'HB_NORTH', 'HB_SOUTH'],
  [
    [27.595, 14.55],
    [17.85, 14.2975],
    [22.285, -1.5],
  ],
  'hubs.csv',
);
const one = table(['price_usd_per_mwh'], [[31.5]], 'one.csv');

describe('sliceHours', () => {
  const s: HourlySeries = { start_unix_s: t0, price_usd_per_mwh: Float64Array.of(1, 2, 3), line: Int32Array.of(2, 3, 4), source: 'p.csv' };
  it('slices by UTC time and refuses ranges outside the series, naming the field given', () => {
    const cut = sliceHours(s, 'price_usd_per_mwh', t0 + 3600, t0 + 3 * 3600, 'from');
    expect([...cut.price_usd_per_mwh]).toEqual([2, 3]);
    expect([...cut.line]).toEqual([3, 4]);
    expect(cut.start_unix_s).toBe(t0 + 3600);
    const e = catchAppError(() => sliceHours(s, 'price_usd_per_mwh', t0, t0 + 4 * 3600, 'to')) as ValidationError;
    expect(e.code).toBe('VALIDATION');
    expect(e.issues[0]?.path).toBe('to');
    expect(catchAppError(() => sliceHours(s, 'price_usd_per_mwh', t0 + 3600, t0 + 3600, 'from')).code).toBe('VALIDATION');
  });
  it('cuts any hourly series by its own value field (a hashprice never sits in price_usd_per_mwh)', () => {
    const hp: HourlySeries<'hashprice_usd_per_ph_day'> = {
      start_unix_s: t0,
      hashprice_usd_per_ph_day: Float64Array.of(40, 41, 42),
      line: Int32Array.of(2, 3, 4),
      source: 'hp.csv',
    };
    const cut = sliceHours(hp, 'hashprice_usd_per_ph_day', t0, t0 + 3600, 'hashprice');
    expect([...cut.hashprice_usd_per_ph_day]).toEqual([40]);
    expect('price_usd_per_mwh' in cut).toBe(false);
    expect((catchAppError(() => sliceHours(hp, 'hashprice_usd_per_ph_day', t0, t0 + 5 * 3600, 'hashprice')) as ValidationError).issues[0]?.path).toBe(
      'hashprice',
    );
  });
});

describe('priceColumn', () => {
  it("gives a site its hub's column", () => {
    const s = priceColumn(t, { site: 'tx-north', hub: 'HB_NORTH', field: 'sites[1].price_hub' });
    expect(s.column).toBe('HB_NORTH');
    expect([...s.price_usd_per_mwh]).toEqual([17.85, 14.2975]);
  });
  it('names the site, the field and the columns for an unknown hub', () => {
    const e = catchAppError(() => priceColumn(t, { site: 'tx-north', hub: 'HB_NOWHERE', field: 'sites[1].price_hub' })) as ValidationError;
    expect(e.code).toBe('VALIDATION');
    expect(e.issues[0]?.path).toBe('sites[1].price_hub');
    expect(e.issues[0]?.message).toBe('site tx-north: prices CSV hubs.csv has no column "HB_NOWHERE" (columns: HB_WEST, HB_NORTH, HB_SOUTH)');
  });
  it('asks for price_hub when several columns exist and the site names none, unless a fallback is given', () => {
    const e = catchAppError(() => priceColumn(t, { site: 'a', hub: undefined, field: 'sites[0].price_hub' })) as ValidationError;
    expect(e.issues[0]?.message).toBe('site a: prices CSV hubs.csv has columns HB_WEST, HB_NORTH, HB_SOUTH; set price_hub');
    expect(priceColumn(t, { site: 'a', hub: undefined, field: 'f', fallback: 'HB_SOUTH' }).price_usd_per_mwh[0]).toBe(22.285);
  });
  it('a one-series file feeds a site whatever hub its spec names; a requested hub must still exist', () => {
    expect(priceColumn(one, { site: 'tx-north', hub: 'HB_NORTH', field: 'sites[1].price_hub' })).toMatchObject({
      column: 'price_usd_per_mwh',
      price_usd_per_mwh: Float64Array.of(31.5),
    });
    const e = catchAppError(() => priceColumn(one, { site: 'tx-north', hub: 'HB_NORTH', field: '--site-hub', requested: true })) as ValidationError;
    expect(e.issues[0]?.message).toBe('site tx-north: prices CSV one.csv has no column "HB_NORTH" (columns: price_usd_per_mwh)');
  });
});

describe('sitePriceSeries', () => {
  const site = (id: string, hub?: string): Site =>
    ({ id, contract: { kind: 'index', index: { hub, market: 'real-time' }, adders_usd_per_mwh: 0, fee_usd_per_month: 0, written_as: 'price_hub' } }) as Site;
  const sites = [site('west', 'HB_WEST'), site('south')];
  it("reads the requested hub, else the spec's, else the table's fallback", () => {
    const got = sitePriceSeries(sites, () => ({ table: t, fallback: 'HB_SOUTH' }), new Map([['west', 'HB_NORTH']]));
    expect(got.map((x) => x.column)).toEqual(['HB_NORTH', 'HB_SOUTH']);
    expect(sitePriceSeries(sites, () => ({ table: t, fallback: 'HB_SOUTH' }), new Map()).map((x) => x.column)).toEqual(['HB_WEST', 'HB_SOUTH']);
  });
  it("names site_hubs.<site> for a requested hub or site that does not exist, sites[i].price_hub for the spec's", () => {
    const bad = catchAppError(() => sitePriceSeries(sites, () => ({ table: t }), new Map([['west', 'HB_EAST']]))) as ValidationError;
    expect(bad.issues.map((i) => i.path)).toEqual(['site_hubs.west']);
    const unknown = catchAppError(() =>
      checkHubSites(
        sites,
        new Map([
          ['east', 'HB_WEST'],
          ['north', 'HB_WEST'],
        ]),
      ),
    ) as ValidationError;
    expect(unknown.issues.map((i) => i.path)).toEqual(['site_hubs.east', 'site_hubs.north']);
    expect(unknown.issues[0]?.message).toBe('no site "east" in the fleet (sites: west, south)');
    const spec = catchAppError(() => sitePriceSeries([site('west', 'HB_NOWHERE')], () => ({ table: t }), new Map())) as ValidationError;
    expect(spec.issues[0]?.path).toBe('sites[0].price_hub');
  });
});

describe('price tables: edges', () => {
  it('a one-column hub file is no one-series file: the spec’s hub must be its column', () => {
    const west = table(['HB_WEST'], [[20]], 'west.csv');
    expect(priceColumn(west, { site: 'a', hub: 'HB_WEST', field: 'sites[0].price_hub' }).column).toBe('HB_WEST');
    expect((catchAppError(() => priceColumn(west, { site: 'a', hub: 'HB_NORTH', field: 'sites[0].price_hub' })) as ValidationError).issues[0]?.path).toBe(
      'sites[0].price_hub',
    );
    expect(priceColumn(west, { site: 'a', hub: undefined, field: 'f' }).column).toBe('HB_WEST');
  });

  it('a fallback may be the first column', () => {
    expect(priceColumn(t, { site: 'a', hub: undefined, field: 'f', fallback: 'HB_WEST' }).price_usd_per_mwh[0]).toBe(27.595);
    expect(catchAppError(() => priceColumn(t, { site: 'a', hub: undefined, field: 'f', fallback: 'HB_EAST' })).code).toBe('VALIDATION');
  });

  it('a hub requested for a site of a one-series file must exist; the spec’s hub need not', () => {
    const site = {
      id: 'west',
      contract: { kind: 'index', index: { hub: 'HB_WEST', market: 'real-time' }, adders_usd_per_mwh: 0, fee_usd_per_month: 0, written_as: 'price_hub' },
    } as Site;
    expect(sitePriceSeries([site], () => ({ table: one }), new Map()).map((x) => x.column)).toEqual(['price_usd_per_mwh']);
    const e = catchAppError(() => sitePriceSeries([site], () => ({ table: one }), new Map([['west', 'HB_WEST']]))) as ValidationError;
    expect(e.issues[0]?.path).toBe('site_hubs.west');
  });

  it('slices only forward ranges inside the series', () => {
    const s: HourlySeries = { start_unix_s: t0, price_usd_per_mwh: Float64Array.of(1, 2, 3), line: Int32Array.of(2, 3, 4), source: 'p.csv' };
    expect([...sliceHours(s, 'price_usd_per_mwh', t0, t0 + 3 * 3600, 'x').price_usd_per_mwh]).toEqual([1, 2, 3]);
    for (const [a, b] of [
      [t0 - 3600, t0 + 3600],
      [t0 + 2 * 3600, t0 + 3600],
    ] as const)
      expect((catchAppError(() => sliceHours(s, 'price_usd_per_mwh', a, b, 'from')) as ValidationError).issues[0]?.path).toBe('from');
  });

  it('a flat table holds one fixed price every hour; hours print without seconds', () => {
    const f = flatPriceTable(t0, 3, 38, 'fleet spec');
    expect(f).toMatchObject({ start_unix_s: t0, columns: ['fixed_price_usd_per_mwh'], source: 'fleet spec' });
    expect([...f.values[0]!]).toEqual([38, 38, 38]);
    expect(f.line).toHaveLength(3);
    expect(hourIso(t0 + 3600)).toBe('2024-01-01T01:00Z');
  });
});

describe('sitePriceSeries: contracts that read no hub, day-ahead, field names', () => {
  const fixed = { id: 'f', contract: { kind: 'fixed', price_usd_per_mwh: 38, written_as: 'contract' } } as Site;
  const dayAhead = (written_as: 'contract' | 'price_hub') =>
    ({ id: 'd', contract: { kind: 'index', index: { hub: 'HB_WEST', market: 'day-ahead' }, adders_usd_per_mwh: 0, fee_usd_per_month: 0, written_as } }) as Site;

  it('a fixed site reads its table’s only column; asking a hub for it is an error at site_hubs.<id>', () => {
    const flat = flatPriceTable(t0, 2, 38, 'fleet spec');
    expect(sitePriceSeries([fixed], () => ({ table: flat }), new Map())[0]?.column).toBe('fixed_price_usd_per_mwh');
    const e = catchAppError(() => sitePriceSeries([fixed], () => ({ table: flat }), new Map([['f', 'HB_WEST']]))) as ValidationError;
    expect(e.issues[0]?.path).toBe('site_hubs.f');
  });

  it('a day-ahead contract reads <hub>_DA; without that column the error names the market', () => {
    const da = table(['HB_WEST', 'HB_WEST_DA'], [[20], [25]], 'da.csv');
    expect(sitePriceSeries([dayAhead('contract')], () => ({ table: da }), new Map())[0]?.column).toBe('HB_WEST_DA');
    const flat = flatPriceTable(t0, 2, 38, 'fleet spec');
    const e = catchAppError(() => sitePriceSeries([fixed, dayAhead('contract')], (s) => ({ table: s.id === 'f' ? flat : t }), new Map())) as ValidationError;
    expect(e.issues[0]?.path).toBe('sites[1].contract.market');
  });

  it('a day-ahead hub missing from the table says so in the message; a real-time one does not', () => {
    const da = catchAppError(() => sitePriceSeries([dayAhead('contract')], () => ({ table: t }), new Map())) as ValidationError;
    expect(da.issues[0]?.message).toBe(
      'site d: prices CSV hubs.csv has no column "HB_WEST_DA" (columns: HB_WEST, HB_NORTH, HB_SOUTH); day-ahead prices are a column named HB_WEST_DA (the hub\'s real-time price is not used instead)',
    );
    const rt = catchAppError(() => priceColumn(t, { site: 'x', hub: 'HB_EAST', field: 'sites[0].price_hub' })) as ValidationError;
    expect(rt.issues[0]?.message).toBe('site x: prices CSV hubs.csv has no column "HB_EAST" (columns: HB_WEST, HB_NORTH, HB_SOUTH)');
  });

  it('a fixed site on a table of several hubs is refused at its hub field: there is no column to take', () => {
    const e = catchAppError(() => sitePriceSeries([fixed], () => ({ table: t }), new Map())) as ValidationError;
    expect(e.issues[0]).toEqual({
      path: 'sites[0].contract.hub',
      message: 'site f: prices CSV hubs.csv has columns HB_WEST, HB_NORTH, HB_SOUTH; set price_hub',
    });
  });

  it('a table whose first column is named like the one-series column is still read by hub when it has more', () => {
    const mixed = table(['price_usd_per_mwh', 'HB_WEST'], [[31.5], [20]], 'mixed.csv');
    expect(priceColumn(mixed, { site: 'w', hub: 'HB_WEST', field: 'sites[0].price_hub' }).column).toBe('HB_WEST');
  });

  it('the hub field of a site follows how its spec wrote the contract', () => {
    expect(hubField(dayAhead('contract'), 2)).toBe('sites[2].contract.hub');
    expect(hubField(dayAhead('price_hub'), 2)).toBe('sites[2].price_hub');
  });
});
