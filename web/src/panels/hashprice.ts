/**
 * Hashprice, opening on the last 12 months (linear) with ranges back to 2010 and a log toggle,
 * halvings marked, record lows as dots on the line; current value and 30-day change. The header's
 * USD/BTC toggle switches between hashprice (USD/PH/day) and hashvalue (BTC/PH/day). Also feeds
 * the network and fee-share panels from the same columns.
 */
import { getJson } from '../api.js';
import { chartBox, type RangeKey } from '../chartbox.js';
import { dayToUnixS, el, fmt, pct } from '../format.js';
import { guarded, panel } from '../panel.js';
import type { State } from '../state.js';
import type { DataAsOf } from '../panel.js';

export interface IndexColumns {
  date: string[];
  hashprice_usd_per_ph_day: (number | null)[];
  hashprice_ma30_usd_per_ph_day: (number | null)[];
  hashvalue_sat_per_ph_day: (number | null)[];
  network_hashrate_ehs: (number | null)[];
  difficulty: (number | null)[];
  fee_share: (number | null)[];
}
interface Low {
  date: string;
  hashprice_usd_per_ph_day: number | null;
  hashvalue_sat_per_ph_day: number;
  halving_cycle: number;
}
interface Latest {
  data_as_of: DataAsOf;
  day: { date: string; hashprice_usd_per_ph_day: number; hashvalue_sat_per_ph_day: number | null; price_usd_per_btc: number | null };
  change_30d: { from_date: string; change_share: number | null } | null;
}
export interface Halving {
  index: number;
  height: number;
  date: string;
  status: 'observed' | 'projected';
}

/** Every halving to ~2140, projected from the history's as-of tip (`data_as_of`). */
export interface Halvings {
  data_as_of: DataAsOf | null;
  halvings: Halving[];
}

export function loadHalvings(): Promise<Halvings> {
  return getJson<Halvings>('/api/v1/halvings');
}

export async function loadIndex(): Promise<IndexColumns> {
  const fields = 'date,hashprice_usd_per_ph_day,hashprice_ma30_usd_per_ph_day,hashvalue_sat_per_ph_day,network_hashrate_ehs,difficulty,fee_share';
  return (await getJson<{ days: IndexColumns }>('/api/v1/hashprice', { format: 'columns', fields })).days;
}

export function hashpricePanel(parent: HTMLElement, state: State, index: Promise<IndexColumns>, halvings: Promise<Halvings>): Promise<void> {
  const p = panel(parent, 'panel-hashprice', 'Hashprice', 'Expected revenue of 1 PH/s for a day, from difficulty, subsidy, fees and price', true);
  return guarded(p, async () => {
    type Lows = { all_time: Low | null; by_cycle: Low[] };
    // Lows in USD and in BTC fall on different days (the BTC price moves only the USD figure).
    const [cols, { halvings: halv }, lowsUsd, lowsBtc, latest] = await Promise.all([
      index,
      halvings,
      getJson<Lows>('/api/v1/hashprice/lows'),
      getJson<Lows>('/api/v1/hashprice/lows', { unit: 'btc' }),
      getJson<Latest>('/api/v1/hashprice/latest'),
    ]);
    const kpis = el('div', { class: 'kpis' });
    const host = el('div');
    // The record lows also as text: on a phone the chart shows only their dots.
    const lowsLine = el('p', { class: 'mut small', 'data-testid': 'hashprice-lows' });
    p.body.append(kpis, host, lowsLine);
    const x = cols.date.map(dayToUnixS);
    const observed = halv.filter((h) => h.status === 'observed');
    const lastHalving = observed.at(-1);
    // The range and log choice survive the USD/BTC switch: people compare the same window.
    let range: RangeKey = '1Y';
    let logY = false;
    const markers = observed.map((h) => ({ x: dayToUnixS(h.date), label: `halving ${h.date.slice(0, 4)}`, short: h.date.slice(0, 4) }));
    const btcOf = (v: number | null) => (v === null ? null : v / 1e8);

    function draw(): void {
      const usd = state.unit === 'usd';
      const lows = usd ? lowsUsd : lowsBtc;
      const lowNotes = lows.by_cycle
        .filter((l) => l.halving_cycle >= 1)
        .map((l) => {
          const y = usd ? l.hashprice_usd_per_ph_day : btcOf(l.hashvalue_sat_per_ph_day);
          const all = lows.all_time?.date === l.date;
          const value = usd ? `$${fmt(l.hashprice_usd_per_ph_day)}` : `${fmt(y, 6)} BTC`;
          return {
            x: dayToUnixS(l.date),
            y: y ?? NaN,
            label: `${all ? 'all-time low' : 'cycle low'} ${l.date}: ${value}`,
            short: `${all ? 'all-time low' : 'low'} ${value}`,
          };
        });
      kpis.innerHTML = '';
      const cur = latest.day;
      // The API's 30-day change is the USD hashprice's; in BTC the hashvalue's own, from the columns.
      const hv = (d: string | undefined) => (d === undefined ? null : (cols.hashvalue_sat_per_ph_day[cols.date.indexOf(d)] ?? null));
      const hvNow = hv(cur.date);
      const hvThen = hv(latest.change_30d?.from_date);
      const change = usd ? (latest.change_30d?.change_share ?? null) : hvNow !== null && hvThen ? hvNow / hvThen - 1 : null;
      const curText = usd ? `$${fmt(cur.hashprice_usd_per_ph_day)}` : `${fmt(btcOf(cur.hashvalue_sat_per_ph_day), 6)} BTC`;
      const kpi = (value: string, label: string, cls = '', testid = '') => {
        const k = el('div', { class: 'kpi', ...(testid ? { 'data-testid': testid } : {}) });
        k.append(el('b', { class: cls }, value), el('span', {}, label));
        kpis.append(k);
      };
      kpi(curText, `per PH/s per day on ${cur.date}`, '', 'hashprice-current');
      kpi(
        change === null ? '—' : `${change >= 0 ? '+' : ''}${pct(change)}`,
        usd ? '30-day change (USD)' : '30-day change (BTC)',
        change === null ? '' : change >= 0 ? 'up' : 'down',
        'hashprice-change',
      );
      if (lows.all_time)
        kpi(
          usd ? `$${fmt(lows.all_time.hashprice_usd_per_ph_day)}` : `${fmt(btcOf(lows.all_time.hashvalue_sat_per_ph_day), 6)} BTC`,
          `all-time low, ${lows.all_time.date}`,
          '',
          'hashprice-low',
        );
      const y = usd ? cols.hashprice_usd_per_ph_day : cols.hashvalue_sat_per_ph_day.map(btcOf);
      const ma = usd ? cols.hashprice_ma30_usd_per_ph_day : null;
      const unit = usd ? 'USD/PH/day' : 'BTC/PH/day';
      const box = chartBox(
        host,
        {
          yLabel: usd ? 'USD per PH/s per day' : 'BTC per PH/s per day',
          logY,
          series: [
            { label: usd ? 'hashprice' : 'hashvalue', width: 1, unit, field: usd ? 'hashprice_usd_per_ph_day' : 'hashvalue_btc_per_ph_day' },
            ...(ma ? [{ label: '30-day mean', width: 2, unit, field: 'hashprice_ma30_usd_per_ph_day' }] : []),
          ],
          markers,
          notes: lowNotes,
          height: 360,
        },
        ma ? [x, y, ma] : [x, y],
        { id: 'hashprice', ranges: { initial: range, ...(lastHalving ? { sinceX: dayToUnixS(lastHalving.date) } : {}) }, logToggle: true },
      );
      box.onChange((r, l) => {
        range = r ?? range;
        logY = l;
      });
      host.dataset.unit = state.unit;
      lowsLine.textContent = `Record lows (red dots on the line): ${lowNotes.map((n) => n.label).join(' · ')}.`;
    }
    const status = () =>
      p.status(
        `${cols.date.length.toLocaleString('en-US')} days from ${cols.date[0] ?? '—'} to ${cols.date.at(-1) ?? '—'}.${state.unit === 'usd' ? ' Days before a BTC price existed have no USD hashprice.' : ''}`,
      );
    draw();
    status();
    state.onChange(() => {
      if (host.dataset.unit === state.unit) return;
      draw();
      status();
    });
    p.asOf(latest.data_as_of);
  });
}

/** The last day holding a value in `col`: trailing price-only days hold no block data. */
export function lastDayWith(cols: IndexColumns, col: (number | null)[]): string | undefined {
  for (let i = col.length - 1; i >= 0; i--) if (col[i] !== null && col[i] !== undefined) return cols.date[i];
  return undefined;
}

/** Difficulty ratio at each retarget seen in the daily columns: the day the difficulty changed, new ÷ old. */
export function retargets(cols: IndexColumns): { x: number[]; ratio: number[] } {
  const x: number[] = [];
  const ratio: number[] = [];
  let prev: number | null = null;
  for (const [i, d] of cols.difficulty.entries()) {
    if (d === null || d <= 0) continue;
    if (prev !== null && d !== prev) {
      x.push(dayToUnixS(cols.date[i] as string));
      ratio.push(d / prev);
    }
    prev = d;
  }
  return { x, ratio };
}

export function networkPanel(parent: HTMLElement, index: Promise<IndexColumns>, halvings: Promise<Halvings>): Promise<void> {
  const p = panel(
    parent,
    'panel-network',
    'Difficulty adjustments',
    'Change of difficulty at each retarget (every 2,016 blocks): above 0 the hashrate grew faster than blocks were found',
  );
  return guarded(p, async () => {
    const [cols, { halvings: halv }] = await Promise.all([index, halvings]);
    const r = retargets(cols);
    const last = halv.filter((h) => h.status === 'observed').at(-1);
    chartBox(
      p.body.appendChild(el('div')),
      { yLabel: 'difficulty change (%)', series: [{ label: 'adjustment', unit: '%', digits: 2, stepped: true, field: 'difficulty_change_pct' }] },
      [r.x, r.ratio.map((v) => (v - 1) * 100)],
      { id: 'retargets', ranges: { initial: '2Y', ...(last ? { sinceX: dayToUnixS(last.date) } : {}) } },
    );
    const lastRatio = r.ratio.at(-1);
    const lastX = r.x.at(-1);
    p.asOf(lastDayWith(cols, cols.difficulty));
    p.status(
      lastRatio === undefined || lastX === undefined
        ? 'No retarget in the history.'
        : `Last adjustment ${new Date(lastX * 1000).toISOString().slice(0, 10)}: ${lastRatio >= 1 ? '+' : ''}${pct(lastRatio - 1, 2)}.`,
    );
  });
}

export function feeSharePanel(parent: HTMLElement, index: Promise<IndexColumns>, halvings: Promise<Halvings>): Promise<void> {
  const p = panel(parent, 'panel-fees', 'Fee share', 'Fees / (subsidy + fees) paid to miners each day');
  return guarded(p, async () => {
    const [cols, { halvings: halv }] = await Promise.all([index, halvings]);
    const last = halv.filter((h) => h.status === 'observed').at(-1);
    chartBox(
      p.body.appendChild(el('div')),
      { yLabel: 'fee share (%)', series: [{ label: 'fee share', width: 1, unit: '%', digits: 2, field: 'fee_share_pct' }] },
      [cols.date.map(dayToUnixS), cols.fee_share.map((v) => (v === null ? null : v * 100))],
      { id: 'fees', ranges: { initial: '1Y', ...(last ? { sinceX: dayToUnixS(last.date) } : {}) } },
    );
    p.asOf(lastDayWith(cols, cols.fee_share));
    p.status('');
  });
}
