import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILDERS } from '../../scripts/data-build/builders.js';
import { parseManifest } from '../../scripts/data-build/manifest.js';
import { sha256Hex } from '../../scripts/data-build/sha256.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = join(root, 'data');
const manifest = parseManifest(readFileSync(join(dataDir, 'SOURCES.md'), 'utf8'));
const temps: string[] = [];

/** The public inputs must be beside the repository (CI puts a copy there); without them this suite fails, it never skips. */
function sharedData(): string {
  const dir = join(root, '..', 'shared', 'data');
  if (!existsSync(dir)) throw new Error(`${dir} is missing: the data build test needs the public input files of data/SOURCES.md in ../shared/data beside the repository`);
  return dir;
}

function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hashfloor-${label}-`));
  temps.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Runs the real entry point, as `npm run data:build` does, so exit codes and stderr are the user's. */
function dataBuild(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/data-build.ts', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sha256Of = (path: string): string => sha256Hex(readFileSync(path));

describe('npm run data:build', () => {
  it('rebuilds every file of data/ as recorded in SOURCES.md and as committed', async () => {
    const out = join(tempDir('data-build'), 'data');
    const r = await dataBuild([sharedData(), '--out', out]);
    expect(r.code, `inputs refused, nothing to compare: ${r.stderr}`).not.toBe(2);

    const committed = readdirSync(dataDir).filter((f) => f !== 'SOURCES.md').sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    expect(manifest.outputs.map((o) => o.file).sort()).toEqual(committed);
    for (const { file, sha256 } of manifest.outputs) {
      const built = sha256Of(join(out, file));
      expect(built, `${file} against data/SOURCES.md`).toBe(sha256);
      expect(built, `${file} against the committed data/${file}`).toBe(sha256Of(join(dataDir, file)));
    }
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^\[\d+\/\d+\] /gm)).toHaveLength(BUILDERS.length);
  });

  it('records each output with the builder and inputs that make it, and every input some builder reads', () => {
    const fromBuilders = BUILDERS.flatMap((b) => b.outputs.map((file) => ({ file, builder: b.script, inputs: [...b.inputs] })));
    expect(manifest.outputs.map(({ file, builder, inputs }) => ({ file, builder, inputs }))).toEqual(fromBuilders);
    expect(manifest.inputs.map((i) => i.file).sort()).toEqual([...new Set(BUILDERS.flatMap((b) => b.inputs))].sort());
    for (const input of manifest.inputs) {
      expect(input.origin, `${input.file} origin`).not.toBe('');
      expect(input.licence, `${input.file} licence`).not.toBe('');
    }
  });

  describe('refuses a bad input and writes nothing', () => {
    const victim = 'asic_models_8_with_release_dates.csv';
    const recorded = manifest.inputs.find((i) => i.file === victim)?.sha256;

    /** A folder of links to the real inputs, with the victim replaced by `replace` (or absent). */
    function inputsWith(replace: ((original: Buffer) => Buffer) | 'absent'): string {
      const shared = sharedData();
      const dir = tempDir('data-inputs');
      for (const { file } of manifest.inputs) {
        const target = join(dir, file);
        mkdirSync(dirname(target), { recursive: true });
        if (file !== victim) symlinkSync(join(shared, file), target);
        else if (replace !== 'absent') writeFileSync(target, replace(readFileSync(join(shared, file))));
      }
      return dir;
    }

    it('names a changed input with its recorded and actual SHA-256 and exits 2', async () => {
      const dir = inputsWith((original) => {
        const changed = Buffer.from(original);
        changed[0] = (changed[0] as number) ^ 0x01;
        return changed;
      });
      const path = join(dir, victim);
      const out = join(tempDir('data-refused'), 'data');
      const r = await dataBuild([dir, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`data:build: input ${victim} has changed: expected sha256 ${recorded}, actual ${sha256Of(path)} (${path})\n`);
      expect(sha256Of(path)).not.toBe(recorded);
      expect(existsSync(out)).toBe(false);
    });

    it('names a missing input and exits 2', async () => {
      const dir = inputsWith('absent');
      const out = join(tempDir('data-refused'), 'data');
      const r = await dataBuild([dir, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`data:build: input ${victim} is missing: expected sha256 ${recorded}, actual none (no file ${join(dir, victim)})\n`);
      expect(existsSync(out)).toBe(false);
    });
  });
});
