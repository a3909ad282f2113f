/**
 * Hold-out check of the fee estimators (figures quoted in data/SOURCES.md):
 *   npx tsx scripts/estimator-holdout.ts
 * Removes observed fees from stretches where every day is known, refills them with fillFees and
 * compares fees and hashprice against the truth.
 */
import { readFileSync } from 'node:fs';
import { buildHashpriceIndex } from '../src/economics/hashprice-index.js';
import type { DailyRow } from '../src/history/daily-row.js';
import { fillFees } from '../src/history/estimators.js';
import { parseNetworkDailyCsv } from '../src/adapters/datasets/network-daily-csv.js';

const rows = parseNetworkDailyCsv(readFileSync(new URL('../data/network_daily.csv', import.meta.url), 'utf8'), {
  source: 'data/network_daily.csv',
  defaultProvenance: 'embedded',
});
const truth = buildHashpriceIndex(rows);

function check(label: string, drop: (r: DailyRow, k: number) => boolean): void {
  const cut = rows.map((r, k) => {
    if (!drop(r, k)) return r;
    const { fees_sat: _, ...provenance } = r.provenance;
    return { ...r, fees_sat: null, provenance };
  });
  const filled = fillFees(cut);
  const index = buildHashpriceIndex(filled);
  let feeErr = 0;
  let hpErr = 0;
  let worst = 0;
  let n = 0;
  let fees0 = 0;
  let fees1 = 0;
  rows.forEach((r, k) => {
    if (!drop(r, k)) return;
    const f0 = Number(r.fees_sat);
    const f1 = Number(filled[k]?.fees_sat);
    fees0 += f0;
    fees1 += f1;
    feeErr += Math.abs(f1 / f0 - 1);
    const e = Math.abs((index[k]?.hashprice_usd_per_ph_day as number) / (truth[k]?.hashprice_usd_per_ph_day as number) - 1);
    hpErr += e;
    worst = Math.max(worst, e);
    n++;
  });
  const pct = (v: number): string => `${(v * 100).toFixed(2)}%`;
  console.log(
    `${label}: ${n} days; fees mean abs err ${pct(feeErr / n)}, total ${pct(fees1 / fees0 - 1)}; hashprice mean abs err ${pct(hpErr / n)}, worst ${pct(worst)}`,
  );
}

const within =
  (a: string, b: string) =>
  (r: DailyRow): boolean =>
    r.date >= a && r.date <= b;
check('every-4th-day interpolation 2017-01-01..2019-12-31', (r, k) => within('2017-01-01', '2019-12-31')(r) && k % 4 !== 0);
check('every-4th-day interpolation 2024-02-07..2025-02-01', (r, k) => within('2024-02-07', '2025-02-01')(r) && k % 4 !== 0);
check('window median, 6-month gap 2024-06-01..2024-11-30', within('2024-06-01', '2024-11-30'));
check('window median, gap 2025-11-20..2026-01-31', within('2025-11-20', '2026-01-31'));
