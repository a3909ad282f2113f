/**
 * Hashprice over the whole history (log scale), halvings marked, record lows annotated, current
 * value and 30-day change; the header's USD/BTC toggle switches between hashprice (USD/PH/day)
 * and hashvalue (BTC/PH/day). Also feeds the network and fee-share panels from the same columns.
 */
import { getJson } from '../api.js';
import { lineChart } from '../chart.js';
import { dayToUnixS, el, fmt, pct } from '../format.js';
import { guarded, panel } from '../panel.js';
import type { State } from '../state.js';

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
  day: { date: string; hashprice_usd_per_ph_day: number; hashvalue_sat_per_ph_day: number | null; price_usd_per_btc: number | null };
  change_30d: { from_date: string; change_share: number | null } | null;
}
export interface Halving {
  index: number;
  height: number;
  date: string;
  status: 'observed' | 'projected';
}

export async function loadHalvings(): Promise<Halving[]> {
  return (await getJson<{ halvings: Halving[] }>('/api/v1/halvings')).halvings;
}

export async function loadIndex(): Promise<IndexColumns> {
  const fields = 'date,hashprice_usd_per_ph_day,hashprice_ma30_usd_per_ph_day,hashvalue_sat_per_ph_day,network_hashrate_ehs,difficulty,fee_share';
  return (await getJson<{ days: IndexColumns }>('/api/v1/hashprice', { format: 'columns', fields })).days;
}

export function hashpricePanel(parent: HTMLElement, state: State, index: Promise<IndexColumns>, halvings: Promise<Halving[]>): Promise<void> {
  const p = panel(parent, 'panel-hashprice', 'Hashprice', 'Expected revenue of 1 PH/s for a day, from difficulty, subsidy, fees and price — log scale', true);
  return guarded(p, async () => {
    type Lows = { all_time: Low | null; by_cycle: Low[] };
    // Lows in USD and in BTC fall on different days (the BTC price moves only the USD figure).
    const [cols, halv, lowsUsd, lowsBtc, latest] = await Promise.all([
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
    const markers = halv.filter((h) => h.status === 'observed').map((h) => ({ x: dayToUnixS(h.date), label: `halving ${h.date.slice(0, 4)}`, short: h.date.slice(0, 4) }));
    const btcOf = (v: number | null) => (v === null ? null : v / 1e8);

    function draw(): void {
      const usd = state.unit === 'usd';
      const lows = usd ? lowsUsd : lowsBtc;
      const lowNotes = lows.by_cycle
        .filter((l) => l.halving_cycle >= 1)
        .map((l) => {
          const y = usd ? l.hashprice_usd_per_ph_day : btcOf(l.hashvalue_sat_per_ph_day);
          const all = lows.all_time?.date === l.date;
          return { x: dayToUnixS(l.date), y: y ?? NaN, label: `${all ? 'all-time low' : 'cycle low'} ${l.date}: ${usd ? `$${fmt(l.hashprice_usd_per_ph_day)}` : `${fmt(y, 6)} BTC`}` };
        });
      kpis.innerHTML = '';
      const cur = latest.day;
      const change = latest.change_30d?.change_share ?? null;
      const curText = usd ? `$${fmt(cur.hashprice_usd_per_ph_day)}` : `${fmt(btcOf(cur.hashvalue_sat_per_ph_day), 6)} BTC`;
      const kpi = (value: string, label: string, cls = '', testid = '') => {
        const k = el('div', { class: 'kpi', ...(testid ? { 'data-testid': testid } : {}) });
        k.append(el('b', { class: cls }, value), el('span', {}, label));
        kpis.append(k);
      };
      kpi(curText, `per PH/s per day on ${cur.date}`, '', 'hashprice-current');
      kpi(change === null ? '—' : `${change >= 0 ? '+' : ''}${pct(change)}`, '30-day change (USD)', change === null ? '' : change >= 0 ? 'up' : 'down', 'hashprice-change');
      if (lows.all_time) kpi(usd ? `$${fmt(lows.all_time.hashprice_usd_per_ph_day)}` : `${fmt(btcOf(lows.all_time.hashvalue_sat_per_ph_day), 6)} BTC`, `all-time low, ${lows.all_time.date}`, '', 'hashprice-low');
      host.innerHTML = '';
      const y = usd ? cols.hashprice_usd_per_ph_day : cols.hashvalue_sat_per_ph_day.map(btcOf);
      const ma = usd ? cols.hashprice_ma30_usd_per_ph_day : null;
      lineChart(
        host,
        {
          yLabel: usd ? 'USD per PH/s per day' : 'BTC per PH/s per day',
          logY: true,
          series: [{ label: usd ? 'hashprice USD/PH/day' : 'hashvalue BTC/PH/day', width: 1 }, ...(ma ? [{ label: '30-day mean', width: 2 }] : [])],
          markers,
          notes: lowNotes,
          height: 360,
        },
        ma ? [x, y, ma] : [x, y],
      );
      host.dataset.unit = state.unit;
      lowsLine.textContent = `Record lows (red dots): ${lowNotes.map((n) => n.label).join(' · ')}.`;
    }
    draw();
    state.onChange(() => {
      if (host.dataset.unit !== state.unit) draw();
    });
    p.status(`${cols.date.length.toLocaleString('en-US')} days from ${cols.date[0] ?? '—'} to ${cols.date.at(-1) ?? '—'}. Days before a BTC price existed have no USD hashprice.`);
  });
}

export function networkPanel(parent: HTMLElement, index: Promise<IndexColumns>): Promise<void> {
  const p = panel(parent, 'panel-network', 'Network hashrate and difficulty', 'Hashrate implied by difficulty (D·2³²/600 s) and difficulty itself, log scales');
  return guarded(p, async () => {
    const cols = await index;
    lineChart(
      p.body.appendChild(el('div')),
      { yLabel: 'hashrate (EH/s)', y2Label: 'difficulty', logY: true, series: [{ label: 'hashrate EH/s' }, { label: 'difficulty', scale: 'y2', dash: [4, 3] }] },
      [cols.date.map(dayToUnixS), cols.network_hashrate_ehs, cols.difficulty],
    );
    p.status('');
  });
}

export function feeSharePanel(parent: HTMLElement, index: Promise<IndexColumns>): Promise<void> {
  const p = panel(parent, 'panel-fees', 'Fee share', 'Fees / (subsidy + fees) paid to miners each day');
  return guarded(p, async () => {
    const cols = await index;
    lineChart(p.body.appendChild(el('div')), { yLabel: 'fee share (%)', series: [{ label: 'fee share %', width: 1 }] }, [cols.date.map(dayToUnixS), cols.fee_share.map((v) => (v === null ? null : v * 100))]);
    p.status('');
  });
}
