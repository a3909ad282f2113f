/**
 * Pivot valuation: keep mining vs convert to AI/HPC hosting, per site — the NPV distribution of
 * each option (P5–P95 bar, P50 tick, mean) and its probability of being the best choice.
 */
import { send, waitJob, type Job } from '../api.js';
import { fieldHead, tableExport, valueCell } from '../export.js';
import { el, fmt, pct } from '../format.js';
import { guarded, panel, type DataAsOf } from '../panel.js';
import { tornadoChart, type TornadoBar } from '../tornado.js';

interface Option {
  name: string;
  kind: string;
  npv_usd: { mean: number; p5: number; p50: number; p95: number };
  prob_best: number;
  irr_vs_keep_pct: number | null;
  breakeven_lease_usd_per_mw_year: number | null;
  breakeven_price_usd_per_btc: number | null;
  breakeven_price_reason: string | null;
}
interface Site {
  name: string;
  options: Option[];
  decision: { option: string; conversion: string; base_usd: number; tornado: TornadoBar[] } | null;
}
interface Result {
  data_as_of: DataAsOf;
  paths: number;
  horizon_years: number;
  discount_rate_pct: number;
  btc_drift_regime: string;
  btc_drift_pct_per_year: number;
  sites: Site[];
}

const musd = (v: number) => `${fmt(v / 1e6, 0)}M`;
const money = (v: number) => (v < 0 ? `−$${musd(-v)}` : `$${musd(v)}`);

/** One NPV bar: the part below zero in the loss colour, above in the gain colour, a line at zero. */
function npvBar(o: Option, x: (v: number) => string): HTMLElement {
  const bar = el('div', { class: 'range', title: `P5 ${money(o.npv_usd.p5)} · median ${money(o.npv_usd.p50)} · P95 ${money(o.npv_usd.p95)}` });
  const part = (from: number, to: number, cls: string) => {
    if (to <= from) return;
    const s = el('span', { class: cls });
    s.style.left = x(from);
    s.style.width = `calc(${x(to)} - ${x(from)})`;
    bar.append(s);
  };
  part(o.npv_usd.p5, Math.min(0, o.npv_usd.p95), 'neg');
  part(Math.max(0, o.npv_usd.p5), o.npv_usd.p95, 'pos');
  const zero = el('b', { class: 'zero' });
  zero.style.left = x(0);
  const tick = el('i');
  tick.style.left = x(o.npv_usd.p50);
  bar.append(zero, tick);
  return bar;
}

/** The bars' shared axis: its ends and zero. */
function npvAxis(lo: number, hi: number, x: (v: number) => string): HTMLElement {
  const axis = el('div', { class: 'raxis' });
  for (const [v, cls] of [
    [lo, 'lo'],
    [0, 'zero'],
    [hi, 'hi'],
  ] as const) {
    if (cls === 'zero' && (lo === 0 || hi === 0)) continue; // an end already reads $0M
    const t = el('span', { class: cls }, v === 0 ? '0' : money(v));
    t.style.left = x(v);
    axis.append(t);
  }
  return axis;
}

/** Header text and the API field of each column (the CSV's names; NPVs in USD). */
const PIVOT_COLUMNS = [
  ['option', 'name'],
  ['P5', 'npv_usd.p5'],
  ['median', 'npv_usd.p50'],
  ['P95', 'npv_usd.p95'],
  ['mean', 'npv_usd.mean'],
  ['P(best)', 'prob_best'],
  ['IRR vs keep', 'irr_vs_keep_pct'],
  ['breakeven lease', 'breakeven_lease_usd_per_mw_year'],
  ['breakeven BTC', 'breakeven_price_usd_per_btc'],
] as const;

export function pivotPanel(parent: HTMLElement): Promise<void> {
  const p = panel(
    parent,
    'panel-pivot',
    'Mine or pivot to AI/HPC',
    'Monte Carlo NPV per option (bar: P5–P95, tick: median) and the probability each option is best; tornado: how far each driver, set low or high, moves the case for converting',
    true,
  );
  const controls = el('div', { class: 'row' });
  const file = el('input', { type: 'file', accept: '.yaml,.yml,.json', 'aria-label': 'site file' });
  const example = el('button', { type: 'button', 'data-testid': 'pivot-example' }, 'Value the example sites (2,000 paths)');
  controls.append(file, example);
  const out = el('div', { 'data-testid': 'pivot-result' });
  p.body.append(controls, out);
  p.status('Upload a site file (like examples/site.yaml) or value the example.');

  async function run(text: string): Promise<void> {
    const job = await send<Job<Result>>('POST', '/api/v1/valuation/pivot?paths=2000', text, 'application/yaml');
    const r = await waitJob(job, (j) => p.status(`Simulating… ${fmt(j.progress.done, 0)} of ${fmt(j.progress.total, 0)} paths`));
    out.innerHTML = '';
    for (const [si, s] of r.sites.entries()) {
      // Zero is always on the scale: which options can lose money is the first thing to read.
      const lo = Math.min(0, ...s.options.map((o) => o.npv_usd.p5));
      const hi = Math.max(0, ...s.options.map((o) => o.npv_usd.p95));
      const x = (v: number) => `${(((v - lo) / (hi - lo || 1)) * 100).toFixed(1)}%`;
      const t = el('table');
      const head = el('tr');
      for (const [text, field] of PIVOT_COLUMNS) head.append(fieldHead(text, field));
      const rangeHead = el('th', { style: 'width:30%', 'data-csv': 'skip' }, 'NPV range (USD)');
      rangeHead.append(npvAxis(lo, hi, x));
      head.append(rangeHead);
      t.append(head);
      const caption = t.createCaption();
      caption.textContent = s.name; // text, not HTML: the name comes from the uploaded file
      caption.append(' ', tableExport(t, `pivot-${si + 1}`));
      for (const o of s.options) {
        const tr = el('tr');
        const irr = o.irr_vs_keep_pct === null ? '—' : `${fmt(o.irr_vs_keep_pct, 1)}%`;
        const lease = o.breakeven_lease_usd_per_mw_year === null ? '—' : `$${fmt(o.breakeven_lease_usd_per_mw_year / 1e3, 0)}k/MW·yr`;
        const price = o.breakeven_price_usd_per_btc === null ? '—' : `$${fmt(o.breakeven_price_usd_per_btc, 0)}`;
        const n = o.npv_usd;
        tr.append(
          valueCell(o.name, o.name),
          valueCell(musd(n.p5), n.p5),
          valueCell(musd(n.p50), n.p50),
          valueCell(musd(n.p95), n.p95),
          valueCell(musd(n.mean), n.mean),
          valueCell(pct(o.prob_best, 0), o.prob_best),
          valueCell(irr, o.irr_vs_keep_pct),
          valueCell(lease, o.breakeven_lease_usd_per_mw_year),
          valueCell(price, o.breakeven_price_usd_per_btc, { title: o.breakeven_price_reason ?? '' }),
        );
        // The bar draws the columns before it: the CSV leaves it out.
        const cell = el('td', { 'data-csv': 'skip' });
        cell.append(npvBar(o, x));
        tr.append(cell);
        t.append(tr);
      }
      // Wide tables scroll inside the card instead of pushing past it on a phone.
      const wrap = el('div', { class: 'xscroll' });
      wrap.append(t);
      out.append(wrap);
      if (s.decision) {
        out.append(el('h3', {}, `${s.name} — best: ${s.decision.option}; what moves the choice: E[NPV ${s.decision.conversion}] − E[NPV keep mining]`));
        out.append(tornadoChart(s.decision.tornado, s.decision.base_usd, money));
      }
    }
    p.root.dataset.sites = String(r.sites.length);
    p.asOf(r.data_as_of);
    p.status(
      `${r.paths.toLocaleString('en-US')} paths over ${r.horizon_years} years at ${r.discount_rate_pct}%, BTC drift ${r.btc_drift_regime} (${fmt(r.btc_drift_pct_per_year, 1)}%/yr log) (USD; bars share one scale per site).`,
    );
  }

  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) void guarded(p, async () => run(await f.text()));
  });
  example.addEventListener('click', () => void guarded(p, async () => run(await (await fetch('/api/v1/examples/site.yaml')).text())));
  return Promise.resolve();
}
