import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFleetSpecText } from '../src/config/fleet-spec.js';
import type { Schedule } from '../src/dispatch/schedule.js';
import { parseCatalogCsv } from '../src/hardware/catalog.js';
import { cli } from './helpers/cli.js';
import { scheduleProblems } from './helpers/schedule-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-dispatch-'));
const fleetYaml = (extra = '', cap = 20, model = 'Antminer S21'): string => `
company: { name: Test, pool_fee_pct: 2 }
sites:
  - { id: west, capacity_mw: ${cap}, power_price_usd_per_mwh: 40, pue: 1.05, timezone: America/Chicago${extra} }
lots:
  - { site: west, model: ${model}, count: 4000, purchase_price_usd_per_unit: 3000, purchase_date: 2024-01-01 }
`;
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
interface Doc {
  hours: number;
  plan: { energy_mwh: number; value_usd: number; average_hashrate_phs: number };
  baseline: { value_usd: number; average_hashrate_phs: number };
  savings_usd: number;
  hashrate_given_up_pct_of_stock: number;
  lp_bound_usd: number;
  integrality_gap_usd: number;
  groups: { group: string; machine_hours_share_by_profile: Record<string, number> }[];
}

describe('hashfloor dispatch', () => {
  it('plans the example fleet for one week of the embedded ERCOT year and beats the baseline', async () => {
    const out = join(dir, 'plan.csv');
    const r = await cli(['dispatch', 'examples/fleet.yaml', '--hashprice', '40', '--from', '2024-08-19', '--to', '2024-08-25', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.hours).toBe(168);
    expect(doc.savings_usd).toBeGreaterThan(0); // the optimum never loses to stock 24/7
    expect(doc.plan.value_usd).toBeLessThanOrEqual(doc.lp_bound_usd + 1e-6);
    expect(doc.integrality_gap_usd).toBeLessThan(1e-3 * Math.abs(doc.lp_bound_usd));
    expect(doc.groups.map((g) => g.group)).toContain('tx-west/antminer-s21');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toContain('hour_start_utc,hour_start_local,site,group,profile,machines');
    // 2024-08-19T00:00Z is 19:00 the day before in Chicago (CDT, UTC−5).
    expect(lines[1]).toMatch(/^2024-08-19T00:00:00Z,2024-08-18T19:00-05:00,tx-west,/);
    expect(new Set(lines.slice(1).map((l) => l.slice(0, 20))).size).toBe(168);
    // Without switching rules each row's price lies between its group's thresholds (1e-6 USD/MWh
    // for the split group the cap's shadow price makes indifferent).
    const head = lines[0]!.split(',');
    const [iPrice, iUp, iDown] = ['price_usd_per_mwh', 'step_up_below_usd_per_mwh', 'step_down_above_usd_per_mwh'].map((c) => head.indexOf(c)) as [
      number,
      number,
      number,
    ];
    const rows = lines.slice(1).map((l) => l.split(','));
    const outside = rows.filter(
      (c) => (c[iUp] !== '' && Number(c[iPrice]) < Number(c[iUp]) - 1e-3) || (c[iDown] !== '' && Number(c[iPrice]) > Number(c[iDown]) + 1e-3),
    );
    expect(outside).toEqual([]);
    expect(rows.filter((c) => c[iUp] !== '' || c[iDown] !== '').length).toBeGreaterThan(rows.length / 2);
  });

  it("leaves the plan CSV's step price columns empty when switching rules couple the hours", async () => {
    const out = join(dir, 'plan-switching.csv');
    const r = await cli([
      'dispatch',
      'examples/fleet.yaml',
      '--hashprice',
      '40',
      '--from',
      '2024-08-19',
      '--to',
      '2024-08-20',
      '--switch-cost',
      '1',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('step_up/step_down price columns are left empty');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(48);
    expect(lines.slice(1).filter((l) => !l.endsWith(',,'))).toEqual([]);
  });

  it('curtails an S19-class fleet at $20/PH/day on the 2024 ERCOT year (> 10% of hashrate given up)', async () => {
    const fleet = file('s19.yaml', fleetYaml('', 20, 'Antminer S19 Pro'));
    const r = await cli(['dispatch', fleet, '--hashprice', '20', '--json']);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.hours).toBe(8784);
    expect(doc.hashrate_given_up_pct_of_stock).toBeGreaterThan(10);
    expect(doc.plan.energy_mwh).toBeLessThan(20 * 8784);
  });

  it('pays demand response from a DR CSV', async () => {
    const fleet = file('f.yaml', fleetYaml());
    const dr = file('dr.csv', 'site,hour_start_utc,cap_mw,payment_usd_per_mwh\nwest,2024-01-01T02:00:00Z,0,300\n');
    const r = await cli(['dispatch', fleet, '--hashprice', '40', '--from', '2024-01-01', '--to', '2024-01-01', '--dr', dr, '--json']);
    const doc = JSON.parse(r.stdout) as Doc & { plan: { dr_revenue_usd: number } };
    // 4,000 S21 at 3,500 W × PUE 1.05 = 14.7 MW baseline, all curtailed for one hour at $300/MWh.
    expect(doc.plan.dr_revenue_usd).toBeCloseTo(14.7 * 300, 6);
  });

  it('fails up front, exit 2 naming --out, when the plan file cannot be written', async () => {
    // The whole 2024 year with switching rules: the solve would take seconds; the check comes first.
    const r = await cli(['dispatch', 'examples/fleet.yaml', '--hashprice', '40', '--switch-cost', '1', '--out', '/nonexistent/dir/plan.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--out "/nonexistent/dir/plan.csv" cannot be written: folder /nonexistent/dir does not exist');
    expect(r.stderr).not.toContain('planning');
    const dirOut = await cli(['dispatch', 'examples/fleet.yaml', '--hashprice', '40', '--out', dir]);
    expect(dirOut.code).toBe(2);
    expect(dirOut.stderr).toContain('it is a folder');
  });

  for (const [what, csv, message] of [
    ['a missing --dr file', undefined, /--dr ".*no-such-dr\.csv": ENOENT/],
    [
      'an impossible date',
      'site,hour_start_utc,cap_mw,payment_usd_per_mwh\nwest,2024-02-30T01:00:00Z,0,300\n',
      /line 2: hour_start_utc must be a real UTC hour/,
    ],
    [
      'a duplicate site-hour',
      'site,hour_start_utc,cap_mw,payment_usd_per_mwh\nwest,2024-01-01T02:00:00Z,0,300\nwest,2024-01-01T02:00:00Z,5,300\n',
      /line 3: hour_start_utc: site west has an event at 2024-01-01T02:00:00Z on line 2 already/,
    ],
    [
      'an event cap above the site cap',
      'site,hour_start_utc,cap_mw,payment_usd_per_mwh\nwest,2024-01-01T02:00:00Z,25,300\n',
      /line 2: cap_mw: 25 MW is above site west's cap of 20 MW/,
    ],
  ] as const) {
    it(`--dr exits 2 with one line on ${what}`, async () => {
      const path = csv === undefined ? join(dir, 'no-such-dr.csv') : file('bad-dr.csv', csv);
      const r = await cli(['dispatch', file('dr-ok.yaml', fleetYaml()), '--hashprice', '40', '--from', '2024-01-01', '--to', '2024-01-01', '--dr', path]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  const bad: [string, string, string[], RegExp][] = [
    ['a gap in the prices', 'hour_start_utc,price_usd_per_mwh\n2024-01-01T00:00:00Z,10\n2024-01-01T02:00:00Z,11\n', [], /line 3.*gap.*2024-01-01T01:00Z/],
    ['a duplicate (DST) hour', 'hour_start_utc,price_usd_per_mwh\n2024-11-03T06:00:00Z,10\n2024-11-03T06:00:00Z,11\n', [], /line 3.*duplicate/],
    ['a price that is not a number', 'hour_start_utc,price_usd_per_mwh\n2024-01-01T00:00:00Z,10\n2024-01-01T01:00:00Z,abc\n', [], /line 3.*price_usd_per_mwh/],
    ['an overlapping hour', 'hour_start_utc,price_usd_per_mwh\n2024-01-01T00:00:00Z,10\n2024-01-01T00:30:00Z,11\n', [], /line 3.*overlaps/],
  ];
  for (const [what, csv, extra, message] of bad) {
    it(`exits 2 with one line naming the row on ${what}`, async () => {
      // An index site reads --prices (a fixed price reads none).
      const fleet = file('ok.yaml', fleetYaml().replace('power_price_usd_per_mwh: 40', 'price_hub: HB_WEST'));
      const r = await cli(['dispatch', fleet, '--hashprice', '40', '--prices', file('bad.csv', csv), ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  const hpCsv = (values: string[]): string =>
    `hour_start_utc,hashprice_usd_per_ph_day\n${values.map((v, h) => `2024-01-01T${String(h).padStart(2, '0')}:00:00Z,${v}`).join('\n')}\n`;

  it('takes an hourly hashprice CSV: a flat file plans exactly like the constant; a varying one sets each hour', async () => {
    const fleet = file('hp.yaml', fleetYaml());
    const day = ['--from', '2024-01-01', '--to', '2024-01-01', '--json'];
    const flat = await cli(['dispatch', fleet, '--hashprice-csv', file('hp-flat.csv', hpCsv(Array<string>(24).fill('40'))), ...day]);
    const constant = await cli(['dispatch', fleet, '--hashprice', '40', ...day]);
    expect(flat.code).toBe(0);
    const a = JSON.parse(flat.stdout) as Doc & { hashprice_source: string };
    expect(a.hashprice_source).toContain('hourly');
    expect(a.plan.value_usd).toBeCloseTo((JSON.parse(constant.stdout) as Doc).plan.value_usd, 6);
    // Hashprice 0 for half the day: nothing is worth mining then. Without switching costs hours
    // separate, so the two mirrored half-days together hash exactly what the flat day does.
    const zero = Array<string>(12).fill('0');
    const forty = Array<string>(12).fill('40');
    const am = JSON.parse((await cli(['dispatch', fleet, '--hashprice-csv', file('hp-am.csv', hpCsv([...zero, ...forty])), ...day])).stdout) as Doc & {
      mean_hashprice_usd_per_ph_day: number;
    };
    const pm = JSON.parse((await cli(['dispatch', fleet, '--hashprice-csv', file('hp-pm.csv', hpCsv([...forty, ...zero])), ...day])).stdout) as Doc;
    expect(am.mean_hashprice_usd_per_ph_day).toBeCloseTo(20, 9);
    expect(am.plan.average_hashrate_phs + pm.plan.average_hashrate_phs).toBeCloseTo(a.plan.average_hashrate_phs, 6);
    expect(am.plan.average_hashrate_phs).toBeGreaterThan(0);
    expect(pm.plan.average_hashrate_phs).toBeGreaterThan(0);
  });

  for (const [what, csv, message] of [
    ['a gap', 'hour_start_utc,hashprice_usd_per_ph_day\n2024-01-01T00:00:00Z,40\n2024-01-01T02:00:00Z,41\n', /line 3.*gap/],
    ['a duplicate hour', 'hour_start_utc,hashprice_usd_per_ph_day\n2024-01-01T00:00:00Z,40\n2024-01-01T00:00:00Z,41\n', /line 3.*duplicate/],
    ['a non-number', 'hour_start_utc,hashprice_usd_per_ph_day\n2024-01-01T00:00:00Z,forty\n', /line 2.*hashprice_usd_per_ph_day/],
    ['a negative hashprice', 'hour_start_utc,hashprice_usd_per_ph_day\n2024-01-01T00:00:00Z,-1\n', /line 2.*hashprice_usd_per_ph_day/],
    ['too few hours for the plan', hpCsv(Array<string>(23).fill('40')), /--hashprice-csv/],
  ] as const) {
    it(`--hashprice-csv exits 2 with one line on ${what}`, async () => {
      const r = await cli([
        'dispatch',
        file('ok-hp.yaml', fleetYaml()),
        '--from',
        '2024-01-01',
        '--to',
        '2024-01-01',
        '--hashprice-csv',
        file('bad-hp.csv', csv),
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it("takes each day's hashprice and BTC price from the network history without --hashprice", async () => {
    const r = await cli(['dispatch', file('h.yaml', fleetYaml()), '--from', '2024-04-19', '--to', '2024-04-21', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc & { hashprice_source: string; mean_hashprice_usd_per_ph_day: number; plan: { btc: number } };
    expect(doc.hashprice_source).toContain('history');
    // Around the 2024-04-20 halving (and the Runes fee spike) hashprice ran far above 2024's later ~$45–55.
    expect(doc.mean_hashprice_usd_per_ph_day).toBeGreaterThan(60);
    expect(doc.plan.btc).toBeGreaterThan(0);
  });

  // Two sites at two hubs of the embedded file; 2024-08-19T19:00Z (14:00 CDT) HB_WEST was $26.3275/MWh
  // and HB_SOUTH $42.0100/MWh (data/ercot_hubs_hourly_2024.csv line 5565).
  const twoHubs = (west = 'price_hub: HB_WEST', south = 'price_hub: HB_SOUTH'): string => `
company: { name: Test }
sites:
  - { id: west, capacity_mw: 20, ${west} }
  - { id: south, capacity_mw: 20, ${south} }
lots:
  - { site: west, model: Antminer S21, count: 1000, purchase_price_usd_per_unit: 3000, purchase_date: 2024-01-01 }
  - { site: south, model: Antminer S21, count: 1000, purchase_price_usd_per_unit: 3000, purchase_date: 2024-01-01 }
`;
  const priceAt = (csv: string, site: string, hour: string): number => {
    const row = csv.split('\n').find((l) => l.startsWith(`${hour},`) && l.split(',')[2] === site);
    return Number(row?.split(',')[8]);
  };

  it('prices each site at its own hub of the embedded file (price_hub, or --site-hub overriding it)', async () => {
    const out = join(dir, 'hubs-plan.csv');
    const day = ['--hashprice', '40', '--from', '2024-08-19', '--to', '2024-08-19', '--out', out, '--json'];
    const r = await cli(['dispatch', file('hubs.yaml', twoHubs()), ...day]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { prices: { site: string; column: string; mean_price_usd_per_mwh: number }[] };
    expect(doc.prices.map((p) => [p.site, p.column])).toEqual([
      ['west', 'HB_WEST'],
      ['south', 'HB_SOUTH'],
    ]);
    expect(doc.prices[0]!.mean_price_usd_per_mwh).not.toBeCloseTo(doc.prices[1]!.mean_price_usd_per_mwh, 1);
    const plan = readFileSync(out, 'utf8');
    expect(priceAt(plan, 'west', '2024-08-19T19:00:00Z')).toBe(26.3275);
    expect(priceAt(plan, 'south', '2024-08-19T19:00:00Z')).toBe(42.01);
    // --site-hub moves the west site to HB_PAN ($25.4725 that hour) without touching the south one.
    const moved = await cli(['dispatch', file('hubs.yaml', twoHubs()), ...day, '--site-hub', 'west=HB_PAN']);
    expect(moved.code).toBe(0);
    const plan2 = readFileSync(out, 'utf8');
    expect(priceAt(plan2, 'west', '2024-08-19T19:00:00Z')).toBe(25.4725);
    expect(priceAt(plan2, 'south', '2024-08-19T19:00:00Z')).toBe(42.01);
  });

  it('a fixed-price site is planned flat at its own price, with or without a multi-hub --prices file; a hub requested for it is an error', async () => {
    const day = ['--hashprice', '40', '--from', '2024-01-01', '--to', '2024-01-01', '--json'];
    const out = join(dir, 'nohub-plan.csv');
    const spec = file('nohub.yaml', twoHubs('power_price_usd_per_mwh: 40'));
    const embedded = await cli(['dispatch', spec, ...day, '--out', out]);
    expect(embedded.code).toBe(0);
    type P = { site: string; column: string; source: string; mean_price_usd_per_mwh: number; contract: { kind: string; written_as: string } };
    const prices = (JSON.parse(embedded.stdout) as { prices: P[] }).prices;
    // The spec's $40/MWh, every hour (HB_WEST averaged $14.97 that day), and the south site still at its hub.
    expect(prices[0]).toMatchObject({ site: 'west', column: 'fixed_price_usd_per_mwh', mean_price_usd_per_mwh: 40 });
    expect(prices[0]!.contract).toMatchObject({ kind: 'fixed', written_as: 'power_price_usd_per_mwh' });
    expect(prices[0]!.source).toContain('fixed $40/MWh, flat; the contract reads no index');
    expect(prices[1]).toMatchObject({ site: 'south', column: 'HB_SOUTH', contract: { kind: 'index', written_as: 'price_hub' } });
    const plan = readFileSync(out, 'utf8');
    expect(
      new Set(
        plan
          .split('\n')
          .filter((l) => l.split(',')[2] === 'west')
          .map((l) => l.split(',')[8]),
      ),
    ).toEqual(new Set(['40']));
    const hubsCsv = file(
      'two-hubs.csv',
      'hour_start_utc,HB_WEST,HB_SOUTH\n' + Array.from({ length: 24 }, (_, h) => `2024-01-01T${String(h).padStart(2, '0')}:00:00Z,20,30`).join('\n') + '\n',
    );
    const shared = await cli(['dispatch', spec, ...day, '--prices', hubsCsv]);
    expect(shared.code).toBe(0);
    expect((JSON.parse(shared.stdout) as { prices: P[] }).prices.map((p) => [p.column, p.mean_price_usd_per_mwh])).toEqual([
      ['fixed_price_usd_per_mwh', 40],
      ['HB_SOUTH', 30],
    ]);
    const asked = await cli(['dispatch', spec, ...day, '--site-hub', 'west=HB_WEST']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('--site-hub: site west: its fixed $40/MWh contract reads no hub');
  });

  it('a one-series --prices file (price_usd_per_mwh) feeds every site whatever hub the spec names; an explicit --site-hub must still exist', async () => {
    const day = ['--hashprice', '40', '--from', '2024-01-01', '--to', '2024-01-01', '--json'];
    const oneCsv = file(
      'one-series.csv',
      'hour_start_utc,price_usd_per_mwh\n' +
        Array.from({ length: 24 }, (_, h) => `2024-01-01T${String(h).padStart(2, '0')}:00:00Z,${20 + h}`).join('\n') +
        '\n',
    );
    const r = await cli(['dispatch', file('hubs.yaml', twoHubs()), ...day, '--prices', oneCsv]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { prices: { site: string; column: string; mean_price_usd_per_mwh: number }[] };
    expect(doc.prices.map((p) => [p.site, p.column, p.mean_price_usd_per_mwh])).toEqual([
      ['west', 'price_usd_per_mwh', 31.5],
      ['south', 'price_usd_per_mwh', 31.5],
    ]);
    const asked = await cli(['dispatch', file('hubs.yaml', twoHubs()), ...day, '--prices', oneCsv, '--site-hub', 'west=HB_WEST']);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/--site-hub: site west: prices CSV .*has no column "HB_WEST" \(columns: price_usd_per_mwh\)/);
  });

  for (const [what, args, message] of [
    [
      'an unknown hub in the spec',
      [],
      /sites\[1\]\.price_hub: site south: prices CSV .*ercot_hubs_hourly_2024\.csv has no column "HB_NOWHERE" \(columns: HB_WEST, HB_NORTH, HB_SOUTH, HB_HOUSTON, HB_PAN, HB_HUBAVG, HB_BUSAVG\)/,
    ],
    ['an unknown hub in --site-hub', ['--site-hub', 'west=HB_EAST'], /--site-hub: site west: .*no column "HB_EAST" \(columns: HB_WEST, HB_NORTH/],
    ['an unknown site in --site-hub', ['--site-hub', 'east=HB_WEST'], /--site-hub: no site "east" in the fleet \(sites: west, south\)/],
    ['a malformed --site-hub', ['--site-hub', 'west:HB_WEST'], /--site-hub must be SITE=HUB/],
  ] as const) {
    it(`exits 2 with one line on ${what}`, async () => {
      const spec = what === 'an unknown hub in the spec' ? twoHubs('price_hub: HB_WEST', 'price_hub: HB_NOWHERE') : twoHubs();
      const r = await cli(['dispatch', file('badhub.yaml', spec), '--hashprice', '40', '--from', '2024-01-01', '--to', '2024-01-01', ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
  }

  it('exits 2 on an unknown model or a cap ≤ 0', async () => {
    const unknown = await cli(['dispatch', file('u.yaml', fleetYaml('', 20, 'Antminer S99 Imaginary')), '--hashprice', '40']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('lots[0].model');
    const zeroCap = await cli(['dispatch', file('z.yaml', fleetYaml('', 0)), '--hashprice', '40']);
    expect(zeroCap.code).toBe(2);
    expect(zeroCap.stderr).toContain('capacity_mw');
  });

  it('--switch-minutes and --min-dwell-hours on the example fleet: the plan CSV keeps every machine in a profile it enters for 4 hours', async () => {
    const out = join(dir, 'dwell.csv');
    const r = await cli([
      'dispatch',
      'examples/fleet.yaml',
      '--hashprice',
      '49.5',
      // Three August days with price spikes (early July's flat prices give no change worth its lost minutes).
      '--from',
      '2024-08-19',
      '--to',
      '2024-08-21',
      '--switch-minutes',
      '10',
      '--min-dwell-hours',
      '4',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc & { method: string; plan: { switching_cost_usd: number; profile_changes: number } };
    expect(doc.method).toContain('10 lost minutes per change, minimum dwell 4 h');
    expect(doc.plan.value_usd).toBeLessThanOrEqual(doc.lp_bound_usd + 1e-6);
    expect(doc.plan.profile_changes).toBeGreaterThan(0);
    expect(doc.plan.switching_cost_usd).toBeGreaterThan(0); // lost hashing alone, no fixed cost
    // Machines per (group, profile) per hour from the CSV; the dwell holds iff each count keeps the
    // arrivals (count increases) of its last 4 hours.
    const counts = new Map<string, number[]>();
    const hours = new Map<string, number>();
    for (const line of readFileSync(out, 'utf8').trim().split('\n').slice(1)) {
      const [hour, , , group, profile, machines] = line.split(',');
      if (!hours.has(hour!)) hours.set(hour!, hours.size);
      const key = `${group}|${profile}`;
      if (!counts.has(key)) counts.set(key, new Array<number>(72).fill(0));
      counts.get(key)![hours.get(hour!)!] = Number(machines);
    }
    expect(hours.size).toBe(72);
    let shortfall = 0;
    for (const n of counts.values()) {
      for (let t = 1; t < 72; t++) {
        let recent = 0;
        for (let s = Math.max(1, t - 3); s <= t; s++) recent += Math.max(0, n[s]! - n[s - 1]!);
        shortfall = Math.max(shortfall, recent - n[t]!);
      }
    }
    expect(shortfall).toBe(0);
  });

  it('reads switching rules from the fleet spec; a flag overrides its field', async () => {
    const args = ['--hashprice', '40', '--from', '2024-01-01', '--to', '2024-01-02', '--json'];
    const spec = file('sw.yaml', `${fleetYaml()}switching: { cost_usd_per_change: 0.5, lost_minutes_per_change: 10, min_dwell_hours: 3 }\n`);
    const plain = file('plain.yaml', fleetYaml());
    const fromSpec = JSON.parse((await cli(['dispatch', spec, ...args])).stdout) as Doc & { method: string };
    const fromFlags = JSON.parse(
      (await cli(['dispatch', plain, '--switch-cost', '0.5', '--switch-minutes', '10', '--min-dwell-hours', '3', ...args])).stdout,
    ) as Doc & { method: string };
    expect(fromSpec.plan).toEqual(fromFlags.plan);
    expect(fromSpec.method).toContain('minimum dwell 3 h');
    const overridden = JSON.parse((await cli(['dispatch', spec, '--min-dwell-hours', '1', ...args])).stdout) as Doc & { method: string };
    expect(overridden.method).not.toContain('dwell');
    expect(overridden.method).toContain('10 lost minutes');
  });

  for (const [flag, value] of [
    ['--min-dwell-hours', '2.5'],
    ['--min-dwell-hours', '0'],
    ['--switch-minutes', '-1'],
    ['--switch-minutes', '61'],
    ['--switch-cost', '-1'],
  ] as const) {
    it(`exits 2 with one line naming ${flag} on ${value}`, async () => {
      const r = await cli(['dispatch', 'examples/fleet.yaml', '--hashprice', '40', `${flag}=${value}`]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(flag);
    });
  }

  it('exits 2 naming the spec field on bad switching rules in the fleet spec', async () => {
    const r = await cli(['dispatch', file('badsw.yaml', `${fleetYaml()}switching: { min_dwell_hours: 2.5 }\n`), '--hashprice', '40']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('switching.min_dwell_hours');
  });

  // SHA-256 of the plan CSV the code wrote before the CSV was derived from the Schedule (measured on
  // the pre-change tree, commit 616a5fa, with the same arguments: 9f03f754… and cfc6a475…), changed
  // on purpose once since: the example's tx-west PPA names no hub and is planned at its fixed $38
  // (issue #15 item 5). Its rows differ; every other site's rows are byte-identical to before. Power
  // contracts (issue #16) gave the example a contract per site; the example as it was then
  // (test/fixtures/fleet-before-contracts.yaml, the older price fields) still writes the same bytes.
  // And overclock now costs wear (issue #15 item 9, default 0.0003 USD per TH/s·h over stock): with
  // a wear rate of 0 the same spec reproduces the previous hash exactly, so wear is the only change.
  for (const [what, extra, sha256, freeSha256] of [
    ['hourly', [], '1aaaddfd8a751beaa38137505aa1b7e76bccc47f42a14cc3e706af4f8012c3df', '3f74518d6da766eb94c8b7e940a7f0ef191a838786d90cfed32e5e9f208b365d'],
    [
      'switching rules',
      ['--switch-minutes', '10', '--min-dwell-hours', '4'],
      '769d35b62f5183e77bcf8b77257d035c10231133212150f17968dfc1328228ea',
      '1c055803f04bdf94a1d36cd1835def2d37b7da309a2e007f082d4a581310c74d',
    ],
  ] as const) {
    it(`writes the example fleet's plan CSV byte for byte as before the Schedule (${what})`, async () => {
      const out = join(dir, `same-${extra.length}.csv`);
      const r = await cli([
        'dispatch',
        'test/fixtures/fleet-before-contracts.yaml',
        '--hashprice',
        '49.5',
        '--price-usd',
        '60000',
        '--from',
        '2024-07-01',
        '--to',
        '2024-07-02',
        ...extra,
        '--out',
        out,
      ]);
      expect(r.code).toBe(0);
      expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(sha256);
      const free = file(
        `free-${extra.length}.yaml`,
        `${readFileSync('test/fixtures/fleet-before-contracts.yaml', 'utf8')}\noverclock_wear_usd_per_th_hour: 0\n`,
      );
      const args = ['dispatch', free, '--hashprice', '49.5', '--price-usd', '60000', '--from', '2024-07-01', '--to', '2024-07-02', ...extra, '--out', out];
      expect((await cli(args)).code).toBe(0);
      expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(freeSha256);
    });
  }

  it("plans the example's sites at their contracts' marginal prices: tx-west's index less its resale fee, tx-north's plus adders, tx-south's hedge mix", async () => {
    const out = join(dir, 'ppa.csv');
    const args = ['dispatch', 'examples/fleet.yaml', '--hashprice', '49.5', '--from', '2024-08-19', '--to', '2024-08-19', '--out', out];
    const doc = JSON.parse((await cli([...args, '--json'])).stdout) as { prices: { site: string; column: string; contract: { kind: string } }[] };
    expect(doc.prices.map((p) => [p.site, p.column, p.contract.kind])).toEqual([
      ['tx-west', 'HB_WEST', 'fixed'],
      ['tx-north', 'HB_NORTH', 'index'],
      ['tx-south', 'HB_SOUTH', 'hedged'],
    ]);
    // 2024-08-19T19:00Z (14:00 CDT): HB_WEST $26.3275 − $2 fee; HB_SOUTH $42.01 under the hedges
    // 0.5·45 + 0.3·60 (the 14–20h block) + 0.2·42.01 + 3 = $51.902 (data/ercot_hubs_hourly_2024.csv line 5565).
    const csv = readFileSync(out, 'utf8');
    expect(priceAt(csv, 'tx-west', '2024-08-19T19:00:00Z')).toBeCloseTo(24.3275, 9);
    expect(priceAt(csv, 'tx-south', '2024-08-19T19:00:00Z')).toBeCloseTo(51.902, 9);
    const text = await cli(args);
    expect(text.stdout).toContain('prices tx-west: HB_WEST from');
    expect(text.stdout).toContain('contract fixed $38/MWh, unused capacity resold at HB_WEST real-time less $2/MWh');
    expect(text.stdout).toContain('Power contract per site: bill for the plan vs the baseline');
  });

  it("--schedule writes the Schedule: valid against the golden schema, group ids resolving to the spec's lots, totals as printed", async () => {
    const path = join(dir, 'schedule.json');
    const r = await cli(['dispatch', 'examples/fleet.yaml', '--hashprice', '49.5', '--from', '2024-07-01', '--to', '2024-07-03', '--schedule', path, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schedule: string; plan: unknown; baseline: unknown };
    expect(doc.schedule).toBe(path);
    const s = JSON.parse(readFileSync(path, 'utf8')) as Schedule;
    expect(scheduleProblems(s)).toEqual([]);
    expect([s.hour_start_utc, s.hours]).toEqual(['2024-07-01T00:00Z', 72]);
    expect(s.totals).toEqual({ plan: doc.plan, baseline: doc.baseline });
    const catalog = parseCatalogCsv(readFileSync(new URL('../data/asic_models.csv', import.meta.url), 'utf8'));
    const spec = parseFleetSpecText(readFileSync(new URL('../examples/fleet.yaml', import.meta.url), 'utf8'), catalog);
    if (!spec.ok) throw new Error('example fleet does not parse');
    expect(s.groups).toHaveLength(spec.value.lots.length);
    for (const g of s.groups) {
      const lot = spec.value.lots[g.lot!]!;
      expect([g.group, g.site, g.model, g.machines]).toEqual([`${lot.site}/${lot.model.id}`, lot.site, lot.model.id, lot.count]);
      // Every profile the runs name is one of the group's, with its per-machine power and hashrate.
      const names = new Set(g.profiles.map((p) => p.profile));
      expect(g.runs.flatMap((run) => run.points.map((m) => m.profile)).filter((n) => !names.has(n))).toEqual([]);
    }
  });

  it('fails up front, exit 2 naming --schedule, when the schedule file cannot be written', async () => {
    const r = await cli(['dispatch', 'examples/fleet.yaml', '--hashprice', '40', '--switch-cost', '1', '--schedule', '/nonexistent/dir/s.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--schedule "/nonexistent/dir/s.json" cannot be written');
    expect(r.stderr).not.toContain('planning');
  });

  for (const [flag, range] of [
    ['--from', ['--from', '2026-01-02']],
    ['--to', ['--to', '2022-12-31']],
  ] as const) {
    it(`exits 2 naming ${flag} when it leaves the prices`, async () => {
      const r = await cli(['dispatch', 'examples/fleet.yaml', '--hashprice', '40', ...range]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${flag}: `);
      expect(r.stderr).toContain('ercot_hubs_hourly_2023_2025.csv covers 2023-01-01T06:00Z to 2026-01-01T06:00Z');
    });
  }
});
