/**
 * One rebuild of data/: check every public input against data/SOURCES.md, run the builders in
 * order on the checked bytes, write their files, and compare what was written with the record.
 * Nothing is written unless every input matches and every builder succeeded.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Builder } from './builder.js';
import { parseManifest, type Manifest } from './manifest.js';
import { sha256Hex } from './sha256.js';

export const EXIT_OK = 0;
/** SOURCES.md unreadable or incomplete, a builder failed, or a written file differs from its record. */
export const EXIT_MISMATCH = 1;
/** A public input is missing or its SHA-256 is not the recorded one. */
export const EXIT_BAD_INPUT = 2;

export interface RunOptions {
  inputsDir: string;
  outDir: string;
  sourcesPath: string;
  builders: readonly Builder[];
}

export interface RunIo {
  out(line: string): void;
  err(line: string): void;
}

const PREFIX = 'data:build:';

function loadManifest(sourcesPath: string, builders: readonly Builder[]): { manifest: Manifest; text: string } | string {
  let manifest: Manifest;
  let text: string;
  try {
    text = readFileSync(sourcesPath, 'utf8');
    manifest = parseManifest(text);
  } catch (e) {
    return `${sourcesPath}: ${(e as Error).message}`;
  }
  const recorded = new Set(manifest.inputs.map((i) => i.file));
  for (const b of builders) {
    const unrecorded = b.inputs.find((f) => !recorded.has(f));
    if (unrecorded !== undefined) return `${sourcesPath}: input ${unrecorded} (read by ${b.name}) has no row in the inputs table`;
  }
  return { manifest, text };
}

/** The checked bytes of every recorded input, or one message per input that is missing or changed. */
function checkInputs(manifest: Manifest, inputsDir: string): Map<string, Buffer> | string[] {
  const bytes = new Map<string, Buffer>();
  const problems: string[] = [];
  for (const { file, sha256 } of manifest.inputs) {
    const path = join(inputsDir, file);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${PREFIX} input ${file} is missing: expected sha256 ${sha256}, actual none (${code === 'ENOENT' ? 'no file' : code} ${path})`);
      continue;
    }
    const actual = sha256Hex(content);
    if (actual !== sha256) problems.push(`${PREFIX} input ${file} has changed: expected sha256 ${sha256}, actual ${actual} (${path})`);
    else bytes.set(file, content);
  }
  return problems.length > 0 ? problems : bytes;
}

function runBuilder(b: Builder, inputs: ReadonlyMap<string, Buffer>, sourcesMd: string): { files: ReadonlyMap<string, string | Buffer>; summary: string } {
  const result = b.build((name) => {
    const content = b.inputs.includes(name) ? inputs.get(name) : undefined;
    if (content === undefined) throw new Error(`reads ${name}, which is not among its declared inputs`);
    return content;
  }, sourcesMd);
  const produced = [...result.files.keys()].sort().join(', ');
  const declared = [...b.outputs].sort().join(', ');
  if (produced !== declared) throw new Error(`produced ${produced}, but declares ${declared}`);
  return result;
}

export function runDataBuild(opts: RunOptions, io: RunIo): number {
  const loaded = loadManifest(opts.sourcesPath, opts.builders);
  if (typeof loaded === 'string') {
    io.err(`${PREFIX} ${loaded}`);
    return EXIT_MISMATCH;
  }
  const { manifest, text: sourcesMd } = loaded;
  const inputs = checkInputs(manifest, opts.inputsDir);
  if (Array.isArray(inputs)) {
    for (const line of inputs) io.err(line);
    return EXIT_BAD_INPUT;
  }
  io.out(`${PREFIX} ${inputs.size} inputs match data/SOURCES.md`);

  const written = new Map<string, string | Buffer>();
  for (const [i, b] of opts.builders.entries()) {
    const t0 = performance.now();
    try {
      for (const [file, content] of runBuilder(b, inputs, sourcesMd).files) written.set(file, content);
    } catch (e) {
      io.err(`${PREFIX} builder ${b.name} (${b.script}) failed: ${(e as Error).message}`);
      return EXIT_MISMATCH;
    }
    io.out(`[${i + 1}/${opts.builders.length}] ${b.name}: ${b.outputs.join(', ')} (${Math.round(performance.now() - t0)} ms)`);
  }

  mkdirSync(opts.outDir, { recursive: true });
  for (const [file, content] of written) writeFileSync(join(opts.outDir, file), content);

  const recorded = new Map(manifest.outputs.map((o) => [o.file, o.sha256]));
  let differing = 0;
  for (const [file, content] of written) {
    const actual = sha256Hex(content);
    const expected = recorded.get(file);
    const verdict =
      expected === actual
        ? 'matches data/SOURCES.md'
        : expected === undefined
          ? 'NOT RECORDED in data/SOURCES.md'
          : `DIFFERS from data/SOURCES.md (recorded ${expected})`;
    if (expected !== actual) differing++;
    io.out(`${actual}  ${file}  ${verdict}`);
  }
  for (const file of recorded.keys()) {
    if (written.has(file)) continue;
    differing++;
    io.err(`${PREFIX} ${file} is recorded in data/SOURCES.md but no builder writes it`);
  }
  if (differing > 0) {
    io.err(`${PREFIX} ${differing} file(s) differ from data/SOURCES.md; if the change is intended, update its outputs table`);
    return EXIT_MISMATCH;
  }
  io.out(`${PREFIX} wrote ${written.size} files to ${opts.outDir}, all as recorded in data/SOURCES.md`);
  return EXIT_OK;
}
