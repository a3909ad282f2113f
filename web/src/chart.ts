/**
 * uPlot wrapper: theme colours from CSS variables (light and dark), resizes with its container,
 * optional log y scale, vertical markers (halvings) and point notes (record lows) drawn as DOM
 * elements over the plot so they stay crisp, selectable and testable.
 */
import uPlot, { type AlignedData, type Options, type Series } from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Marker {
  x: number;
  label: string;
  /** Shown instead of `label` on a narrow plot (e.g. just the year). */
  short?: string;
}
export interface Note {
  x: number;
  y: number;
  label: string;
}

export interface ChartSpec {
  title?: string;
  /** Unix seconds on x unless `xIsTime` is false. */
  xIsTime?: boolean;
  xLabel?: string;
  yLabel: string;
  logY?: boolean;
  series: { label: string; color?: string; width?: number; scale?: string; dash?: number[]; fill?: string; stepped?: boolean }[];
  /** A second y axis on the right for series with scale 'y2'. */
  y2Label?: string;
  markers?: Marker[];
  notes?: Note[];
  height?: number;
}

export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** Compact tick labels: 1.5k, 2M, 3T, and 1e-6 for tiny values on log axes. */
export function tickText(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a < 0.01) return v.toExponential(0);
  if (a < 1000) return String(Number(v.toPrecision(3)));
  for (const [div, suf] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) if (a >= div) return `${Number((v / div).toPrecision(3))}${suf}`;
  return String(v);
}

export const PALETTE = ['--c1', '--c2', '--c3', '--c4', '--c5'];

/** Rough width (px) of a label in the 0.72rem overlay font: enough to keep labels apart. */
const labelWidth = (text: string): number => 6.5 * text.length + 8;
/** Below this plot width the note labels would pile up: notes keep their dot and tooltip only. */
const NARROW_PX = 420;

function span(text: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.textContent = text;
  return s;
}

function overlayPlugin(markers: Marker[], notes: Note[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const over = u.over;
        const width = over.clientWidth;
        over.querySelectorAll('.marker, .note').forEach((n) => n.remove());
        // Right to left, so that when labels crowd the latest marker keeps its label.
        let nextLabelStart = Infinity;
        for (const m of [...markers].sort((a, b) => b.x - a.x)) {
          const left = u.valToPos(m.x, 'x');
          if (left < 0 || left > width) continue;
          const d = document.createElement('div');
          d.className = 'marker';
          d.dataset.label = m.label;
          d.style.left = `${left}px`;
          d.title = m.label;
          // Labels that would cross the right edge extend leftwards; a label that would overlap
          // its right neighbour's is dropped (the line and its tooltip stay).
          const text = width < NARROW_PX ? (m.short ?? m.label) : m.label;
          const w = labelWidth(text);
          const flip = left + w > width;
          const start = flip ? left - w : left;
          if (start + w < nextLabelStart && start >= 0) {
            nextLabelStart = start;
            if (flip) d.classList.add('flip');
            d.append(span(text));
          }
          over.appendChild(d);
        }
        for (const [i, n] of notes.entries()) {
          const left = u.valToPos(n.x, 'x');
          const top = u.valToPos(n.y, 'y');
          if (left < 0 || left > width || !Number.isFinite(top)) continue;
          const d = document.createElement('div');
          d.className = 'note';
          d.dataset.label = n.label;
          d.style.left = `${left}px`;
          d.style.top = `${top}px`;
          // Labels near the right edge extend leftwards so they never widen the page.
          if (left > width * 0.7) d.classList.add('flip');
          if (i % 2 === 1) d.classList.add('alt'); // neighbours alternate above/below
          d.title = n.label;
          d.append(document.createElement('i'));
          if (width >= NARROW_PX) d.append(span(n.label));
          over.appendChild(d);
        }
      },
    },
  };
}

/** Draws a chart into `host`; returns a function that replaces its data. */
export function lineChart(host: HTMLElement, spec: ChartSpec, data: AlignedData): { setData(d: AlignedData): void; plot: uPlot } {
  host.classList.add('chart');
  const timeAxis = { stroke: cssVar('--mut'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
  const axis = { values: (_u: uPlot, ticks: number[]) => ticks.map(tickText), stroke: cssVar('--mut'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
  // Log axes get a tick at every 1..9 × 10ⁿ; label only the powers of ten.
  const logAxis = { ...axis, values: (_u: uPlot, ticks: number[]) => ticks.map((v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? tickText(v) : '')) };
  const series: Series[] = [
    {},
    ...spec.series.map((s, i) => ({
      label: s.label,
      stroke: s.color ?? cssVar(PALETTE[i % PALETTE.length] ?? '--c1'),
      width: s.width ?? 1.5,
      scale: s.scale ?? 'y',
      ...(s.dash ? { dash: s.dash } : {}),
      ...(s.fill ? { fill: s.fill } : {}),
      // A step holds its value until the next point (subsidy per halving era).
      ...(s.stepped ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
      points: { show: false },
      spanGaps: true, // days missing an input (null) would otherwise break the line
    })),
  ];
  // On a phone the axes' reserved width would leave the plot a sliver.
  const narrow = host.clientWidth < 500;
  const opts: Options = {
    width: Math.max(280, host.clientWidth),
    height: spec.height ?? 300,
    ...(spec.title ? { title: spec.title } : {}),
    scales: { x: { time: spec.xIsTime !== false }, y: spec.logY ? { distr: 3 } : {}, ...(spec.y2Label ? { y2: spec.logY ? { distr: 3 } : {} } : {}) },
    axes: [
      { ...(spec.xIsTime === false ? axis : timeAxis), ...(spec.xLabel ? { label: spec.xLabel } : {}) },
      { ...(spec.logY ? logAxis : axis), label: spec.yLabel, size: narrow ? 58 : 80, ...(narrow ? { labelSize: 22 } : {}) },
      ...(spec.y2Label ? [{ ...(spec.logY ? logAxis : axis), label: spec.y2Label, scale: 'y2', side: 1 as const, grid: { show: false }, size: narrow ? 52 : 70, ...(narrow ? { labelSize: 22 } : {}) }] : []),
    ],
    series,
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    plugins: [overlayPlugin(spec.markers ?? [], spec.notes ?? [])],
  };
  const plot = new uPlot(opts, data, host);
  host.dataset.points = String(data[0].length);
  new ResizeObserver(() => {
    const w = Math.max(280, host.clientWidth);
    if (Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height: opts.height });
  }).observe(host);
  return {
    plot,
    setData(d) {
      host.dataset.points = String(d[0].length);
      plot.setData(d);
    },
  };
}
