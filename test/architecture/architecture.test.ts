/**
 * The architecture contract (.dependency-cruiser.mjs) holds for src/ and web/src, and each rule
 * really bites: a small tree per forbidden edge, written to a temporary folder, must fail with
 * that rule's name.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkArchitecture, roomOf } from './cruise.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the architecture of src/ and web/src', () => {
  it('breaks no rule and has no cycle between folders', async () => {
    const report = await checkArchitecture(ROOT, ['src', 'web/src']);
    expect(report.modules).toBeGreaterThan(200);
    expect(report.violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(report.folderCycles).toEqual([]);
  }, 60_000);
});

/** Each case: files of a tiny tree (path → source) and the rule that must fire. */
const CASES: { name: string; rule: string; files: Record<string, string> }[] = [
  {
    name: 'core → adapters',
    rule: 'core-imports-outside-core',
    files: { 'src/economics/a.ts': "import { b } from '../adapters/b.js';\nexport const a = b;\n", 'src/adapters/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'core → app',
    rule: 'core-imports-outside-core',
    files: { 'src/dispatch/a.ts': "import { b } from '../app/b.js';\nexport const a = b;\n", 'src/app/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'core → config',
    rule: 'core-imports-outside-core',
    files: { 'src/valuation/a.ts': "import { b } from '../config/b.js';\nexport const a = b;\n", 'src/config/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'core → node:fs',
    rule: 'core-uses-node-builtins',
    files: { 'src/chain/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n" },
  },
  {
    name: 'core order: units → chain',
    rule: 'core-order-units',
    files: { 'src/units/a.ts': "import { b } from '../chain/b.js';\nexport const a = b;\n", 'src/chain/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'core order: economics → dispatch',
    rule: 'core-order-economics',
    files: { 'src/economics/a.ts': "import { b } from '../dispatch/b.js';\nexport const a = b;\n", 'src/dispatch/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'ports → adapters',
    rule: 'ports-import-outside-core',
    files: { 'src/ports/a.ts': "import type { B } from '../adapters/b.js';\nexport type A = B;\n", 'src/adapters/b.ts': 'export type B = number;\n' },
  },
  {
    name: 'config → app',
    rule: 'config-imports-edges',
    files: { 'src/config/a.ts': "import { b } from '../app/b.js';\nexport const a = b;\n", 'src/app/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'cli → api',
    rule: 'cli-imports-api',
    files: { 'src/cli/a.ts': "import { b } from '../api/b.js';\nexport const a = b;\n", 'src/api/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'api → cli',
    rule: 'api-imports-cli',
    files: { 'src/api/routes/a.ts': "import { b } from '../../cli/b.js';\nexport const a = b;\n", 'src/cli/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'adapters → app',
    rule: 'adapters-import-app-or-edges',
    files: { 'src/adapters/store/a.ts': "import { b } from '../../app/b.js';\nexport const a = b;\n", 'src/app/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'adapters → cli',
    rule: 'adapters-import-app-or-edges',
    files: { 'src/adapters/feeds/a.ts': "import { b } from '../../cli/b.js';\nexport const a = b;\n", 'src/cli/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'adapters → api',
    rule: 'adapters-import-app-or-edges',
    files: { 'src/adapters/miners/a.ts': "import { b } from '../../api/b.js';\nexport const a = b;\n", 'src/api/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'app → cli',
    rule: 'app-imports-edges',
    files: { 'src/app/jobs/a.ts': "import { b } from '../../cli/b.js';\nexport const a = b;\n", 'src/cli/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'api → main',
    rule: 'edges-import-main',
    files: { 'src/api/a.ts': "import { b } from '../main.js';\nexport const a = b;\n", 'src/main.ts': 'export const b = 1;\n' },
  },
  {
    name: 'web → src',
    rule: 'web-imports-src',
    files: { 'web/src/a.ts': "import { b } from '../../src/units/b.js';\nexport const a = b;\n", 'src/units/b.ts': 'export const b = 1;\n' },
  },
  {
    name: 'module cycle',
    rule: 'no-module-cycles',
    files: {
      'src/app/a.ts': "import { b } from './b.js';\nexport const a = 1;\nexport const c = b;\n",
      'src/app/b.ts': "import { a } from './a.js';\nexport const b = a;\n",
    },
  },
  { name: 'unresolvable import', rule: 'not-to-unresolvable', files: { 'src/app/a.ts': "import { b } from './gone.js';\nexport const a = b;\n" } },
];

describe('each forbidden edge fails', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tree = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'hashfloor-arch-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  for (const c of CASES) {
    it(`${c.name} → ${c.rule}`, async () => {
      const roots = [...new Set(Object.keys(c.files).map((p) => p.split('/')[0]!))];
      const report = await checkArchitecture(tree(c.files), roots);
      expect(report.violations.map((v) => v.rule)).toContain(c.rule);
    });
  }
  it('a cycle between folders that no module cycle shows', async () => {
    const dir = tree({
      'src/adapters/feeds/a.ts': "import { b } from '../miners/b.js';\nexport const a = b;\n",
      'src/adapters/miners/b.ts': 'export const b = 1;\n',
      'src/adapters/miners/c.ts': "import { d } from '../feeds/d.js';\nexport const c = d;\n",
      'src/adapters/feeds/d.ts': 'export const d = 2;\n',
    });
    const report = await checkArchitecture(dir, ['src']);
    expect(report.violations).toEqual([]);
    expect(report.folderCycles).toEqual([['src/adapters/feeds', 'src/adapters/miners']]);
  });
  it('rooms: subfolders belong to their folder under src/, adapters by kind (shared adapter helpers in src/adapters), top-level files alone', () => {
    expect(
      [
        'src/cli/commands/dispatch.ts',
        'src/app/jobs/kinds/x.ts',
        'src/adapters/store/sqlite/index.ts',
        'src/adapters/map-limit.ts',
        'src/errors.ts',
        'web/src/panels/a.ts',
      ].map(roomOf),
    ).toEqual(['src/cli', 'src/app', 'src/adapters/store', 'src/adapters', 'src/errors.ts', 'web/src']);
  });
  it('a test file may cross layers (it exercises them)', async () => {
    const report = await checkArchitecture(
      tree({ 'src/economics/a.test.ts': "import { b } from '../adapters/b.js';\nexport const a = b;\n", 'src/adapters/b.ts': 'export const b = 1;\n' }),
      ['src'],
    );
    expect(report.violations).toEqual([]);
  });
});
