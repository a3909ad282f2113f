import { describe, expect, it } from 'vitest';
import { labelsOverData, segmentHitsBox } from './geometry.js';

const box = { left: 10, top: 10, right: 20, bottom: 20 };

describe('label/line geometry', () => {
  it('finds a segment crossing a box with both ends outside', () => {
    expect(segmentHitsBox({ x: 0, y: 15 }, { x: 30, y: 15 }, box)).toBe(true);
    expect(segmentHitsBox({ x: 0, y: 0 }, { x: 30, y: 30 }, box)).toBe(true);
  });
  it('passes a segment beside or short of the box', () => {
    expect(segmentHitsBox({ x: 0, y: 25 }, { x: 30, y: 25 }, box)).toBe(false);
    expect(segmentHitsBox({ x: 0, y: 15 }, { x: 9, y: 15 }, box)).toBe(false);
    expect(segmentHitsBox({ x: 0, y: 9 }, { x: 30, y: 0 }, box)).toBe(false);
  });
  it('reports the labels over a line, and only those', () => {
    const far = { left: 100, top: 100, right: 120, bottom: 110 };
    const hits = labelsOverData(
      [box, far],
      [
        [
          { x: 15, y: 0 },
          { x: 15, y: 40 },
        ],
      ],
    );
    expect(hits.map((h) => h.label)).toEqual([box]);
    expect(labelsOverData([far], [[{ x: 105, y: 105 }]])).toHaveLength(1);
  });
});
