/**
 * `hashfloor update` catching up 300 days from local servers (test/helpers/feed-server.ts): about
 * 43,000 mempool blocks in 15-block pages, plus Coinbase and Kraken closes, into a fresh SQLite
 * store, with rate ceilings lifted so the figure is hashfloor's own cost; then the second run (which
 * writes nothing). The time the same requests take at the default ceilings is reported beside it.
 *   npm run bench -- update
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/run.js';
import { createServices } from '../src/main.js';
import { SOURCES } from '../src/app/update/sources.js';
import { unixSToDate } from '../src/units/time.js';
import { feedWorld, simChain, startLocalServer } from '../test/helpers/feed-server.js';
import { machineLoadNote, reportBench, type BenchMetric } from './lib/report.js';

const DAYS = 300;
const now = Math.floor(Date.now() / 1000);
const chain = simChain(now - (DAYS + 1) * 86_400, now - 120);
const server = await startLocalServer(
  feedWorld(
    () => chain,
    () => Math.floor(Date.now() / 1000),
  ),
);
const dir = mkdtempSync(join(tmpdir(), 'hashfloor-bench-update-'));
const db = join(dir, 'u.sqlite');

interface Summary {
  source: string;
  requests: number;
  days_added: number;
  blocks_written: number;
  wall_s: number;
}

async function update(from?: string): Promise<{ ms: number; sources: Summary[] }> {
  const services = createServices({ HASHFLOOR_HOME: dir });
  let out = '';
  const argv = ['update', '--json', '--db', db, ...(from ? ['--from', from] : [])];
  argv.push('--mempool-url', `${server.url}/mempool/api`, '--coinbase-url', `${server.url}/coinbase`, '--kraken-url', `${server.url}/kraken`);
  argv.push('--rate', 'mempool=100000/1,coinbase=100000/1,kraken=100000/1');
  const t0 = performance.now();
  const code = await runCli(argv, services, { stdout: (t) => (out += t), stderr: () => undefined, stderrIsTTY: false });
  const ms = performance.now() - t0;
  await services.close();
  if (code !== 0) throw new Error(`update exited ${code}`);
  return { ms, sources: (JSON.parse(out) as { sources: Summary[] }).sources };
}

// The store and its embedded dataset first, so the figure is the update alone.
{
  const services = createServices({ HASHFLOOR_HOME: dir });
  await services.store(db);
  await services.close();
}
const first = await update(unixSToDate(now - DAYS * 86_400));
// Incremental: from where the first run stopped.
const second = await update();
await server.close();
rmSync(dir, { recursive: true, force: true });

const mempool = first.sources.find((s) => s.source === 'mempool') as Summary;
const requests = first.sources.reduce((n, s) => n + s.requests, 0);
const atCeiling = Math.max(
  ...first.sources.map((s) => {
    const rate = SOURCES.find((e) => e.name === s.source)?.rate ?? { requests: 1, window_ms: 1000 };
    return (s.requests / rate.requests) * (rate.window_ms / 1000);
  }),
);
const metrics: BenchMetric[] = [
  {
    label: `catch up ${DAYS} days (${mempool.blocks_written.toLocaleString('en-US')} blocks, ${mempool.days_added} days from mempool), ceilings lifted`,
    value: first.ms / 1000,
    unit: 's',
    target: '< 60 s',
    ok: first.ms < 60_000,
  },
  { label: 'requests (all sources)', value: requests, unit: '' },
  { label: 'mempool requests', value: mempool.requests, unit: '' },
  { label: 'same requests at the default ceilings (mempool 2/s)', value: atCeiling / 60, unit: 'min' },
  { label: 'second run (writes nothing)', value: second.ms / 1000, unit: 's' },
  { label: 'second run requests', value: second.sources.reduce((n, s) => n + s.requests, 0), unit: '' },
];
reportBench({
  name: 'update',
  title: 'Live-data update from local servers',
  metrics,
  notes: [`Local servers on 127.0.0.1 answering in the documented shapes; SQLite store. ${machineLoadNote()}`],
});
