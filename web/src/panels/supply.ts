/** Supply curve from genesis to the last subsidy (≈2140), with halvings as steps in the subsidy. */
import { getJson } from '../api.js';
import { chartBox } from '../chartbox.js';
import { fmt, fmtInt } from '../format.js';
import { guarded, panel } from '../panel.js';
import type { Halvings } from './hashprice.js';

interface Curve {
  points: { height: number; supply_btc: number; subsidy_btc: number; share_of_final_supply: number }[];
}

export function supplyPanel(parent: HTMLElement, halvingsP: Promise<Halvings>): Promise<void> {
  const p = panel(parent, 'panel-supply', 'Supply to 2140', 'BTC allowed by height (left) and block subsidy (right)');
  return guarded(p, async () => {
    const [curve, { halvings, data_as_of }] = await Promise.all([getJson<Curve>('/api/v1/supply/curve', { step_blocks: 10500 }), halvingsP]);
    const pts = curve.points;
    chartBox(
      p.body.appendChild(document.createElement('div')),
      {
        xIsTime: false,
        xLabel: 'block height',
        yLabel: 'supply (BTC)',
        y2Label: 'subsidy (BTC)',
        xUnit: '',
        series: [
          { label: 'supply', width: 2, unit: 'BTC', digits: 2, field: 'supply_btc' },
          { label: 'subsidy', scale: 'y2', unit: 'BTC', digits: 8, field: 'subsidy_btc' },
        ],
        markers: halvings.filter((h) => h.index <= 8).map((h) => ({ x: h.height, label: `${h.status === 'projected' ? '~' : ''}${h.date.slice(0, 4)}` })),
      },
      [pts.map((x) => x.height), pts.map((x) => x.supply_btc), pts.map((x) => x.subsidy_btc)],
      { id: 'supply' },
    );
    // The curve is consensus arithmetic; the projected halving dates run from the history's tip.
    p.asOf(data_as_of);
    const last = pts.at(-1);
    const lastHalving = halvings.at(-1);
    p.status(
      `Halvings marked by year (~ projected at 600 s per block); the last, #${lastHalving?.index ?? '—'}, around ${lastHalving?.date.slice(0, 4) ?? '—'}. Final supply ${fmt(last?.supply_btc ?? null, 8)} BTC at height ${fmtInt(last?.height ?? null)}.`,
    );
  });
}
