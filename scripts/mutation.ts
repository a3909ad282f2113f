/**
 * Mutation testing of the core, one Stryker run per folder (stryker.config.mjs, vitest.mutation.config.ts):
 *   npm run test:mutation -- [FOLDER…] [--summary]
 * FOLDER is units, chain, hardware, history, economics, dispatch, valuation or config (default: all).
 * Each run is incremental (reports/mutation/<folder>/incremental.json) and writes its HTML and JSON
 * reports beside it; --summary only reads those reports. Prints the score per folder as a Markdown
 * table (the one in docs/DEVELOPING.md) and the surviving mutants, one line each.
 * Exit 0 when every run completed, 1 when one failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const FOLDERS = ['units', 'chain', 'hardware', 'history', 'economics', 'dispatch', 'valuation', 'config'];
const root = fileURLToPath(new URL('..', import.meta.url));

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
}

interface Score {
  folder: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  ignored: number;
  errors: number;
  survivors: string[];
}

function score(folder: string): Score | undefined {
  const path = join(root, 'reports', 'mutation', folder, 'mutation.json');
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const s: Score = { folder, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0, survivors: [] };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const m of mutants) {
      if (m.status === 'Killed') s.killed++;
      else if (m.status === 'Timeout') s.timeout++;
      else if (m.status === 'Survived' || m.status === 'NoCoverage') {
        if (m.status === 'Survived') s.survived++;
        else s.noCoverage++;
        s.survivors.push(
          `${file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} → ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}`,
        );
      } else if (m.status === 'Ignored') s.ignored++;
      else s.errors++;
    }
  }
  return s;
}

/** Stryker's mutation score: detected (killed or timed out) over valid mutants, in percent. */
const pct = (s: Score): string => ((100 * (s.killed + s.timeout)) / Math.max(1, s.killed + s.timeout + s.survived + s.noCoverage)).toFixed(1);

function main(argv: string[]): number {
  const summaryOnly = argv.includes('--summary');
  const asked = argv.filter((a) => !a.startsWith('--'));
  const unknown = asked.filter((f) => !FOLDERS.includes(f));
  if (unknown.length) {
    process.stderr.write(`test:mutation: unknown folder ${unknown.join(', ')}; one of ${FOLDERS.join(', ')}\n`);
    return 2;
  }
  const folders = asked.length ? asked : FOLDERS;
  let failed = false;
  if (!summaryOnly) {
    for (const folder of folders) {
      const t0 = Date.now();
      const run = spawnSync('npx', ['stryker', 'run'], { cwd: root, stdio: 'inherit', env: { ...process.env, HASHFLOOR_MUTATION_FOLDER: folder } });
      process.stdout.write(`test:mutation: ${folder} ${run.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - t0) / 60_000).toFixed(1)} min\n`);
      failed ||= run.status !== 0;
      if (run.signal) break; // interrupted: do not start the next folder
    }
  }
  const scores = folders.map(score).filter((s): s is Score => s !== undefined);
  const lines = ['| folder | score % | killed | timed out | survived | no coverage | ignored |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const s of scores) lines.push(`| ${s.folder} | ${pct(s)} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.ignored} |`);
  process.stdout.write(`\n${lines.join('\n')}\n\nSurviving mutants:\n${scores.flatMap((s) => s.survivors).join('\n')}\n`);
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
