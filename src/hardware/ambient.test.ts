import { describe, expect, it } from 'vitest';
import { ambientDerate } from './ambient.js';

describe('ambient derate (S21 firmware, BTCWire measurements)', () => {
  it('keeps an air-cooled machine whole to 40 °C, at 440/490 = 89.8% to 47 °C, and off above', () => {
    expect([undefined, 25, 40, 40.5, 45, 47, 47.5, 50].map((t) => ambientDerate('air', t))).toEqual([1, 1, 1, 440 / 490, 440 / 490, 440 / 490, 0, 0]);
    expect(ambientDerate('air', 45)).toBeCloseTo(0.898, 3);
  });

  it('leaves hydro- and immersion-cooled machines not derated at any room temperature', () => {
    expect([ambientDerate('hydro', 50), ambientDerate('immersion', 50), ambientDerate('hydro', 45)]).toEqual([1, 1, 1]);
  });
});
