/**
 * Security budget to 2140: the block subsidy halving to zero (last subsidy at height 6,929,999,
 * ~2140) and the fees per block needed in each era to hold today's hashprice, per scenario (flat;
 * efficiency-driven hashrate growth; the user's own price/hashrate growth). Log scale in BTC per
 * block (a toggle for linear), steps per halving era, today's observed fees as a reference line.
 */
import { getJson } from '../api.js';
import { chartBox } from '../chartbox.js';
import { dayToUnixS, el, fmt, fmtInt, pct } from '../format.js';
import { guarded, panel, type DataAsOf } from '../panel.js';

interface Row {
  scenario: string;
  era: number;
  date: string;
  subsidy_btc: number;
  fees_needed_btc_per_block: number;
  fees_needed_usd_per_day: number;
  fees_multiple_of_today: number | null;
}
interface Budget {
  data_as_of: DataAsOf;
  today: {
    date: string;
    height: number;
    price_usd_per_btc: number;
    fees_btc_per_block: number;
    subsidy_btc: number;
    hashprice_usd_per_ph_day: number;
    fee_share: number;
    revenue_usd_per_day: number;
  };
  fees_window_days: number;
  last_subsidy_height: number;
  last_subsidy_date: string;
  scenarios: { name: string; description: string }[];
  rows: Row[];
}

/** Zero has no place on a log axis: the era after the last subsidy ends the subsidy line. */
const positive = (v: number): number | null => (v > 0 ? v : null);

export function securityBudgetPanel(parent: HTMLElement): Promise<void> {
  const p = panel(
    parent,
    'panel-budget',
    'Security budget to 2140',
    'Subsidy per block to zero and the fees per block needed to hold today’s hashprice, per halving era (log scale; dates at 600 s per block)',
    true,
  );
  const controls = el('div', { class: 'row' });
  const priceGrowth = el('input', {
    type: 'number',
    min: '-50',
    max: '100',
    step: '0.5',
    placeholder: '—',
    'aria-label': 'custom price growth % per year',
    'data-testid': 'budget-price-growth',
  });
  const hashGrowth = el('input', { type: 'number', min: '-50', max: '100', step: '0.5', placeholder: '—', 'aria-label': 'custom hashrate growth % per year' });
  const group = (label: string, input: HTMLInputElement) => {
    const g = el('label', { class: 'nowrap mut' }, `${label} `);
    g.append(input, ' %/yr');
    return g;
  };
  controls.append(el('span', { class: 'mut' }, 'Custom scenario:'), group('BTC price', priceGrowth), group('hashrate', hashGrowth));
  const kpis = el('div', { class: 'kpis' });
  const host = el('div');
  const notes = el('ul', { class: 'mut small' });
  p.body.append(controls, kpis, host, notes);

  // The log choice survives a new custom scenario.
  let logY = true;

  async function load(): Promise<void> {
    const b = await getJson<Budget>('/api/v1/security-budget', {
      price_growth_pct: priceGrowth.value !== '' ? priceGrowth.value : undefined,
      hashrate_growth_pct: hashGrowth.value !== '' ? hashGrowth.value : undefined,
    });
    const t = b.today;
    const flat = b.rows.filter((r) => r.scenario === 'flat');
    const endFlat = flat.at(-1);
    kpis.innerHTML = '';
    const kpi = (value: string, label: string, testid = '') => {
      const k = el('div', { class: 'kpi', ...(testid ? { 'data-testid': testid } : {}) });
      k.append(el('b', {}, value), el('span', {}, label));
      kpis.append(k);
    };
    kpi(`$${fmt(t.hashprice_usd_per_ph_day)}`, `hashprice to hold (${t.date}, ${t.subsidy_btc} BTC subsidy)`);
    kpi(`${fmt(t.fees_btc_per_block, 4)} BTC`, `fees per block today (${b.fees_window_days}-day mean, ${pct(t.fee_share, 2)} of revenue)`);
    kpi(`~${b.last_subsidy_date.slice(0, 4)}`, `last subsidy: height ${fmtInt(b.last_subsidy_height)}, ~${b.last_subsidy_date}`, 'budget-end');
    if (endFlat)
      kpi(
        `${fmt(endFlat.fees_needed_btc_per_block, 3)} BTC`,
        `fees per block needed after it, flat scenario (${fmt(endFlat.fees_multiple_of_today, 0)}× today)`,
      );

    // Every scenario has a row per era at the same heights; the flat rows give the x axis.
    const x = flat.map((r) => dayToUnixS(r.date));
    const scen = b.scenarios.map((s) => ({ s, rows: b.rows.filter((r) => r.scenario === s.name) }));
    const unit = 'BTC/block';
    const box = chartBox(
      host,
      {
        yLabel: 'BTC per block',
        logY,
        series: [
          { label: 'subsidy', width: 2.5, stepped: true, unit, field: 'subsidy_btc' },
          ...scen.map(({ s }, i) => ({
            label: `fees needed: ${s.name}`,
            stepped: true,
            width: 1.6,
            unit,
            field: `fees_needed_btc_per_block_${s.name}`,
            ...(i > 0 ? { dash: [6, 3] } : {}),
          })),
          { label: 'fees today', width: 1, dash: [2, 3], unit, field: 'fees_btc_per_block_today' },
        ],
        markers: [
          { x: dayToUnixS(b.last_subsidy_date), label: `last subsidy ~${b.last_subsidy_date.slice(0, 4)}`, short: `~${b.last_subsidy_date.slice(0, 4)}` },
        ],
        height: 340,
      },
      [
        x,
        flat.map((r) => positive(r.subsidy_btc)),
        ...scen.map(({ rows }) => rows.map((r) => positive(r.fees_needed_btc_per_block))),
        x.map(() => t.fees_btc_per_block),
      ],
      { id: 'budget', logToggle: true },
    );
    box.onChange((_range, l) => {
      logY = l;
    });
    p.asOf(b.data_as_of);
    host.dataset.lastDate = flat.at(-1)?.date ?? '';
    host.dataset.scenarios = String(b.scenarios.length);
    notes.innerHTML = '';
    for (const s of b.scenarios) notes.append(el('li', {}, `${s.name}: ${s.description}`));
    p.status(
      `Miner revenue today $${fmt(t.revenue_usd_per_day / 1e6, 1)}M/day at $${fmtInt(t.price_usd_per_btc)}/BTC. A halving cuts the subsidy line in half; fees must fill the gap to keep hashprice — and hashrate growth at a flat price raises the bar.`,
    );
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void guarded(p, load), 250);
  };
  priceGrowth.addEventListener('input', later);
  hashGrowth.addEventListener('input', later);
  return guarded(p, load);
}
