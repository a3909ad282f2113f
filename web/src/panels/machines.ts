/**
 * Breakeven table: every catalog model at stock against the user's power price (header input)
 * and a hashprice (latest day by default, editable). Re-queries the API on every change.
 */
import { ApiError, getJson } from '../api.js';
import { el, fmt } from '../format.js';
import { fieldHead, tableExport, valueCell } from '../export.js';
import { guarded, panel, type DataAsOf } from '../panel.js';
import type { State } from '../state.js';

interface Row {
  id: string;
  model: string;
  released: string;
  hashrate_ths: number;
  power_w: number;
  efficiency_jth: number;
  revenue_usd_per_day: number;
  energy_cost_usd_per_day: number;
  margin_usd_per_day: number;
  breakeven_power_price_usd_per_mwh: number;
  hashcost_energy_usd_per_ph_day: number;
  energy_cost_usd_per_btc: number | null;
}
interface Answer {
  data_as_of: DataAsOf | null;
  inputs: { hashprice_usd_per_ph_day: number; hashprice_source: string; power_price_usd_per_mwh: number; price_usd_per_btc: number | null };
  machines: Row[];
}

/** Header text and the API field each column shows. */
const COLUMNS: readonly (readonly [string, keyof Row])[] = [
  ['model', 'model'],
  ['margin $/day', 'margin_usd_per_day'],
  ['breakeven $/MWh', 'breakeven_power_price_usd_per_mwh'],
  ['J/TH', 'efficiency_jth'],
  ['hashcost $/PH/day', 'hashcost_energy_usd_per_ph_day'],
  ['energy $/BTC', 'energy_cost_usd_per_btc'],
  ['TH/s', 'hashrate_ths'],
  ['W', 'power_w'],
  ['released', 'released'],
];

export function machinesPanel(parent: HTMLElement, state: State): Promise<void> {
  const p = panel(
    parent,
    'panel-machines',
    'Machines: breakeven against your power price',
    'Stock profile of every catalog model; green rows earn more than their power costs',
    true,
  );
  const controls = el('div', { class: 'row' });
  const hp = el('input', { type: 'number', min: '0', step: '0.01', 'data-testid': 'hashprice-input', 'aria-label': 'hashprice USD per PH/s per day' });
  const search = el('input', { type: 'search', placeholder: 'filter models', 'aria-label': 'filter models' });
  controls.append(el('span', { class: 'mut' }, 'Hashprice'), hp, el('span', { class: 'mut' }, 'USD/PH/day'), search);
  const wrap = el('div', { class: 'scroll' });
  const table = el('table', { 'data-testid': 'breakeven-table' });
  wrap.append(table);
  // The CSV holds the rows as shown (filtered, at the current power price and hashprice).
  controls.append(tableExport(table, 'breakeven'));
  p.body.append(controls, wrap);
  let seq = 0;
  let userHashprice = false;

  async function load(): Promise<void> {
    const mine = ++seq;
    let a: Answer;
    try {
      a = await getJson<Answer>('/api/v1/machines/economics', {
        power_price_usd_per_mwh: state.powerUsdPerMwh,
        hashprice_usd_per_ph_day: userHashprice && hp.value !== '' ? hp.value : undefined,
        search: search.value || undefined,
      });
    } catch (err) {
      // A server without network history cannot default the hashprice: ask for one.
      if (err instanceof ApiError && err.status === 400 && !userHashprice)
        return p.status('Enter a hashprice (USD/PH/day) to compare machines: this server has no network history to default it.');
      throw err;
    }
    if (mine !== seq) return; // a newer request is on its way
    if (!userHashprice) hp.value = a.inputs.hashprice_usd_per_ph_day.toFixed(2);
    // The deciding columns first: on a phone the rest scroll in from the right. The CSV holds the API's fields and values.
    table.replaceChildren();
    const head = el('tr');
    for (const [text, field] of COLUMNS) head.append(fieldHead(text, field));
    table.append(head);
    for (const r of a.machines) {
      const tr = el('tr', { class: r.margin_usd_per_day >= 0 ? 'good' : 'bad', 'data-model': r.id });
      for (const [text, value, key] of [
        [r.model, r.model, 'model'],
        [fmt(r.margin_usd_per_day), r.margin_usd_per_day, 'margin'],
        [fmt(r.breakeven_power_price_usd_per_mwh, 0), r.breakeven_power_price_usd_per_mwh, 'breakeven'],
        [fmt(r.efficiency_jth, 1), r.efficiency_jth, 'efficiency'],
        [fmt(r.hashcost_energy_usd_per_ph_day), r.hashcost_energy_usd_per_ph_day, 'hashcost'],
        [fmt(r.energy_cost_usd_per_btc, 0), r.energy_cost_usd_per_btc, 'cost-per-btc'],
        [fmt(r.hashrate_ths, 0), r.hashrate_ths, 'hashrate'],
        [fmt(r.power_w, 0), r.power_w, 'power'],
        [r.released, r.released, 'released'],
      ] as const)
        tr.append(valueCell(text, value, { 'data-col': key }));
      table.append(tr);
    }
    p.asOf(a.data_as_of);
    const profitable = a.machines.filter((r) => r.margin_usd_per_day >= 0).length;
    const src = a.inputs.hashprice_source === 'query' ? 'as entered' : `latest day ${a.inputs.hashprice_source}`;
    p.status(
      `${profitable} of ${a.machines.length} models earn more than power costs at $${fmt(state.powerUsdPerMwh, 0)}/MWh and hashprice $${fmt(a.inputs.hashprice_usd_per_ph_day)}/PH/day (${src}).`,
    );
    p.root.dataset.power = String(state.powerUsdPerMwh);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void guarded(p, load), 150);
  };
  state.onChange(later);
  hp.addEventListener('input', () => {
    userHashprice = hp.value !== '';
    later();
  });
  search.addEventListener('input', later);
  return guarded(p, load);
}
