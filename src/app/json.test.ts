import { describe, expect, it } from 'vitest';
import { stringifyJson } from './json.js';

describe('stringifyJson', () => {
  it('writes satoshis as decimal strings and non-finite numbers as null, on both paths', () => {
    // No bigint: the native path.
    expect(stringifyJson({ a: NaN, b: [Infinity, -Infinity, 1.5], c: 'x' })).toBe('{"a":null,"b":[null,null,1.5],"c":"x"}');
    // A bigint deep inside: the replacer path, with the same treatment of the rest.
    expect(stringifyJson({ a: NaN, b: { fees_sat: 2_099_999_997_690_000n }, c: [Infinity] })).toBe('{"a":null,"b":{"fees_sat":"2099999997690000"},"c":[null]}');
    expect(stringifyJson({ x: 1n }, 2)).toBe('{\n  "x": "1"\n}');
  });

  it('does not hide other failures', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => stringifyJson(loop)).toThrow(/circular/i);
  });
});
