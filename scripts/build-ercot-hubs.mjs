// Builds data/ercot_hubs_hourly_2024.csv from the shared ERCOT hub file: the UTC calendar year 2024,
// every hub column as it is (hourly means of the 15-minute RT SPPs, USD/MWh), the Central-time
// column renamed hour_start_local. Deterministic; see data/SOURCES.md.
// Usage: node scripts/build-ercot-hubs.mjs [SHARED_DATA_DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const shared = process.argv[2] ?? '../shared/data';
const lines = readFileSync(join(shared, 'ercot_rtm_spp_hubs_hourly_2023_2025.csv'), 'utf8').trim().split('\n');
const header = lines[0].split(',');
if (header[0] !== 'hour_start_utc' || header[1] !== 'hour_start_central') throw new Error(`unexpected header ${lines[0]}`);
const rows = lines.slice(1).filter((l) => l.startsWith('2024-'));
if (rows.length !== 8784) throw new Error(`expected 8,784 hours of 2024, got ${rows.length}`);
const out = [['hour_start_utc', 'hour_start_local', ...header.slice(2)].join(','), ...rows].join('\n') + '\n';
writeFileSync(join(import.meta.dirname, '..', 'data', 'ercot_hubs_hourly_2024.csv'), out);
process.stdout.write(`wrote ${rows.length} hours × ${header.length - 2} hubs (${out.length} bytes)\n`);
