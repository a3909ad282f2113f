/**
 * Runs dependency-cruiser with the project's rules (.dependency-cruiser.mjs) over a tree and
 * returns its violations plus the folder-level cycles it implies (a cycle between folders that no
 * single module cycle shows, e.g. app/x → app/y by one file and app/y → app/x by another).
 */
import { join } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import rules from '../../.dependency-cruiser.mjs';

export interface ArchitectureReport {
  violations: { rule: string; from: string; to: string }[];
  folderCycles: string[][];
  modules: number;
}

export async function checkArchitecture(baseDir: string, roots: string[]): Promise<ArchitectureReport> {
  const cwd = process.cwd();
  process.chdir(baseDir); // dependency-cruiser resolves paths and the tsconfig from the working folder
  try {
    const result = await cruise(roots, {
      ...rules.options,
      validate: true,
      ruleSet: { forbidden: rules.forbidden },
      tsConfig: { fileName: join(baseDir, 'tsconfig.json') },
    });
    const output = result.output as ICruiseResult;
    const violations = output.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
    return { violations, folderCycles: folderCycles(output), modules: output.modules.length };
  } finally {
    process.chdir(cwd);
  }
}

/**
 * The room a module lives in: its folder under src/ (`src/cli`, `src/app`: subfolders such as
 * `cli/commands` or `app/jobs` belong to their room), one room per adapter kind
 * (`src/adapters/chain`), and each file directly in src/ (errors.ts, main.ts) a room of its own.
 */
export function roomOf(path: string): string {
  const parts = path.split('/');
  if (parts.length <= 2) return path;
  return parts.slice(0, parts[1] === 'adapters' && parts.length > 3 ? 3 : 2).join('/');
}

/** Strongly connected components of more than one room in the room graph of non-test modules (Tarjan). */
export function folderCycles(output: ICruiseResult): string[][] {
  const dir = roomOf;
  const graph = new Map<string, Set<string>>();
  for (const m of output.modules) {
    if (m.source.endsWith('.test.ts') || !m.source.startsWith('src/')) continue;
    const from = dir(m.source);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const d of m.dependencies) {
      if (!d.resolved.startsWith('src/') || d.resolved.endsWith('.test.ts')) continue;
      const to = dir(d.resolved);
      if (to !== from) edges.add(to);
    }
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}
