/**
 * Decodes spec text (YAML, of which JSON is a subset) for every spec parser of this folder, with
 * bounds checked before the YAML parser sees it: a 40 KB document of 20,000 nested brackets made
 * the parser's error formatting exhaust V8's heap (an uncatchable crash of `serve`), and an alias
 * bomb expands a few hundred bytes into millions of nodes. Both are refused as ordinary bad input.
 */
import { parseDocument } from 'yaml';
import type { ValidationIssue } from '../errors.js';
import type { Result } from './result.js';

/** Largest spec accepted, in UTF-16 code units (≈ bytes for the ASCII a spec is written in). */
export const MAX_SPEC_CHARS = 1024 * 1024;
/** Deepest nesting accepted; real specs nest 3–4 levels. */
export const MAX_SPEC_DEPTH = 64;
/** Alias expansions accepted per document (the yaml package's default is 100). */
const MAX_ALIAS_COUNT = 100;

/**
 * How deep `text` nests, over-estimated cheaply in one pass: flow brackets (outside quotes and
 * comments) plus the block indentation levels and `- ` sequence markers of the current line.
 * Stops counting once past `limit`.
 */
export function specNestingDepth(text: string, limit = MAX_SPEC_DEPTH): number {
  let max = 0;
  let flow = 0;
  let quote: '"' | "'" | null = null;
  const indents: number[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    // At a line start (outside a multi-line flow/quoted scalar): measure block depth.
    if (flow === 0 && quote === null) {
      let col = 0;
      while (i + col < n && text[i + col] === ' ') col++;
      const ch = text[i + col];
      if (ch !== '\n' && ch !== '\r' && ch !== '#' && ch !== undefined) {
        while (indents.length && (indents.at(-1) as number) >= col) indents.pop();
        indents.push(col);
        while (text[i + col] === '-' && (text[i + col + 1] === ' ' || text[i + col + 1] === '\n')) {
          col += 2;
          while (text[i + col] === ' ') col++;
          indents.push(col);
        }
        max = Math.max(max, indents.length);
      }
      i += col;
    }
    for (; i < n; i++) {
      const ch = text[i];
      if (ch === '\n') {
        i++;
        break;
      }
      if (quote !== null) {
        if (ch === '\\' && quote === '"') i++;
        else if (ch === quote) quote = null;
        continue;
      }
      if (ch === '"' || ch === "'") {
        // A quote inside a plain scalar (it's, 5'10") is text, not the start of a quoted string.
        const prev = text[i - 1];
        if (prev === undefined || ' \t[{,:-\n'.includes(prev)) quote = ch;
      } else if (ch === '#' && (i === 0 || ' \t\n'.includes(text[i - 1] as string))) {
        while (i < n && text[i] !== '\n') i++;
        i++;
        break;
      } else if (ch === '[' || ch === '{') {
        flow++;
        max = Math.max(max, indents.length + flow);
      } else if ((ch === ']' || ch === '}') && flow > 0) flow--;
      if (max > limit) return max;
    }
    if (max > limit) return max;
  }
  return max;
}

/** The issue that makes `text` too large or too deep to parse, if any: checked before any parser runs. */
export function specBoundsIssue(text: string): ValidationIssue | undefined {
  if (text.length > MAX_SPEC_CHARS) return { path: '(document)', message: `is ${text.length} characters; a spec may have at most ${MAX_SPEC_CHARS}` };
  if (specNestingDepth(text) > MAX_SPEC_DEPTH)
    return { path: '(document)', message: `nests deeper than ${MAX_SPEC_DEPTH} levels; a spec nests a few (sites → lots → fields)` };
  return undefined;
}

/** The decoded value of spec text, or issues naming the line (syntax) or the limit broken. */
export function decodeSpecText(text: string): Result<unknown> {
  const bounds = specBoundsIssue(text);
  if (bounds) return { ok: false, errors: [bounds] };
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({ path: `(line ${(e.linePos?.[0].line ?? 0) || '?'})`, message: e.message.split('\n')[0] ?? e.message })),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    // The yaml package throws a ReferenceError for an alias bomb and for an alias used before its anchor.
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      errors: [
        {
          path: '(document)',
          message: /alias/i.test(message)
            ? `${message} (YAML anchors and aliases: at most ${MAX_ALIAS_COUNT} expansions, each anchor set before use)`
            : message,
        },
      ],
    };
  }
}
