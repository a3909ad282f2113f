/**
 * Halving-cycle comparison: hashprice in each cycle aligned on days since its halving (log scale
 * by default, a toggle for linear), either in USD/PH/day or relative to the cycle's first-week
 * mean, with today's day of the current cycle marked, so it can be read against the same day of
 * the earlier ones.
 */
import { getJson } from '../api.js';
import { chartBox } from '../chartbox.js';
import { el, fmt, fmtInt, pct } from '../format.js';
import { guarded, panel, type DataAsOf } from '../panel.js';

interface Cycle {
  halving_cycle: number;
  start_date: string;
  points: { days_since_halving: number; date: string; hashprice_usd_per_ph_day: number; relative_to_start: number | null }[];
}

type Mode = 'relative' | 'usd';

/** One x (days since halving, 0…longest cycle) shared by all cycles; null where a cycle has no day. */
export function alignCycles(cycles: readonly Cycle[], mode: Mode): [number[], ...(number | null)[][]] {
  const maxDay = Math.max(0, ...cycles.flatMap((c) => c.points.map((p) => p.days_since_halving)));
  const x = Array.from({ length: maxDay + 1 }, (_, i) => i);
  const ys = cycles.map((c) => {
    const y: (number | null)[] = new Array<number | null>(x.length).fill(null);
    for (const p of c.points) y[p.days_since_halving] = mode === 'usd' ? p.hashprice_usd_per_ph_day : p.relative_to_start;
    return y;
  });
  return [x, ...ys];
}

const cycleLabel = (c: Cycle): string => (c.halving_cycle === 0 ? `genesis ${c.start_date.slice(0, 4)}` : `halving ${c.start_date.slice(0, 4)}`);

export function cyclesPanel(parent: HTMLElement): Promise<void> {
  const p = panel(
    parent,
    'panel-cycles',
    'Halving cycles compared',
    'Hashprice by days since each halving, today marked (genesis cycle from the first BTC price, July 2010)',
  );
  const mode = el('select', { 'aria-label': 'cycle comparison scale', 'data-testid': 'cycles-mode' });
  mode.append(el('option', { value: 'relative' }, "relative to the cycle's first week"), el('option', { value: 'usd' }, 'USD per PH/s per day'));
  const controls = el('div', { class: 'row' });
  const host = el('div');
  controls.append(el('span', { class: 'mut' }, 'Scale'), mode);
  p.body.append(controls, host);
  return guarded(p, async () => {
    const { cycles, data_as_of } = await getJson<{ cycles: Cycle[]; data_as_of: DataAsOf | null }>('/api/v1/hashprice/cycles');
    p.asOf(data_as_of);
    const today = cycles.at(-1)?.points.at(-1)?.days_since_halving;
    // The log choice survives the scale switch: people compare the same view.
    let logY = true;
    const draw = () => {
      const m: Mode = mode.value === 'usd' ? 'usd' : 'relative';
      const field = m === 'usd' ? 'hashprice_usd_per_ph_day' : 'relative_to_start';
      const box = chartBox(
        host,
        {
          xIsTime: false,
          xLabel: 'days since halving',
          xField: 'days_since_halving',
          xUnit: 'days',
          yLabel: m === 'usd' ? 'USD per PH/s per day' : '× hashprice of the first week',
          logY,
          // The current cycle is drawn last and thickest: it is the one people compare.
          series: cycles.map((c, i) => ({
            label: cycleLabel(c),
            width: i === cycles.length - 1 ? 2.5 : 1.2,
            unit: m === 'usd' ? 'USD/PH/day' : '× first week',
            field: `${cycleLabel(c).replace(' ', '_')}_${field}`,
          })),
          markers: today === undefined ? [] : [{ x: today, label: `today: day ${fmtInt(today)}`, short: `day ${fmtInt(today)}` }],
          height: 320,
        },
        alignCycles(cycles, m),
        { id: 'cycles', logToggle: true },
      );
      box.onChange((_range, l) => {
        logY = l;
      });
      host.dataset.cycles = String(cycles.length);
      host.dataset.mode = m;
    };
    draw();
    mode.addEventListener('change', draw);
    const cur = cycles.at(-1);
    const day = cur?.points.at(-1);
    if (!cur || !day) return p.status('No priced cycle in the history.');
    const sameDay = cycles
      .slice(0, -1)
      .filter((c) => c.halving_cycle >= 1)
      .map((c) => ({ c, rel: c.points.find((q) => q.days_since_halving === day.days_since_halving)?.relative_to_start ?? null }))
      .filter((x) => x.rel !== null)
      .map((x) => `${x.c.start_date.slice(0, 4)}: ${pct(x.rel, (x.rel ?? 0) < 0.1 ? 2 : 0)}`);
    p.status(
      `Day ${fmtInt(day.days_since_halving)} of the ${cur.start_date.slice(0, 4)} cycle: $${fmt(day.hashprice_usd_per_ph_day)}/PH/day, ${pct(day.relative_to_start, 0)} of its start.` +
        (sameDay.length ? ` Same day of earlier cycles — ${sameDay.join(', ')}.` : ''),
    );
  });
}
