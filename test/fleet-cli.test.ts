import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { cli } from './helpers/cli.js';

const EXAMPLE = 'examples/fleet.yaml';
const ERCOT = new URL('../data/ercot_hubs_hourly_2024.csv', import.meta.url).pathname;

/** The example spec with its tx-west site's price fields replaced by `fields` (its contract dropped). */
function westPricedBy(fields: Record<string, unknown>): string {
  const doc = parse(readFileSync(EXAMPLE, 'utf8')) as { sites: Record<string, unknown>[] };
  const { contract: _contract, ...west } = doc.sites[0]!;
  doc.sites[0] = { ...west, ...fields };
  return stringify(doc);
}

function tempSpec(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hashfloor-fleet-'));
  const path = join(dir, 'fleet.yaml');
  writeFileSync(path, text);
  return path;
}

interface Period {
  period: string;
  days: number;
  btc_mined: number;
  cash_cost_usd_per_btc: number;
  all_in_cost_usd_per_btc: number;
  hashcost_all_in_usd_per_ph_day: number;
  hashprice_usd_per_ph_day: number;
  revenue_usd: number;
}

describe('hashfloor fleet report', () => {
  it('reports the example fleet by quarter with all-in ≥ cash cost per BTC', async () => {
    const r = await cli(['fleet', 'report', EXAMPLE, '--from', '2024-07-01', '--to', '2024-12-31', '--by', 'quarter', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { periods: Period[]; total: Period };
    expect(doc.periods.map((p) => p.period)).toEqual(['2024-Q3', '2024-Q4']);
    expect(doc.total.days).toBe(184);
    for (const p of doc.periods) expect(p.all_in_cost_usd_per_btc).toBeGreaterThan(p.cash_cost_usd_per_btc);
    // ~8.2 EH/s effective in H2-2024 mines a few BTC a day: 184 days × ~4–7 BTC.
    expect(doc.total.btc_mined).toBeGreaterThan(700);
    expect(doc.total.btc_mined).toBeLessThan(1400);
  });

  it('defaults to monthly from the 2024 halving', async () => {
    const r = await cli(['fleet', 'report', EXAMPLE, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { from: string; periods: Period[] };
    expect(doc.from).toBe('2024-04-20');
    expect(doc.periods[0]!.period).toBe('2024-04');
    expect(doc.periods[0]!.days).toBe(11);
  });

  it("reads a site's own multi-hub CSV at its price_hub (an index): a flat $38 hub reports exactly like the fixed $38", async () => {
    const hours = Array.from({ length: 30 * 24 }, (_, h) => new Date(Date.UTC(2024, 5, 1) + h * 3_600_000).toISOString().replace('.000Z', 'Z'));
    const csv = join(mkdtempSync(join(tmpdir(), 'hashfloor-hubs-')), 'hubs.csv');
    writeFileSync(csv, `hour_start_utc,HB_NORTH,HB_WEST\n${hours.map((t) => `${t},99,38`).join('\n')}\n`);
    const june = ['--from', '2024-06-01', '--to', '2024-06-30', '--json'];
    const run = async (hub: string): Promise<{ code: number; stderr: string; total?: Period & { energy_cost_usd: number } }> => {
      const r = await cli(['fleet', 'report', tempSpec(westPricedBy({ power_price_csv: { path: csv }, price_hub: hub })), ...june]);
      return {
        code: r.code,
        stderr: r.stderr,
        ...(r.code === 0 ? { total: (JSON.parse(r.stdout) as { total: Period & { energy_cost_usd: number } }).total } : {}),
      };
    };
    const fixed = JSON.parse((await cli(['fleet', 'report', tempSpec(westPricedBy({ power_price_usd_per_mwh: 38 })), ...june])).stdout) as {
      total: Period & { energy_cost_usd: number };
    };
    const west = await run('HB_WEST');
    expect(west.stderr).toBe('');
    expect(west.total!.energy_cost_usd).toBeCloseTo(fixed.total.energy_cost_usd, 6);
    expect((await run('HB_NORTH')).total!.energy_cost_usd).toBeGreaterThan(fixed.total.energy_cost_usd);
    const unknown = await run('HB_PAN');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/sites\[0\]\.price_hub: site tx-west: prices CSV .* has no column "HB_PAN" \(columns: HB_NORTH, HB_WEST\)/);
  });

  it('uses the daily mean of an hourly price CSV (ERCOT hubs 2024, HB_WEST)', async () => {
    const spec = westPricedBy({ power_price_csv: { path: ERCOT }, price_hub: 'HB_WEST' });
    const r = await cli(['fleet', 'report', tempSpec(spec), '--from', '2024-06-01', '--to', '2024-06-30', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each([
    ['a negative count', (t: string) => t.replace('count: 20000', 'count: -3'), /lots\[0\]\.count/],
    ['an unknown model', (t: string) => t.replace('model: Antminer S21,', 'model: Antminer S21 XPP,'), /lots\[0\]\.model.*Antminer S21 XP/],
    ['a missing price CSV', () => westPricedBy({ power_price_csv: { path: 'nowhere.csv' } }), /nowhere\.csv/],
    ['a malformed price CSV', () => westPricedBy({ power_price_csv: { path: 'bad.csv' } }), /bad\.csv.*line 2/],
  ])('%s → one clear line, exit 2, nothing on stdout', async (_label, edit, message) => {
    const path = tempSpec(edit(readFileSync(EXAMPLE, 'utf8')));
    writeFileSync(join(path, '..', 'bad.csv'), 'hour_start_utc,price_usd_per_mwh\n2024-01-01T00:00:00Z,abc\n');
    const r = await cli(['fleet', 'report', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('rejects a date outside the history and a missing file', async () => {
    const r = await cli(['fleet', 'report', EXAMPLE, '--from', '1990-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from/);
    expect((await cli(['fleet', 'report', 'no/such/fleet.yaml'])).code).toBe(2);
  });
});

describe('hashfloor fleet sensitivity', () => {
  it('gives a margin grid that falls with power price and rises with BTC price, and breakevens per lot', async () => {
    const r = await cli(['fleet', 'sensitivity', EXAMPLE, '--date', '2025-01-15', '--prices', '60000,100000', '--power-prices', '30,60', '--json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as {
      grid: { price_usd_per_btc: number; power_price_usd_per_mwh: number; all_in_margin_usd_per_day: number }[];
      breakevens: { model: string }[];
    };
    const at = (p: number, c: number): number => doc.grid.find((g) => g.price_usd_per_btc === p && g.power_price_usd_per_mwh === c)!.all_in_margin_usd_per_day;
    expect(at(60000, 60)).toBeLessThan(at(60000, 30));
    expect(at(100000, 30)).toBeGreaterThan(at(60000, 30));
    expect(doc.breakevens).toHaveLength(5);
  });
});
