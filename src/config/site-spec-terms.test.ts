/** A site spec's fields into the valuation's terms, every percentage and default by hand, and the cross-field rules. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogCsv } from '../hardware/catalog.js';
import { parseSiteSpec, parseSiteSpecText } from './site-spec.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
const site = (over: Record<string, unknown> = {}) => ({ name: 's', gross_mw: 10, mining: { efficiency_jth: 20, power_price_usd_per_mwh: 40 }, ...over });
const parse = (sites: unknown[], valuation?: unknown) => parseSiteSpec({ ...(valuation ? { valuation } : {}), sites }, catalog);
const paths = (sites: unknown[], valuation?: unknown): string[] => {
  const r = parse(sites, valuation);
  return r.ok ? [] : r.errors.map((e) => e.path);
};

describe('site terms, by hand', () => {
  it('the defaults: PUE 1.05, 97% uptime, 1.5% pool fee, 2%/yr power escalator; Core Scientific–CoreWeave terms; keep mining', () => {
    const r = parse([site()]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value.sites[0]!;
    expect(s.tax_rate).toBe(0);
    expect(s.mining).toEqual({
      pue: 1.05,
      it_mw: 10 / 1.05,
      efficiency_jth: 20,
      power_price_usd_per_mwh: 40,
      // The shorthand price is a fixed contract (src/app/pivot-contracts.ts prices the others).
      contract: { kind: 'fixed', price_usd_per_mwh: 40, written_as: 'power_price_usd_per_mwh' },
      power_escalator_annual: 0.02,
      pool_fee: 0.015,
      uptime: 0.97,
      opex_usd_per_mw_month: 4000,
      refresh_capex_usd_per_th: 15,
      refresh_payback_months: 24,
      refresh_min_interval_months: 24,
      frontier_improvement_annual: undefined,
      terminal_years: 2,
    });
    expect(s.hpc).toMatchObject({
      deal: 'core-scientific-coreweave',
      convertible_share: 1,
      lease_usd_per_mw_year: 1.45e6, // ≈ $8.7B over 12 years for ~500 MW
      escalator_annual: 0.03,
      term_months: 144,
      power_price_usd_per_mwh: 40, // the mining power price when the HPC lease names none
      residual_share_of_capex: 0.2,
      default_probability_annual: 0.02,
      backstop_share: 0,
      relet_share: 0.7,
    });
    expect(s.options).toEqual([{ name: 'keep mining', kind: 'keep', phases: [] }]);
    expect(r.value.valuation).toMatchObject({ horizon_years: 10, discount_rate_pct: 10, fit_from_month: '2020-01' });
  });

  it('every percentage divided by 100, the kW-month lease × 12,000, options named by their phases', () => {
    const r = parse([
      site({
        tax_rate_pct: 21,
        mining: {
          efficiency_jth: 20,
          power_price_usd_per_mwh: 40,
          pue: 1.1,
          power_escalator_pct_per_year: 5,
          pool_fee_pct: 2,
          uptime_pct: 95,
          frontier_improvement_pct_per_year: 8,
        },
        hpc: {
          convertible_pct: 60,
          lease_usd_per_kw_month: 120,
          escalator_pct_per_year: 4,
          power_price_usd_per_mwh: 55,
          residual_pct_of_capex: 10,
          default_probability_pct_per_year: 3,
          backstop_pct: 50,
          relet_haircut_pct: 25,
          term_years: 10.5,
        },
        options: [
          { kind: 'convert', share_pct: 40, start_month: '2027-01' },
          {
            kind: 'phased',
            phases: [
              { share_pct: 20, start_month: '2027-01' },
              { share_pct: 35, start_month: '2028-07' },
            ],
          },
          { kind: 'convert', name: 'mine', share_pct: 10, start_month: '2027-01' },
        ],
      }),
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value.sites[0]!;
    expect(s.tax_rate).toBeCloseTo(0.21, 15);
    expect(s.mining).toMatchObject({
      pue: 1.1,
      it_mw: 10 / 1.1,
      power_escalator_annual: 0.05,
      pool_fee: 0.02,
      uptime: 0.95,
      frontier_improvement_annual: 0.08,
    });
    expect(s.hpc).toMatchObject({
      convertible_share: 0.6,
      lease_usd_per_mw_year: 120 * 12_000,
      escalator_annual: 0.04,
      term_months: 126,
      power_price_usd_per_mwh: 55,
      residual_share_of_capex: 0.1,
      default_probability_annual: 0.03,
      backstop_share: 0.5,
      relet_share: 0.75,
    });
    expect(s.options).toEqual([
      { name: 'convert 40% from 2027-01', kind: 'convert', phases: [{ share: 0.4, start_month: '2027-01' }] },
      {
        name: 'phased 20%@2027-01 + 35%@2028-07',
        kind: 'phased',
        phases: [
          { share: 0.2, start_month: '2027-01' },
          { share: 0.35, start_month: '2028-07' },
        ],
      },
      { name: 'mine', kind: 'convert', phases: [{ share: 0.1, start_month: '2027-01' }] },
    ]);
  });

  it('machines set the IT load and efficiency: 1,000 S21 draw 3.5 MW at 17.5 J/TH; a profile must exist', () => {
    const r = parse([site({ mining: { machines: [{ model: 'Antminer S21', count: 1000 }], power_price_usd_per_mwh: 40, pue: 1.1 } })]);
    expect(r.ok && r.value.sites[0]!.mining).toMatchObject({ it_mw: 3.5, efficiency_jth: 17.5 });
    // 2,600 machines: 9.1 MW · 1.1 = 10.01 MW, over the 10 MW gross.
    expect(paths([site({ mining: { machines: [{ model: 'Antminer S21', count: 2597 }], power_price_usd_per_mwh: 40, pue: 1.1 } })])).toEqual([]);
    expect(paths([site({ mining: { machines: [{ model: 'Antminer S21', count: 2600 }], power_price_usd_per_mwh: 40, pue: 1.1 } })])).toEqual([
      'sites[0].mining.machines',
    ]);
    expect(paths([site({ mining: { machines: [{ model: 'Antminer S21', count: 1, profile: 'turbo-x' }], power_price_usd_per_mwh: 40 } })])).toEqual([
      'sites[0].mining.machines[0].profile',
    ]);
    expect(paths([site({ mining: { power_price_usd_per_mwh: 40 } })])).toEqual(['sites[0].mining.efficiency_jth']);
    expect(paths([site({ mining: { efficiency_jth: 20, machines: [{ model: 'Antminer S21', count: 1 }], power_price_usd_per_mwh: 40 } })])).toEqual([
      'sites[0].mining.efficiency_jth',
    ]);
  });

  it('one lease form; conversions within the convertible share', () => {
    expect(paths([site({ hpc: { lease_usd_per_mw_year: 1e6, lease_usd_per_kw_month: 100 } })])).toEqual(['sites[0].hpc.lease_usd_per_kw_month']);
    const yearly = parse([site({ hpc: { lease_usd_per_mw_year: 1e6 } })]);
    expect(yearly.ok && yearly.value.sites[0]!.hpc.lease_usd_per_mw_year).toBe(1e6);
    const within = { hpc: { convertible_pct: 50 }, options: [{ kind: 'convert', share_pct: 50, start_month: '2027-01' }] };
    expect(paths([site(within)])).toEqual([]);
    expect(paths([site({ ...within, options: [{ kind: 'convert', share_pct: 51, start_month: '2027-01' }] })])).toEqual(['sites[0].options[0].share_pct']);
    expect(
      paths([
        site({
          ...within,
          options: [
            {
              kind: 'phased',
              phases: [
                { share_pct: 30, start_month: '2027-01' },
                { share_pct: 21, start_month: '2028-01' },
              ],
            },
          ],
        }),
      ]),
    ).toEqual(['sites[0].options[0].phases']);
  });
});

describe('the mining contract', () => {
  const mining = (over: Record<string, unknown>) => ({ mining: { efficiency_jth: 20, ...over } });

  it('a fixed price without resale is the flat price; an index contract, or resale at the index, has none until priced (NaN)', () => {
    const fixed = parse([site(mining({ contract: { kind: 'fixed', price_usd_per_mwh: 38 } }))]);
    expect(fixed.ok && [fixed.value.sites[0]!.mining.power_price_usd_per_mwh, fixed.value.sites[0]!.hpc.power_price_usd_per_mwh]).toEqual([38, 38]);
    const index = parse([site(mining({ contract: { kind: 'index', hub: 'HB_WEST' } }))]);
    expect(index.ok && index.value.sites[0]!.mining.power_price_usd_per_mwh).toBeNaN();
    const resale = parse([site(mining({ contract: { kind: 'fixed', price_usd_per_mwh: 38, resell_unused_at_index: true, hub: 'HB_WEST' } }))]);
    expect(resale.ok && resale.value.sites[0]!.mining.power_price_usd_per_mwh).toBeNaN();
  });

  it('a contract or the shorthand price, not both; a contract rule reports under mining.contract', () => {
    expect(paths([site(mining({ power_price_usd_per_mwh: 40, contract: { kind: 'fixed', price_usd_per_mwh: 38 } }))])).toEqual([
      'sites[0].mining.power_price_usd_per_mwh',
    ]);
    expect(paths([site(mining({ contract: { kind: 'hedged', hub: 'HB_WEST', share_pct: 50 } }))])).toEqual(['sites[0].mining.contract.price_usd_per_mwh']);
  });

  it('machines fit gross_mw with PUE: 1,000 S21 at PUE 1.1 draw 3.85 MW (3.8500000000000005 in floating point)', () => {
    const machines = (gross_mw: number) =>
      site({ gross_mw, mining: { pue: 1.1, machines: [{ model: 'Antminer S21', count: 1000 }], power_price_usd_per_mwh: 40 } });
    expect(paths([machines(3.85)])).toEqual([]);
    expect(paths([machines(3.849)])).toEqual(['sites[0].mining.machines']);
  });
});

describe('valuation settings', () => {
  it('the drift regime and a user drift go together; the old start price name still reads, not beside the new', () => {
    expect(paths([site()], { btc_drift_regime: 'user' })).toEqual(['valuation.btc_drift_regime']);
    expect(paths([site()], { btc_drift_regime: 'user', btc_drift_pct_per_year: 20 })).toEqual([]);
    expect(paths([site()], { btc_drift_pct_per_year: 20 })).toEqual([]);
    expect(paths([site()], { btc_drift_regime: 'zero', btc_drift_pct_per_year: 20 })).toEqual(['valuation.btc_drift_pct_per_year']);
    expect(paths([site()], { btc_drift_regime: 'historical' })).toEqual([]);
    const old = parse([site()], { start_price_usd: 90_000 });
    expect(old.ok && old.value.valuation.start_price_usd_per_btc).toBe(90_000);
    expect(paths([site()], { start_price_usd: 90_000, start_price_usd_per_btc: 95_000 })).toEqual(['valuation.start_price_usd']);
  });

  it('site text: bad YAML names its line', () => {
    const r = parseSiteSpecText('sites: [\n', catalog);
    expect(!r.ok && r.errors[0]!.path).toMatch(/^\(line/);
  });
});
