/**
 * Finds the repository paths a comment or a markdown page cites and checks that they exist.
 * Pure apart from `existsSync`/`readFileSync`, so the rules can be tested on small strings.
 *
 * What counts as a citation (deliberately narrow, so a hit is a real stale reference):
 * - a token starting with a top-level folder: `src/…`, `docs/…`, `data/…`, `test/…`, `bench/…`,
 *   `scripts/…`, `examples/…`, `web/…` — not when glued to a `/`, `.`, `:` or word character
 *   before it, which keeps URLs and other projects' paths (`github.com/x/docs/y.md`) out;
 * - any other `.ts`/`.js` path (`dispatch/problem.ts`), resolved against `src/`, the citing file's
 *   folder or the root — so a folder renamed since (`sources/…`) is caught without a list of names;
 * - a path starting with `./` or `../` and ending in a known extension, resolved against the citing
 *   file's folder (in markdown, where it is usually quoted code, it need only stay inside the
 *   repository);
 * - in markdown, every link target `[text](target)` that is not a URL, with its `#anchor` checked
 *   against the target page's headings (a bare `#anchor` against the page itself).
 * A token with a placeholder (`bench/<name>.bench.ts`, `src/**`, `…`, `{a,b}`) is checked up to
 * the folder before it. Paths the build creates (`dist/`, `web/dist/`) are not required to exist.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Citation {
  /** Repository-relative file that cites, with `/` separators. */
  file: string;
  line: number;
  /** The path as written. */
  cited: string;
  /** Why it fails; undefined when it resolves. */
  problem?: 'missing' | 'outside the repository' | 'no such heading';
}

const TOP = ['src', 'docs', 'data', 'test', 'bench', 'scripts', 'examples', 'web'];
const BUILT = ['web/dist', 'dist'];
const PATH_CHARS = String.raw`[A-Za-z0-9_.\-/*<>{}…,]`;
// A comma may appear inside braces (`{sqlite,postgres}`) but usually ends a path in prose; braces are
// rare, so commas are cut below unless a `{` came first.
const ROOTED = new RegExp(String.raw`(?<![\w./:@\-])(?:${TOP.join('|')})/${PATH_CHARS}*`, 'g');
const SRC_RELATIVE = new RegExp(String.raw`(?<![\w./:@\-])[a-z][\w-]*/[A-Za-z0-9_.\-/]*\.(?:ts|js)\b`, 'g');
const DOT_RELATIVE = /(?<![\w./:@-])\.\.?\/[A-Za-z0-9_.\-/]+\.(?:ts|js|mjs|md|csv|json|yaml)\b/g;
const MD_LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

/** Trims prose punctuation and cuts at the first placeholder, keeping the folder before it. */
export function normaliseCited(token: string): string {
  let t = token;
  if (!t.includes('{')) t = t.split(',')[0] ?? t;
  const cut = t.search(/[*<>{}…]/);
  if (cut >= 0) t = t.slice(0, t.lastIndexOf('/', cut) + 1);
  return t.replace(/[.,]+$/, '');
}

const REGEX_MAY_FOLLOW = new Set<ts.SyntaxKind>([
  // After these a `/` divides; after anything else it starts a regular expression.
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.ExclamationToken,
]);

/**
 * Comments of a TypeScript/JavaScript file, each with the 1-based line it starts on. A token scan
 * rather than a parse (a parse of every file cost ~2 s): the scanner is told where a `/` starts a
 * regular expression and where a `}` resumes a template, the two places it cannot tell alone.
 */
export function tsComments(text: string): { line: number; text: string }[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const out: { line: number; text: string }[] = [];
  const templates: number[] = []; // open braces inside each `${…}` being scanned
  let previous: ts.SyntaxKind = ts.SyntaxKind.Unknown;
  let line = 1;
  let counted = 0;
  const lineAt = (pos: number) => {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) line++;
    counted = Math.max(counted, pos);
    return line;
  };
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      out.push({ line: lineAt(scanner.getTokenStart()), text: scanner.getTokenText() });
      continue;
    }
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !REGEX_MAY_FOLLOW.has(previous)) {
      kind = scanner.reScanSlashToken();
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      templates.push(0);
    } else if (kind === ts.SyntaxKind.OpenBraceToken && templates.length > 0) {
      templates[templates.length - 1]! += 1;
    } else if (kind === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      if (templates[templates.length - 1] === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else templates[templates.length - 1]! -= 1;
    }
    previous = kind;
  }
  return out;
}

/** Block comments of a CSS file. */
export function cssComments(text: string): { line: number; text: string }[] {
  return [...text.matchAll(/\/\*[\s\S]*?\*\//g)].map((m) => ({ line: text.slice(0, m.index).split('\n').length, text: m[0] }));
}

/** Paths cited in one chunk of text (a comment, or a whole markdown page) and their line offsets. */
export interface Cited {
  offsetLine: number;
  cited: string;
  kind: Kind;
  /** A markdown link's `#fragment`, checked against the target page's headings. */
  anchor?: string;
}

type Kind = 'rooted' | 'src' | 'relative' | 'quoted' | 'link';

export function citedIn(text: string, markdown: boolean): Cited[] {
  const out: Cited[] = [];
  const lineOf = (i: number) => text.slice(0, i).split('\n').length - 1;
  for (const m of text.matchAll(ROOTED)) out.push({ offsetLine: lineOf(m.index), cited: normaliseCited(m[0]), kind: 'rooted' });
  for (const m of text.matchAll(SRC_RELATIVE)) {
    if (TOP.includes(m[0].split('/')[0] ?? '')) continue; // already taken as a rooted path
    out.push({ offsetLine: lineOf(m.index), cited: m[0], kind: 'src' });
  }
  // In markdown a dot-relative path is nearly always quoted code (an import; pages cite by links),
  // so it only has to stay inside the repository.
  for (const m of text.matchAll(DOT_RELATIVE)) out.push({ offsetLine: lineOf(m.index), cited: m[0], kind: markdown ? 'quoted' : 'relative' });
  if (markdown) {
    for (const m of text.matchAll(MD_LINK)) {
      const [target = '', anchor] = (m[1] ?? '').split('#');
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      if (target === '' && anchor === undefined) continue;
      out.push({ offsetLine: lineOf(m.index), cited: decodeURI(target), kind: 'link', ...(anchor ? { anchor } : {}) });
    }
  }
  return out.filter((c) => (c.cited !== '' || c.anchor !== undefined) && !BUILT.some((b) => c.cited === b || c.cited.startsWith(`${b}/`)));
}

function candidates(root: string, fromFile: string, cited: string, kind: Kind): string[] {
  const here = dirname(join(root, fromFile));
  const bases = kind === 'rooted' ? [root, here] : kind === 'src' ? [join(root, 'src'), here, root] : [here];
  const paths = bases.map((b) => resolve(b, cited));
  // ESM imports name the compiled `.js`; a comment doing the same means the `.ts` beside it.
  return paths.flatMap((p) => (extname(p) === '.js' ? [p, `${p.slice(0, -3)}.ts`] : [p]));
}

/** Checks one citation; `problem` stays undefined when it resolves inside the repository. */
export function check(root: string, file: string, line: number, cited: string, kind: Kind, anchor?: string): Citation {
  const shown = anchor === undefined ? cited : `${cited}#${anchor}`;
  const paths = candidates(root, file, cited, kind);
  const inside = paths.filter((p) => p === root || p.startsWith(root + sep));
  if (inside.length === 0) return { file, line, cited: shown, problem: 'outside the repository' };
  if (kind === 'quoted') return { file, line, cited: shown };
  const found = inside.find((p) => existsSync(p));
  if (found === undefined) return { file, line, cited: shown, problem: 'missing' };
  if (anchor !== undefined && found.endsWith('.md') && !headingSlugs(readFileSync(found, 'utf8')).has(anchor)) {
    return { file, line, cited: shown, problem: 'no such heading' };
  }
  return { file, line, cited: shown };
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces → hyphens. */
export function headingSlugs(markdown: string): Set<string> {
  const slugs = new Set<string>();
  const counts = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = (m[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

/** Every citation in one file of the repository. */
export function citationsOf(root: string, file: string): Citation[] {
  const text = readFileSync(join(root, file), 'utf8');
  const markdown = file.endsWith('.md');
  const chunks = markdown ? [{ line: 1, text }] : file.endsWith('.css') ? cssComments(text) : tsComments(text);
  return chunks
    .flatMap((chunk) => citedIn(chunk.text, markdown).map((c) => check(root, file, chunk.line + c.offsetLine, c.cited === '' ? file.split('/').pop() ?? '' : c.cited, c.kind, c.anchor)))
    .sort((a, b) => a.line - b.line);
}

/** Files under `dir` (repository-relative) whose names end in one of `exts`. */
export function listFiles(root: string, dir: string, exts: string[]): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [dir];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(root, rel, exts));
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(rel);
  }
  return out.sort();
}

export function repoRelative(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}
