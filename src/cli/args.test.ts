import { describe, expect, it } from 'vitest';
import { catchError } from '../../test/helpers/catch-error.js';
import type { AppError } from '../errors.js';
import { parseNumberText } from './args.js';

describe('parseNumberText', () => {
  it('takes plain decimals, padded or not', () => {
    expect(['49.5', ' 12 ', '-3', '1e3'].map((t) => parseNumberText(t, '--hashprice'))).toEqual([49.5, 12, -3, 1000]);
  });
  it('rejects hex, binary, Infinity and the empty string with one message naming the flag', () => {
    for (const t of ['0x10', '0b1', 'Infinity', '']) {
      const e = catchError(() => parseNumberText(t, '--hashprice', { min: 0 })) as AppError;
      expect(e.code).toBe('USAGE');
      expect(e.message).toBe(`--hashprice must be a number ≥ 0, got "${t}"`);
    }
  });
});
