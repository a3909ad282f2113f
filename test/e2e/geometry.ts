/** Plane geometry for the e2e label checks: does a label's rectangle cover any part of a line? */

export interface Pt {
  x: number;
  y: number;
}
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const inside = (p: Pt, r: Box): boolean => p.x >= r.left && p.x <= r.right && p.y >= r.top && p.y <= r.bottom;

/** Liang–Barsky clip: true when any part of segment a→b lies in r. */
export function segmentHitsBox(a: Pt, b: Pt, r: Box): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, a.x - r.left],
    [dx, r.right - a.x],
    [-dy, a.y - r.top],
    [dy, r.bottom - a.y],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

/** Each label that contains a vertex or is crossed by a segment of any line, with what it hit. */
export function labelsOverData<L extends Box>(labels: L[], lines: Pt[][]): { label: L; at: Pt }[] {
  const hits: { label: L; at: Pt }[] = [];
  for (const label of labels) {
    outer: for (const line of lines) {
      for (let i = 0; i < line.length; i++) {
        const p = line[i] as Pt;
        const q = line[i + 1];
        if (inside(p, label) || (q && segmentHitsBox(p, q, label))) {
          hits.push({ label, at: p });
          break outer;
        }
      }
    }
  }
  return hits;
}
