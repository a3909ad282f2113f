/**
 * `hashfloor update` catching up 300 days from local servers (test/helpers/feed-server.ts): about
 * 43,000 mempool blocks in 15-block pages, plus Coinbase and Kraken closes, into a fresh SQLite
 * store, with rate ceilings lifted so the figure is hashfloor's own cost; then the second run (which
 * writes nothing). The time the same requests take at the default ceilings is reported beside it.
 * Then an ERCOT year: the 2025 NP6-785-ER archive (test/ercot/mis-server.ts) built from the real
 * HB_WEST quarter hours of ../shared/data, at the archive's 15 settlement points (the six other
 * points made by offsets, so the file has the real archive's size), read into hourly hub means.
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
import { ARCHIVE_REPORT } from '../src/adapters/feeds/ercot.js';
import { ARCHIVE_HEADER } from '../test/ercot/mis-fixtures.js';
import { startMisServer } from '../test/ercot/mis-server.js';
import { westQuarterHours } from '../test/ercot/real-data.js';
import { writeXlsx, writeZip, type TestCell } from '../test/helpers/zip-writer.js';
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

/** The 15 settlement points of the real archive (hubs and load zones). */
const POINTS = ['HB_BUSAVG', 'HB_HOUSTON', 'HB_HUBAVG', 'HB_NORTH', 'HB_PAN', 'HB_SOUTH', 'HB_WEST'];
const ZONES = ['LZ_AEN', 'LZ_CPS', 'LZ_HOUSTON', 'LZ_LCRA', 'LZ_NORTH', 'LZ_RAYBN', 'LZ_SOUTH', 'LZ_WEST'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function archive2025(): { bytes: Buffer; rows: number } {
  const sheets = MONTHS.map((name) => ({ name, rows: [ARCHIVE_HEADER] as TestCell[][] }));
  const seen = new Set<string>();
  let rows = 0;
  for (const q of westQuarterHours()) {
    if (!q.central.startsWith('2025-')) continue;
    const [y, mo, d, h, mi] = q.central.split(/[-T:]/).slice(0, 5) as [string, string, string, string, string];
    const repeated = seen.has(q.central.slice(0, 16)) ? 'Y' : 'N';
    seen.add(q.central.slice(0, 16));
    const sheet = sheets[Number(mo) - 1]!.rows;
    [...POINTS, ...ZONES].forEach((node, k) => {
      sheet.push([
        `${mo}/${d}/${y}`,
        Number(h) + 1,
        Number(mi) / 15 + 1,
        repeated,
        node,
        node.startsWith('HB_') ? 'HU' : 'LZ',
        node === 'HB_WEST' ? Number(q.price) : Number(q.price) + k * 0.25,
      ]);
      rows++;
    });
  }
  return { bytes: writeZip([{ name: 'RTMLZHBSPP_2025.xlsx', data: writeXlsx(sheets) }]), rows };
}

const year = archive2025();
const mis = await startMisServer({
  [ARCHIVE_REPORT]: [{ DocID: '1100000001', FriendlyName: 'RTMLZHBSPP_2025', PublishDate: '2026-01-02T05:00:00-06:00', bytes: year.bytes }],
});
let ercot: { ms: number; summary: Summary & { notes: string[] }; cpu_ms: number };
{
  // "Now" is 2026-01-01 so the whole range is the 2025 archive (the recent files cover only the current year).
  const services = createServices({ HASHFLOOR_HOME: dir }, { nowUnixS: () => Date.parse('2026-01-01T12:00:00Z') / 1000 });
  let out = '';
  const argv = [
    'update',
    '--json',
    '--db',
    join(dir, 'ercot.sqlite'),
    '--sources',
    'ercot',
    '--from',
    '2025-01-01',
    '--ercot-url',
    mis.url,
    '--rate',
    'ercot=100000/1',
  ];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const code = await runCli(argv, services, { stdout: (t) => (out += t), stderr: () => undefined, stderrIsTTY: false });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await services.close();
  if (code !== 0) throw new Error(`update --sources ercot exited ${code}`);
  ercot = { ms, cpu_ms: (cpu.user + cpu.system) / 1000, summary: (JSON.parse(out) as { sources: (Summary & { notes: string[] })[] }).sources[0]! };
}
await mis.close();
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
  {
    label: `ERCOT 2025 archive: ${(year.bytes.byteLength / 2 ** 20).toFixed(1)} MiB zip, ${year.rows.toLocaleString('en-US')} quarter-hour rows → ${ercot.summary.notes[0] ?? ''}, ${ercot.summary.days_added} days added`,
    value: ercot.ms / 1000,
    unit: 's',
    target: '< 60 s',
    ok: ercot.ms < 60_000,
  },
  { label: 'ERCOT year: CPU time (whole process, user + system)', value: ercot.cpu_ms / 1000, unit: 's' },
  { label: 'ERCOT year: requests', value: ercot.summary.requests, unit: '' },
];
reportBench({
  name: 'update',
  title: 'Live-data update from local servers',
  metrics,
  notes: [
    `Local servers on 127.0.0.1 answering in the documented shapes; SQLite stores, fresh for each part (the embedded ERCOT hours are read from data/, not stored, so the year is written whole). ERCOT's CPU time is the whole process's, parse and write together (the store is on this thread). ${machineLoadNote()}`,
  ],
});
