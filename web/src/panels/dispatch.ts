/**
 * Dispatch heatmap: the uploaded fleet planned hour by hour against ERCOT hub prices (the store's,
 * else the embedded 2023–2025 files), each site at its contract's marginal price —
 * day (rows) × hour UTC (columns), colour = share of the fleet's peak grid power drawn; with the
 * savings against running stock 24/7 and the hashrate given up.
 */
import { send, waitJob, type Job } from '../api.js';
import { csvButton, csvLine } from '../export.js';
import { el, fmt, fmtInt } from '../format.js';
import { guarded, panel, type DataAsOf } from '../panel.js';

interface Result {
  data_as_of: DataAsOf | null;
  from: string;
  to: string;
  savings_usd: number;
  hashrate_given_up_pct_of_stock: number;
  plan: { margin_usd: number };
  baseline: { margin_usd: number };
  heatmap: { dates: string[]; power_mw: number[][]; price_usd_per_mwh: number[][] };
}

export function dispatchPanel(parent: HTMLElement): { plan(fleetId: string): void } {
  const p = panel(
    parent,
    'panel-dispatch',
    'Dispatch heatmap',
    "Hour-by-hour plan for the uploaded fleet against ERCOT hub prices (embedded 2023–2025, later days once `hashfloor update --sources ercot` stores them), each site at its contract's marginal price: stronger colour = more power drawn (UTC hours; hover shows the first site's price)",
    true,
  );
  const controls = el('div', { class: 'row' });
  // The embedded prices start 2023-01-01; later than 2025 the server answers from what the store holds, or names the gap.
  const today = new Date().toISOString().slice(0, 10);
  const from = el('input', { type: 'date', value: '2024-07-01', min: '2023-01-01', max: today, 'aria-label': 'from' });
  const to = el('input', { type: 'date', value: '2024-09-30', min: '2023-01-01', max: today, 'aria-label': 'to' });
  const go = el('button', { type: 'button', 'data-testid': 'dispatch-run', disabled: '' }, 'Plan');
  controls.append(el('span', { class: 'mut' }, 'From'), from, el('span', { class: 'mut' }, 'to'), to, go);
  const kpis = el('div', { class: 'kpis' });
  const heat = el('div', { class: 'heat', 'data-testid': 'dispatch-heatmap' });
  const bar = el('div', { class: 'toolbar' });
  let shown: Result | undefined;
  // The heatmap's cells, one row per hour: the power the plan draws and the first site's price.
  const csv = csvButton('dispatch', () => {
    const lines = [csvLine(['date', 'hour_utc', 'power_mw', 'price_usd_per_mwh'])];
    shown?.heatmap.dates.forEach((d, i) => {
      for (let h = 0; h < 24; h++) lines.push(csvLine([d, h, shown?.heatmap.power_mw[i]?.[h], shown?.heatmap.price_usd_per_mwh[i]?.[h]]));
    });
    return lines.join('\n') + '\n';
  });
  csv.disabled = true;
  bar.append(csv);
  p.body.append(controls, kpis, bar, heat);
  p.status('Upload a fleet above to plan it.');
  let fleet: string | undefined;

  async function run(): Promise<void> {
    if (!fleet) return;
    const job = await send<Job<Result>>('POST', `/api/v1/fleets/${fleet}/dispatch`, { from: from.value, to: to.value });
    const r = await waitJob(job, (j) => p.status(`Planning… ${fmtInt(j.progress.done)} of ${fmtInt(j.progress.total)} ${j.progress.unit}`));
    kpis.innerHTML = '';
    for (const [v, label] of [
      [`$${fmtInt(r.savings_usd)}`, `saved vs stock 24/7, ${r.from} … ${r.to}`],
      [`${fmt(r.hashrate_given_up_pct_of_stock, 1)}%`, 'hashrate given up (negative: overclocked more than curtailed)'],
      [`$${fmtInt(r.plan.margin_usd)}`, 'margin with the plan'],
    ] as const) {
      const k = el('div', { class: 'kpi' });
      k.append(el('b', {}, v), el('span', {}, label));
      kpis.append(k);
    }
    const peak = Math.max(...r.heatmap.power_mw.flat(), 1e-9);
    heat.innerHTML = '';
    heat.style.gridTemplateColumns = `5.5rem repeat(24, 1fr)`;
    heat.append(el('span'));
    for (let h = 0; h < 24; h++) heat.append(el('span', { class: 'mut' }, h % 3 === 0 ? String(h) : ''));
    r.heatmap.dates.forEach((d, i) => {
      heat.append(el('span', { class: 'mut' }, i % 7 === 0 ? d : ''));
      r.heatmap.power_mw[i]?.forEach((mw, h) => {
        const cell = el('div');
        const share = mw / peak;
        cell.style.background = `color-mix(in srgb, var(--c2) ${Math.round(share * 100)}%, var(--card))`;
        cell.title = `${d} ${h}:00 UTC — ${fmt(mw, 1)} MW at $${fmt(r.heatmap.price_usd_per_mwh[i]?.[h] ?? null)}/MWh`;
        heat.append(cell);
      });
    });
    heat.dataset.days = String(r.heatmap.dates.length);
    shown = r;
    csv.disabled = false;
    p.asOf(r.data_as_of);
    p.status(`${r.heatmap.dates.length} days × 24 h; hover a cell for its power and price. Baseline margin $${fmtInt(r.baseline.margin_usd)}.`);
  }

  go.addEventListener('click', () => void guarded(p, run));
  return {
    plan(id) {
      fleet = id;
      go.removeAttribute('disabled');
      void guarded(p, run);
    },
  };
}
