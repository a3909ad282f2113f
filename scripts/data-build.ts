/**
 * Rebuilds every derived file of data/ from the public files recorded in data/SOURCES.md.
 *   npm run data:build -- [DIR] [--out OUT]
 * DIR holds the public inputs (default ../shared/data beside the repository), OUT receives the
 * files (default the repository's data/). Exit 0: all written and as recorded; 1: SOURCES.md
 * incomplete, a builder failed or an output differs from its record; 2: bad arguments, or an
 * input missing or changed (nothing is written then).
 */
import { join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUILDERS } from './data-build/builders.js';
import { EXIT_BAD_INPUT, runDataBuild } from './data-build/run.js';

const USAGE = 'usage: npm run data:build -- [DIR] [--out OUT]';
const root = fileURLToPath(new URL('..', import.meta.url));

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    process.stderr.write(`data:build: ${(e as Error).message}; ${USAGE}\n`);
    return EXIT_BAD_INPUT;
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write(`data:build: one DIR expected, got ${parsed.positionals.length}; ${USAGE}\n`);
    return EXIT_BAD_INPUT;
  }
  const inputsDir = resolve(parsed.positionals[0] ?? join(root, '..', 'shared', 'data'));
  const outDir = resolve(parsed.values.out ?? join(root, 'data'));
  process.stdout.write(`data:build: ${inputsDir} -> ${outDir}\n`);
  return runDataBuild(
    { inputsDir, outDir, sourcesPath: join(root, 'data', 'SOURCES.md'), builders: BUILDERS },
    { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) },
  );
}

process.exitCode = main(process.argv.slice(2));
