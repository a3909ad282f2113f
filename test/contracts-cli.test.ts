/**
 * Power contracts through the CLI (issue #16's "done when"), on the example fleet's tx-west site
 * alone (examples/fleet.yaml: 20,000 S21 at 3,500 W and 10,000 S19k Pro at 2,760 W, PUE 1.04 —
 * 72.8 + 28.704 = 101.504 MW at stock, 105 MW of capacity) under each kind of contract, priced on
 * hand-set hours or the embedded ERCOT HB_WEST year (data/ercot_hubs_hourly_2024.csv).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-contracts-'));
const BASE_MW = 20_000 * 3.5e-3 * 1.04 + 10_000 * 2.76e-3 * 1.04; // 101.504 MW
type Bill = { energy_mwh: number; energy_usd: number; resale_credit_usd: number; transmission_usd: number; cost_usd: number };
type Dispatch = {
  savings_usd: number;
  hashrate_given_up_pct_of_stock: number;
  plan: { energy_cost_usd: number; energy_mwh: number };
  baseline: { energy_cost_usd: number; energy_mwh: number };
  groups: { machine_hours_share_by_profile: Record<string, number> }[];
  prices: { column: string; mean_marginal_price_usd_per_mwh: number; contract: { kind: string; description: string } }[];
  contracts: { site: string; contract: { kind: string }; plan: Bill; baseline: Bill }[];
};
type Report = { total: { energy_cost_usd: number }; contracts: { site: string; contract: { kind: string; description: string }; bill: Bill }[] };

/** The example spec with tx-west alone, its contract replaced (and its lots at 100% uptime when `flatOut`). */
function westSpec(contract: Record<string, unknown>, flatOut = false): string {
  const doc = parse(readFileSync('examples/fleet.yaml', 'utf8')) as {
    sites: { id: string; contract?: unknown }[];
    lots: { site: string; uptime_pct?: number }[];
  };
  doc.sites = doc.sites.filter((s) => s.id === 'tx-west').map((s) => ({ ...s, contract }));
  doc.lots = doc.lots.filter((l) => l.site === 'tx-west').map((l) => (flatOut ? { ...l, uptime_pct: 100 } : l));
  const path = join(dir, `west-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, stringify(doc));
  return path;
}

/** 2024-08-20 at $40/MWh every hour but 19:00Z ($1,000) and 20:00Z ($500): one column, HB_WEST. */
const spikeDay = join(dir, 'spike-day.csv');
writeFileSync(
  spikeDay,
  'hour_start_utc,HB_WEST\n' +
    Array.from({ length: 24 }, (_, h) => `2024-08-20T${String(h).padStart(2, '0')}:00:00Z,${h === 19 ? 1000 : h === 20 ? 500 : 40}`).join('\n') +
    '\n',
);
const DAY = ['--from', '2024-08-20', '--to', '2024-08-20', '--hashprice', '49.5'];

async function dispatch(spec: string, extra: string[] = []): Promise<Dispatch & { out: string }> {
  const out = join(dir, `plan-${Math.random().toString(36).slice(2)}.csv`);
  const r = await cli(['dispatch', spec, ...DAY, '--prices', spikeDay, '--out', out, '--json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { ...(JSON.parse(r.stdout) as Dispatch), out: readFileSync(out, 'utf8') };
}
const powerKwAt = (csv: string, hour: string): number =>
  csv
    .split('\n')
    .filter((l) => l.startsWith(`2024-08-20T${hour}:00:00Z,`))
    .reduce((a, l) => a + Number(l.split(',')[6]), 0);

describe('power contracts in dispatch (tx-west of examples/fleet.yaml)', () => {
  const fixed = { kind: 'fixed', price_usd_per_mwh: 38 };

  it('fixed without resale: the spikes change nothing — the same plan every hour, no machine off, the MWh at $38', async () => {
    const d = await dispatch(westSpec(fixed));
    expect(d.prices[0]).toMatchObject({ column: 'fixed_price_usd_per_mwh', mean_marginal_price_usd_per_mwh: 38, contract: { kind: 'fixed' } });
    for (const g of d.groups) expect(g.machine_hours_share_by_profile.off).toBeUndefined();
    // The $1,000 hour is planned as the $40 one: no price-driven curtailment, so no savings from it.
    expect(powerKwAt(d.out, '19')).toBe(powerKwAt(d.out, '03'));
    expect(d.contracts[0]!.plan.energy_usd).toBeCloseTo(38 * d.plan.energy_mwh, 6);
    expect(d.contracts[0]!.plan.resale_credit_usd).toBe(0);
  });

  it('fixed with resale at HB_WEST less $2: curtails the spikes and books (index − fixed − fee) per MWh curtailed, to the cent', async () => {
    const d = await dispatch(westSpec({ ...fixed, resell_unused_at_index: true, hub: 'HB_WEST', resale_fee_usd_per_mwh: 2 }));
    expect(d.prices[0]).toMatchObject({ column: 'HB_WEST', contract: { kind: 'fixed' } });
    // Both spike hours off (a MWh resold earns $998 or $498, more than any profile mines), every other
    // hour at HB_WEST = $40 = fixed + fee, where curtailing or not moves the credit by nothing.
    expect([powerKwAt(d.out, '19'), powerKwAt(d.out, '20')]).toEqual([0, 0]);
    const credit = d.contracts[0]!.plan.resale_credit_usd - d.contracts[0]!.baseline.resale_credit_usd;
    // 101.504 MW · (1000 − 38 − 2) + 101.504 MW · (500 − 38 − 2) = 101.504 · 1,420 = $144,135.68
    expect(Math.round(credit * 100) / 100).toBe(144_135.68);
    // The other hours are planned as under the plain fixed price (a MWh is worth $38 either way): the
    // savings grow by the credit less what the plain plan mines in the two spike hours (< $17,000 at $49.5/PH/day).
    const plain = await dispatch(westSpec(fixed));
    expect(d.savings_usd - plain.savings_usd).toBeGreaterThan(credit - 17_000);
    expect(d.savings_usd - plain.savings_usd).toBeLessThan(credit);
  });

  it('index with adders: the baseline pays Σ MW · (HB_WEST + $6) by hand', async () => {
    const d = await dispatch(westSpec({ kind: 'index', hub: 'HB_WEST', adders_usd_per_mwh: 6 }));
    // 22 hours at $46 and two at $1,006 and $506: 101.504 · (22·46 + 1006 + 506) = 101.504 · 2,524 = $256,196.10
    expect(Math.round(d.contracts[0]!.baseline.cost_usd * 100) / 100).toBe(256_196.1);
    expect(d.prices[0]!.mean_marginal_price_usd_per_mwh).toBeCloseTo(2524 / 24, 9);
  });

  it('4CP: an interval in the day makes its hour cost $13,750/MWh more, so the plan is off then and the baseline pays its quarter-year', async () => {
    // A hypothetical interval (not ERCOT's): 2024-08-20T03:15Z, an hour at $40.
    const d = await dispatch(westSpec({ ...fixed, transmission_charge_usd_per_kw_year: 55, four_cp_intervals_utc: ['2024-08-20T03:15Z'] }));
    expect(powerKwAt(d.out, '03')).toBe(0);
    expect(d.contracts[0]!.plan.transmission_usd).toBe(0);
    // $55/kW-year · 101,504 kW / 4 = $1,395,680
    expect(d.contracts[0]!.baseline.transmission_usd).toBeCloseTo(1_395_680, 4);
  });
});

describe('fleet report and dispatch bill the same hours under the same contract alike', () => {
  // A week of the embedded HB_WEST 2024 year, tx-west flat out (100% uptime, stock): the report's
  // hours are dispatch's baseline hours.
  const week = ['--from', '2024-08-19', '--to', '2024-08-25'];
  for (const [what, contract] of [
    ['fixed', { kind: 'fixed', price_usd_per_mwh: 38 }],
    ['fixed with resale', { kind: 'fixed', price_usd_per_mwh: 38, resell_unused_at_index: true, hub: 'HB_WEST', resale_fee_usd_per_mwh: 2 }],
    ['index with adders and a fee', { kind: 'index', hub: 'HB_WEST', adders_usd_per_mwh: 6, fee_usd_per_month: 2500 }],
    [
      'hedged with a block',
      { kind: 'hedged', hub: 'HB_WEST', share_pct: 50, price_usd_per_mwh: 45, blocks: [{ from_hour: 14, to_hour: 20, share_pct: 30, price_usd_per_mwh: 60 }] },
    ],
  ] as const) {
    it(what, async () => {
      const spec = westSpec(contract, true);
      const rep = await cli(['fleet', 'report', spec, ...week, '--by', 'quarter', '--json']);
      expect(rep.stderr).toBe('');
      const report = JSON.parse(rep.stdout) as Report;
      const dis = await cli(['dispatch', spec, ...week, '--hashprice', '49.5', '--json']);
      expect(dis.stderr).toBe('');
      const plan = JSON.parse(dis.stdout) as Dispatch;
      const [r, d] = [report.contracts[0]!, plan.contracts[0]!];
      expect(r.contract).toEqual(d.contract);
      expect(r.bill.energy_mwh).toBeCloseTo(BASE_MW * 168, 6);
      expect(d.baseline.energy_mwh).toBeCloseTo(BASE_MW * 168, 6);
      expect(r.bill.cost_usd).toBeCloseTo(d.baseline.cost_usd, 4);
      expect(report.total.energy_cost_usd).toBeCloseTo(plan.baseline.energy_cost_usd, 4);
    });
  }
});

describe('contract inputs', () => {
  it('a day-ahead index the store does not hold is an error naming the field, not the real-time price instead', async () => {
    const spec = westSpec({ kind: 'index', hub: 'HB_WEST', market: 'day-ahead' });
    const r = await cli(['dispatch', spec, '--from', '2024-08-20', '--to', '2024-08-20', '--hashprice', '49.5']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /sites\[0\]\.contract\.market: site tx-west: no day-ahead prices HB_WEST_DA for 2024-08-20 … 2024-08-20: the store holds no complete series HB_WEST_DA/,
    );
    const rep = await cli(['fleet', 'report', spec, '--from', '2024-08-20', '--to', '2024-08-20']);
    expect(rep.code).toBe(2);
    expect(rep.stderr).toContain('sites[0].contract.market');
    // A prices file without the _DA column says which column it needs.
    const file = await cli(['dispatch', spec, ...DAY, '--prices', spikeDay]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(
      /sites\[0\]\.contract\.market: .*has no column "HB_WEST_DA" \(columns: HB_WEST\); day-ahead prices are a column named HB_WEST_DA/,
    );
  });

  it('names every bad contract field', async () => {
    for (const [contract, message] of [
      [{ kind: 'hedged', hub: 'HB_WEST', share_pct: 120, price_usd_per_mwh: 45 }, /sites\[0\]\.contract\.share_pct: must be a percentage 0–100/],
      [{ kind: 'hedged', hub: 'HB_WEST', share_pct: 50 }, /sites\[0\]\.contract\.price_usd_per_mwh: give share_pct and price_usd_per_mwh together/],
      [{ kind: 'fixed', price_usd_per_mwh: 38, resell_unused_at_index: true }, /sites\[0\]\.contract\.hub: resell_unused_at_index needs the hub/],
      [{ kind: 'fixed', price_usd_per_mwh: 38, hub: 'HB_WEST' }, /sites\[0\]\.contract\.hub: only with resell_unused_at_index: true/],
      [{ kind: 'ppa', price_usd_per_mwh: 38 }, /sites\[0\]\.contract\.kind: .*'fixed' \| 'index' \| 'hedged'/],
      [
        { kind: 'fixed', price_usd_per_mwh: 38, transmission_charge_usd_per_kw_year: 55 },
        /sites\[0\]\.contract\.four_cp_intervals_utc: the charge is allocated by ERCOT's 4CP rule/,
      ],
    ] as const) {
      const r = await cli(['fleet', 'report', westSpec(contract)]);
      expect(r.code, JSON.stringify(contract)).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
