import { availableParallelism } from 'node:os';
import { MAX_HORIZON_YEARS } from '../../config/site-spec.js';
import { UsageError } from '../../errors.js';
import { ValuationPool } from '../../app/jobs/valuation-pool.js';
import { priceSiteContracts } from '../../app/pivot-contracts.js';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { readSiteSpecFile } from '../../adapters/specs/site-spec-file.js';
import { fitFrontier } from '../../valuation/frontier.js';
import type { DriftRegime } from '../../valuation/drift.js';
import { valuePivot, type PivotSiteResult } from '../../valuation/pivot.js';
import { startState } from '../../valuation/start.js';
import { numberOpt, stringOpt } from '../args.js';
import { asOfLine, asOfWarnings } from '../as-of.js';
import { DB_OPTION } from '../db.js';
import type { CommandSpec, Table } from '../command.js';
import { fittedHistory } from '../../app/valuation-history.js';
import { withDeprecatedNames } from '../../units/renamed-fields.js';
import { formatEnUs } from '../../units/en-us-number.js';

const musd = (v: unknown): string =>
  typeof v === 'number' && Number.isFinite(v) ? `${formatEnUs(v / 1e6, { maximumFractionDigits: 1, minimumFractionDigits: 1 })}` : '—';
const pctf = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const usd0 = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? formatEnUs(v, { maximumFractionDigits: 0 }) : '—');
const r2 = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);

const pct1 = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}%`;

function siteJson(s: PivotSiteResult) {
  return {
    name: s.name,
    options: s.options.map((o, j) => ({
      name: o.name,
      kind: o.kind,
      npv_mean_usd: r2(o.npv_usd.mean),
      npv_p5_usd: r2(o.npv_usd.p5),
      npv_p50_usd: r2(o.npv_usd.p50),
      npv_p95_usd: r2(o.npv_usd.p95),
      prob_best: o.prob_best,
      irr_vs_keep_pct: o.irr_vs_keep === null ? null : r2(o.irr_vs_keep * 100),
      breakeven_lease_usd_per_mw_year: r2(o.breakeven_lease_usd_per_mw_year),
      breakeven_price_usd_per_btc: r2(s.breakeven_price_usd_per_btc[j] ?? null),
      breakeven_price_reason: s.breakeven_price_reason[j] ?? null,
    })),
    decision: s.decision && {
      option: s.decision.option,
      conversion: s.decision.conversion,
      npv_advantage_mean_usd: r2(s.decision.base_usd),
      tornado: s.decision.tornado.map((b) => ({
        driver: b.driver,
        low: b.low_label,
        high: b.high_label,
        low_usd: r2(b.low_usd),
        high_usd: r2(b.high_usd),
        swing_usd: r2(b.swing_usd),
      })),
    },
    by_drift_regime: s.by_drift_regime.map((r) => ({
      regime: r.regime,
      btc_drift_pct_per_year: r2(r.drift_annual * 100),
      btc_expected_growth_pct_per_year: r2(r.expected_growth_annual * 100),
      option: r.option,
      conversion_advantage_usd: r2(r.conversion_advantage_usd),
      paths: r.paths,
    })),
  };
}

const REGIMES = ['zero', 'historical', 'risk-neutral'] as const;

function driftOpt(text: string | undefined): { regime: DriftRegime; pct?: number } | undefined {
  if (text === undefined) return undefined;
  const named = REGIMES.find((r) => r === text);
  if (named) return { regime: named };
  const pct = Number(text);
  if (text.trim() === '' || !Number.isFinite(pct) || pct < -100 || pct > 200)
    throw new UsageError(`--btc-drift must be zero, historical, risk-neutral or a log drift in %/yr from −100 to 200 (e.g. --btc-drift 15), not ${text}`);
  return { regime: 'user', pct };
}

export const command: CommandSpec = {
  path: ['pivot'],
  summary: 'Monte Carlo value of keeping a mining site, converting it to AI/HPC hosting, or both (NPV distribution, IRR, breakevens, tornado)',
  positionals: [{ name: 'SITE_FILE', required: true, description: 'site file, YAML or JSON (see examples/site.yaml and docs/valuation.md)' }],
  options: {
    ...DB_OPTION,
    paths: { type: 'string', value: 'N', description: 'Monte Carlo paths (default 20000)' },
    seed: { type: 'string', value: 'S', description: 'random seed; the same seed gives the same result for any worker count (default 1)' },
    'horizon-years': { type: 'string', value: 'Y', description: `years simulated, ≤ ${MAX_HORIZON_YEARS} (default: the site file's, else 10)` },
    workers: { type: 'string', value: 'N', description: 'worker threads (default: available cores)' },
    'sensitivity-paths': { type: 'string', value: 'N', description: 'paths for each breakeven/tornado rerun (default min(paths, 1000))' },
    'btc-drift': {
      type: 'string',
      value: 'REGIME',
      description: "BTC drift: zero (flat in expectation, default), historical (the fit window's), risk-neutral (the discount rate) or a log drift in %/yr",
    },
  },
  help: [
    'JSON fields: data_as_of{date, age_days, stale, tip{height, time_unix_s}} (the simulation starts the month after it), start{month, height, price_usd_per_btc, hashrate_ehs, fee_share}, fit{from_month, to_month, price{mu_monthly, sigma_monthly, nu, …}, hashrate{alpha_monthly, beta, lag_months, sigma_monthly, r2}, fee{c, phi, sigma, long_run_share}},',
    '  frontier{best_jth, best_model, improvement_annual}, btc_drift_regime, btc_drift_pct_per_year, btc_expected_growth_pct_per_year, paths, seed, horizon_years, discount_rate_pct,',
    '  sites[]{name, options[]{name, kind, npv_mean_usd, npv_p5_usd, npv_p50_usd, npv_p95_usd, prob_best, irr_vs_keep_pct, breakeven_lease_usd_per_mw_year, breakeven_price_usd_per_btc, breakeven_price_reason},',
    "  decision{option (best mean NPV), conversion (best conversion), npv_advantage_mean_usd (its mean − keep's), tornado[]{driver, low, high, low_usd, high_usd, swing_usd}},",
    '  by_drift_regime[]{regime, btc_drift_pct_per_year, btc_expected_growth_pct_per_year, option, conversion_advantage_usd, paths}}.',
    'Example: hashfloor pivot examples/site.yaml --paths 20000 --seed 7',
  ].join('\n'),
  async run(args, ctx) {
    const file = args.positionals[0] ?? '';
    const paths = numberOpt(args, 'paths', { integer: true, min: 1, max: 10_000_000, example: '--paths 20000' }) ?? 20_000;
    const seed = numberOpt(args, 'seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER, example: '--seed 7' }) ?? 1;
    const horizonOpt = numberOpt(args, 'horizon-years', { min: 1 / 12, max: MAX_HORIZON_YEARS, example: '--horizon-years 10' });
    const workers = numberOpt(args, 'workers', { integer: true, min: 1, max: 64, example: '--workers 2' }) ?? availableParallelism();
    const sensPaths = numberOpt(args, 'sensitivity-paths', { integer: true, min: 10, max: 1_000_000, example: '--sensitivity-paths 1000' });
    const driftFlag = driftOpt(stringOpt(args, 'btc-drift'));
    // Started first: the workers load and compile while this thread reads and fits the history.
    const pool = new ValuationPool(workers);
    try {
      const catalog = loadCatalog(ctx.services.dataDir);
      const warnings: string[] = [];
      const spec = readSiteSpecFile(file, catalog, (w) => warnings.push(w));
      const v = spec.valuation;
      const horizon = horizonOpt ?? v.horizon_years;
      const steps = Math.round(horizon * 12);
      if (steps < 1) throw new UsageError('--horizon-years must cover at least one month');
      const priced = priceSiteContracts(spec.sites, ctx.services.dataDir);
      const hist = await fittedHistory(ctx.services, v.fit_from_month, stringOpt(args, 'db'));
      const start = startState(hist.rows, hist.points, hist.fit, { month: v.start_month, price_usd_per_btc: v.start_price_usd_per_btc });
      const frontier = fitFrontier(catalog, start.month);
      const bar = ctx.progress('simulating', paths, 'paths');
      const inputs = {
        fit: hist.fit,
        start,
        steps,
        discount_rate_annual: v.discount_rate_pct / 100,
        drift_regime: driftFlag?.regime ?? v.btc_drift_regime,
        overrides: {
          btc_drift_annual: driftFlag
            ? driftFlag.pct !== undefined
              ? driftFlag.pct / 100
              : undefined
            : v.btc_drift_pct_per_year !== undefined
              ? v.btc_drift_pct_per_year / 100
              : undefined,
          btc_volatility_annual: v.btc_volatility_pct_per_year !== undefined ? v.btc_volatility_pct_per_year / 100 : undefined,
        },
        frontier,
        sites: priced.sites,
      };
      const { drift, sites: results } = await valuePivot(inputs, {
        paths,
        seed,
        ...(sensPaths !== undefined ? { sensitivity_paths: sensPaths } : {}),
        run: (market, sites, s, n, onBlock) => pool.run(market, sites, s, n, onBlock),
        onProgress: (done, total) => bar.update(Math.round((done / total) * paths)),
      });
      bar.done();
      const json = {
        data_as_of: hist.data_as_of,
        start: {
          month: start.month,
          height: start.height,
          price_usd_per_btc: start.price_usd_per_btc,
          hashrate_ehs: start.hashrate_ehs,
          fee_share: start.fee_share,
        },
        fit: hist.fit,
        frontier,
        contracts: priced.contracts,
        paths,
        seed,
        btc_drift_regime: drift.regime,
        btc_drift_pct_per_year: r2(drift.drift_annual * 100),
        btc_expected_growth_pct_per_year: r2(drift.expected_growth_annual * 100),
        horizon_years: horizon,
        discount_rate_pct: v.discount_rate_pct,
        sites: results.map(siteJson),
        warnings,
      };
      const tables: Table[] = [];
      for (const s of json.sites) {
        tables.push({
          title: `${s.name} — NPV in USD millions over ${horizon} years at ${v.discount_rate_pct}%`,
          columns: [
            { key: 'name', header: 'option' },
            { key: 'npv_p5_usd', header: 'P5', align: 'right', format: musd },
            { key: 'npv_p50_usd', header: 'P50', align: 'right', format: musd },
            { key: 'npv_p95_usd', header: 'P95', align: 'right', format: musd },
            { key: 'npv_mean_usd', header: 'mean', align: 'right', format: musd },
            { key: 'prob_best', header: 'P(best)', align: 'right', format: pctf },
            { key: 'irr_vs_keep_pct', header: 'IRR vs keep', align: 'right', format: (x) => (typeof x === 'number' ? `${x.toFixed(1)}%` : '—') },
            { key: 'breakeven_lease_usd_per_mw_year', header: 'breakeven lease $/MW-yr', align: 'right', format: usd0 },
            { key: 'breakeven_price_usd_per_btc', header: 'breakeven BTC $', align: 'right', format: usd0 },
          ],
          rows: s.options,
        });
        if (s.decision) {
          tables.push({
            title: `${s.name} — decision: ${s.decision.option}; tornado: E[NPV ${s.decision.conversion}] − E[NPV keep] (base ${musd(s.decision.npv_advantage_mean_usd)}M)`,
            columns: [
              { key: 'driver', header: 'driver' },
              { key: 'low', header: 'low' },
              { key: 'low_usd', header: 'at low ($M)', align: 'right', format: musd },
              { key: 'high', header: 'high' },
              { key: 'high_usd', header: 'at high ($M)', align: 'right', format: musd },
              { key: 'swing_usd', header: 'swing ($M)', align: 'right', format: musd },
            ],
            rows: s.decision.tornado,
          });
        }
        tables.push({
          title: `${s.name} — decision under each BTC drift regime`,
          columns: [
            { key: 'regime', header: 'regime' },
            { key: 'btc_drift_pct_per_year', header: 'log drift %/yr', align: 'right', format: (x) => (typeof x === 'number' ? x.toFixed(1) : '—') },
            { key: 'btc_expected_growth_pct_per_year', header: 'E[growth] %/yr', align: 'right', format: (x) => (typeof x === 'number' ? x.toFixed(1) : '—') },
            { key: 'option', header: 'best option' },
            { key: 'conversion_advantage_usd', header: 'convert − keep ($M)', align: 'right', format: musd },
            { key: 'paths', header: 'paths', align: 'right', format: usd0 },
          ],
          rows: s.by_drift_regime,
        });
      }
      const f = hist.fit;
      return {
        json: withDeprecatedNames(json, ['price_usd_per_btc', 'breakeven_price_usd_per_btc']),
        warnings,
        staleWarnings: asOfWarnings(hist.data_as_of),
        summary: [
          asOfLine(hist.data_as_of),
          ...priced.contracts.map(
            (c) =>
              `Power ${c.site}: ${c.contract} → ${c.effective_power_price_usd_per_mwh.toFixed(2)} USD/MWh${c.reference ? ` (flat load over ${c.reference.hub} ${c.reference.from} … ${c.reference.to}, ${c.reference.source})` : ''}`,
          ),
          `Start ${start.month}: BTC $${usd0(start.price_usd_per_btc)}, ${start.hashrate_ehs.toFixed(0)} EH/s, fee share ${(start.fee_share * 100).toFixed(2)}%, height ${formatEnUs(start.height)}`,
          `BTC drift ${drift.regime}: btc_drift_pct_per_year ${(drift.drift_annual * 100).toFixed(1)} (log), expected price growth ${pct1(drift.expected_growth_annual)}/yr; the historical fit is ${(f.price.mu_monthly * 1200).toFixed(1)}`,
          `Drivers fitted on ${f.from_month}…${f.to_month}: BTC μ ${(f.price.mu_monthly * 100).toFixed(2)}%/mo σ ${(f.price.sigma_monthly * 100).toFixed(1)}%/mo ν ${f.price.nu.toFixed(1)}; hashrate α ${(f.hashrate.alpha_monthly * 100).toFixed(2)}%/mo β ${f.hashrate.beta.toFixed(2)} lag ${f.hashrate.lag_months} mo; fee share long-run ${(f.fee.long_run_share * 100).toFixed(2)}%`,
          `${formatEnUs(paths)} paths × ${steps} months, seed ${seed}; frontier ${frontier.best_jth} J/TH (${frontier.best_model}) improving ${(frontier.improvement_annual * 100).toFixed(1)}%/yr`,
        ],
        tables,
      };
    } finally {
      await pool.close();
    }
  },
};
