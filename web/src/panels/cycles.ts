/**
 * Halving-cycle comparison: hashprice in each cycle aligned on days since its halving (log
 * scale), either in USD/PH/day or relative to the cycle's first priced day, so the current cycle
 * can be read against the same day of the earlier ones.
 */
import { getJson } from '../api.js';
import { lineChart } from '../chart.js';
import { el, fmt, fmtInt, pct } from '../format.js';
import { guarded, panel } from '../panel.js';

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
    'Hashprice by days since each halving, log scale (genesis cycle from the first BTC price, July 2010)',
  );
  const mode = el('select', { 'aria-label': 'cycle comparison scale', 'data-testid': 'cycles-mode' });
  mode.append(el('option', { value: 'relative' }, "relative to the cycle's first week"), el('option', { value: 'usd' }, 'USD per PH/s per day'));
  const controls = el('div', { class: 'row' });
  const host = el('div');
  controls.append(el('span', { class: 'mut' }, 'Scale'), mode);
  p.body.append(controls, host);
  return guarded(p, async () => {
    const { cycles } = await getJson<{ cycles: Cycle[] }>('/api/v1/hashprice/cycles');
    const draw = () => {
      const m: Mode = mode.value === 'usd' ? 'usd' : 'relative';
      host.innerHTML = '';
      lineChart(
        host,
        {
          xIsTime: false,
          xLabel: 'days since halving',
          yLabel: m === 'usd' ? 'USD per PH/s per day' : '× hashprice on day 0',
          logY: true,
          // The current cycle is drawn last and thickest: it is the one people compare.
          series: cycles.map((c, i) => ({ label: cycleLabel(c), width: i === cycles.length - 1 ? 2.5 : 1.2 })),
          height: 320,
        },
        alignCycles(cycles, m),
      );
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
