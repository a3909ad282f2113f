/**
 * The store on the embedded dataset (data/network_daily.csv): first-run load, listDaily, and
 * the CSV parse it competes with. SQLite always; PostgreSQL on a throwaway local server (as the
 * tests start it) when its binaries are installed, or at HASHFLOOR_BENCH_PG_URL (an empty database).
 *   npm run bench -- store
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { embeddedDataDir, embeddedDatasets } from '../src/main.js';
import { ensureDataset } from '../src/adapters/store/embedded-dataset.js';
import { openStore, type StoreLocation } from '../src/adapters/store/open-store.js';
import { findPgBin, startPgServer, type PgServer } from '../test/helpers/postgres-server.js';
import { medianMs, reportBench, type BenchMetric } from './lib/report.js';

const dataset = embeddedDatasets(embeddedDataDir()).find((d) => d.name === 'network-daily');
if (!dataset) throw new Error('no embedded network-daily dataset');
const rows = await dataset.rows();
const metrics: BenchMetric[] = [];
const parseMs = await medianMs(() => dataset.rows(), 5, 1);
metrics.push({ label: `parse data/network_daily.csv (${rows.length} days)`, value: parseMs, unit: 'ms' });

async function measure(label: string, location: StoreLocation): Promise<void> {
  let t0 = performance.now();
  const store = await openStore(location);
  const openMs = performance.now() - t0;
  t0 = performance.now();
  await ensureDataset(store, dataset!);
  const loadMs = performance.now() - t0;
  const listMs = await medianMs(() => store.listDaily(), 7, 2);
  const rangeMs = await medianMs(() => store.listDaily({ from: '2024-01-01', to: '2024-12-31' }), 7, 2);
  t0 = performance.now();
  await ensureDataset(store, dataset!);
  const skipMs = performance.now() - t0;
  await store.close();
  metrics.push(
    { label: `${label}: open + migrate (new database)`, value: openMs, unit: 'ms' },
    { label: `${label}: first-run load of the embedded dataset (parse + write)`, value: loadMs, unit: 'ms', target: '< 1000 ms', ok: loadMs < 1000 },
    { label: `${label}: listDaily() all ${rows.length} days`, value: listMs, unit: 'ms', target: '< 100 ms', ok: listMs < 100 },
    { label: `${label}: listDaily() one year`, value: rangeMs, unit: 'ms' },
    { label: `${label}: later runs (version check, no load)`, value: skipMs, unit: 'ms' },
  );
}

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-bench-'));
let server: PgServer | undefined;
const notes: string[] = [];
try {
  await measure('SQLite', { kind: 'sqlite', path: join(dir, 'bench.sqlite') });
  let pgUrl = process.env.HASHFLOOR_BENCH_PG_URL;
  const bin = findPgBin();
  if (!pgUrl && bin) {
    server = await startPgServer(bin);
    pgUrl = server.adminUrl;
    notes.push('PostgreSQL: a throwaway local server (fsync off, loopback TCP), as in the tests.');
  }
  if (pgUrl) await measure('PostgreSQL', { kind: 'postgres', url: pgUrl });
  else notes.push('PostgreSQL: not measured (no server binaries and no HASHFLOOR_BENCH_PG_URL).');
} finally {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}

reportBench({
  name: 'store',
  title: 'Store: embedded dataset load and daily reads',
  metrics,
  notes,
});
