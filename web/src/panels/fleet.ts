/**
 * Fleet view: upload a spec (or load the example), then its report by month over a date range
 * (default the CLI's window: the last halving to the last complete day) — cost per BTC (cash and
 * all-in) and hashcost against the realised hashprice over time, and the months as a table.
 */
import { getJson, send } from '../api.js';
import { chartBox } from '../chartbox.js';
import { fieldHead, tableExport, valueCell } from '../export.js';
import { dayToUnixS, el, fmt, fmtInt } from '../format.js';
import { guarded, panel, type DataAsOf } from '../panel.js';
import { fleetSensitivity } from './fleet-sensitivity.js';

interface FleetSummary {
  id: string;
  company: { name: string };
  totals: { machines: number; hashrate_ehs: number; power_mw: number };
}
interface StoredFleet {
  id: string;
  name: string;
  uploaded_unix_s: number;
  totals: FleetSummary['totals'];
}
interface Period {
  period: string;
  from: string;
  btc_mined: number;
  revenue_usd: number;
  cash_cost_usd: number;
  all_in_cost_usd: number;
  all_in_margin_usd: number;
  cash_cost_usd_per_btc: number | null;
  all_in_cost_usd_per_btc: number | null;
  realised_hashprice_usd_per_ph_day: number | null;
  hashcost_cash_usd_per_ph_day: number | null;
  hashcost_all_in_usd_per_ph_day: number | null;
  price_usd_per_btc: number | null;
}
interface Report {
  data_as_of: DataAsOf;
  from: string;
  to: string;
  periods: Period[];
  total: Period;
}

/** The months table: header text and the report field of each column (the CSV's names). */
const MONTH_COLUMNS: readonly (readonly [string, keyof Period, (v: number | null) => string])[] = [
  ['BTC mined', 'btc_mined', (v) => fmt(v, 3)],
  ['revenue $', 'revenue_usd', fmtInt],
  ['cash cost $', 'cash_cost_usd', fmtInt],
  ['all-in cost $', 'all_in_cost_usd', fmtInt],
  ['all-in margin $', 'all_in_margin_usd', fmtInt],
  ['cash $/BTC', 'cash_cost_usd_per_btc', fmtInt],
  ['all-in $/BTC', 'all_in_cost_usd_per_btc', fmtInt],
  ['BTC price $', 'price_usd_per_btc', fmtInt],
  ['realised $/PH/day', 'realised_hashprice_usd_per_ph_day', (v) => fmt(v)],
  ['hashcost cash $/PH/day', 'hashcost_cash_usd_per_ph_day', (v) => fmt(v)],
  ['hashcost all-in $/PH/day', 'hashcost_all_in_usd_per_ph_day', (v) => fmt(v)],
];

function monthsTable(ps: readonly Period[]): HTMLTableElement {
  const t = el('table', { 'data-testid': 'fleet-months' });
  const head = el('tr');
  head.append(fieldHead('month', 'period'));
  for (const [text, field] of MONTH_COLUMNS) head.append(fieldHead(text, field));
  t.append(head);
  for (const p of ps) {
    const tr = el('tr');
    tr.append(valueCell(p.period, p.period));
    for (const [, field, show] of MONTH_COLUMNS) {
      const v = p[field] as number | null;
      tr.append(valueCell(show(v), v));
    }
    t.append(tr);
  }
  return t;
}

export function fleetPanel(parent: HTMLElement, onFleet: (id: string) => void): Promise<void> {
  const p = panel(
    parent,
    'panel-fleet',
    'Fleet',
    'Upload a fleet spec (YAML or JSON, like examples/fleet.yaml) or pick a stored one, for its cost per BTC and hashcost vs hashprice',
    true,
  );
  const controls = el('div', { class: 'row' });
  const file = el('input', { type: 'file', accept: '.yaml,.yml,.json', 'data-testid': 'fleet-file', 'aria-label': 'fleet spec file' });
  const example = el('button', { type: 'button', 'data-testid': 'fleet-example' }, 'Use the example fleet');
  const saved = el('select', { 'data-testid': 'fleet-saved', 'aria-label': 'stored fleets' });
  controls.append(file, example, saved);
  // The report's window; empty until a fleet is shown, then the API's default (the CLI's).
  const range = el('div', { class: 'row' });
  const from = el('input', { type: 'date', 'data-testid': 'fleet-from', 'aria-label': 'report from', disabled: '' });
  const to = el('input', { type: 'date', 'data-testid': 'fleet-to', 'aria-label': 'report to', disabled: '' });
  const reset = el('button', { type: 'button', 'data-testid': 'fleet-range-default', disabled: '' }, 'Since halving');
  range.append(el('span', { class: 'mut' }, 'Months from'), from, el('span', { class: 'mut' }, 'to'), to, reset);
  const kpis = el('div', { class: 'kpis', 'data-testid': 'fleet-kpis' });
  const chart = el('div', { 'data-testid': 'fleet-hashcost-chart' });
  const costChart = el('div', { 'data-testid': 'fleet-cost-chart' });
  const months = el('details');
  const monthsBar = el('div', { class: 'toolbar' });
  const whatIf = el('div');
  p.body.append(controls, range, kpis, chart, costChart, monthsBar, months, whatIf);
  p.status('No fleet loaded yet.');

  /** The store keeps uploaded fleets across restarts: offer them again. */
  async function listSaved(selected?: string): Promise<void> {
    const { fleets } = await getJson<{ fleets: StoredFleet[] }>('/api/v1/fleets');
    saved.innerHTML = '';
    saved.append(el('option', { value: '' }, fleets.length ? `Stored fleets (${fleets.length})` : 'No stored fleets'));
    for (const f of [...fleets].reverse()) {
      const when = new Date(f.uploaded_unix_s * 1000).toISOString().slice(0, 16).replace('T', ' ');
      saved.append(el('option', { value: f.id }, `${f.name} — ${fmt(f.totals.hashrate_ehs)} EH/s, ${when} UTC`));
    }
    saved.value = selected ?? '';
  }

  async function upload(text: string, json: boolean): Promise<void> {
    p.status('Uploading…');
    const fleet = await send<FleetSummary>('POST', '/api/v1/fleets', text, json ? 'application/json' : 'application/yaml');
    await show(fleet);
    await listSaved(fleet.id);
  }

  let current: FleetSummary | undefined;
  /** The range the user typed; undefined: the API's default window. */
  let chosen: { from: string; to: string } | undefined;
  let seq = 0;

  async function loadReport(fleet: FleetSummary): Promise<void> {
    const mine = ++seq;
    const report = await getJson<Report>(`/api/v1/fleets/${fleet.id}/report`, { by: 'month', from: chosen?.from, to: chosen?.to });
    if (mine !== seq) return; // a newer range is on its way
    from.value = report.from;
    to.value = report.to;
    to.max = from.max = report.data_as_of.date;
    for (const e of [from, to, reset]) e.removeAttribute('disabled');
    p.asOf(report.data_as_of);
    kpis.innerHTML = '';
    const kpi = (value: string, label: string, testid: string) => {
      const k = el('div', { class: 'kpi', 'data-testid': testid });
      k.append(el('b', {}, value), el('span', {}, label));
      kpis.append(k);
    };
    const t = report.total;
    kpi(`${fmt(fleet.totals.hashrate_ehs)} EH/s`, `${fmtInt(fleet.totals.machines)} machines, ${fmt(fleet.totals.power_mw, 0)} MW`, 'fleet-size');
    kpi(`$${fmtInt(t.cash_cost_usd_per_btc)}`, `cash cost per BTC, ${report.from} … ${report.to}`, 'fleet-cash-cost');
    kpi(`$${fmtInt(t.all_in_cost_usd_per_btc)}`, `all-in cost per BTC, ${report.from} … ${report.to}`, 'fleet-all-in-cost');
    kpi(`${fmt(t.btc_mined, 0)} BTC`, `mined ${report.from} … ${report.to}`, 'fleet-btc');
    const ps = report.periods;
    const perPh = 'USD/PH/day';
    chartBox(
      chart,
      {
        yLabel: 'USD per PH/s per day',
        series: [
          { label: 'realised hashprice', width: 2, unit: perPh, field: 'realised_hashprice_usd_per_ph_day' },
          { label: 'hashcost cash', dash: [5, 3], unit: perPh, field: 'hashcost_cash_usd_per_ph_day' },
          { label: 'hashcost all-in', dash: [2, 2], unit: perPh, field: 'hashcost_all_in_usd_per_ph_day' },
        ],
      },
      [
        ps.map((x) => dayToUnixS(x.from)),
        ps.map((x) => x.realised_hashprice_usd_per_ph_day),
        ps.map((x) => x.hashcost_cash_usd_per_ph_day),
        ps.map((x) => x.hashcost_all_in_usd_per_ph_day),
      ],
      { id: 'fleet-hashcost' },
    );
    // Cost per BTC by month against the BTC price: below the price line, each BTC mined paid.
    chartBox(
      costChart,
      {
        yLabel: 'USD per BTC',
        series: [
          { label: 'BTC price', width: 2, unit: 'USD/BTC', digits: 0, field: 'price_usd_per_btc' },
          { label: 'cash cost per BTC', dash: [5, 3], unit: 'USD/BTC', digits: 0, field: 'cash_cost_usd_per_btc' },
          { label: 'all-in cost per BTC', dash: [2, 2], unit: 'USD/BTC', digits: 0, field: 'all_in_cost_usd_per_btc' },
        ],
      },
      [ps.map((x) => dayToUnixS(x.from)), ps.map((x) => x.price_usd_per_btc), ps.map((x) => x.cash_cost_usd_per_btc), ps.map((x) => x.all_in_cost_usd_per_btc)],
      { id: 'fleet-cost' },
    );
    const table = monthsTable(ps);
    const wrap = el('div', { class: 'xscroll' });
    wrap.append(table);
    months.replaceChildren(el('summary', {}, `The ${ps.length} months as a table`), wrap);
    monthsBar.replaceChildren(el('span', { class: 'mut' }, `Months ${report.from} … ${report.to}`), tableExport(table, 'fleet-months'));
    p.root.dataset.range = `${report.from}..${report.to}`;
    p.status(
      `${fleet.company.name}: ${ps.length} months. Where the all-in line is above the realised hashprice, the fleet loses money after overheads, depreciation and interest; likewise an all-in cost per BTC above the BTC price.`,
    );
  }

  async function show(fleet: FleetSummary): Promise<void> {
    current = fleet;
    await loadReport(fleet);
    whatIf.replaceChildren(await fleetSensitivity(fleet.id));
    p.root.dataset.fleet = fleet.id;
    onFleet(fleet.id);
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const rangeChanged = () => {
    clearTimeout(timer);
    if (!current || !from.value || !to.value) return;
    chosen = { from: from.value, to: to.value };
    const fleet = current;
    timer = setTimeout(() => void guarded(p, () => loadReport(fleet)), 250);
  };
  from.addEventListener('change', rangeChanged);
  to.addEventListener('change', rangeChanged);
  reset.addEventListener('click', () => {
    clearTimeout(timer);
    chosen = undefined;
    if (current) void guarded(p, () => loadReport(current as FleetSummary));
  });

  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f) void guarded(p, async () => upload(await f.text(), f.name.endsWith('.json')));
  });
  example.addEventListener('click', () => {
    void guarded(p, async () => upload(await (await fetch('/api/v1/examples/fleet.yaml')).text(), false));
  });
  saved.addEventListener('change', () => {
    if (saved.value) void guarded(p, async () => show(await getJson<FleetSummary>(`/api/v1/fleets/${saved.value}`)));
  });
  return guarded(p, async () => {
    await listSaved();
    p.status('No fleet loaded yet.');
  });
}
