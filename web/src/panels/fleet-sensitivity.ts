/**
 * A fleet's what-if table for the fleet panel: all-in margin (USD/day) over BTC price (rows) ×
 * index power price every hour, paid through each site's contract (columns), on the last priced
 * day, green where it earns and red where it loses, shaded by size; then each lot's breakevens and
 * the contract that priced each site (GET /api/v1/fleets/{id}/sensitivity).
 */
import { getJson } from '../api.js';
import { el, fmt, fmtInt } from '../format.js';

interface Sensitivity {
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
  root.append(
    el(
      'h3',
      {},
      `All-in margin per day on ${s.date} (hashvalue held; BTC was $${fmtInt(s.price_usd_per_btc)}, hashprice $${fmt(s.hashprice_usd_per_ph_day)}/PH/day)`,
    ),
  );
  const wrap = el('div', { class: 'xscroll' });
  const t = el('table', { class: 'grid-table' });
  const head = el('tr');
  head.append(el('th', {}, 'BTC $ ↓ · $/MWh →'));
  for (const w of s.power_prices_usd_per_mwh) head.append(el('th', {}, `$${fmt(w, 0)}`));
  t.append(head);
  const peak = Math.max(1, ...s.grid.map((g) => Math.abs(g.all_in_margin_usd_per_day)));
  for (const p of s.prices_usd_per_btc) {
    const tr = el('tr');
    tr.append(el('td', {}, `$${fmtInt(p)}`));
    for (const w of s.power_prices_usd_per_mwh) {
      const v = s.grid.find((g) => g.price_usd_per_btc === p && g.power_price_usd_per_mwh === w)?.all_in_margin_usd_per_day ?? NaN;
      const td = el('td', { class: v >= 0 ? 'good' : 'bad' }, Number.isFinite(v) ? kusd(v) : '—');
      // Shade by size; the text keeps its own colour so it stays readable on either scheme.
      td.style.background = `color-mix(in srgb, var(${v >= 0 ? '--good' : '--bad'}) ${Math.round((Math.abs(v) / peak) * 22)}%, transparent)`;
      tr.append(td);
    }
    t.append(tr);
  }
  wrap.append(t);
  root.append(wrap);
  root.append(el('h3', {}, 'Breakeven per lot at each site’s marginal power price under its contract'));
  const lots = el('table');
  lots.innerHTML = '<tr><th>lot</th><th>machines</th><th>J/TH</th><th>power<br>$/MWh</th><th>breakeven<br>$/MWh</th><th>breakeven<br>BTC $</th></tr>';
  for (const b of s.breakevens) {
    const tr = el('tr');
    for (const v of [
      `${b.model} (${b.profile}) at ${b.site}`,
      fmtInt(b.count),
      fmt(b.efficiency_jth, 1),
      fmt(b.power_price_usd_per_mwh, 0),
      fmt(b.breakeven_power_price_usd_per_mwh, 0),
      fmtInt(b.breakeven_price_usd_per_btc),
    ])
      tr.append(el('td', {}, v));
    lots.append(tr);
  }
  const wrap2 = el('div', { class: 'xscroll' });
  wrap2.append(lots);
  root.append(wrap2);
  root.append(el('h3', {}, 'Power contract per site'));
  const contracts = el('ul', { 'data-testid': 'fleet-contracts' });
  for (const c of s.contracts) contracts.append(el('li', {}, `${c.site}: ${c.contract.description}`));
  root.append(contracts);
  root.dataset.cells = String(s.grid.length);
  return root;
}
