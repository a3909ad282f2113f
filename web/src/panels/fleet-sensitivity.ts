/**
 * A fleet's what-if table for the fleet panel: all-in margin (USD/day) over BTC price (rows) ×
 * index power price every hour, paid through each site's contract (columns), on the last priced
 * day, green where it earns and red where it loses, shaded by size; then each lot's breakevens and
 * the contract that priced each site (GET /api/v1/fleets/{id}/sensitivity).
 */
import { getJson } from '../api.js';
import { fieldHead, tableExport, valueCell } from '../export.js';
import { el, fmt, fmtInt } from '../format.js';
import { asOfElement, showAsOf, type DataAsOf } from '../panel.js';

interface Sensitivity {
  data_as_of: DataAsOf;
  date: string;
  price_usd_per_btc: number;
  hashprice_usd_per_ph_day: number;
  prices_usd_per_btc: number[];
  power_prices_usd_per_mwh: number[];
  grid: { price_usd_per_btc: number; power_price_usd_per_mwh: number; all_in_margin_usd_per_day: number }[];
  breakevens: {
    site: string;
    model: string;
    profile: string;
    count: number;
    efficiency_jth: number;
    power_price_usd_per_mwh: number | null;
    breakeven_power_price_usd_per_mwh: number | null;
    breakeven_price_usd_per_btc: number | null;
  }[];
  contracts: { site: string; contract: { description: string } }[];
}

const kusd = (v: number): string => `${v < 0 ? '−' : ''}$${fmtInt(Math.abs(v) / 1000)}k`;

export async function fleetSensitivity(fleetId: string): Promise<HTMLElement> {
  const s = await getJson<Sensitivity>(`/api/v1/fleets/${fleetId}/sensitivity`);
  const root = el('div', { 'data-testid': 'fleet-sensitivity' });
  const asOf = asOfElement('fleet-sensitivity');
  showAsOf(asOf, 'fleet-sensitivity', s.data_as_of);
  root.append(
    el(
      'h3',
      {},
      `All-in margin per day on ${s.date} (hashvalue held; BTC was $${fmtInt(s.price_usd_per_btc)}, hashprice $${fmt(s.hashprice_usd_per_ph_day)}/PH/day)`,
    ),
    asOf,
  );
  const wrap = el('div', { class: 'xscroll' });
  const t = el('table', { class: 'grid-table' });
  const head = el('tr');
  // CSV: a row per BTC price, a column per power price (USD/MWh), cells all_in_margin_usd_per_day.
  head.append(fieldHead('BTC $ ↓ · $/MWh →', 'price_usd_per_btc'));
  for (const w of s.power_prices_usd_per_mwh) head.append(fieldHead(`$${fmt(w, 0)}`, String(w)));
  t.append(head);
  const peak = Math.max(1, ...s.grid.map((g) => Math.abs(g.all_in_margin_usd_per_day)));
  for (const p of s.prices_usd_per_btc) {
    const tr = el('tr');
    tr.append(valueCell(`$${fmtInt(p)}`, p));
    for (const w of s.power_prices_usd_per_mwh) {
      const v = s.grid.find((g) => g.price_usd_per_btc === p && g.power_price_usd_per_mwh === w)?.all_in_margin_usd_per_day ?? NaN;
      const td = valueCell(Number.isFinite(v) ? kusd(v) : '—', Number.isFinite(v) ? v : null, { class: v >= 0 ? 'good' : 'bad' });
      // Shade by size; the text keeps its own colour so it stays readable on either scheme.
      td.style.background = `color-mix(in srgb, var(${v >= 0 ? '--good' : '--bad'}) ${Math.round((Math.abs(v) / peak) * 22)}%, transparent)`;
      tr.append(td);
    }
    t.append(tr);
  }
  wrap.append(t);
  const gridBar = el('div', { class: 'toolbar' });
  gridBar.append(el('span', { class: 'mut' }, 'all-in margin, USD/day'), tableExport(t, 'fleet-margin-grid'));
  root.append(gridBar, wrap);
  root.append(el('h3', {}, 'Breakeven per lot at each site’s marginal power price under its contract'));
  const lots = el('table');
  const lotHead = el('tr');
  for (const [text, field] of [
    ['lot', 'lot'],
    ['machines', 'count'],
    ['J/TH', 'efficiency_jth'],
    ['power $/MWh', 'power_price_usd_per_mwh'],
    ['breakeven $/MWh', 'breakeven_power_price_usd_per_mwh'],
    ['breakeven BTC $', 'breakeven_price_usd_per_btc'],
  ] as const)
    lotHead.append(fieldHead(text, field));
  lots.append(lotHead);
  for (const b of s.breakevens) {
    const tr = el('tr');
    tr.append(
      valueCell(`${b.model} (${b.profile}) at ${b.site}`, `${b.model} (${b.profile}) at ${b.site}`),
      valueCell(fmtInt(b.count), b.count),
      valueCell(fmt(b.efficiency_jth, 1), b.efficiency_jth),
      valueCell(fmt(b.power_price_usd_per_mwh, 0), b.power_price_usd_per_mwh),
      valueCell(fmt(b.breakeven_power_price_usd_per_mwh, 0), b.breakeven_power_price_usd_per_mwh),
      valueCell(fmtInt(b.breakeven_price_usd_per_btc), b.breakeven_price_usd_per_btc),
    );
    lots.append(tr);
  }
  const wrap2 = el('div', { class: 'xscroll' });
  wrap2.append(lots);
  const lotsBar = el('div', { class: 'toolbar' });
  lotsBar.append(tableExport(lots, 'fleet-breakevens'));
  root.append(lotsBar, wrap2);
  root.append(el('h3', {}, 'Power contract per site'));
  const contracts = el('ul', { 'data-testid': 'fleet-contracts' });
  for (const c of s.contracts) contracts.append(el('li', {}, `${c.site}: ${c.contract.description}`));
  root.append(contracts);
  root.dataset.cells = String(s.grid.length);
  return root;
}
