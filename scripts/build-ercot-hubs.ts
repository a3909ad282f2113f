/**
 * Builds data/ercot_hubs_hourly_2024.csv: the UTC calendar year 2024 of the shared ERCOT hub file,
 * every hub column as it is (hourly means of the 15-minute RT SPPs, USD/MWh), the Central-time
 * column renamed hour_start_local; run through `npm run data:build`. See data/SOURCES.md.
 */
import type { BuildResult, ReadInput } from './data-build/builder.js';

export const ERCOT_HUBS = 'ercot_rtm_spp_hubs_hourly_2023_2025.csv';
const HOURS_IN_2024 = 8784; // a leap year

export function buildErcotHubs(read: ReadInput): BuildResult {
  const lines = read(ERCOT_HUBS).toString('utf8').trim().split('\n');
  const head = lines[0] ?? '';
  const header = head.split(',');
  if (header[0] !== 'hour_start_utc' || header[1] !== 'hour_start_central') throw new Error(`${ERCOT_HUBS}: unexpected header ${head}`);
  const rows = lines.slice(1).filter((l) => l.startsWith('2024-'));
  if (rows.length !== HOURS_IN_2024) throw new Error(`${ERCOT_HUBS}: expected ${HOURS_IN_2024} hours of 2024, got ${rows.length}`);
  const out = [['hour_start_utc', 'hour_start_local', ...header.slice(2)].join(','), ...rows].join('\n') + '\n';
  return { files: new Map([['ercot_hubs_hourly_2024.csv', out]]), summary: `${rows.length} hours × ${header.length - 2} hubs (${out.length} bytes)` };
}
