/**
 * Builds data/ercot_hubs_hourly_2023_2025.csv: every hour of the shared ERCOT hub file (UTC hours
 * 2023-01-01T06:00Z to 2026-01-01T05:00Z, the three Central-time years), every hub column, in a
 * compact spelling read by the same parser as any prices CSV (adapters/datasets/power-prices-csv.ts):
 * hours as `2023-01-01T06:00Z`, the Central-time column dropped (local time is derived, never
 * read), prices with trailing zeros trimmed (`-2.0850` → `-2.085`, `0.0000` → `0`) — the same
 * numbers. Run through `npm run data:build`. See data/SOURCES.md.
 */
import type { BuildResult, ReadInput } from './data-build/builder.js';
import { ERCOT_HUBS } from './build-ercot-hubs.js';

export const ERCOT_HUBS_ALL_FILE = 'ercot_hubs_hourly_2023_2025.csv';
const HOURS = 26_304; // 365 + 366 + 365 days

const trim = (v: string): string => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v).replace(/^-0$/, '0');

export function buildErcotHubsAll(read: ReadInput): BuildResult {
  const lines = read(ERCOT_HUBS).toString('utf8').trim().split('\n');
  const head = lines[0] ?? '';
  const header = head.split(',');
  if (header[0] !== 'hour_start_utc' || header[1] !== 'hour_start_central') throw new Error(`${ERCOT_HUBS}: unexpected header ${head}`);
  const rows = lines.slice(1).map((l, i) => {
    const c = l.split(',');
    if (c.length !== header.length || !/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/.test(c[0] ?? '')) throw new Error(`${ERCOT_HUBS} line ${i + 2}: unexpected row ${l}`);
    return [(c[0] as string).replace(':00Z', 'Z'), ...c.slice(2).map(trim)].join(',');
  });
  if (rows.length !== HOURS) throw new Error(`${ERCOT_HUBS}: expected ${HOURS} hours, got ${rows.length}`);
  const out = [['hour_start_utc', ...header.slice(2)].join(','), ...rows].join('\n') + '\n';
  return { files: new Map([[ERCOT_HUBS_ALL_FILE, out]]), summary: `${rows.length} hours × ${header.length - 2} hubs (${out.length} bytes)` };
}
