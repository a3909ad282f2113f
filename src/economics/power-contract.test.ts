import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeContract, fourCpUsdPerMwh, hedgeCovers, marginalPrices, priceSiteHours, type PowerContract } from './power-contract.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const rt = (hub: string) => ({ hub, market: 'real-time' as const });
const ofContract = { written_as: 'contract' as const };

describe('priceSiteHours, hand-worked', () => {
  it('fixed: every MWh at the fixed price, whatever the index; the marginal price is the fixed price', () => {
    const c: PowerContract = { kind: 'fixed', price_usd_per_mwh: 40, ...ofContract };
    const p = priceSiteHours(c, { start_unix_s: at('2024-07-01T00:00Z'), energy_mwh: [10, 20, 0], capacity_mw: 30 });
    expect(p.bill).toMatchObject({ energy_mwh: 30, energy_usd: 1200, cost_usd: 1200, resale_credit_usd: 0 });
    expect([...p.cost_usd]).toEqual([400, 800, 0]);
    expect([...marginalPrices(c, { start_unix_s: at('2024-07-01T00:00Z'), hours: 3 })]).toEqual([40, 40, 40]);
  });

  it('fixed with resale: C·F − (C − E)·(I − fee) per hour, the credit (C − E)·(I − F − fee); marginal I − fee', () => {
    // 30 MW bought at $38; the site draws 30, 10 and 0 MW while HB_WEST is $30, $500 and $38, fee $2.
    // Hour by hour: 1,140 − 0 = 1,140; 1,140 − 20·498 = −8,820; 1,140 − 30·36 = 60 → −7,620.
    const c: PowerContract = { kind: 'fixed', price_usd_per_mwh: 38, resale: { index: rt('HB_WEST'), fee_usd_per_mwh: 2 }, ...ofContract };
    const h = { start_unix_s: at('2024-07-01T00:00Z'), energy_mwh: [30, 10, 0], index_usd_per_mwh: [30, 500, 38], capacity_mw: 30 };
    const p = priceSiteHours(c, h);
    expect([...p.cost_usd]).toEqual([1140, -8820, 60]);
    // credits 0, 20·(500 − 38 − 2) = 9,200 and 30·(38 − 38 − 2) = −60; energy 40 MWh · $38 = 1,520.
    expect(p.bill).toMatchObject({ energy_usd: 1520, resale_credit_usd: 9140, cost_usd: -7620 });
    expect([...marginalPrices(c, { start_unix_s: h.start_unix_s, hours: 3, index_usd_per_mwh: h.index_usd_per_mwh })]).toEqual([28, 498, 36]);
  });

  it('index: E·(I + adders), a monthly fee spread by the hours of the month priced', () => {
    // July has 744 hours: a $744/month fee is $1 an hour. 2·(20 + 5) + 3·(100 + 5) + 2 = 367.
    const c: PowerContract = { kind: 'index', index: rt('HB_NORTH'), adders_usd_per_mwh: 5, fee_usd_per_month: 744, ...ofContract };
    const p = priceSiteHours(c, { start_unix_s: at('2024-07-01T00:00Z'), energy_mwh: [2, 3], index_usd_per_mwh: [20, 100], capacity_mw: 5 });
    expect(p.bill).toMatchObject({ energy_usd: 365, fees_usd: 2, cost_usd: 367 });
    expect([...p.cost_usd]).toEqual([51, 316]);
  });

  it('hedged: 50% all day at $45 plus a 14–20h Chicago block of 30% at $60, the rest at the index, $3 adders on every MWh', () => {
    // 2024-07-01T18:00Z is 13:00 CDT; 19:00Z and 20:00Z are 14:00 and 15:00, inside the block.
    // 13h: 0.5·45 + 0.5·30 + 3 = 40.5; 14h: 0.5·45 + 0.3·60 + 0.2·200 + 3 = 83.5; 15h: 22.5 + 18 + 0.2·100 + 3 = 63.5.
    const c: PowerContract = {
      kind: 'hedged',
      index: rt('HB_SOUTH'),
      hedges: [
        { share_pct: 50, price_usd_per_mwh: 45, from_hour: 0, to_hour: 24 },
        { share_pct: 30, price_usd_per_mwh: 60, from_hour: 14, to_hour: 20 },
      ],
      adders_usd_per_mwh: 3,
      fee_usd_per_month: 0,
      ...ofContract,
    };
    const h = { start_unix_s: at('2024-07-01T18:00Z'), index_usd_per_mwh: [30, 200, 100], time_zone: 'America/Chicago' };
    const p = priceSiteHours(c, { ...h, energy_mwh: [10, 10, 10], capacity_mw: 10 });
    expect([...p.cost_usd].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([405, 835, 635]);
    expect(p.bill.cost_usd).toBeCloseTo(1875, 9);
    expect([...marginalPrices(c, { ...h, hours: 3 })].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([40.5, 83.5, 63.5]);
    // A block wrapping past midnight (22–6h) covers 23h and 2h, not 12h.
    expect([23, 2, 12].map((hour) => hedgeCovers({ from_hour: 22, to_hour: 6 }, hour))).toEqual([true, true, false]);
    expect(describeContract(c)).toBe('hedged 50% at $45/MWh, 30% 14–20h at $60/MWh, rest at HB_SOUTH real-time + $3/MWh');
  });

  it('take-or-pay: each UTC month pays its prorated minimum, a month drawing more does not cover one drawing less', () => {
    // 7,200 MWh/month is 10 MW through June (720 h); 7,440 is 10 MW through July (744 h). June 30 draws
    // 12 MW (288 MWh ≥ 240), July 1 draws 6 MW (144 MWh < 240): the shortfall is 96 MWh · $41 = $3,936.
    const june: PowerContract = { kind: 'fixed', price_usd_per_mwh: 41, take_or_pay_mwh_per_month: 7200, ...ofContract };
    const energy = [...Array<number>(24).fill(12), ...Array<number>(24).fill(6)];
    const p = priceSiteHours(june, { start_unix_s: at('2024-06-30T00:00Z'), energy_mwh: energy, capacity_mw: 20 });
    // July's minimum at 7,200/month is 7,200 · 24/744 = 232.26 MWh: short 88.26 MWh.
    expect(p.bill.take_or_pay_usd).toBeCloseTo(((7200 * 24) / 744 - 144) * 41, 9);
    const july = priceSiteHours({ ...june, take_or_pay_mwh_per_month: 7440 }, { start_unix_s: at('2024-06-30T00:00Z'), energy_mwh: energy, capacity_mw: 20 });
    // June at 7,440/month: 248 MWh minimum, 288 drawn → 0; July: 240 minimum, 144 drawn → 96 · 41.
    expect(july.bill.take_or_pay_usd).toBeCloseTo(3936, 9);
    expect(july.bill.cost_usd).toBeCloseTo(432 * 41 + 3936, 9);
    // Spread over July's priced hours only: $164 each.
    expect(july.cost_usd[30]! - 6 * 41).toBeCloseTo(164, 9);
    expect(july.cost_usd[0]).toBe(12 * 41);
  });

  it('4CP: each interval is a quarter of the annual charge on the hour’s demand; four of them the rate times the mean kW', () => {
    // Hypothetical intervals (not ERCOT's published ones): one in each of four hours drawing 80, 60, 0 and 100 MW.
    // $55/kW-year · mean(80, 60, 0, 100) MW · 1000 = 55 · 60,000 = $3,300,000.
    const starts = ['2024-06-20T21:30Z', '2024-07-15T22:00Z', '2024-08-20T21:15Z', '2024-09-05T20:45Z'].map(at);
    const c: PowerContract = {
      kind: 'fixed',
      price_usd_per_mwh: 40,
      transmission: { charge_usd_per_kw_year: 55, four_cp_interval_start_unix_s: starts },
      ...ofContract,
    };
    const a = at('2024-06-01T00:00Z');
    const hours = (at('2024-10-01T00:00Z') - a) / 3600;
    const energy = new Float64Array(hours).fill(50);
    const hourOf = (s: number): number => Math.floor((s - a) / 3600);
    [80, 60, 0, 100].forEach((mw, k) => (energy[hourOf(starts[k]!)] = mw));
    const p = priceSiteHours(c, { start_unix_s: a, energy_mwh: energy, capacity_mw: 100 });
    expect(p.bill.transmission_usd).toBeCloseTo(3_300_000, 6);
    expect(p.cost_usd[hourOf(starts[0]!)]).toBeCloseTo(80 * 40 + (55 * 1000 * 80) / 4, 9);
    // One more MWh in a 4CP hour costs $13,750 on top of the energy: the planner curtails there.
    expect(fourCpUsdPerMwh(55)).toBe(13_750);
    const m = marginalPrices(c, { start_unix_s: a, hours });
    expect(m[hourOf(starts[3]!)]).toBe(40 + 13_750);
    expect(m[hourOf(starts[3]!) + 1]).toBe(40);
  });

  it('4CP: an interval starting in the first hour priced counts; one before it or after the last does not', () => {
    const a = at('2024-08-01T00:00Z');
    const starts = [a - 900, a, a + 3 * 3600];
    const c: PowerContract = {
      kind: 'fixed',
      price_usd_per_mwh: 40,
      transmission: { charge_usd_per_kw_year: 55, four_cp_interval_start_unix_s: starts },
      ...ofContract,
    };
    expect([...marginalPrices(c, { start_unix_s: a, hours: 3 })]).toEqual([40 + 13_750, 40, 40]);
    expect(priceSiteHours(c, { start_unix_s: a, energy_mwh: [2, 2, 2], capacity_mw: 2 }).bill.transmission_usd).toBe(2 * 13_750);
  });

  it('demand-response availability: rate · min(committed MW, MW drawn), revenue apart from the bill', () => {
    const c: PowerContract = {
      kind: 'fixed',
      price_usd_per_mwh: 40,
      demand_response: { availability_usd_per_mw_hour: 6, committed_mw: 10, response_minutes: 10 },
      ...ofContract,
    };
    const p = priceSiteHours(c, { start_unix_s: at('2024-07-01T00:00Z'), energy_mwh: [15, 4], capacity_mw: 20 });
    expect(p.bill).toMatchObject({ dr_availability_usd: 84, cost_usd: 760 });
  });
});

describe('marginalPrices', () => {
  it('is the slope of the bill for every contract without take-or-pay or DR: bill(E) − bill(0) = Σ marginal · E', () => {
    const contracts: PowerContract[] = [
      { kind: 'fixed', price_usd_per_mwh: 38, ...ofContract },
      { kind: 'fixed', price_usd_per_mwh: 38, resale: { index: rt('HB_WEST'), fee_usd_per_mwh: 2 }, ...ofContract },
      { kind: 'index', index: rt('HB_WEST'), adders_usd_per_mwh: 6, fee_usd_per_month: 1000, ...ofContract },
      {
        kind: 'hedged',
        index: rt('HB_WEST'),
        hedges: [{ share_pct: 40, price_usd_per_mwh: 50, from_hour: 22, to_hour: 6 }],
        adders_usd_per_mwh: 1,
        fee_usd_per_month: 0,
        transmission: { charge_usd_per_kw_year: 50, four_cp_interval_start_unix_s: [at('2024-07-01T03:15Z')] },
        ...ofContract,
      },
    ];
    const start = at('2024-07-01T00:00Z');
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: -50, max: 3000, noNaN: true }), { minLength: 12, maxLength: 12 }),
        (energy, index) => {
          for (const c of contracts) {
            const h = { start_unix_s: start, index_usd_per_mwh: index, capacity_mw: 50, time_zone: 'America/Chicago' };
            const used = priceSiteHours(c, { ...h, energy_mwh: energy }).bill.cost_usd;
            const none = priceSiteHours(c, { ...h, energy_mwh: energy.map(() => 0) }).bill.cost_usd;
            const m = marginalPrices(c, { ...h, hours: 12 });
            const slope = energy.reduce((a, e, t) => a + e * m[t]!, 0);
            expect(used - none).toBeCloseTo(slope, 6);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
