/**
 * Runs every bench/*.bench.ts (or those named on the command line) one after another in its own
 * process, then rewrites BENCHMARKS.md with the figures and the machine they ran on.
 *   npm run bench                 # all
 *   npm run bench -- dispatch     # only bench/dispatch.bench.ts
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { cpus, totalmem, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatValue, RESULT_PREFIX, type BenchResult } from './lib/report.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = join(benchDir, '..');
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace('.bench.ts', '')))
  .sort();

// Benches that run the built CLI (as users do) must not time yesterday's code: rebuild when any
// source is newer than the last build.
const stamp = join(root, 'dist', '.bench-build');
const newestSource = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((t, e) => Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs), 0);
if (!existsSync(stamp) || Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'web', 'src'))) > statSync(stamp).mtimeMs) {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

const results: BenchResult[] = [];
for (const f of files) {
  console.log(`\n▶ ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(benchDir, f)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith(RESULT_PREFIX)) results.push(JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchResult);
    else if (line) console.log(line);
  }
  if (r.status !== 0) console.error(`✗ ${f} exited with ${r.status}`);
}

const mdPath = join(root, 'BENCHMARKS.md');
const previous = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
const sections = new Map<string, string>();
for (const m of previous.matchAll(/<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench -->/g)) sections.set(m[1] as string, m[2] as string);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}; load average at start ${loadavg()[0]?.toFixed(2)}`;
const ranAt = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
for (const r of results) {
  // A "before" column only for a bench that reports figures measured before a change.
  const withBefore = r.metrics.some((m) => m.before !== undefined);
  const before = (m: BenchResult['metrics'][number]): string => (withBefore ? ` ${m.before === undefined ? '' : formatValue(m.before)} |` : '');
  const rows = r.metrics.map(
    (m) => `| ${m.label} |${before(m)} ${formatValue(m.value)} ${m.unit} | ${m.target ?? ''} | ${m.ok === undefined ? '' : m.ok ? 'met' : '**not met**'} |`,
  );
  sections.set(
    r.name,
    [
      `## ${r.title} (\`npm run bench -- ${r.command ?? r.name}\`)`,
      '',
      `Ran ${ranAt} on ${machine}.`,
      '',
      withBefore ? '| measure | before | now | target | |' : '| measure | value | target | |',
      withBefore ? '|---|---|---|---|---|' : '|---|---|---|---|',
      ...rows,
      '',
      ...(r.notes ?? []).map((n) => `- ${n}`),
      '',
    ].join('\n'),
  );
}
const body = [...sections.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, text]) => `<!-- bench:${name} -->\n${text}<!-- /bench -->`);
writeFileSync(
  mdPath,
  [
    '# Benchmarks',
    '',
    'Heavy paths, measured with `npm run bench` (one process per benchmark, run one after another). Each section says when and on what machine it last ran; rerun to refresh. Benchmarks are not tests.',
    '',
    ...body,
    '',
  ].join('\n'),
);
console.log(`\nwrote ${mdPath} (${results.length} benchmark(s) refreshed)`);
