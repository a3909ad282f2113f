/**
 * Builds data/network_daily.csv (and its version in data/datasets.json); run through
 * `npm run data:build` (scripts/data-build.ts), which checks the inputs first.
 * Steps (each value keeps its provenance; see data/SOURCES.md):
 *  1. btc_daily_combined_*.csv: blocks, issuance, fees, hashrate, difficulty, price, supply (BTC → sat).
 *  2. Per-block getblockstats files: for every complete UTC day they cover, the exact block count,
 *     fees (Σ totalfee) and issuance (Σ subsidy) replace the daily values (`blockstats`).
 *  3. Estimators from src/history/estimators.ts fill the gaps, flagged `estimated:<method>`.
 *  4. Supply is extended past the end of the source series by the running sum of issuance.
 *  5. Yahoo Finance BTC-USD closes fill the price of days that have none (`yahoo`) and add the
 *     days after the block data as price-only rows: every other field of those days stays empty
 *     (null), never 0 — no block data is known for them.
 */
import type { DailyRow } from '../src/history/daily-row.js';
import { fillBlocksGaps, fillDifficultyGaps, fillFees } from '../src/history/estimators.js';
import { formatNetworkDailyCsv } from '../src/adapters/datasets/network-daily-csv.js';
import { btcFloatToSat } from '../src/units/sat.js';
import type { BuildResult, ReadInput } from './data-build/builder.js';
import { sha256Hex } from './data-build/sha256.js';

export const COMBINED = 'btc_daily_combined_2009-01-03_2026-03-28.csv';
export const BLOCKSTATS = ['btc_blockstats_samples_2017_2021_2023.csv', 'btc_blockstats_930180_934575.csv'] as const;
export const YAHOO = 'btc_usd_daily_yahoo_2014-09-17_2026-03-28.csv';

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = (head as string).split(',');
  return lines.map((l) => {
    const cells = l.split(',');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

const num = (s: string | undefined): number | null => (s === undefined || s === '' ? null : Number(s));
const sat = (s: string | undefined): bigint | null => (s === undefined || s === '' ? null : btcFloatToSat(Number(s)));

// 1. Stops at the last day with a difficulty: later rows of the combined file carry only a price.
function combinedRows(text: string): DailyRow[] {
  const rows = parseCsv(text).map((r) => {
    const row: DailyRow = {
      date: r.date as string,
      blocks: num(r.blocks),
      difficulty: num(r.difficulty_mean),
      hashrate_ehs: num(r.hashrate_ehs),
      issuance_sat: sat(r.issuance_btc),
      fees_sat: sat(r.fees_btc),
      price_usd_per_btc: num(r.price_usd),
      supply_sat: sat(r.supply_btc),
      provenance: {},
    };
    const src: Record<string, string | undefined> = {
      blocks: r.blocks_src,
      difficulty: r.difficulty_src,
      hashrate_ehs: r.hashrate_src,
      issuance_sat: r.issuance_src,
      fees_sat: r.fees_src,
      price_usd_per_btc: r.price_src,
      supply_sat: r.supply_src,
    };
    for (const [f, s] of Object.entries(src))
      if ((row as unknown as Record<string, unknown>)[f] !== null) row.provenance[f as keyof DailyRow['provenance']] = s || 'unknown';
    return row;
  });
  const lastDifficulty = rows.map((r) => r.difficulty !== null).lastIndexOf(true);
  return rows.slice(0, lastDifficulty + 1);
}

// 2. The first and last day of each run of consecutive heights are partial, so only days inside a run count.
function overlayBlockstats(rows: DailyRow[], text: string): number {
  const byDate = new Map(rows.map((r, i) => [r.date, i]));
  const days = new Map<string, { blocks: number; fees: bigint; subsidy: bigint }>();
  const sorted = parseCsv(text).sort((a, b) => Number(a.height) - Number(b.height));
  let prevHeight = -1;
  const runEdges = new Set<string>();
  for (const b of sorted) {
    const date = (b.time_utc as string).slice(0, 10);
    const h = Number(b.height);
    if (h !== prevHeight + 1 && prevHeight >= 0) runEdges.add((sorted.find((x) => Number(x.height) === prevHeight)?.time_utc ?? '').slice(0, 10)).add(date);
    if (prevHeight < 0) runEdges.add(date);
    prevHeight = h;
    const d = days.get(date) ?? { blocks: 0, fees: 0n, subsidy: 0n };
    d.blocks++;
    d.fees += BigInt(b.totalfee as string);
    d.subsidy += BigInt(b.subsidy as string);
    days.set(date, d);
  }
  runEdges.add((sorted.at(-1)?.time_utc ?? '').slice(0, 10));
  let overlaid = 0;
  for (const [date, d] of days) {
    const i = byDate.get(date);
    if (runEdges.has(date) || i === undefined) continue;
    const row = rows[i] as DailyRow;
    rows[i] = {
      ...row,
      blocks: d.blocks,
      fees_sat: d.fees,
      issuance_sat: d.subsidy,
      provenance: { ...row.provenance, blocks: 'blockstats', fees_sat: 'blockstats', issuance_sat: 'blockstats' },
    };
    overlaid++;
  }
  return overlaid;
}

// 3. Blocks and difficulty first: fees are estimated per block.
function fillEstimates(observed: DailyRow[]): DailyRow[] {
  const rows = fillDifficultyGaps(fillBlocksGaps(observed));
  return fillFees(
    rows.map((r) => {
      if (r.blocks === null || !r.provenance.blocks?.startsWith('estimated')) return r;
      // Subsidy per block of the neighbouring observed day (same era: no halving in these gaps).
      const ref = rows.find((x) => x.date > r.date && x.issuance_sat !== null && x.blocks);
      const perBlock = ref ? (ref.issuance_sat as bigint) / BigInt(ref.blocks as number) : null;
      const hashrate = r.difficulty !== null ? (r.difficulty * 2 ** 32 * r.blocks) / 86_400 / 1e18 : null;
      return {
        ...r,
        issuance_sat: perBlock === null ? null : perBlock * BigInt(r.blocks),
        hashrate_ehs: hashrate === null ? null : Number(hashrate.toFixed(6)),
        provenance: { ...r.provenance, issuance_sat: 'estimated:blocks*subsidy', hashrate_ehs: 'estimated:difficulty*2^32*blocks/86400' },
      };
    }),
  );
}

// 4. Once an estimated issuance enters the running sum, every later supply inherits the estimate.
function extendSupply(rows: DailyRow[]): DailyRow[] {
  let supply: bigint | null = null;
  let supplyMethod = 'derived:cumsum(issuance)';
  return rows.map((r) => {
    if (r.supply_sat !== null) {
      supply = r.supply_sat;
      return r;
    }
    if (supply === null || r.issuance_sat === null) return r;
    if (r.provenance.issuance_sat?.startsWith('estimated')) supplyMethod = 'estimated:cumsum(issuance incl. estimated)';
    supply += r.issuance_sat;
    return { ...r, supply_sat: supply, provenance: { ...r.provenance, supply_sat: supplyMethod } };
  });
}

// 5. The close, like the combined file's own `yahoo_close` days; a day already priced keeps its source.
function addYahooPrices(rows: DailyRow[], text: string): { rows: DailyRow[]; filled: number; added: number } {
  const closes = parseCsv(text)
    .map((r) => ({ date: r.Date as string, close: num(r.Close) }))
    .filter((r): r is { date: string; close: number } => r.close !== null && Number.isFinite(r.close) && r.close > 0);
  const byDate = new Map(closes.map((c) => [c.date, c.close]));
  let filled = 0;
  const out = rows.map((r) => {
    const close = byDate.get(r.date);
    if (r.price_usd_per_btc !== null || close === undefined) return r;
    filled++;
    return { ...r, price_usd_per_btc: close, provenance: { ...r.provenance, price_usd_per_btc: 'yahoo' } };
  });
  const last = rows.at(-1)?.date ?? '';
  const later = closes.filter((c) => c.date > last);
  for (const c of later) {
    out.push({
      date: c.date,
      blocks: null,
      difficulty: null,
      hashrate_ehs: null,
      issuance_sat: null,
      fees_sat: null,
      price_usd_per_btc: c.close,
      supply_sat: null,
      provenance: { price_usd_per_btc: 'yahoo' },
    });
  }
  return { rows: out, filled, added: later.length };
}

export function buildNetworkDaily(read: ReadInput): BuildResult {
  const observed = combinedRows(read(COMBINED).toString('utf8'));
  let overlaid = 0;
  for (const file of BLOCKSTATS) overlaid += overlayBlockstats(observed, read(file).toString('utf8'));
  const priced = addYahooPrices(extendSupply(fillEstimates(observed)), read(YAHOO).toString('utf8'));
  const rows = priced.rows;

  const csv = formatNetworkDailyCsv(rows);
  // The store re-imports the embedded dataset whenever this string changes.
  const version = `sha256:${sha256Hex(csv).slice(0, 16)}`;
  const datasets = {
    'network-daily': { file: 'network_daily.csv', version, first_date: rows[0]?.date, last_date: rows.at(-1)?.date, rows: rows.length },
  };
  const estimated = rows.filter((r) => Object.values(r.provenance).some((p) => p.startsWith('estimated'))).length;
  return {
    files: new Map([
      ['network_daily.csv', csv],
      ['datasets.json', `${JSON.stringify(datasets, null, 2)}\n`],
    ]),
    summary: `${rows.length} days ${rows[0]?.date}..${rows.at(-1)?.date}, ${overlaid} days from blockstats, ${estimated} days with an estimated value, ${priced.filled} prices filled and ${priced.added} price-only days added from Yahoo; version ${version}`,
  };
}
