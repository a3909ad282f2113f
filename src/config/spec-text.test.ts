/** Spec text bounds: the nesting pre-scan counted by hand on small documents, and the decode results. */
import { describe, expect, it } from 'vitest';
import { decodeSpecText, MAX_SPEC_CHARS, MAX_SPEC_DEPTH, specBoundsIssue, specNestingDepth } from './spec-text.js';

describe('specNestingDepth, counted by hand', () => {
  it('block nesting: one level per indentation step, one per sequence marker', () => {
    expect(specNestingDepth('')).toBe(0);
    expect(specNestingDepth('a: 1')).toBe(1);
    expect(specNestingDepth('a: 1\nb: 2\n')).toBe(1);
    expect(specNestingDepth('a:\n  b: 1\n')).toBe(2);
    expect(specNestingDepth('a:\n  b:\n    c: 1\nd: 2\n')).toBe(3);
    expect(specNestingDepth('a:\n  b:\n    c: 1\n  d: 2\n  e: 3\n')).toBe(3); // back out: levels pop
    expect(specNestingDepth('a:\n  - x\n')).toBe(3);
    expect(specNestingDepth('- - - x\n')).toBe(4);
    expect(specNestingDepth('-  x\n')).toBe(2); // spaces after the marker are the marker's
    expect(specNestingDepth('-x: 1\n')).toBe(1); // no space: a plain scalar, not a marker
  });

  it('blank and comment-only lines do not count; CRLF lines do', () => {
    expect(specNestingDepth('a:\n\n      # deep comment\n  b: 1\n')).toBe(2);
    expect(specNestingDepth('a:\r\n  b: 1\r\n')).toBe(2);
    expect(specNestingDepth('      \n')).toBe(0);
  });

  it('flow brackets add to the block depth of their line, across lines too', () => {
    expect(specNestingDepth('a: [1, {b: 2}]')).toBe(3);
    expect(specNestingDepth('a: [1]\nb: [2]')).toBe(2); // closed brackets do not carry over
    expect(specNestingDepth('a: [\n  [1]]\n')).toBe(3);
    expect(specNestingDepth('a: ]] [')).toBe(2); // an unmatched closer is ignored
    expect(specNestingDepth('a:\n  b: {c: [1]}\n')).toBe(4);
  });

  it('brackets in quoted strings and comments are text; a quote inside a plain scalar opens nothing', () => {
    expect(specNestingDepth('a: "[[["')).toBe(1);
    expect(specNestingDepth("a: '[[['")).toBe(1);
    expect(specNestingDepth('a: "\\"[[" ')).toBe(1); // an escaped quote does not close
    expect(specNestingDepth("a: '\\' [")).toBe(2); // no escapes in single quotes: the quote closes, then [
    expect(specNestingDepth('a: 1 # [[[')).toBe(1);
    expect(specNestingDepth('# [[[\na: 1')).toBe(1);
    expect(specNestingDepth('a: x#[[')).toBe(3); // # without a space before it is text
    expect(specNestingDepth("a: it's [x]")).toBe(2);
    expect(specNestingDepth('a: ["[", x]')).toBe(2); // after [ a quote opens
    expect(specNestingDepth("a: {b: 'c'}\nd: [e]")).toBe(2);
    expect(specNestingDepth('a: "x\n[[["\nb: 1')).toBe(1); // a quoted scalar over lines
  });

  it('line starts: a blank CRLF line, a comment or trailing spaces leave the levels of the lines around them', () => {
    expect(specNestingDepth('a:\r\n  b:\r\n\r\n    c: 1')).toBe(3); // a blank \r\n line pops nothing
    expect(specNestingDepth('a:\n  b:\n# c\n    c: 1\n')).toBe(3); // a comment at column 0 pops nothing
    expect(specNestingDepth('# empty\n')).toBe(0);
    expect(specNestingDepth('a: 1\n  ')).toBe(1); // spaces at the end of the text are no line
    expect(specNestingDepth('a:\n  b: 1\n    ')).toBe(2);
    expect(specNestingDepth('a:\n  b: "x\n        y"\n')).toBe(2); // the indented tail of a quoted scalar is no level
  });

  it('sequence markers: "-" then a newline opens an item, "-" then text does not, spaces after a marker belong to it', () => {
    expect(specNestingDepth('a:\n  -\n')).toBe(3); // an item whose value starts on the next line
    expect(specNestingDepth('a: 1\n-b: 2\n')).toBe(1);
    expect(specNestingDepth('a:\n  -b\n')).toBe(2);
    expect(specNestingDepth('-  - x\n')).toBe(3);
    expect(specNestingDepth('a:\n  -  - x\n')).toBe(4);
  });

  it('quotes: a double-quoted string closes at its quote; a quote at the very start opens a string', () => {
    expect(specNestingDepth('a: "ab" [x]')).toBe(2);
    expect(specNestingDepth('"[[": 1')).toBe(1);
  });

  it('stops counting past the limit', () => {
    expect(specNestingDepth('a: [[[[[[[[]]]]]]]]', 3)).toBe(4);
    expect(specNestingDepth('a:\n b:\n  c:\n   d:\n    e: 1\n', 3)).toBe(4);
    expect(specNestingDepth('a: [[[[[[[[]]]]]]]]')).toBe(9);
    // past the limit on a line that ends in a comment: the next, deeper line is not read
    expect(specNestingDepth('- - - # c\n- - - - - x\n', 3)).toBe(4);
  });
});

describe('specBoundsIssue and decodeSpecText', () => {
  it('at most MAX_SPEC_DEPTH levels and MAX_SPEC_CHARS characters', () => {
    expect(MAX_SPEC_DEPTH).toBe(64);
    expect(specBoundsIssue(`a: ${'['.repeat(63)}${']'.repeat(63)}`)).toBeUndefined();
    expect(specBoundsIssue(`a: ${'['.repeat(64)}${']'.repeat(64)}`)?.path).toBe('(document)');
    expect(specBoundsIssue(`a: "${'x'.repeat(MAX_SPEC_CHARS - 5)}"`)).toBeUndefined();
    expect(specBoundsIssue(`a: "${'x'.repeat(MAX_SPEC_CHARS - 4)}"`)?.path).toBe('(document)');
  });

  it('decodes YAML and JSON; a syntax error names its line; bounds are checked first', () => {
    expect(decodeSpecText('a: 1\nb: [x, y]\n')).toEqual({ ok: true, value: { a: 1, b: ['x', 'y'] } });
    expect(decodeSpecText('{"a": {"b": 2}}')).toEqual({ ok: true, value: { a: { b: 2 } } });
    const bad = decodeSpecText('a: 1\nb: [x\nc: 2\n');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]!.path).toMatch(/^\(line [0-9]+\)$/);
    const deep = decodeSpecText(`a: ${'['.repeat(100)}`);
    expect(!deep.ok && deep.errors).toEqual([expect.objectContaining({ path: '(document)' })]);
  });

  it('an alias used before its anchor, or expanded too often, is a document error', () => {
    const early = decodeSpecText('a: *x\nb: &x 1\n');
    expect(!early.ok && early.errors.map((e) => e.path)).toEqual(['(document)']);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${new Array(9).fill(`*${'abcd'[i]}`).join(', ')}]`)];
    const r = decodeSpecText(bomb.join('\n'));
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['(document)']);
    expect(decodeSpecText('a: &x [1]\nb: *x\n')).toEqual({ ok: true, value: { a: [1], b: [1] } });
  });
});
