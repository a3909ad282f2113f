/**
 * Tornado chart: for each driver, the decision metric with the driver set low and high, drawn as
 * a horizontal bar from the low to the high value around the base (vertical line); drivers sorted
 * by swing, widest on top. Plain DOM bars: a handful of rows, labelled and testable.
 */
import { el } from './format.js';

export interface TornadoBar {
  driver: string;
  low_label: string;
  high_label: string;
  low_usd: number;
  high_usd: number;
  swing_usd: number;
}

export function tornadoChart(bars: readonly TornadoBar[], base_usd: number, money: (v: number) => string): HTMLElement {
  const root = el('div', { class: 'tornado', 'data-testid': 'tornado' });
  const values = [base_usd, ...bars.flatMap((b) => [b.low_usd, b.high_usd])];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const at = (v: number) => ((v - lo) / (hi - lo || 1)) * 100;
  for (const b of [...bars].sort((p, q) => q.swing_usd - p.swing_usd)) {
    const row = el('div', { class: 'trow', 'data-driver': b.driver });
    row.append(el('span', { class: 'tlabel' }, b.driver));
    const track = el('div', { class: 'ttrack' });
    // Each half of the bar runs from the base to one end; colour says which setting it is.
    for (const [v, cls, label] of [
      [b.low_usd, 'tlow', b.low_label],
      [b.high_usd, 'thigh', b.high_label],
    ] as const) {
      const seg = el('i', { class: cls });
      seg.style.left = `${Math.min(at(v), at(base_usd))}%`;
      seg.style.width = `${Math.abs(at(v) - at(base_usd))}%`;
      seg.title = `${b.driver} ${label}: ${money(v)}`;
      track.append(seg);
    }
    const baseLine = el('b');
    baseLine.style.left = `${at(base_usd)}%`;
    track.append(baseLine);
    row.append(track, el('span', { class: 'tval mut' }, `${money(b.low_usd)} … ${money(b.high_usd)}`));
    root.append(row);
  }
  const legend = el('p', { class: 'mut small' });
  legend.append(el('i', { class: 'swatch tlow' }), ' driver low  ', el('i', { class: 'swatch thigh' }), ` driver high  | base ${money(base_usd)}`);
  root.append(legend);
  return root;
}
