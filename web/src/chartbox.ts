/**
 * The dashboard's chart component: a line chart with its toolbar — range buttons (time series
 * open on the last 12 months so the current cycle is readable), a log toggle, CSV and PNG export
 * of what is shown — and a test hook in `window.__hashfloorCharts[id]` that reports the drawn
 * line's vertices and the labels' rectangles in page CSS pixels, so the e2e suite can check that
 * no label covers data.
 */
import type uPlot from 'uplot';
import type { AlignedData } from 'uplot';
import { lineChart, type ChartSpec } from './chart.js';
import { el } from './format.js';
import { csvLine, download, downloadText } from './export.js';

export type RangeKey = '3M' | '1Y' | '2Y' | '5Y' | 'halving' | 'all';
const RANGE_TEXT: Record<RangeKey, string> = { '3M': '3M', '1Y': '1Y', '2Y': '2Y', '5Y': '5Y', halving: 'since halving', all: 'All' };
const MONTHS: Partial<Record<RangeKey, number>> = { '3M': 3, '1Y': 12, '2Y': 24, '5Y': 60 };

export interface BoxOptions {
  /** Key in the test hook and the export file names. */
  id: string;
  /** Time series only: range buttons; `sinceX` is the last halving (unix s) for "since halving". */
  ranges?: { initial: RangeKey; sinceX?: number };
  /** Offer the log toggle (long views of quantities spanning decades). */
  logToggle?: boolean;
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
export interface ChartHook {
  /** Per series, the line's vertices in the visible x range (page CSS px, from uPlot's valToPos). */
  vertices(): { x: number; y: number }[][];
  /** Every text label drawn on or beside the plot. */
  labels(): (Rect & { text: string })[];
  /** The x scale (unix s for time series). */
  xRange(): { min: number; max: number };
  /** First and last x of the data. */
  extent(): { first: number; last: number };
  range(): RangeKey | null;
}

declare global {
  interface Window {
    __hashfloorCharts?: Record<string, ChartHook>;
  }
}

/** Unix seconds `months` calendar months before `x` (UTC). */
export function monthsBefore(x: number, months: number): number {
  const d = new Date(x * 1000);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime() / 1000;
}

export function rangeMin(key: RangeKey, first: number, last: number, sinceX?: number): number {
  const m = MONTHS[key];
  const min = m !== undefined ? monthsBefore(last, m) : key === 'halving' ? (sinceX ?? first) : first;
  return Math.max(first, min);
}

const isoDay = (unixS: number): string => new Date(unixS * 1000).toISOString().slice(0, 10);

function rectOf(e: Element): Rect {
  const r = e.getBoundingClientRect();
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
}

/** Each host's current box: a panel redrawing its chart (unit or mode switch, new data) removes the old plot first. */
const removeBox = new WeakMap<HTMLElement, () => void>();

/** Draws the chart and its toolbar into `host` (replacing what was there). */
export function chartBox(
  host: HTMLElement,
  spec: ChartSpec,
  data: AlignedData,
  opts: BoxOptions,
): { plot(): uPlot; onChange(fn: (range: RangeKey | null, logY: boolean) => void): void } {
  removeBox.get(host)?.();
  host.replaceChildren();
  host.classList.add('chartbox');
  const bar = el('div', { class: 'toolbar', role: 'toolbar' });
  const chartHost = el('div', { 'data-testid': `chart-${opts.id}` });
  host.append(bar, chartHost);
  host.dataset.points = String(data[0].length);
  const xs = data[0] as number[];
  const first = xs[0] ?? 0;
  // Ranges end at the last x with a value: trailing days of one input only (price-only days) draw nothing.
  let lastI = xs.length - 1;
  while (lastI > 0 && data.slice(1).every((col) => col[lastI] === null || col[lastI] === undefined)) lastI--;
  const last = xs[lastI] ?? 0;
  let current: RangeKey | null = opts.ranges?.initial ?? null;
  let logY = spec.logY ?? false;
  let plot: uPlot;
  const listeners: ((range: RangeKey | null, logY: boolean) => void)[] = [];
  const changed = () => listeners.forEach((fn) => fn(current, logY));

  const buttons = new Map<RangeKey, HTMLButtonElement>();
  const applyRange = () => {
    if (!current) return;
    plot.setScale('x', { min: rangeMin(current, first, last, opts.ranges?.sinceX), max: last });
    for (const [k, b] of buttons) b.setAttribute('aria-pressed', String(k === current));
    chartHost.dataset.range = current;
  };
  let chart: ReturnType<typeof lineChart> | undefined;
  const draw = () => {
    chart?.destroy();
    chartHost.replaceChildren();
    chart = lineChart(chartHost, { ...spec, logY }, data);
    plot = chart.plot;
    chartHost.dataset.log = String(logY);
    applyRange();
  };

  if (opts.ranges) {
    const group = el('span', { class: 'seg', role: 'group', 'aria-label': 'time range' });
    for (const key of Object.keys(RANGE_TEXT) as RangeKey[]) {
      if (key === 'halving' && opts.ranges.sinceX === undefined) continue;
      const b = el('button', { type: 'button', 'data-range': key, 'aria-pressed': 'false' }, RANGE_TEXT[key]);
      b.addEventListener('click', () => {
        current = key;
        applyRange();
        changed();
      });
      buttons.set(key, b);
      group.append(b);
    }
    bar.append(group);
  }
  if (opts.logToggle) {
    const box = el('input', { type: 'checkbox', 'data-testid': `log-${opts.id}` });
    box.checked = logY;
    box.addEventListener('change', () => {
      logY = box.checked;
      draw();
      changed();
    });
    const label = el('label', { class: 'tool' });
    label.append(box, ' log');
    bar.append(label);
  }
  const csv = el('button', { type: 'button', class: 'tool', 'data-testid': `csv-${opts.id}` }, 'CSV');
  csv.addEventListener('click', () => {
    const { min, max } = hook.xRange();
    const head = [spec.xIsTime === false ? (spec.xField ?? spec.xLabel ?? 'x') : 'date', ...spec.series.map((s) => s.field ?? s.label)];
    const lines = [csvLine(head)];
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      if (x < min || x > max) continue;
      lines.push(csvLine([spec.xIsTime === false ? x : isoDay(x), ...data.slice(1).map((col) => (col as (number | null)[])[i])]));
    }
    downloadText(`hashfloor-${opts.id}.csv`, lines.join('\n') + '\n');
  });
  const png = el('button', { type: 'button', class: 'tool', 'data-testid': `png-${opts.id}` }, 'PNG');
  png.addEventListener('click', () => download(`hashfloor-${opts.id}.png`, plot.ctx.canvas.toDataURL('image/png')));
  bar.append(csv, png);

  const hook: ChartHook = {
    vertices() {
      const o = plot.over.getBoundingClientRect();
      const { min, max } = hook.xRange();
      return spec.series.map((s, si) => {
        const ys = data[si + 1] as (number | null)[];
        const out: { x: number; y: number }[] = [];
        for (let i = 0; i < xs.length; i++) {
          const x = xs[i] as number;
          const y = ys[i];
          if (x < min || x > max || y === null || y === undefined || !Number.isFinite(y) || (logY && y <= 0)) continue;
          const px = o.left + plot.valToPos(x, 'x');
          const prev = out.at(-1);
          // A step holds the previous value up to this x (chart.ts): its corner is a vertex of the drawn line.
          if (s.stepped && prev) out.push({ x: px, y: prev.y });
          out.push({ x: px, y: o.top + plot.valToPos(y, s.scale ?? 'y') });
        }
        return out;
      });
    },
    labels: () => [...host.querySelectorAll('.chart-label')].map((e) => ({ ...rectOf(e), text: e.textContent ?? '' })),
    xRange: () => ({ min: plot.scales.x?.min ?? first, max: plot.scales.x?.max ?? last }),
    extent: () => ({ first, last }),
    range: () => current,
  };
  (window.__hashfloorCharts ??= {})[opts.id] = hook;
  draw();
  removeBox.set(host, () => chart?.destroy());
  return { plot: () => plot, onChange: (fn) => listeners.push(fn) };
}
