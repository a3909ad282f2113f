/** Supply curve from genesis to the last subsidy (≈2140), with halvings as steps in the subsidy. */
import { getJson } from '../api.js';
import { lineChart } from '../chart.js';
import { fmt, fmtInt } from '../format.js';
import { guarded, panel } from '../panel.js';

interface Curve {
  points: { height: number; supply_btc: number; subsidy_btc: number; share_of_final_supply: number }[];
}

export function supplyPanel(parent: HTMLElement): Promise<void> {
  const p = panel(parent, 'panel-supply', 'Supply to 2140', 'BTC allowed by height (left) and block subsidy (right)');
  return guarded(p, async () => {
    const [curve, halvings] = await Promise.all([
      getJson<Curve>('/api/v1/supply/curve', { step_blocks: 10500 }),
      getJson<{ halvings: { index: number; height: number }[] }>('/api/v1/halvings'),
    ]);
    const pts = curve.points;
    lineChart(
      p.body.appendChild(document.createElement('div')),
      {
        xIsTime: false,
        xLabel: 'block height',
        yLabel: 'supply (BTC)',
        y2Label: 'subsidy (BTC)',
        series: [{ label: 'supply BTC', width: 2 }, { label: 'subsidy BTC', scale: 'y2' }],
        markers: halvings.halvings.filter((h) => h.index <= 6).map((h) => ({ x: h.height, label: `halving ${h.index}` })),
      },
      [pts.map((x) => x.height), pts.map((x) => x.supply_btc), pts.map((x) => x.subsidy_btc)],
    );
    const last = pts.at(-1);
    p.status(`Final supply ${fmt(last?.supply_btc ?? null, 8)} BTC at height ${fmtInt(last?.height ?? null)}.`);
  });
}
