import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../adapters/datasets/asic-catalog-file.js';
import { parseSiteSpecText } from '../../config/site-spec.js';
import { createServices } from '../../main.js';
import { fitFrontier } from '../../valuation/frontier.js';
import { buildAll } from '../../valuation/pivot.js';
import { runValuation } from '../../valuation/run.js';
import { startState } from '../../valuation/start.js';
import { fittedHistory } from '../valuation-history.js';
import { ValuationPool } from './valuation-pool.js';

describe('ValuationPool', async () => {
  const services = createServices();
  const catalog = loadCatalog(services.dataDir);
  const spec = parseSiteSpecText(readFileSync(new URL('../../../examples/site.yaml', import.meta.url), 'utf8'), catalog);
  if (!spec.ok) throw new Error(JSON.stringify(spec.errors));
  const hist = await fittedHistory(services, spec.value.valuation.fit_from_month);
  const start = startState(hist.rows, hist.points, hist.fit);
  const base = {
    fit: hist.fit,
    start,
    steps: 60,
    discount_rate_annual: 0.12,
    overrides: {},
    frontier: fitFrontier(catalog, start.month),
    sites: spec.value.sites,
  };
  const { market, sites } = buildAll(base);
  const cheaper = buildAll({ ...base, start: { ...start, price_usd_per_btc: start.price_usd_per_btc * 0.5 } });

  it('gives bit-identical results to one thread for runs in flight together, and reports each run’s progress', async () => {
    const pool = new ValuationPool(2);
    try {
      const seen: number[] = [];
      // 2,500 paths = 3 blocks of 1,024 (the last partial), dealt across both workers; two
      // one-block reruns issued at the same time interleave with it.
      const [main, rerunA, rerunB] = await Promise.all([
        pool.run(market, sites, 7, 2500, (done) => seen.push(done)),
        pool.run(cheaper.market, cheaper.sites, 7, 300),
        pool.run(market, sites, 8, 300),
      ]);
      expect(main).toEqual(runValuation(market, sites, 7, 2500));
      expect(rerunA).toEqual(runValuation(cheaper.market, cheaper.sites, 7, 300));
      expect(rerunB).toEqual(runValuation(market, sites, 8, 300));
      expect(rerunA.npv[0]).not.toEqual(rerunB.npv[0]);
      expect(seen.length).toBe(3);
      expect(seen.at(-1)).toBe(2500);
    } finally {
      await pool.close();
    }
  });

  it('runs in the calling thread at size 1, and a dead worker fails the runs in flight instead of hanging them', async () => {
    const single = new ValuationPool(1);
    expect(await single.run(market, sites, 7, 300)).toEqual(runValuation(market, sites, 7, 300));
    await single.close();
    const pool = new ValuationPool(2);
    const running = pool.run(market, sites, 7, 5000);
    await (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0]!.worker.terminate();
    await expect(running).rejects.toThrow(/valuation worker exited/);
    await expect(pool.run(market, sites, 7, 300)).rejects.toThrow(/valuation worker exited/);
    await pool.close();
  });
});
