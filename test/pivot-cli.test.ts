import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const example = readFileSync(new URL('../examples/site.yaml', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-pivot-'));

interface Doc {
  valuation: Record<string, unknown>;
  sites: { gross_mw?: number; hpc: Record<string, unknown>; options: Record<string, unknown>[] }[];
}
interface OptionJson {
  name: string;
  prob_best: number;
  npv_p5_usd: number;
  npv_p95_usd: number;
}
interface PivotJson {
  fit: { price: { sigma_monthly: number } };
  sites: { options: OptionJson[]; decision: { tornado: unknown[] } | null }[];
}
interface BudgetJson {
  last_subsidy_height: number;
  last_subsidy_date: string;
  today: { subsidy_btc: number; fees_btc_per_block: number; day_fees_btc_per_block: number };
  scenarios: { name: string }[];
  rows: { scenario: string; height: number; subsidy_btc: number; fees_needed_btc_per_block: number }[];
}

function siteFile(mutate: (doc: Doc) => void): string {
  const doc = parse(example) as Doc;
  mutate(doc);
  const path = join(dir, `site-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('hashfloor pivot', () => {
  it('values the example: every option gets an NPV distribution, and the seed fixes the result', async () => {
    const args = ['pivot', 'examples/site.yaml', '--paths', '400', '--seed', '3', '--horizon-years', '5', '--sensitivity-paths', '64', '--json'];
    const a = await cli([...args, '--workers', '1']);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const j = JSON.parse(a.stdout) as PivotJson;
    expect(j.sites).toHaveLength(3);
    expect(j.fit.price.sigma_monthly).toBeCloseTo(0.1792531, 7); // 17.9%/month: the fit of the example's window
    for (const s of j.sites) {
      const probs = s.options.reduce((acc, o) => acc + o.prob_best, 0);
      expect(probs).toBeCloseTo(1, 9);
      for (const o of s.options) expect(o.npv_p5_usd).toBeLessThanOrEqual(o.npv_p95_usd);
    }
    expect(j.sites[0]!.decision!.tornado.length).toBeGreaterThan(5);
    const b = await cli([...args, '--workers', '2']);
    expect((JSON.parse(b.stdout) as PivotJson).sites).toEqual(j.sites);
  });

  it('prints the BTC drift in force and takes a regime from --btc-drift', async () => {
    const base = ['pivot', 'examples/site.yaml', '--paths', '100', '--horizon-years', '3', '--sensitivity-paths', '20', '--workers', '1'];
    const flat = JSON.parse((await cli([...base, '--json'])).stdout) as {
      btc_drift_regime: string;
      btc_expected_growth_pct_per_year: number;
      fit: { price: { mu_monthly: number } };
    };
    expect(flat.btc_drift_regime).toBe('zero');
    expect(flat.btc_expected_growth_pct_per_year).toBe(0);
    const hist = JSON.parse((await cli([...base, '--btc-drift', 'historical', '--json'])).stdout) as {
      btc_drift_pct_per_year: number;
      fit: { price: { mu_monthly: number } };
    };
    // The 2020-01…2026-02 fit: μ = 2.68%/month, 32.2%/yr of log drift.
    // The JSON gives the drift to 2 decimals: 12 · μ in percent, rounded.
    expect(hist.btc_drift_pct_per_year).toBeCloseTo(hist.fit.price.mu_monthly * 1200, 2);
    expect(hist.btc_drift_pct_per_year).toBe(32.17);
    const user = await cli([...base, '--btc-drift', '15']);
    expect(user.stdout).toContain('btc_drift_pct_per_year 15.0');
    expect(user.stdout).toContain('decision under each BTC drift regime');
    const bad = await cli([...base, '--btc-drift', 'bullish']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--btc-drift');
  });

  it('prints a table for people', async () => {
    const r = await cli(['pivot', 'examples/site.yaml', '--paths', '200', '--horizon-years', '3', '--sensitivity-paths', '32', '--workers', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('keep mining');
    expect(r.stdout).toContain('tornado');
  });

  it.each([
    ['conversion share outside 0–100%', (d: Doc) => (d.sites[0]!.options[1]!.share_pct = 140), 'sites[0].options[1].share_pct'],
    ['term ≤ 0', (d: Doc) => (d.sites[1]!.hpc.term_years = 0), 'sites[1].hpc.term_years'],
    ['negative capex', (d: Doc) => (d.sites[0]!.hpc.capex_usd_per_mw = -5), 'sites[0].hpc.capex_usd_per_mw'],
    ['a horizon beyond the data', (d: Doc) => (d.valuation.horizon_years = 40), 'valuation.horizon_years'],
    ['a missing field', (d: Doc) => delete d.sites[2]!.gross_mw, 'sites[2].gross_mw'],
    ['a conversion after the horizon', (d: Doc) => (d.sites[2]!.options[1]!.start_month = '2045-01'), 'sites[2].options[1].start_month'],
    [
      'a phase share outside 0–100%',
      (d: Doc) => ((d.sites[0]!.options[2]!.phases as { share_pct: number }[])[1]!.share_pct = -10),
      'sites[0].options[2].phases[1].share_pct',
    ],
    ['a term shorter than a month (rounds to 0 months)', (d: Doc) => (d.sites[1]!.hpc.term_years = 0.01), 'sites[1].hpc.term_years'],
    [
      'negative refresh capex',
      (d: Doc) => ((d.sites[0] as unknown as { mining: Record<string, unknown> }).mining.refresh_capex_usd_per_th = -1),
      'sites[0].mining.refresh_capex_usd_per_th',
    ],
    ['a re-let haircut outside 0–100%', (d: Doc) => (d.sites[0]!.hpc.relet_haircut_pct = 120), 'sites[0].hpc.relet_haircut_pct'],
    ['a tax rate below 0%', (d: Doc) => ((d.sites[2] as unknown as Record<string, unknown>).tax_rate_pct = -5), 'sites[2].tax_rate_pct'],
    ['a fit window too short for the drivers', (d: Doc) => (d.valuation.fit_from_month = '2025-06'), 'valuation.fit_from_month'],
  ])('rejects %s with one message naming the field, exit 2', async (_label, mutate, field) => {
    const r = await cli(['pivot', siteFile(mutate), '--paths', '10']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(field);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects --horizon-years beyond 20 as usage', async () => {
    const r = await cli(['pivot', 'examples/site.yaml', '--horizon-years', '30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--horizon-years');
  });
});

describe('hashfloor security-budget', () => {
  it('projects the subsidy to zero and the fees needed to hold today’s hashprice', async () => {
    const r = await cli(['security-budget', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as BudgetJson;
    expect(j.last_subsidy_height).toBe(6_929_999);
    expect(j.last_subsidy_date.slice(0, 3)).toBe('214');
    const flat = j.rows.filter((x) => x.scenario === 'flat');
    const last = flat[flat.length - 1]!;
    expect(last.subsidy_btc).toBe(0);
    // With price and hashrate flat, fees must replace the whole reward of today: today's hashprice is
    // the index's (the day's own fees), not the 30-day fee mean the budget also reports.
    expect(last.fees_needed_btc_per_block).toBeCloseTo(j.today.subsidy_btc + j.today.day_fees_btc_per_block, 9);
    expect(j.today.day_fees_btc_per_block).not.toBeCloseTo(j.today.fees_btc_per_block, 3);
    // The 2028 halving (height 1,050,000) pays 1.5625 BTC.
    expect(flat.find((x) => x.height === 1_050_000)!.subsidy_btc).toBe(1.5625);
  });
  it('adds a custom scenario from flags', async () => {
    const r = await cli(['security-budget', '--price-growth-pct', '5', '--hashrate-growth-pct', '5', '--json']);
    const j = JSON.parse(r.stdout) as BudgetJson;
    expect(j.scenarios.map((s) => s.name)).toEqual(['flat', 'efficiency', 'custom']);
  });
});
