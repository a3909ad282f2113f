import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, citationsOf, citedIn, headingSlugs, listFiles, normaliseCited, tsComments } from './cited-paths.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** The files whose comments (code) or text (markdown) must cite only paths that exist. */
function scannedFiles(): string[] {
  return [
    ...['src', 'test', 'bench', 'scripts', 'web/src'].flatMap((dir) => listFiles(root, dir, ['.ts', '.mjs', '.css'])),
    ...listFiles(root, 'docs', ['.md']),
    'README.md',
  ];
}

describe('every path a comment or a doc cites exists', () => {
  it('in src/, test/, bench/, scripts/, web/src/, docs/ and README.md', () => {
    const citations = scannedFiles().flatMap((file) => citationsOf(root, file));
    const bad = citations.filter((c) => c.problem !== undefined).map((c) => `${c.file}:${c.line} → ${c.cited} (${c.problem})`);
    expect(bad, `cited paths that do not resolve inside the repository:\n${bad.join('\n')}`).toEqual([]);
    // A scanner that finds nothing would pass every tree; the repository cites hundreds of paths.
    expect(citations.length).toBeGreaterThan(300);
  });
});

describe('the citation scanner', () => {
  const cited = (text: string, markdown = false) => citedIn(text, markdown).map((c) => c.cited);

  it('finds rooted, src-relative, dot-relative paths and markdown links', () => {
    expect(cited('// see src/ports/store.ts and docs/dispatch.md, then data/SOURCES.md.')).toEqual(['src/ports/store.ts', 'docs/dispatch.md', 'data/SOURCES.md']);
    expect(cited('(dispatch/problem.ts)')).toEqual(['dispatch/problem.ts']);
    expect(cited('as in ../units/sat.ts')).toEqual(['../units/sat.ts']);
    expect(cited('read [the notes](hashprice.md#formulas) or [x](https://example.com/docs/x.md)', true)).toEqual(['hashprice.md']);
    expect(citedIn("`load: () => import('./name.js')`", true).map((c) => c.kind)).toEqual(['quoted']);
  });

  it('ignores URLs and other projects’ paths glued to a host or a folder', () => {
    expect(cited('https://github.com/owner/repo/blob/main/docs/x.md and owner/docs/y.md')).toEqual([]);
    expect(cited('../shared/STYLE.md')).toEqual(['../shared/STYLE.md']);
  });

  it('checks a placeholder path up to the folder before it', () => {
    expect(normaliseCited('bench/<name>.bench.ts')).toBe('bench/');
    expect(normaliseCited('src/store/{sqlite,postgres}')).toBe('src/store/');
    expect(normaliseCited('src/sources/…')).toBe('src/sources/');
    expect(normaliseCited('src/units,')).toBe('src/units');
  });

  it('reports missing files, renamed folders and paths leaving the repository', () => {
    expect(check(root, 'src/x.ts', 1, 'src/ports/store.ts', 'rooted').problem).toBeUndefined();
    expect(check(root, 'src/x.ts', 1, 'src/sources/', 'rooted').problem).toBe('missing');
    expect(check(root, 'src/cli/x.ts', 1, 'app/services.js', 'src').problem).toBeUndefined();
    expect(check(root, 'src/cli/x.ts', 1, 'sources/spec-file.ts', 'src').problem).toBe('missing');
    expect(check(root, 'docs/x.md', 1, '../../shared/DOMAIN.md', 'link').problem).toBe('outside the repository');
    expect(check(root, 'docs/x.md', 1, './name.js', 'quoted').problem).toBeUndefined();
    expect(check(root, 'README.md', 1, '../shared/STYLE.md', 'quoted').problem).toBe('outside the repository');
  });

  it('checks a link’s #anchor against the headings of the page it names', () => {
    expect([...headingSlugs('# A\n## How origins merge\n```\n# not a heading\n```\n## `security-budget`\n## A')]).toEqual(['a', 'how-origins-merge', 'security-budget', 'a-1']);
    expect(check(root, 'docs/x.md', 1, 'store.md', 'link', 'how-origins-merge').problem).toBeUndefined();
    expect(check(root, 'docs/x.md', 1, 'store.md', 'link', 'how-origins-mix').problem).toBe('no such heading');
    expect(citedIn('see [below](#limits)', true)).toEqual([{ offsetLine: 0, cited: '', kind: 'link', anchor: 'limits' }]);
  });

  it('reads comments, not strings, regular expressions or templates', () => {
    const src = [
      "const url = 'see src/nope.ts'; // but src/yes.ts",
      'const re = /\\/\\/ src\\/no.ts/g; /* block: docs/a.md */',
      'const t = `${a}/${b} // not src/t.ts ${ {x: 1}.x }`; // after docs/b.md',
      'const half = 4 / 2; // docs/c.md',
    ].join('\n');
    const comments = tsComments(src);
    expect(comments.map((c) => c.line)).toEqual([1, 2, 3, 4]);
    expect(comments.flatMap((c) => cited(c.text))).toEqual(['src/yes.ts', 'docs/a.md', 'docs/b.md', 'docs/c.md']);
  });
});
