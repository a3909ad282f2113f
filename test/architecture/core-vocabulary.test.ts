/**
 * The core speaks in field paths (`from`, `sites[2].capacity_mw`), never in an edge's words: no CLI
 * flag inside a string, no HTTP vocabulary in a message. Each edge maps paths to its own names
 * (src/cli/field-names.ts, src/api/problem.ts). Comments may mention flags; string literals may not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const CORE = ['units', 'chain', 'hardware', 'history', 'economics', 'dispatch', 'valuation', 'config'];

/**
 * Files of another part of issue #12 that still name flags; the lead removes each entry when that
 * branch merges. Only src/dispatch may appear here.
 */
const KNOWN_DISPATCH_OFFENDERS = new Set<string>([
  // TEMPORARY (issue #12, dispatch branch): listed by the errors branch, to be emptied at merge.
]);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The source with comments blanked (same line numbers), so only code and strings are searched. */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      if (c === "'" || c === '"' || c === '`') quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

/** What an edge's vocabulary looks like inside a core string. */
const EDGE_WORDS: [string, RegExp][] = [
  ['a CLI flag', /['"`]--[a-z]|[\s(/]--[a-z][a-z-]*[^'"`\n]*['"`]/],
  ['a CLI command', /\bhashfloor [a-z]+(?: [a-z]+)?\b[^'"`\n]*['"`]|`hashfloor /],
  ['HTTP vocabulary', /\bHTTP\b|\bstatus 4\d\d|\bstatus 5\d\d|query param|\?[a-z_]+=|request body/i],
];

function offences(text: string): { line: number; what: string; code: string }[] {
  const found: { line: number; what: string; code: string }[] = [];
  withoutComments(text)
    .split('\n')
    .forEach((code, k) => {
      for (const [what, re] of EDGE_WORDS) if (re.test(code)) found.push({ line: k + 1, what, code: code.trim() });
    });
  return found;
}

describe('core vocabulary', () => {
  it('the checker sees a flag in a string and ignores one in a comment', () => {
    expect(offences("throw ValidationError.field('--from', 'x');")).toHaveLength(1);
    expect(offences('throw new UsageError(`give --date or --hashprice`);')).toHaveLength(1);
    expect(offences("const m = 'the request body is empty';")).toHaveLength(1);
    expect(offences("// choose --from/--to\n/** names `--from` */\nconst x = 'from';")).toHaveLength(0);
    expect(offences('const a = 1 -- 2;')).toHaveLength(0);
  });

  it('no non-test core file names a CLI flag, a command or an HTTP word in a string', () => {
    const report: string[] = [];
    for (const folder of CORE) {
      for (const path of tsFiles(join(ROOT, 'src', folder))) {
        const rel = relative(ROOT, path);
        if (KNOWN_DISPATCH_OFFENDERS.has(rel)) continue;
        for (const o of offences(readFileSync(path, 'utf8'))) report.push(`${rel}:${o.line} (${o.what}): ${o.code}`);
      }
    }
    expect(report, report.join('\n')).toEqual([]);
  });

  it('lists only dispatch files as known offenders', () => {
    for (const rel of KNOWN_DISPATCH_OFFENDERS) expect(rel).toMatch(/^src\/dispatch\//);
  });
});
