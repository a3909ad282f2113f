/**
 * The whole network: the installed base's efficiency band over time (lower / best guess / upper,
 * J/TH, log toggle) with today's power and energy, and the hashrate at risk — the share of network
 * hashrate under water as a function of hashprice at today's mix, today's hashprice marked.
 * Both from the API (GET /api/v1/network/power, /api/v1/network/underwater); docs/network.md.
 */
import { getJson } from '../api.js';
import { chartBox } from '../chartbox.js';
import { dayToUnixS, el, fmt, pct } from '../format.js';
import { guarded, panel, type DataAsOf } from '../panel.js';

interface PowerColumns {
  date: string[];
  efficiency_lower_jth: (number | null)[];
  efficiency_best_jth: (number | null)[];
  efficiency_upper_jth: (number | null)[];
  power_lower_gw: (number | null)[];
  power_best_gw: (number | null)[];
  power_upper_gw: (number | null)[];
  energy_best_twh_per_year: (number | null)[];
}
interface Underwater {
  data_as_of: DataAsOf;
  date: string;
  hashprice_usd_per_ph_day: number;
  underwater_hashrate_share: number;
  underwater_hashrate_ehs: number;
  distribution: { source: string };
  at_risk: { hashprice_usd_per_ph_day: number; underwater_hashrate_share: number }[];
}

/** The at-risk curve as chart data: x ascending (uPlot's order), shares in %. */
export function atRiskData(u: Underwater): [number[], number[]] {
  const pts = [...u.at_risk].sort((a, b) => a.hashprice_usd_per_ph_day - b.hashprice_usd_per_ph_day);
  return [pts.map((p) => p.hashprice_usd_per_ph_day), pts.map((p) => p.underwater_hashrate_share * 100)];
}

export function networkPowerPanel(parent: HTMLElement): Promise<void> {
  const p = panel(
    parent,
    'panel-network-power',
    'The whole network: power and hashrate under water',
    'Installed-base efficiency from the hardware catalog (lower: best machine available; upper: least efficient still profitable at $50/MWh; best guess: vintages), and the share of hashrate that cannot cover its power',
    true,
  );
  return guarded(p, async () => {
    const [power, under] = await Promise.all([
      getJson<{ data_as_of: DataAsOf; days: PowerColumns }>('/api/v1/network/power', { format: 'columns' }),
      getJson<Underwater>('/api/v1/network/underwater'),
    ]);
    const c = power.days;
    const last = c.date.length - 1;
    const kpis = el('div', { class: 'kpis' });
    const kpi = (value: string, label: string, testid: string) => {
      const k = el('div', { class: 'kpi', 'data-testid': testid });
      k.append(el('b', {}, value), el('span', {}, label));
      kpis.append(k);
    };
    kpi(
      `${fmt(c.power_best_gw[last], 1)} GW`,
      `best guess on ${c.date[last] ?? '—'} (${fmt(c.power_lower_gw[last], 1)}–${fmt(c.power_upper_gw[last], 1)} GW), ${fmt(c.energy_best_twh_per_year[last], 0)} TWh/yr`,
      'network-power-gw',
    );
    kpi(
      `${fmt(c.efficiency_best_jth[last], 1)} J/TH`,
      `installed base (${fmt(c.efficiency_lower_jth[last], 1)}–${fmt(c.efficiency_upper_jth[last], 1)})`,
      'network-power-jth',
    );
    kpi(
      pct(under.underwater_hashrate_share),
      `of hashrate under water at $${fmt(under.hashprice_usd_per_ph_day)}/PH/day (${fmt(under.underwater_hashrate_ehs, 0)} EH/s)`,
      'network-underwater',
    );
    const bandHost = el('div');
    const riskTitle = el('h3', { class: 'small' }, `Hashrate at risk on ${under.date}: share under water if hashprice fell to…`);
    const riskHost = el('div');
    const source = el('p', { class: 'mut small', 'data-testid': 'network-power-source' }, `Power prices: ${under.distribution.source}.`);
    p.body.append(kpis, bandHost, riskTitle, riskHost, source);
    chartBox(
      bandHost,
      {
        yLabel: 'J/TH (installed base)',
        series: [
          { label: 'lower bound', width: 1, dash: [4, 3], unit: 'J/TH', digits: 1, field: 'efficiency_lower_jth' },
          { label: 'best guess', width: 2.2, unit: 'J/TH', digits: 1, field: 'efficiency_best_jth' },
          { label: 'upper bound', width: 1, dash: [4, 3], unit: 'J/TH', digits: 1, field: 'efficiency_upper_jth' },
        ],
        height: 320,
      },
      [c.date.map(dayToUnixS), c.efficiency_lower_jth, c.efficiency_best_jth, c.efficiency_upper_jth],
      { id: 'network-band', ranges: { initial: '5Y' }, logToggle: true },
    );
    chartBox(
      riskHost,
      {
        xIsTime: false,
        xLabel: 'hashprice (USD per PH/s per day)',
        xUnit: 'USD/PH/day',
        yLabel: 'hashrate under water (%)',
        series: [{ label: 'under water', width: 2, unit: '%', digits: 1, field: 'underwater_hashrate_share_pct' }],
        markers: [{ x: under.hashprice_usd_per_ph_day, label: `today $${fmt(under.hashprice_usd_per_ph_day)}`, short: 'today' }],
        height: 260,
      },
      atRiskData(under),
      { id: 'at-risk' },
    );
    p.asOf(power.data_as_of);
    p.status(`${c.date.length.toLocaleString('en-US')} days from ${c.date[0] ?? '—'}; the model, its parameters and the CBECI comparison: docs/network.md.`);
  });
}
