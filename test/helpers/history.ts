import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DailyRow } from '../../src/history/daily-row.js';
import { parseNetworkDailyCsv } from '../../src/adapters/datasets/network-daily-csv.js';

export const NETWORK_DAILY_PATH = fileURLToPath(new URL('../../data/network_daily.csv', import.meta.url));

let cached: DailyRow[] | undefined;
/** The embedded daily history (data/network_daily.csv), parsed once per test file. */
export function embeddedHistory(): DailyRow[] {
  cached ??= parseNetworkDailyCsv(readFileSync(NETWORK_DAILY_PATH, 'utf8'), { source: 'data/network_daily.csv', defaultProvenance: 'embedded' });
  return cached;
}

export function day(rows: readonly DailyRow[], date: string): DailyRow {
  const r = rows.find((x) => x.date === date);
  if (!r) throw new Error(`no row ${date}`);
  return r;
}
