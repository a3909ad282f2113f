/** The one rule for numbers typed as text (CLI flags, query parameters), and how it reads. */
import { describe, expect, it } from 'vitest';
import { describeNumberRule, numberFromText, numberTextMessage } from './number-text.js';

describe('numberFromText', () => {
  it('takes plain decimals, trimmed; not hex, binary, Infinity or blanks', () => {
    expect(['50', ' 50 ', '-1.5', '0', '1e3'].map((t) => numberFromText(t))).toEqual([50, 50, -1.5, 0, 1000]);
    for (const t of ['0x10', '0b1', 'Infinity', '', '  ', 'abc', '1,000']) expect(numberFromText(t), t).toBeUndefined();
  });

  it('bounds: min inclusive unless exclusive, max inclusive, whole numbers when asked', () => {
    expect([numberFromText('0', { min: 0 }), numberFromText('-0.1', { min: 0 })]).toEqual([0, undefined]);
    expect([numberFromText('0', { min: 0, exclusiveMin: true }), numberFromText('0.1', { min: 0, exclusiveMin: true })]).toEqual([undefined, 0.1]);
    expect([numberFromText('100', { max: 100 }), numberFromText('100.5', { max: 100 })]).toEqual([100, undefined]);
    expect([numberFromText('840000', { integer: true }), numberFromText('1.5', { integer: true }), numberFromText('1e300', { integer: true })]).toEqual([
      840_000,
      undefined,
      undefined,
    ]);
    expect(numberFromText('7', { min: 0, max: 10, integer: true })).toBe(7);
  });
});

describe('how a rule reads in messages', () => {
  it('names the kind and the bounds it has', () => {
    expect(describeNumberRule({})).toBe('a number');
    expect(describeNumberRule({ integer: true, min: 0, max: 100 })).toBe('a whole number ≥ 0 and ≤ 100');
    expect(describeNumberRule({ min: 0, exclusiveMin: true })).toBe('a number > 0');
    expect(describeNumberRule({ max: 5 })).toBe('a number ≤ 5');
  });

  it('a message names the field in the edge’s words, the rule, an example when given, and the text', () => {
    expect(numberTextMessage('abc', '--height', { integer: true, min: 0, example: '--height 840000' })).toBe(
      '--height must be a whole number ≥ 0 (e.g. --height 840000), got "abc"',
    );
    expect(numberTextMessage('x', 'price')).toBe('price must be a number, got "x"');
  });
});
