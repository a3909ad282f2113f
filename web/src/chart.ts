/**
 * uPlot wrapper: theme colours from CSS variables (light and dark), resizes with its container,
 * optional log y scale, legend values with units, vertical markers (halvings) and point notes
 * (record lows).
 *
 * Annotations never cover data: the plot area holds only the marker lines and the notes' dots,
 * and every text label sits in a strip above the plot, at its x, in one lane for markers and one
 * for notes. A label that would collide with its right neighbour in its lane is dropped (its line
 * or dot keeps a tooltip, and panels list notes as text below the chart).
 */
import uPlot, { type AlignedData, type Options, type Series } from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmt } from './format.js';

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
  /** Shown in the label strip; `label` is the dot's tooltip. */
  short?: string;
}

export interface SeriesSpec {
  label: string;
  color?: string;
  width?: number;
  scale?: string;
  dash?: number[];
  fill?: string;
  stepped?: boolean;
  /** Unit after the value in the legend (hover), e.g. 'USD/PH/day'. */
  unit?: string;
  /** Decimals in the legend; default picks from the magnitude. */
  digits?: number;
  /** Column name in the CSV export (the API's field name where the values are the API's). */
  field?: string;
}

export interface ChartSpec {
  title?: string;
  /** Unix seconds on x unless `xIsTime` is false. */
  xIsTime?: boolean;
  xLabel?: string;
  /** Unit of x in the legend when x is not time. */
  xUnit?: string;
  /** Name of the x column in the CSV export when x is not time (default xLabel). */
  xField?: string;
  yLabel: string;
  logY?: boolean;
  series: SeriesSpec[];
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
  for (const [div, suf] of [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const)
    if (a >= div) return `${Number((v / div).toPrecision(3))}${suf}`;
  return String(v);
}

/** Legend value: enough significant digits to read the exact value at the cursor. */
export function valueText(v: number | null | undefined, unit = '', digits?: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  const d = digits ?? (a === 0 || a >= 100 ? 2 : Math.min(8, Math.max(2, 3 - Math.floor(Math.log10(a)))));
  return unit ? `${fmt(v, d)} ${unit}` : fmt(v, d);
}

export const PALETTE = ['--c1', '--c2', '--c3', '--c4', '--c5'];

/** Rough width (px) of a label in the 0.72rem strip font: enough to keep labels apart. */
const labelWidth = (text: string): number => 6.5 * text.length + 8;
/** Below this plot width markers show their short label. */
const NARROW_PX = 420;
const LANE_PX = 17;

function labelEl(text: string, cls: string, title: string): HTMLSpanElement {
  const s = document.createElement('span');
  s.className = `chart-label ${cls}`;
  s.textContent = text;
  s.title = title;
  return s;
}

/** Places labels right to left in one lane so that, when they crowd, the latest keeps its label. */
function layLane(strip: HTMLElement, items: { left: number; text: string; title: string }[], lane: number, cls: string, width: number, offset: number): void {
  let nextStart = Infinity;
  for (const it of [...items].sort((a, b) => b.left - a.left)) {
    const w = labelWidth(it.text);
    // Labels that would cross the right edge extend leftwards.
    const start = it.left + w > width ? it.left - w : it.left;
    if (start < 0 || start + w >= nextStart) continue;
    nextStart = start;
    const s = labelEl(it.text, cls, it.title);
    s.style.left = `${offset + start}px`;
    s.style.top = `${lane * LANE_PX}px`;
    strip.append(s);
  }
}

function overlayPlugin(strip: HTMLElement, markers: Marker[], notes: Note[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const over = u.over;
        const width = over.clientWidth;
        over.querySelectorAll('.marker, .note').forEach((n) => n.remove());
        strip.replaceChildren();
        const offset = over.getBoundingClientRect().left - strip.getBoundingClientRect().left;
        const markerLabels = [];
        for (const m of markers) {
          const left = u.valToPos(m.x, 'x');
          if (left < 0 || left > width) continue;
          const d = document.createElement('div');
          d.className = 'marker';
          d.dataset.label = m.label;
          d.style.left = `${left}px`;
          d.title = m.label;
          over.appendChild(d);
          markerLabels.push({ left, text: width < NARROW_PX ? (m.short ?? m.label) : m.label, title: m.label });
        }
        const noteLabels = [];
        for (const n of notes) {
          const left = u.valToPos(n.x, 'x');
          const top = u.valToPos(n.y, 'y');
          if (left < 0 || left > width || !Number.isFinite(top)) continue;
          const d = document.createElement('div');
          d.className = 'note';
          d.dataset.label = n.label;
          d.style.left = `${left}px`;
          d.style.top = `${top}px`;
          d.title = n.label;
          d.append(document.createElement('i'));
          over.appendChild(d);
          noteLabels.push({ left, text: n.short ?? n.label, title: n.label });
        }
        layLane(strip, markerLabels, 0, 'marker-label', width, offset);
        layLane(strip, noteLabels, markers.length ? 1 : 0, 'note-label', width, offset);
      },
    },
  };
}

const isoDay = (unixS: number): string => new Date(unixS * 1000).toISOString().slice(0, 10);

/** Draws a chart into `host`; returns the plot, a function that replaces its data and one that removes it. */
export function lineChart(host: HTMLElement, spec: ChartSpec, data: AlignedData): { setData(d: AlignedData): void; destroy(): void; plot: uPlot } {
  host.classList.add('chart');
  const lanes = (spec.markers?.length ? 1 : 0) + (spec.notes?.length ? 1 : 0);
  const strip = document.createElement('div');
  strip.className = 'chart-strip';
  strip.style.height = `${lanes * LANE_PX}px`;
  host.append(strip);
  const timeAxis = { stroke: cssVar('--mut'), grid: { stroke: cssVar('--grid'), width: 1 }, ticks: { stroke: cssVar('--grid') } };
  const axis = {
    values: (_u: uPlot, ticks: number[]) => ticks.map(tickText),
    stroke: cssVar('--mut'),
    grid: { stroke: cssVar('--grid'), width: 1 },
    ticks: { stroke: cssVar('--grid') },
  };
  // Log axes get a tick at every 1..9 × 10ⁿ; label only 1, 2 and 5 × 10ⁿ so a narrow band still has labels.
  // uPlot passes null for ticks it has filtered out.
  const logAxis = {
    ...axis,
    values: (_u: uPlot, ticks: (number | null)[]) =>
      ticks.map((v) => (v !== null && /^[125]$/.test(v.toExponential(0).split('e')[0] ?? '') ? tickText(v) : '')),
  };
  const xTime = spec.xIsTime !== false;
  const series: Series[] = [
    { label: xTime ? 'date' : (spec.xLabel ?? 'x'), value: (_u, v) => (v === null ? '—' : xTime ? isoDay(v) : valueText(v, spec.xUnit ?? '', 0)) },
    ...spec.series.map((s, i) => ({
      label: s.label,
      stroke: s.color ?? cssVar(PALETTE[i % PALETTE.length] ?? '--c1'),
      width: s.width ?? 1.5,
      scale: s.scale ?? 'y',
      value: (_u: uPlot, v: number | null) => valueText(v, s.unit, s.digits),
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
    scales: { x: { time: xTime }, y: spec.logY ? { distr: 3 } : {}, ...(spec.y2Label ? { y2: spec.logY ? { distr: 3 } : {} } : {}) },
    axes: [
      { ...(xTime ? timeAxis : axis), ...(spec.xLabel ? { label: spec.xLabel } : {}) },
      { ...(spec.logY ? logAxis : axis), label: spec.yLabel, size: narrow ? 58 : 80, ...(narrow ? { labelSize: 22 } : {}) },
      ...(spec.y2Label
        ? [
            {
              ...(spec.logY ? logAxis : axis),
              label: spec.y2Label,
              scale: 'y2',
              side: 1 as const,
              grid: { show: false },
              size: narrow ? 52 : 70,
              ...(narrow ? { labelSize: 22 } : {}),
            },
          ]
        : []),
    ],
    series,
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    plugins: [overlayPlugin(strip, spec.markers ?? [], spec.notes ?? [])],
  };
  const plot = new uPlot(opts, data, host);
  host.dataset.points = String(data[0].length);
  const resize = new ResizeObserver(() => {
    const w = Math.max(280, host.clientWidth);
    if (Math.abs(w - plot.width) > 2) plot.setSize({ width: w, height: opts.height });
  });
  resize.observe(host);
  return {
    plot,
    // A redraw must not leave the old plot resizing behind it.
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
    setData(d) {
      host.dataset.points = String(d[0].length);
      plot.setData(d);
    },
  };
}
